"""Published routes: a courier's stops in order, an office's plan for the dispatcher's table and map."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import receiver_of
from postal_service.db.tables import (
    Agency,
    Notification,
    Parcel,
    PlanRun,
    PostOffice,
    Procedure,
    RouteStop,
    ServiceRequest,
    User,
)
from postal_service.domain.lifecycle import Leg
from postal_service.domain.route_stops import AT_THE_DOOR, STILL_COMING, eta_window, expected_after, near_key
from postal_service.queries.geography import commune_label


def current_run(ctx: Context, office_id: int | None, day: date) -> PlanRun | None:
    return ctx.session.exec(
        select(PlanRun)
        .where(PlanRun.post_office_id == office_id, PlanRun.day == day, PlanRun.status == "done")
        .order_by(col(PlanRun.id).desc())
    ).first()


def route_of(ctx: Context, courier_id: int | None, day: date) -> list[RouteStop]:
    """The courier's published stops for the day, in order."""
    user = ctx.session.get(User, courier_id) if courier_id else None
    if user is None:
        return []
    run = current_run(ctx, user.post_office_id, day)
    if run is None:
        return []
    return list(
        ctx.session.exec(
            select(RouteStop)
            .where(RouteStop.plan_run_id == run.id, RouteStop.courier_id == courier_id)
            .order_by(col(RouteStop.position))
        )
    )


@dataclass(frozen=True)
class PlannedStop:
    tracking_number: str
    kind: str
    eta: datetime
    latitude: float
    longitude: float
    done: bool
    who: str = ""  # the citizen at a door, or the agency
    place: str = ""  # the street and commune, or the agency's address


@dataclass(frozen=True)
class CourierRoute:
    courier_id: int
    username: str
    full_name: str
    stops: list[PlannedStop]


@dataclass(frozen=True)
class OfficeRoutes:
    office: PostOffice
    day: date
    run: PlanRun | None
    routes: list[CourierRoute]


def office_routes(ctx: Context, office: PostOffice, day: date) -> OfficeRoutes:
    """The published plan of one office's day, for the dispatcher's table and map."""
    run = current_run(ctx, office.id, day)
    if run is None:
        return OfficeRoutes(office, day, None, [])
    rows = ctx.session.exec(
        select(RouteStop, Parcel, ServiceRequest, Agency)
        .join(Parcel, col(Parcel.id) == col(RouteStop.parcel_id))
        .join(User, col(User.id) == col(RouteStop.courier_id))
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(Agency, col(Agency.id) == col(Procedure.agency_id))
        .where(RouteStop.plan_run_id == run.id)
        .order_by(col(User.username), col(RouteStop.position))
    ).all()
    couriers = {
        u.id: u for u in ctx.session.exec(select(User).where(col(User.id).in_({r[0].courier_id for r in rows})))
    }
    routes: dict[int, CourierRoute] = {}
    for stop, parcel, request, agency in rows:
        user = couriers[stop.courier_id]
        route = routes.setdefault(user.id or 0, CourierRoute(user.id or 0, user.username, user.full_name, []))
        who, place = _who_and_where(stop.kind, request, agency)
        route.stops.append(
            PlannedStop(
                parcel.tracking_number, stop.kind, stop.eta, stop.latitude, stop.longitude, stop.done, who, place
            )
        )
    return OfficeRoutes(office, day, run, list(routes.values()))


def _who_and_where(kind: str, request: ServiceRequest, agency: Agency) -> tuple[str, str]:
    """A door stop names the citizen and their address; an agency stop names the agency and its street."""
    if kind == "pickup_dossier":
        return request.contact_name, f"{request.pickup_street}, {commune_label(request.pickup_commune_code)}"
    if kind == "deliver_result":
        receiver = receiver_of(request, Leg.RESULT.value).name
        return receiver, f"{request.delivery_street}, {commune_label(request.delivery_commune_code)}"
    return agency.name, agency.street


def courier_near(ctx: Context, office_id: int, trackings: list[str]) -> dict[str, datetime]:
    """When the courier, told near today (at the stop before), is expected at the door, per parcel: the time the
    citizen was texted (route_stops.expected_after), for door stops of the plan in force not yet done."""
    run = current_run(ctx, office_id, ctx.today)
    keys = {f"{near_key(t, ctx.today)}:sms": t for t in trackings}
    told = ctx.session.exec(
        select(Notification.once_key, Notification.created_at).where(col(Notification.once_key).in_(list(keys)))
    ).all()
    if run is None or not told:
        return {}
    expected = {}
    for once_key, told_at in told:
        stop = ctx.session.exec(
            select(RouteStop)
            .join(Parcel, col(Parcel.id) == col(RouteStop.parcel_id))
            .where(
                RouteStop.plan_run_id == run.id,
                col(RouteStop.done).is_(False),
                Parcel.tracking_number == keys[str(once_key)],
            )
        ).first()
        before = (
            stop
            and ctx.session.exec(
                select(RouteStop)
                .where(
                    RouteStop.plan_run_id == run.id,
                    RouteStop.courier_id == stop.courier_id,
                    col(RouteStop.position) < stop.position,
                )
                .order_by(col(RouteStop.position).desc())
            ).first()
        )
        if stop is not None and before is not None:
            expected[keys[str(once_key)]] = expected_after(told_at, before.eta, stop.eta)
    return expected


def courier_windows(ctx: Context, office_id: int, trackings: list[str]) -> dict[str, tuple[datetime, datetime]]:
    """When to expect the courier at the door today, per parcel: the window told by text (route_stops.eta_window)
    from the office's plan in force, for door stops not yet done."""
    run = current_run(ctx, office_id, ctx.today)
    if run is None or not trackings:
        return {}
    rows = ctx.session.exec(
        select(RouteStop, Parcel)
        .join(Parcel, col(Parcel.id) == col(RouteStop.parcel_id))
        .where(
            RouteStop.plan_run_id == run.id,
            col(RouteStop.done).is_(False),
            col(RouteStop.kind).in_(list(AT_THE_DOOR)),
            col(Parcel.tracking_number).in_(trackings),
        )
    ).all()
    return {
        parcel.tracking_number: eta_window(stop.eta, stop.window_start, stop.window_end)
        for stop, parcel in rows
        if parcel.status in STILL_COMING[stop.kind]
    }
