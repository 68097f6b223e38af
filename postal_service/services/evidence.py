"""Signatures and photos taken at handovers: stored once by digest, referred to from custody events. The row says
what the file is; its bytes are in the file store (`db.files`), written before the row commits."""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Mapping
from typing import Any

from PIL import Image, UnidentifiedImageError
from sqlmodel import col, select

from postal_service import qr
from postal_service.context import Context
from postal_service.db.tables import Evidence, EvidenceUse, Parcel, Procedure, ServiceRequest
from postal_service.domain.access import Capability, require
from postal_service.domain.custody import EVIDENCE_FIELDS, EVIDENCE_LISTS
from postal_service.domain.errors import Forbidden, InvalidField, NotFound
from postal_service.domain.identifiers import EVIDENCE_PREFIX, EVIDENCE_REF_FORMAT
from postal_service.queries.parcels import ScanOut, scan
from postal_service.queries.stored_files import StoredFile, stored
from postal_service.queries.visibility import visible_to

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


NOT_UPLOADED = "the proof is an image uploaded first: send the ref that POST /api/v1/evidence answered"
ANOTHER_ENVELOPE = "this image is already the proof of another envelope"


def check_proof(ctx: Context, parcel_ids: Collection[int], given: Mapping[str, Any]) -> None:
    """A step's proof points to something: each image it names (signature, photo, a proxy's authorisation, the
    pages photographed) was uploaded and is stored; and a handover's proof (signature, photo, authorisation: one
    moment at one door) is not the proof of any envelope but these (the step's, or a batch handed over at once).
    Every bad field is named in one 422."""
    named = {f: given[f] for f in EVIDENCE_FIELDS if given.get(f)}
    named |= {f"{f}.{n}": ref for f in EVIDENCE_LISTS for n, ref in enumerate(given.get(f) or [])}
    errors = {}
    for field, ref in named.items():
        digest = str(ref).removeprefix(EVIDENCE_PREFIX)
        if not re.match(EVIDENCE_REF_FORMAT, str(ref)) or not _stored_image(ctx, digest):
            errors[field] = NOT_UPLOADED
        elif (
            field in EVIDENCE_FIELDS
            and ctx.session.exec(
                select(EvidenceUse.id).where(
                    EvidenceUse.digest == digest, col(EvidenceUse.parcel_id).not_in(parcel_ids)
                )
            ).first()
        ):
            errors[field] = ANOTHER_ENVELOPE
    if errors:
        raise InvalidField(errors)


def _stored_image(ctx: Context, digest: str) -> bool:
    content_type = ctx.session.exec(select(Evidence.content_type).where(Evidence.digest == digest)).first()
    return content_type in IMAGE_TYPES.values() and ctx.files.has(digest)


def load(ctx: Context, digest: str) -> StoredFile:
    """A stored proof, for whoever may see an envelope whose record refers to it: its office's dispatchers, the
    agency of its procedure, its courier, the citizen of its request, administrators (each view disclosed on the
    request). A file no record refers to yet (just uploaded) is the post office's to review alone."""
    found = stored(ctx, digest)
    if found is None:
        raise NotFound("no such evidence")
    using = select(ServiceRequest.id).select_from(EvidenceUse)
    using = using.join(Parcel, col(Parcel.id) == col(EvidenceUse.parcel_id))
    using = using.join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
    using = using.join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
    seen = ctx.session.exec(using.where(EvidenceUse.digest == digest, visible_to(ctx.actor)).limit(1)).first()
    if seen is not None:
        ctx.disclose(seen, "view_proof")
        return found
    used = ctx.session.exec(select(EvidenceUse.id).where(EvidenceUse.digest == digest).limit(1)).first()
    if used is not None:
        raise Forbidden("this proof belongs to an envelope that is not yours to see")
    require(ctx.actor, Capability.REVIEW_EVIDENCE)
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
