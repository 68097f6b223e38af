"""The courier's day on one screen: how much is done, the next place to go, and the places in order, each with
every parcel to hand over or take there (three dossiers for one agency are one visit, not three stops)."""

from __future__ import annotations

from dataclasses import dataclass

from postal_service.context import Context
from postal_service.db.tables import Parcel
from postal_service.domain.route_stops import PENDING

from . import routes, worklists
from .worklists import Stop


@dataclass(frozen=True)
class Visit:
    """One place on the route and what to do there."""

    place: str
    stops: tuple[Stop, ...]

    @property
    def first(self) -> Stop:
        return self.stops[0]


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
    stops = worklists.courier_stops(ctx)
    visits: list[Visit] = []
    for stop in stops:
        if visits and visits[-1].place == stop.place:
            visits[-1] = Visit(stop.place, (*visits[-1].stops, stop))
        else:
            visits.append(Visit(stop.place, (stop,)))
    route = routes.route_of(ctx, ctx.actor.user_id, ctx.today)
    if not route:
        return CourierDay(tuple(visits), 0, len(stops))
    open_stops = 0
    for route_stop in route:
        parcel = ctx.session.get(Parcel, route_stop.parcel_id)
        open_stops += not route_stop.done and parcel is not None and parcel.status in PENDING[route_stop.kind]
    return CourierDay(tuple(visits), len(route) - open_stops, len(route))
