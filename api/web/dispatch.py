"""The dispatcher's board: who has what, what waits for a courier, which deadlines are close."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from postal_service.context import Context
from postal_service.domain.access import Capability
from postal_service.domain.errors import InvalidField
from postal_service.domain.timeslots import shift_on
from postal_service.queries import catalogue, worklists
from postal_service.queries.catalogue import PostOffice
from postal_service.queries.lateness import office_lateness
from postal_service.queries.plans import PlanOut, plan_view
from postal_service.queries.rosters import away_on
from postal_service.queries.routes import office_routes
from postal_service.services import plan_requests
from postal_service.worker import enqueue_plan

from ..requests_context import context, services
from . import route_map
from .common import day_arg, readable, staff_page
from .paging import paged
from .parcel_page import parcel_page

bp = Blueprint("dispatch", __name__, url_prefix="/dispatch")
LATENESS_DAYS = 30  # the board's look back at the office's deadlines met and missed


def staff_office(ctx: Context) -> PostOffice:
    """A dispatcher's own office; an administrator chooses with ?office=CODE (the first one by default)."""
    if ctx.actor.post_office_id is not None:
        return catalogue.post_office_by_id(ctx, ctx.actor.post_office_id)
    code = request.args.get("office") or request.form.get("office")
    offices = catalogue.list_post_offices(ctx)
    if not offices:
        abort(404)
    return next((o for o in offices if o.code == code), offices[0])


def _day(ctx: Context) -> date:
    """The day the dispatcher looks at and plans: today by default, or any day bookings may reach."""
    chosen = day_arg("day", ctx.today)
    last = ctx.today + timedelta(days=ctx.settings.booking_horizon_days)
    return chosen if ctx.today <= chosen <= last else ctx.today


@bp.get("")
@staff_page(Capability.DISPATCH)
def board() -> str:
    ctx = context()
    office, day = staff_office(ctx), _day(ctx)
    routes = office_routes(ctx, office, day)
    return render_template(
        "dispatch/board.html",
        day=day,
        today=ctx.today,
        tomorrow=ctx.today + timedelta(days=1),
        last_day=ctx.today + timedelta(days=ctx.settings.booking_horizon_days),
        colours=route_map.COLOURS,
        board=(board := worklists.dispatch_board(ctx)),
        waiting=paged(board.unassigned, "waiting"),
        needs_action=paged(board.needs_action, "needs"),
        overdue=paged(board.overdue, "overdue"),
        due_soon=paged(board.due_soon, "due-soon"),
        lateness=office_lateness(ctx, office.id or 0, ctx.today - timedelta(days=LATENESS_DAYS), ctx.today),
        lateness_days=LATENESS_DAYS,
        couriers=catalogue.list_couriers(ctx),
        away=away_on(ctx, office, day),
        routes=routes,
        open_that_day=shift_on(office.opening_hours, day) is not None,
        out_of_date=day >= ctx.today and plan_requests.out_of_date(ctx, routes.run, office, day),
        route_map=route_map.draw(routes) if routes.routes else "",
        office=office,
        planning_seconds=ctx.settings.planning_seconds,
        asked=_asked_plan(ctx),
    )


def _asked_plan(ctx: Context) -> PlanOut | None:
    """The plan this dispatcher just asked for: followed while a worker solves it, then its outcome."""
    asked = request.args.get("plan", type=int)
    return plan_view(ctx, asked) if asked else None


@bp.post("/plan")
@staff_page(Capability.DISPATCH)
def replan() -> Response:
    """Ask a worker to plan (or re-plan) the chosen day; the board follows the plan until it is published."""
    ctx = context()
    office, day = staff_office(ctx), _day(ctx)
    try:
        run = plan_requests.request_plan(ctx, office, day)
    except InvalidField as refused:
        flash(readable("day", refused.errors["day"]), "error")
        return redirect(url_for(".board", office=office.code, day=day.isoformat()))
    enqueue_plan(services().tasks, run.id or 0)
    return redirect(url_for(".board", office=office.code, plan=run.id, day=day.isoformat()))


@bp.get("/parcel/<tracking_number>")
@staff_page(Capability.DISPATCH)
def parcel(tracking_number: str) -> str:
    return parcel_page(tracking_number, "dispatch.board", _("Dispatch"))
