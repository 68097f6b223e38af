"""What each worker has to do now: a courier's stops, a desk's expected envelopes, a dispatcher's board."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import receiver_of
from postal_service.db.tables import Parcel, RouteStop, User
from postal_service.domain.access import Capability, require
from postal_service.domain.holders import Holder
from postal_service.domain.identifiers import mask_id_number
from postal_service.domain.lifecycle import (
    COMING_TO_THE_DESK,
    FROM_THE_CITIZEN,
    NEEDS_A_DECISION,
    TO_DISPATCH,
    WITH_THE_AGENCY,
    WITH_THE_CITIZEN,
    Leg,
    ResultStatus,
    next_actions,
)
from postal_service.domain.roles import Role
from postal_service.domain.route_stops import PENDING
from postal_service.queries.geography import commune_label

from .alerts import alerted as open_alerts
from .leg_deadlines import leg_deadline
from .open_envelopes import OpenEnvelope, open_envelopes
from .visibility import visible_to


@dataclass(frozen=True)
class Stop:
    """One line of a worklist, with only what that worker needs (ID numbers masked)."""

    tracking_number: str
    leg: str
    status: str
    reference: str
    procedure: str
    agency: str
    window_start: datetime | None
    window_end: datetime | None
    place: str
    latitude: float | None
    longitude: float | None
    contact_name: str
    contact_phone: str
    contact_id: str
    deadline: date | None
    overdue: bool
    actions: tuple[str, ...]
    courier: str | None
    attempts: int
    hold_until: date | None
    note: str | None = None  # the one-stop order's note for the courier
    eta: datetime | None = None
    planned_position: int | None = None


def _place(envelope: OpenEnvelope) -> tuple[str, float | None, float | None]:
    """Where the courier goes next for this parcel: the agency, or the citizen's pickup or delivery address."""
    e = envelope
    dossier = Leg(e.leg) in FROM_THE_CITIZEN
    if (dossier and e.holder != Holder.CITIZEN.value) or (not dossier and e.holder == Holder.AGENCY.value):
        return f"{e.agency}, {e.agency_street}", e.agency_latitude, e.agency_longitude
    if not dossier:
        return (
            f"{e.delivery_street}, {commune_label(e.delivery_commune_code)}",
            e.delivery_latitude,
            e.delivery_longitude,
        )
    return f"{e.pickup_street or ''}, {commune_label(e.pickup_commune_code)}", e.pickup_latitude, e.pickup_longitude


def _stop(ctx: Context, e: OpenEnvelope, couriers: dict[int, str]) -> Stop:
    place, lat, lon = _place(e)
    deadline = leg_deadline(ctx, e.leg, e.started_on, e.quote)
    from_the_citizen = Leg(e.leg) in FROM_THE_CITIZEN
    return Stop(
        tracking_number=e.tracking_number,
        leg=e.leg,
        status=e.status,
        reference=e.reference,
        procedure=e.procedure,
        agency=e.agency,
        window_start=e.slot_start if from_the_citizen else None,
        window_end=e.slot_end if from_the_citizen else None,
        place=place,
        latitude=lat,
        longitude=lon,
        contact_name=(receiver := receiver_of(e, e.leg)).name,
        contact_phone=receiver.phone,
        contact_id=mask_id_number(receiver.id_number),
        note=e.order_note,
        deadline=deadline,
        overdue=bool(deadline and ctx.today > deadline),
        actions=tuple(a.value for a in next_actions(Leg(e.leg), e.status, ctx.actor.role)),
        courier=couriers.get(e.courier_id or 0),
        attempts=e.attempts,
        hold_until=e.hold_until,
    )


def _couriers(ctx: Context) -> dict[int, str]:
    return {u.id or 0: u.username for u in ctx.session.exec(select(User).where(User.role == Role.COURIER.value))}


