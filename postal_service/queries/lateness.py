"""Lateness by the legal deadline, the post's part apart from the agency's.

The post is judged by J+1/2/3 (DOMAIN.md): a dossier presented at the agency's desk, a result delivered at the
citizen's door. The agency is judged by the appointment date it gave: a result marked ready after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from postal_service.context import Context

from .day_counts import Count, Figure, total
from .day_figures import office_counts


@dataclass(frozen=True)
class Lateness:
    post_on_time: int = 0
    post_late: int = 0
    agency_on_time: int = 0
    agency_late: int = 0


def lateness_of(counts: list[Count]) -> Lateness:
    return Lateness(
        total(counts, Figure.POST_ON_TIME),
        total(counts, Figure.POST_LATE),
        total(counts, Figure.AGENCY_ON_TIME),
        total(counts, Figure.AGENCY_LATE),
    )


def office_lateness(ctx: Context, office_id: int, first: date, last: date) -> Lateness:
    """Legs of the office's requests that reached their end on the days `first` to `last`."""
    return lateness_of(office_counts(ctx, office_id, first, last))
