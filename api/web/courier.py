"""The courier's phone pages: today's stops in order, and one page per stop with the step forms."""

from __future__ import annotations

from flask import Blueprint, render_template

from postal_service.db.queries import amount_owed_on, parcel_bundle
from postal_service.domain.roles import Role
from postal_service.services import tracking, worklists
from postal_service.services.schemas import FailureReason

from ..requests_context import context
from .common import staff_page

bp = Blueprint("courier", __name__, url_prefix="/courier")


@bp.get("")
@staff_page(Role.COURIER)
def route() -> str:
    return render_template("courier/route.html", stops=worklists.courier_stops(context()))


@bp.get("/parcel/<tracking_number>")
@staff_page(Role.COURIER)
def stop(tracking_number: str) -> str:
    ctx = context()
    parcel = tracking.get_parcel(ctx, tracking_number.upper())
    bundle = parcel_bundle(ctx.session, parcel.tracking_number)
    request = tracking.get_request(ctx, bundle.request.reference)
    due = amount_owed_on(ctx.session, bundle.request).total
    return render_template(
        "courier/stop.html",
        parcel=parcel,
        request=request,
        procedure=bundle.procedure,
        reasons=list(FailureReason),
        due=due,
    )
