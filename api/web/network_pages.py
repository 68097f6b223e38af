"""The network on pages: a point's bags of the day (leaving, coming) and opening one; one bag with its manifest,
its chain and the forms of the steps the caller may take now (sent to the JSON API, as every step form is); and
the administrator's timetable (hubs and runs, a run added or removed)."""

from __future__ import annotations

from flask import Blueprint, render_template

from postal_service.domain.access import Capability, may
from postal_service.domain.bags import BagAction
from postal_service.domain.timeslots import WEEKDAYS
from postal_service.queries import bags as bag_views
from postal_service.queries import network as network_views
from postal_service.queries.catalogue import list_post_offices
from postal_service.services.bag_steps import BAG_STEPS

from ..requests_context import context
from .common import staff_page

bp = Blueprint("network_pages", __name__, url_prefix="/network")


@bp.get("/bags")
@staff_page(Capability.SEE_BAGS)
def bags() -> str:
    ctx = context()
    leaving, coming = bag_views.todays_bags(ctx)
    point = bag_views.caller_point(ctx)
    runs = network_views.list_runs(ctx, point) if point and may(ctx.actor, Capability.OPEN_BAGS) else []
    destinations = sorted({run.destination for run in runs if run.origin == point})
    late = bag_views.late_codes(ctx, leaving, coming)
    return render_template(
        "network/bags.html", leaving=leaving, coming=coming, point=point, destinations=destinations, late=late
    )


@bp.get("/bags/<code>")
@staff_page(Capability.SEE_BAGS)
def bag(code: str) -> str:
    ctx = context()
    view = bag_views.bag_view(ctx, code)
    steps = [step for step in BAG_STEPS if step.action.value in view.next_actions]
    if not view.manifest:  # nothing to take back out of an empty bag
        steps = [step for step in steps if step.action is not BagAction.TAKE_OUT]
    return render_template("network/bag.html", bag=view, steps=steps)


@bp.get("/timetable")
@staff_page(Capability.MANAGE_CATALOGUE)
def timetable() -> str:
    ctx = context()
    points = [office.code for office in list_post_offices(ctx)] + [hub.code for hub in network_views.list_hubs(ctx)]
    return render_template(
        "network/timetable.html",
        hubs=network_views.list_hubs(ctx),
        runs=[network_views.run_view(row) for row in network_views.list_runs(ctx)],
        points=points,
        weekdays=WEEKDAYS,
    )
