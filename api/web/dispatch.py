"""The dispatcher's board: who has what, what waits for a courier, which deadlines are close."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from postal_service.domain.access import Capability
from postal_service.queries import catalogue, step_pages, worklists
from postal_service.queries.catalogue import PostOffice
from postal_service.queries.routes import office_routes
from postal_service.services import planning
from postal_service.services.context import Context
from postal_service.services.schemas import FailureReason

from ..requests_context import context
from . import route_map
from .common import staff_page

bp = Blueprint("dispatch", __name__, url_prefix="/dispatch")


def _office(ctx: Context) -> PostOffice:
    """A dispatcher's own office; an administrator chooses with ?office=CODE (the first one by default)."""
    if ctx.actor.post_office_id is not None:
        return catalogue.post_office_by_id(ctx, ctx.actor.post_office_id)
    code = request.args.get("office") or request.form.get("office")
    offices = catalogue.list_post_offices(ctx)
    if not offices:
        abort(404)
    return next((o for o in offices if o.code == code), offices[0])


@bp.get("")
@staff_page(Capability.DISPATCH)
def board() -> str:
    ctx = context()
    office = _office(ctx)
    routes = office_routes(ctx, office, ctx.today)
    return render_template(
        "dispatch/board.html",
        board=worklists.dispatch_board(ctx),
        couriers=catalogue.list_couriers(ctx),
        routes=routes,
        route_map=route_map.draw(routes) if routes.routes else "",
        office=office,
        planning_seconds=ctx.settings.planning_seconds,
        message=request.args.get("message"),
    )


@bp.post("/plan")
@staff_page(Capability.DISPATCH)
def replan() -> Response:
    """Plan (or re-plan) today: stops done or in a courier's hands stay where they are."""
    ctx = context()
    office = _office(ctx)
    run = planning.plan_office_day(ctx, office, ctx.today)
    message = _(
        "Planned: %(v)s couriers, %(km)s km, %(n)s left out.",
        v=run.vehicles,
        km=f"{run.distance_m / 1000:.1f}",
        n=len(run.unassigned),
    )
    return redirect(url_for(".board", office=office.code, message=message))


@bp.get("/parcel/<tracking_number>")
@staff_page(Capability.DISPATCH)
def parcel(tracking_number: str) -> str:
    ctx = context()
    page = step_pages.step_page(ctx, tracking_number)
    return render_template(
        "dispatch/parcel.html",
        parcel=page.parcel,
        request=page.request,
        procedure=page.procedure,
        due=page.due,
        reasons=list(FailureReason),
        couriers=catalogue.list_couriers(ctx),
    )
