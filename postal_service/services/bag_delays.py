"""Missed runs, by rule: a bag still at its point after its run left goes on the next run to the same point; each
envelope in it gets a new path from there and a new expected arrival, and whoever waits for it (the citizen, the
agency's system by webhook) is told when the new arrival falls after the legal deadline. A scheduler job."""

from __future__ import annotations

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.repository import load_request
from postal_service.db.tables import Bag as BagRow
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, Leg
from postal_service.domain.network_leg import late_notice
from postal_service.queries.bags import LEAVING
from postal_service.queries.leg_deadlines import deadline_of
from postal_service.queries.network import path_of

from . import network_paths, webhooks
from .bags import in_request_order, keep, locked_bag, next_trip
from .notices import notify


def reroute_missed_runs(ctx: Context) -> list[str]:
    """Every bag whose run left while it was still at its point (open, sealed, or handed to a driver who did not
    take it), moved to the next run; the codes of the bags moved."""
    missed = ctx.session.exec(
        select(BagRow.code).where(
            col(BagRow.status).in_([status.value for status in LEAVING]), col(BagRow.departs) < ctx.now
        )
    ).all()
    moved = []
    for code in missed:
        row, bag = locked_bag(ctx, code)
        if bag.departs >= ctx.now or bag.status not in LEAVING:
            continue  # another job moved it, or it left, since the list was read
        trip = next_trip(ctx, bag.origin, bag.destination)
        if trip is None:
            continue  # the run was taken off the timetable with nothing left to this point: the board shows it late
        run, closes, departs = trip
        keep(ctx, row, bag, bag.miss_run(ctx.actor, run.code, closes, departs))
        for tracking, request_id in in_request_order(ctx, bag.manifest):
            _new_path(ctx, request_id, tracking, bag.origin, bag.code)
        moved.append(code)
    return moved


def _new_path(ctx: Context, request_id: int, tracking: str, point: str, bag: str) -> None:
    loaded = load_request(ctx.session, request_id)
    parcel = loaded.parcels[tracking]
    if network_paths.plan_path(ctx, loaded, parcel, from_point=point) is None:
        return
    ctx.session.flush()
    path = path_of(ctx, parcel.id or 0)
    assert path is not None
    late = late_notice(
        tracking, path.destination_province, path.expected_arrival, deadline_of(ctx, parcel, loaded.request)
    )
    if late is None:
        return
    notify(ctx, loaded.request, late)
    if Leg(parcel.leg) in FROM_THE_CITIZEN:
        webhooks.announce_inbound(ctx, parcel, path.expected_arrival, bag)
