"""Idempotency-Key: a repeated POST gets the first answer again; the same key with another body is a 409.

Why: couriers on weak networks resend; an agency system retries on time-outs. Nothing may happen twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from postal_service.db.tables import IdempotencyRecord
from postal_service.domain.errors import Conflict

from .context import Context


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def recall(ctx: Context, principal: str, key: str, print_: str) -> StoredResponse | None:
    record = ctx.session.exec(
        select(IdempotencyRecord).where(IdempotencyRecord.principal == principal, IdempotencyRecord.key == key)
    ).first()
    if record is None:
        return None
    if record.fingerprint != print_:
        raise Conflict("this Idempotency-Key was already used for a different request")
    return StoredResponse(record.status_code, record.body)


def remember(ctx: Context, principal: str, key: str, print_: str, response: StoredResponse) -> None:
    ctx.session.add(
        IdempotencyRecord(
            principal=principal,
            key=key,
            fingerprint=print_,
            status_code=response.status_code,
            body=response.body,
            created_at=ctx.now,
        )
    )
    try:
        ctx.session.commit()
    except IntegrityError:  # a twin request stored its answer first; the first stays authoritative
        ctx.session.rollback()
