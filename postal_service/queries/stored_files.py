"""What a reference to a stored file (`evidence:<sha256>`) names: its type from the row, its bytes from the file
store (`db.files`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from postal_service.context import Context
from postal_service.db.tables import Evidence
from postal_service.domain.identifiers import EVIDENCE_PREFIX


@dataclass(frozen=True)
class StoredFile:
    content_type: str
    data: bytes


def stored(ctx: Context, ref: str) -> StoredFile | None:
    """The file a reference (or a bare digest) names, when its row and its bytes are both there: retention removed
    neither or both, so a row without bytes is a damaged store and reads as nothing."""
    digest = ref.removeprefix(EVIDENCE_PREFIX)
    content_type = ctx.session.exec(select(Evidence.content_type).where(Evidence.digest == digest)).first()
    data = ctx.files.get(digest) if content_type is not None else None
    return None if content_type is None or data is None else StoredFile(content_type, data)
