"""The dispatcher's board: who has what, what waits for a courier, which deadlines are close."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from postal_service.db.queries import parcel_bundle
from postal_service.db.tables import PostOffice
from postal_service.domain.roles import Role
from postal_service.services import catalogue, planning, tracking, worklists
from postal_service.services.context import Context
from postal_service.services.schemas import FailureReason
from postal_service.services.steps import amount_paid

from ..requests_context import context
from . import route_map
from .common import staff_page

bp = Blueprint("dispatch", __name__, url_prefix="/dispatch")


@bp.get("")
@staff_page(Role.DISPATCHER, Role.ADMIN)
def board() -> str:
    ctx = context()
    return render_template(
        "dispatch/board.html", board=worklists.dispatch_board(ctx), couriers=catalogue.list_couriers(ctx)
    )


@bp.get("/parcel/<tracking_number>")
@staff_page(Role.DISPATCHER, Role.ADMIN)
def parcel(tracking_number: str) -> str:
    ctx = context()
    view = tracking.get_parcel(ctx, tracking_number.upper())
    bundle = parcel_bundle(ctx.session, view.tracking_number)
    due = bundle.request.postal_charge + bundle.request.procedure_fee - amount_paid(ctx, bundle.request.id)
    return render_template(
        "dispatch/parcel.html",
        parcel=view,
        request=tracking.get_request(ctx, bundle.request.reference),
        procedure=bundle.procedure,
        due=due,
        reasons=list(FailureReason),
        couriers=catalogue.list_couriers(ctx),
    )
