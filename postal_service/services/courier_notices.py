"""The courier is coming: an hour before a planned arrival at a citizen's door, they are texted the window in
which to expect the courier, from the day's published plan (a scheduler job). Once a stop and a day: a re-plan
that moves the arrival does not text the citizen again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import Notification, Parcel, PlanRun, RouteStop, ServiceRequest
from postal_service.domain.notices import Notice
from postal_service.domain.route_stops import AT_THE_DOOR, STILL_COMING, eta_window
from postal_service.domain.timeslots import LOCAL_TZ

from .notices import notify


def announce_arrivals(ctx: Context) -> list[str]:
    """Tell every citizen whose stop is planned within the notice time; the tracking numbers told."""
    told = []
    soon = _stops_soon(ctx)
    keys = {parcel.tracking_number: f"eta:{parcel.tracking_number}:{ctx.today.isoformat()}" for _, parcel, _ in soon}
    before = _already_told(ctx, list(keys.values()))
    for stop, parcel, request in soon:
        key = keys[parcel.tracking_number]
        if parcel.status not in STILL_COMING[stop.kind] or key in before:
            continue
        start, end = eta_window(stop.eta, stop.window_start, stop.window_end)
        values = {"start": start.astimezone(LOCAL_TZ), "end": end.astimezone(LOCAL_TZ)}
        if _tell_once(ctx, request, Notice(AT_THE_DOOR[stop.kind], values), key):
            told.append(parcel.tracking_number)
    return told


def _tell_once(ctx: Context, request: ServiceRequest, notice: Notice, key: str) -> bool:
    """Write the notice in a savepoint: when another announcer wrote the same one at the same moment (a
    redelivered job), the unique key refuses this copy and only it is undone, not the rest of the run."""
    written = len(ctx.outbox)
    try:
        with ctx.session.begin_nested():
            notify(ctx, request, notice, once_key=key)
            ctx.session.flush()
    except IntegrityError:
        del ctx.outbox[written:]
        return False
    return True


def _stops_soon(ctx: Context) -> list[tuple[RouteStop, Parcel, ServiceRequest]]:
    """Open door stops of each office's current plan for today, arriving between now and the notice time."""
    current = (
        select(func.max(PlanRun.id))
        .where(PlanRun.day == ctx.today, PlanRun.status == "done")
        .group_by(col(PlanRun.post_office_id))
    )
    until = ctx.now + timedelta(minutes=ctx.settings.courier_notice_minutes)
    query = (
        select(RouteStop, Parcel, ServiceRequest)
        .join(Parcel, col(Parcel.id) == RouteStop.parcel_id)
        .join(ServiceRequest, col(ServiceRequest.id) == Parcel.request_id)
        .where(
            col(RouteStop.plan_run_id).in_(current),
            col(RouteStop.done).is_(False),
            col(RouteStop.kind).in_(list(AT_THE_DOOR)),
            RouteStop.eta >= ctx.now,
            RouteStop.eta <= until,
        )
        .order_by(col(RouteStop.eta))
    )
    return [(stop, parcel, request) for stop, parcel, request in ctx.session.exec(query)]


def _already_told(ctx: Context, keys: list[str]) -> set[str]:
    """Of these stops, those told before: one query for the run (every notice goes at least by SMS)."""
    written = ctx.session.exec(
        select(Notification.once_key).where(col(Notification.once_key).in_([f"{k}:sms" for k in keys]))
    )
    return {str(once_key).removesuffix(":sms") for once_key in written}
