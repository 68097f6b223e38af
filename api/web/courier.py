"""The courier's phone pages: today's stops in order, and one page per stop with the step forms."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _

from postal_service.domain.access import Capability
from postal_service.queries import courier_day, rosters

from ..requests_context import context
from .common import staff_page
from .parcel_page import parcel_page

bp = Blueprint("courier", __name__, url_prefix="/courier")


@bp.get("")
@staff_page(Capability.WORK_A_ROUTE)
def route() -> str:
    ctx = context()
    return render_template("courier/route.html", day=courier_day.courier_day(ctx), own_days=rosters.own_days(ctx))


@bp.get("/parcel/<tracking_number>")
@staff_page(Capability.WORK_A_ROUTE)
def stop(tracking_number: str) -> str:
    return parcel_page(tracking_number, "courier.route", _("Today's route"))
