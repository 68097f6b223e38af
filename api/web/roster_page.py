"""The office's rosters on one page: who works which of the coming two weeks and when, each courier's weekly
pattern and changes, with the forms to set a week, add leave, a sick day, a half day or a swap, and withdraw one.
The forms speak the rosters API (api/v1/rosters.py) from the page session."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template

from postal_service.domain.access import Capability
from postal_service.domain.rosters import ChangeKind
from postal_service.domain.timeslots import WEEKDAYS
from postal_service.queries.rosters import office_roster

from ..requests_context import context
from .common import day_arg, staff_page
from .dispatch import bp, staff_office

SHOWN_DAYS = 14


@bp.get("/roster")
@staff_page(Capability.KEEP_ROSTERS)
def roster() -> str:
    ctx = context()
    office = staff_office(ctx)
    first = max(day_arg("from", ctx.today), ctx.today)
    return render_template(
        "dispatch/roster.html",
        office=office,
        roster=office_roster(ctx, office, first, SHOWN_DAYS),
        first=first,
        earlier=max(first - timedelta(days=SHOWN_DAYS), ctx.today) if first > ctx.today else None,
        later=first + timedelta(days=SHOWN_DAYS),
        today=ctx.today,
        weekdays=WEEKDAYS,
        kinds=list(ChangeKind),
    )
