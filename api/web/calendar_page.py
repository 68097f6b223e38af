"""The administrator's working calendar: a year's days off by law, the days declared with their announcements,
a form to declare one and a button to withdraw one; from October, a warning while next year has none declared."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from postal_service.domain.access import Capability
from postal_service.public_holidays import FIRST_YEAR, LAST_YEAR
from postal_service.queries.calendar import year_calendar

from ..messages import in_english
from ..requests_context import context
from .common import staff_page

bp = Blueprint("calendar_page", __name__, url_prefix="/admin")


@bp.get("/calendar")
@staff_page(Capability.MANAGE_CATALOGUE)
def calendar() -> str:
    ctx = context()
    asked = request.args.get("year", "")
    year = int(asked) if asked.isdigit() and FIRST_YEAR <= int(asked) <= LAST_YEAR else ctx.today.year
    shown = year_calendar(ctx, year, "en" if in_english() else "vi")
    return render_template("admin/calendar.html", year=shown, first=FIRST_YEAR, last=LAST_YEAR)
