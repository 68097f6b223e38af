"""Signatures and photos taken at handovers: stored once by digest, referred to from custody events. The row says
what the file is; its bytes are in the file store (`db.files`), written before the row commits."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError
from sqlmodel import select

from postal_service import qr
from postal_service.context import Context
from postal_service.db.tables import Evidence, EvidenceUse
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import InvalidField, NotFound
from postal_service.domain.identifiers import EVIDENCE_PREFIX
from postal_service.queries.parcels import ScanOut, scan
from postal_service.queries.stored_files import StoredFile, stored

MAX_BYTES = 4 * 1024 * 1024
MAX_PIXELS = 24_000_000  # a 24-megapixel phone photo; beyond, a small file can inflate to gigabytes
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def _image_type(data: bytes, field: str) -> str:
    """Size, format and pixel count are checked from the header: nothing is decoded before they pass."""
    if len(data) > MAX_BYTES:
        raise InvalidField.single(field, "the image is larger than 4 MB")
    too_large = InvalidField.single(field, f"the image has more than {MAX_PIXELS // 1_000_000} megapixels")
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
        if image.width * image.height > MAX_PIXELS:
            raise too_large
        image.verify()
    except Image.DecompressionBombError:
        raise too_large from None
    except (UnidentifiedImageError, OSError):
        raise InvalidField.single(field, "the file is not a PNG, JPEG or WebP image") from None
    if image.format not in IMAGE_TYPES:
        raise InvalidField.single(field, "the file is not a PNG, JPEG or WebP image")
    return IMAGE_TYPES[image.format]


def store(ctx: Context, data: bytes) -> str:
    """Keep the image and answer `evidence:<sha256>`; the same image sent twice is stored once."""
    require(ctx.actor, Capability.ATTACH_EVIDENCE)
    return keep(ctx, data, _image_type(data, "file"))


def keep(ctx: Context, data: bytes, content_type: str) -> str:
    """Store bytes the service made or checked (an image, the digitised dossier's PDF) by their digest: the file
    first (written again if it went missing), then its row."""
    digest = ctx.files.put(data)
    if ctx.session.exec(select(Evidence.id).where(Evidence.digest == digest)).first() is None:
        ctx.session.add(
            Evidence(
                digest=digest,
                content_type=content_type,
                size=len(data),
                uploaded_by=ctx.actor.principal,
                uploaded_at=ctx.now,
            )
        )
        ctx.session.flush()
    return f"{EVIDENCE_PREFIX}{digest}"


def record_uses(ctx: Context, parcel_id: int, refs: set[str]) -> None:
    """The envelope's record now refers to these stored files (each pair kept once)."""
    for ref in refs:
        digest = ref.removeprefix(EVIDENCE_PREFIX)
        known = select(EvidenceUse.id).where(EvidenceUse.digest == digest, EvidenceUse.parcel_id == parcel_id)
        if ctx.session.exec(known).first() is None:
            ctx.session.add(EvidenceUse(digest=digest, parcel_id=parcel_id))


def load(ctx: Context, digest: str) -> StoredFile:
    require(ctx.actor, Capability.REVIEW_EVIDENCE)
    found = stored(ctx, digest)
    if found is None:
        raise NotFound("no such evidence")
    return found


def bytes_of(ctx: Context, ref: str, field: str) -> bytes:
    """The stored bytes a step refers to, for the service's own use; a reference to nothing is the field's 422."""
    found = stored(ctx, ref)
    if found is None:
        raise InvalidField.single(field, f"{ref} was not uploaded (POST /api/v1/evidence first)")
    return found.data


def scan_photo(ctx: Context, data: bytes) -> ScanOut:
    """A courier without a camera-capable browser photographs the label; the server reads the QR."""
    _image_type(data, "photo")
    try:
        payload = qr.decode_photo(data)
    except ValueError as error:
        raise InvalidField.single("photo", str(error)) from None
    return scan(ctx, payload)
