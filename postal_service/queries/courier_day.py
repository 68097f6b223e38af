"""The courier's day on one screen: how much is done, the next place to go, and the places in order, each with
every parcel to hand over or take there (three dossiers for one agency are one visit, not three stops)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import CHAIN_JOIN
from postal_service.db.tables import CustodyEvent, Parcel
from postal_service.domain.route_stops import PENDING
from postal_service.domain.timeslots import local_days

from . import routes, worklists
from .worklists import Stop

TOGETHER = (  # the steps that need nothing but each envelope's scan: taken for a whole visit at once
    "present_at_agency",
    "confirm_result_collection",
    "depart_to_agency",
    "arrive_at_post_office",
    "start_delivery",
    "collect_return",
)


@dataclass(frozen=True)
class Visit:
    """One place on the route and what to do there."""

    place: str
    stops: tuple[Stop, ...]

    @property
    def first(self) -> Stop:
        return self.stops[0]

    @property
    def together(self) -> list[tuple[str, list[Stop]]]:
        """The steps two or more envelopes here await, each taken for all of them in one handover."""
        shared = [(a, [s for s in self.stops if a in s.actions]) for a in TOGETHER]
        return [(action, stops) for action, stops in shared if len(stops) > 1]


@dataclass(frozen=True)
class CourierDay:
    visits: tuple[Visit, ...]
    done: int
    total: int

    @property
    def next_visit(self) -> Visit | None:
        return self.visits[0] if self.visits else None


def courier_day(ctx: Context) -> CourierDay:
    """Today's open stops grouped into visits in route order; done and total count the published route's stops
    (without a plan, every open stop is still to do)."""
    route = routes.route_of(ctx, ctx.actor.user_id, ctx.today)
    stops = worklists.courier_stops(ctx, route)
    visits: list[Visit] = []
    for stop in stops:
        if visits and visits[-1].place == stop.place:
            visits[-1] = Visit(stop.place, (*visits[-1].stops, stop))
        else:
            visits.append(Visit(stop.place, (stop,)))
    if not route:  # no plan: what this courier finished today, out of that and what is still open
        finished = finished_today(ctx)
        return CourierDay(tuple(visits), finished, finished + len(stops))
    open_stops = 0
    for route_stop in route:
        parcel = ctx.session.get(Parcel, route_stop.parcel_id)
        open_stops += not route_stop.done and parcel is not None and parcel.status in PENDING[route_stop.kind]
    return CourierDay(tuple(visits), len(route) - open_stops, len(route))


def finished_today(ctx: Context) -> int:
    """Stops this courier finished today: their steps that took an envelope out of a kind of stop's pending
    statuses (a pickup ends the pickup stop, a handover at the desk the agency stop), on their own envelopes."""
    start, end = local_days(ctx.today, ctx.today)
    moves = ctx.session.exec(
        select(CustodyEvent.from_status, CustodyEvent.to_status)
        .join(Parcel, CHAIN_JOIN)
        .where(Parcel.courier_id == ctx.actor.user_id, CustodyEvent.actor == ctx.actor.principal)
        .where(col(CustodyEvent.occurred_at) >= start, col(CustodyEvent.occurred_at) < end)
    ).all()
    return sum(
        1 for before, after in moves for pending in PENDING.values() if before in pending and after not in pending
    )