def courier_stops(ctx: Context, route: list[RouteStop]) -> list[Stop]:
    """Parcels on this courier's route (its published stops of today, `route`) or in its hands, pickups in slot
    order, then by deadline."""
    require(ctx.actor, Capability.WORK_A_ROUTE)
    couriers = _couriers(ctx)
    stops = [_stop(ctx, e, couriers) for e in open_envelopes(ctx, visible_to(ctx.actor))]
    planned: dict[str, tuple[int, datetime]] = {}
    for route_stop in route:
        parcel = ctx.session.get(Parcel, route_stop.parcel_id)
        if parcel is not None and not route_stop.done and parcel.status in PENDING[route_stop.kind]:
            planned.setdefault(parcel.tracking_number, (route_stop.position, route_stop.eta))
    stops = [
        replace(s, planned_position=planned[s.tracking_number][0], eta=planned[s.tracking_number][1])
        if s.tracking_number in planned
        else s
        for s in stops
    ]
    return sorted(
        stops,
        key=lambda s: (
            s.planned_position is None,
            s.planned_position or 0,
            s.window_start is None,
            _window(s),
            s.deadline or date.max,
        ),
    )


def agency_worklist(ctx: Context) -> tuple[list[Stop], list[Stop]]:
    """Dossiers coming to the desk and results in the agency's hands, each list by deadline."""
    require(ctx.actor, Capability.WORK_THE_DESK)
    couriers = _couriers(ctx)
    rows = [_stop(ctx, e, couriers) for e in open_envelopes(ctx, visible_to(ctx.actor))]
    incoming = [s for s in rows if Leg(s.leg) in FROM_THE_CITIZEN and s.status in COMING_TO_THE_DESK]
    results = [s for s in rows if s.leg == Leg.RESULT and s.status in WITH_THE_AGENCY]
    return sorted(incoming, key=lambda s: s.deadline or date.max), sorted(results, key=lambda s: s.deadline or date.max)


def counter_worklist(ctx: Context) -> tuple[list[Stop], list[Stop]]:
    """Dossiers and supplements the citizen brings to this counter (booked without a pickup slot), and results
    held here for collection."""
    require(ctx.actor, Capability.WORK_THE_COUNTER)
    rows = [_stop(ctx, e, _couriers(ctx)) for e in open_envelopes(ctx, visible_to(ctx.actor))]
    to_take_in = [
        s for s in rows if Leg(s.leg) in FROM_THE_CITIZEN and s.status in WITH_THE_CITIZEN and s.window_start is None
    ]
    to_hand_out = [s for s in rows if s.leg == Leg.RESULT.value and s.status == ResultStatus.HELD_AT_POST_OFFICE]
    return to_take_in, sorted(to_hand_out, key=lambda s: s.hold_until or date.max)


@dataclass(frozen=True)
class Board:
    unassigned: list[Stop]
    needs_action: list[Stop]
    at_risk: list[Stop]  # due within the warning's working days, or with an open deadline alert
    couriers: list[tuple[str, str, int]]  # username, full name, parcels on the route
    alerted: set[str]  # tracking numbers with an open deadline alert

    @property
    def overdue(self) -> list[Stop]:
        """Still open past their deadline: late already, whatever the figures of finished legs say."""
        return [s for s in self.at_risk if s.overdue]

    @property
    def due_soon(self) -> list[Stop]:
        return [s for s in self.at_risk if not s.overdue]


def dispatch_board(ctx: Context) -> Board:
    require(ctx.actor, Capability.DISPATCH)
    couriers = _couriers(ctx)
    stops = [_stop(ctx, e, couriers) for e in open_envelopes(ctx, visible_to(ctx.actor))]
    unassigned = [s for s in stops if s.courier is None and s.status in TO_DISPATCH]
    needs = [s for s in stops if s.status in NEEDS_A_DECISION]
    alerted = open_alerts(ctx)
    horizon = ctx.deadline_horizon
    close = [s for s in stops if s.deadline is not None and s.deadline <= horizon]
    at_risk = close + [s for s in stops if s.tracking_number in alerted and s not in close]
    staff = ctx.session.exec(select(User).where(User.role == Role.COURIER.value, col(User.active).is_(True)))
    load = {name: sum(1 for s in stops if s.courier == name) for name in couriers.values()}
    roster = [
        (u.username, u.full_name, load.get(u.username, 0))
        for u in staff
        if ctx.actor.role is Role.ADMIN or u.post_office_id == ctx.actor.post_office_id
    ]
    by_deadline = sorted(at_risk, key=lambda s: s.deadline or date.max)
    return Board(sorted(unassigned, key=_window), needs, by_deadline, roster, alerted)


def _window(stop: Stop) -> float:
    return stop.window_start.timestamp() if stop.window_start else 0.0
