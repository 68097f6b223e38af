"""Photographed pages for the demo's pickups, so the digitised dossier (one PDF) can be opened from the desk."""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw

from postal_service.context import Context
from postal_service.domain.vietnamese import strip_diacritics
from postal_service.services import evidence

PAGE = (1240, 1754)  # A4 at 150 dpi


@cache
def page_photo(title: str) -> bytes:
    """A plain page with the document's name (the default font has no Vietnamese marks) and a few lines."""
    image = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(image)
    draw.text((120, 140), strip_diacritics(title).upper(), fill="black", font_size=48)
    for line in range(24):
        y = 300 + line * 52
        draw.line((120, y, PAGE[0] - 120 - (line % 5) * 90, y), fill="#999", width=3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def photographed(ctx: Context, documents: list[str]) -> list[str]:
    """One stored photo per document, as the courier's phone uploads them."""
    return [evidence.keep(ctx, page_photo(name), "image/jpeg") for name in documents]
