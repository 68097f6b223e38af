"""The courier is coming: an hour before a planned arrival at a citizen's door, they are texted the window in
which to expect the courier, from the day's published plan (a scheduler job); and when the courier takes a step at
the stop before theirs, that the courier is near. Each once a stop and a day: a re-plan that moves the arrival
does not text the citizen again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import Notification, Parcel, PlanRun, RouteStop, ServiceRequest
from postal_service.domain.messages import parse_quiet_hours, quiet_until
from postal_service.domain.notices import Notice
from postal_service.domain.roles import Role
from postal_service.domain.route_stops import AT_THE_DOOR, STILL_COMING, eta_window, expected_after, near_key
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.domain.topics import Topic
from postal_service.queries.routes import route_of

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


def announce_next_stop(ctx: Context, parcel: Parcel) -> str | None:
    """A courier took a step at a stop of their route: the citizen of the next stop, when it is at their door, is
    told the courier is near and when to expect them; the tracking number told. Once a stop and a day (the
    outbox's unique key); never in quiet hours (the hour-ahead notice told them already) nor for an agency's desk."""
    if ctx.actor.role is not Role.COURIER:
        return None
    route = route_of(ctx, ctx.actor.user_id, ctx.today)
    here = next((n for n, stop in enumerate(route) if stop.parcel_id == parcel.id), None)
    if here is None:
        return None
    coming = next((stop for stop in route[here + 1 :] if not stop.done and stop.parcel_id != parcel.id), None)
    if coming is None or coming.kind not in AT_THE_DOOR:
        return None
    if quiet_until(ctx.now.astimezone(LOCAL_TZ), parse_quiet_hours(ctx.settings.quiet_hours)) is not None:
        return None
    door = ctx.session.get(Parcel, coming.parcel_id)
    if door is None or door.status not in STILL_COMING[coming.kind]:
        return None
    key = near_key(door.tracking_number, ctx.today)
    if _already_told(ctx, [key]):
        return None
    request = ctx.session.get(ServiceRequest, door.request_id)
    assert request is not None
    expected = expected_after(ctx.now, route[here].eta, coming.eta).astimezone(LOCAL_TZ)
    told = _tell_once(ctx, request, Notice(Topic.COURIER_NEAR, {"start": expected}), key)
    return door.tracking_number if told else None


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
