"""The administrator's working calendar: a year's days off by law, the days declared with their announcements,
a form to declare one and a button to withdraw one; from October, a warning while next year has none declared."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import get_locale

from postal_service.domain.access import Capability
from postal_service.queries.calendar import year_calendar

from ..requests_context import context
from ..v1.calendar import FIRST_YEAR, LAST_YEAR
from .common import staff_page

bp = Blueprint("calendar_page", __name__, url_prefix="/admin")


@bp.get("/calendar")
@staff_page(Capability.MANAGE_CATALOGUE)
def calendar() -> str:
    ctx = context()
    asked = request.args.get("year", "")
    year = int(asked) if asked.isdigit() and FIRST_YEAR <= int(asked) <= LAST_YEAR else ctx.today.year
    shown = year_calendar(ctx, year, "en" if str(get_locale() or "vi") == "en" else "vi")
    return render_template("admin/calendar.html", year=shown, first=FIRST_YEAR, last=LAST_YEAR)
