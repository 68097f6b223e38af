"""The digitised dossier: the pages a courier photographs at intake become one PDF, kept with the dossier's
parcel, which the agency's system fetches (`GET /api/v1/parcels/{tracking}/dossier.pdf`) before the envelope
arrives; a `dossier.digitised` webhook tells it so. Made in the intake's own transaction: the step and its
PDF are kept together or not at all."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

from postal_service.context import Context
from postal_service.db.tables import Parcel

from . import evidence, webhooks

PAGE_LONG_SIDE = 2200  # pixels: an A4 page at about 190 dpi, legible and a few hundred kB
PAGE_DPI = 190.0
PDF = "application/pdf"


def keep_pages(ctx: Context, parcel: Parcel, photos: list[str]) -> None:
    """Assemble the photographed pages, in the order taken, into the dossier's PDF and tell the agency."""
    if not photos:
        return
    pages = [_page(evidence.bytes_of(ctx, ref, f"document_photos.{n}")) for n, ref in enumerate(photos)]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=PAGE_DPI)
    parcel.dossier_pdf = evidence.keep(ctx, buffer.getvalue(), PDF)
    evidence.record_uses(ctx, parcel.id or 0, {parcel.dossier_pdf})
    ctx.session.add(parcel)
    webhooks.announce_digitised(ctx, parcel, len(pages))


def _page(data: bytes) -> Image.Image:
    """A photo as a page: upright per its EXIF, in RGB, no larger than a page needs."""
    with Image.open(io.BytesIO(data)) as photo:
        image = ImageOps.exif_transpose(photo).convert("RGB")
    image.thumbnail((PAGE_LONG_SIDE, PAGE_LONG_SIDE))
    return image
