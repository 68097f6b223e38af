"""An SVG map of the day's routes, drawn by the server: no tile server exists on a closed network."""

from __future__ import annotations

import math
from html import escape

from postal_service.queries.routes import OfficeRoutes

COLOURS = ("#0b4f9c", "#b3261e", "#1e6b35", "#8a4f00", "#6b2c91", "#00727a", "#a3195b", "#4d5d00")
WIDTH, HEIGHT, MARGIN = 640, 480, 22


def draw(view: OfficeRoutes) -> str:
    office = (view.office.latitude, view.office.longitude)
    points = [office] + [(s.latitude, s.longitude) for r in view.routes for s in r.stops]
    lat_min, lat_max = min(p[0] for p in points), max(p[0] for p in points)
    lon_min, lon_max = min(p[1] for p in points), max(p[1] for p in points)
    shrink = math.cos(math.radians((lat_min + lat_max) / 2))  # a degree of longitude is shorter than one of latitude
    span_x = max((lon_max - lon_min) * shrink, 1e-4)
    span_y = max(lat_max - lat_min, 1e-4)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (MARGIN + (lon - lon_min) * shrink * scale, HEIGHT - MARGIN - (lat - lat_min) * scale)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="route-map" role="img" '
        f'aria-label="{escape(view.office.name)}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f4f1ea"/>',
    ]
    for number, route in enumerate(view.routes):
        colour = COLOURS[number % len(COLOURS)]
        path = [xy(*office)] + [xy(s.latitude, s.longitude) for s in route.stops] + [xy(*office)]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in path)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2.5" '
            f'stroke-linejoin="round" opacity=".85"><title>{escape(route.full_name)}</title></polyline>'
        )
        for position, stop in enumerate(route.stops, start=1):
            x, y = xy(stop.latitude, stop.longitude)
            fill = "#fff" if stop.done else colour
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="{fill}" stroke="{colour}" stroke-width="2.5">'
                f"<title>{escape(stop.who)}: {escape(stop.tracking_number)}</title></circle>"
                f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="12" font-weight="700" text-anchor="middle" '
                f'fill="{colour if stop.done else "#fff"}">{position}</text>'
            )
    ox, oy = xy(*office)
    parts.append(
        f'<rect x="{ox - 9:.1f}" y="{oy - 9:.1f}" width="18" height="18" fill="#111"><title>'
        f"{escape(view.office.name)}</title></rect></svg>"
    )
    return "".join(parts)
