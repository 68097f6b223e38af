"""Whose time it was: the time a request spends with the agency and with the post, from its custody moves."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

PARTY_OF_HOLDER = {
    **{holder: "post" for holder in ("courier", "post_office", "exchange_hub", "trunk", "missing")},
    "agency": "agency",
    "citizen": "citizen",
}


def time_held(moves: Iterable[tuple[datetime, str]], now: datetime) -> dict[str, timedelta]:
    """`moves`: (when, the holder after it), of both legs; the time until the next move goes to that holder's
    party (the post for a courier or a post office). Between the legs' hand-overs it is the agency's time."""
    held: dict[str, timedelta] = {}
    ordered = sorted(moves)
    for (at, holder), (until, _) in zip(ordered, [*ordered[1:], (now, "")], strict=True):
        party = PARTY_OF_HOLDER.get(holder)
        if party is not None and until > at:
            held[party] = held.get(party, timedelta()) + (until - at)
    return held


def time_at_points(
    moves: Iterable[tuple[datetime, str, str, dict[str, object]]], start: str, now: datetime
) -> dict[str, timedelta]:
    """The post's time on one envelope, by where it was: `moves` are (when, action, holder after it, evidence) in
    order, `start` the office that took it. A trunk run holds it from its bag's departure (`dispatch`), the point
    it is scanned out at (`unbag_at_hub`, `unbag_at_office`) from then on; what is not the post's is left out."""
    held: dict[str, timedelta] = {}
    point, ordered = start, list(moves)
    for (at, action, holder, evidence), (until, *_) in zip(ordered, [*ordered[1:], (now, "", "", {})], strict=True):
        if action == "dispatch":
            point = f"run {evidence.get('run', '')}"
        elif action in ("unbag_at_hub", "unbag_at_office"):
            point = str(evidence.get("at", point))
        if PARTY_OF_HOLDER.get(holder) == "post" and until > at:
            held[point] = held.get(point, timedelta()) + (until - at)
    return held
