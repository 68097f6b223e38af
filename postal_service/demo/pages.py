"""Photographed pages for the demo's pickups, so the digitised dossier (one PDF) can be opened from the desk; and a
signature drawn for each handover, stored as the couriers' phones store theirs."""

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


def signed(ctx: Context, tracking: str) -> str:
    """A signature of the envelope's own (a stroke shaped by its tracking number), stored: its evidence ref."""
    image = Image.new("L", (360, 120), 255)
    seed = sum(ord(ch) * (n + 1) for n, ch in enumerate(tracking))
    points = [(20 + step * 20, 60 + ((seed >> (step % 16)) % 70) - 35) for step in range(17)]
    draw = ImageDraw.Draw(image)
    draw.line(points, fill=0, width=3)
    draw.text((20, 100), tracking, fill=128)  # the envelope's own: no two envelopes share a proof
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return evidence.keep(ctx, buffer.getvalue(), "image/png")
