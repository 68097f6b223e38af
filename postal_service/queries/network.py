"""The network as the pages, the API and the path planner read it: hubs, runs, and the timetable as a searchable
`routing.network.Network`."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select as summary
from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import ExchangeHub, ParcelPath, PostOffice, TrunkRun
from postal_service.domain import network
from routing.network import Network
from routing.timetable import Journey, Run

from . import geography
from .catalogue_views import PlaceOut


def list_hubs(ctx: Context) -> list[ExchangeHub]:
    return list(ctx.session.exec(select(ExchangeHub).order_by(col(ExchangeHub.code))))


def list_runs(ctx: Context, point: str | None = None) -> list[TrunkRun]:
    """Every run, or those leaving or reaching one point, in the order of the timetable's book."""
    query = select(TrunkRun).order_by(col(TrunkRun.origin), col(TrunkRun.departs), col(TrunkRun.code))
    if point is not None:
        query = query.where((col(TrunkRun.origin) == point) | (col(TrunkRun.destination) == point))
    return list(ctx.session.exec(query))


def run_of(row: TrunkRun) -> Run:
    return Run(
        row.code,
        row.origin,
        row.destination,
        frozenset(int(day) for day in row.weekdays),
        row.departs,
        row.arrives,
        row.cutoff,
    )


_BUILT: dict[tuple[object, ...], Network] = {}  # this process's network, kept until the timetable changes


def searchable(ctx: Context) -> Network:
    """The timetable as it stands in this unit of work. A national one takes seconds to build, so each process
    keeps the last one built and builds again when its runs or hubs change (told by a few sums over them)."""
    runs = ctx.session.execute(
        summary(
            func.count(),
            func.max(TrunkRun.id),
            func.sum(TrunkRun.id),  # ids come back after a delete on SQLite: the times and places tell too
            func.sum(TrunkRun.departs * 3 + TrunkRun.arrives * 5 + TrunkRun.cutoff * 7),
            func.sum(func.length(TrunkRun.origin + TrunkRun.destination + TrunkRun.weekdays) * TrunkRun.id),
        )
    ).one()
    hubs = ctx.session.execute(summary(func.count(), func.max(ExchangeHub.id), func.sum(ExchangeHub.id))).one()
    version = (str(ctx.session.get_bind().engine.url), *runs, *hubs)
    network = _BUILT.get(version)
    if network is None:
        codes = ctx.session.exec(select(ExchangeHub.code)).all()
        network = Network((run_of(row) for row in ctx.session.exec(select(TrunkRun))), codes)
        _BUILT.clear()
        _BUILT[version] = network
    return network


class HopOut(BaseModel):
    run: str
    origin: str
    destination: str
    closes: datetime
    departs: datetime
    arrives: datetime


def timed(journey: Journey, week: datetime) -> list[HopOut]:
    """A journey's hops on the calendar of the week it was searched from."""
    return [
        HopOut(
            run=hop.run,
            origin=hop.origin,
            destination=hop.destination,
            closes=network.moment_at(week, hop.closes),
            departs=network.moment_at(week, hop.departs),
            arrives=network.moment_at(week, hop.arrives),
        )
        for hop in journey.hops
    ]


def earliest(ctx: Context, origin: str, destination: str, ready: datetime) -> list[HopOut] | None:
    """The hops of the earliest arrival from `origin` to `destination` for an envelope ready there at `ready`,
    or None when the timetable joins them by no run."""
    week = network.week_of(ready)
    journey = searchable(ctx).earliest(origin, destination, network.minute_in(week, ready))
    return None if journey is None else timed(journey, week)


class HubOut(PlaceOut):
    pass


class RunOut(BaseModel):
    code: str
    origin: str
    destination: str
    weekdays: list[str]
    departs: str  # HH:MM
    arrives: str  # HH:MM, +N for N days later
    cutoff_minutes: int
    level: int


class JourneyOut(BaseModel):
    hops: list[HopOut]
    expected_arrival: datetime


def run_view(row: TrunkRun) -> RunOut:
    return RunOut(
        code=row.code,
        origin=row.origin,
        destination=row.destination,
        weekdays=network.weekday_names(row.weekdays),
        departs=network.written_time(row.departs),
        arrives=network.written_time(row.arrives),
        cutoff_minutes=row.cutoff,
        level=row.level,
    )


def journey_view(hops: list[HopOut], ready: datetime) -> JourneyOut:
    return JourneyOut(hops=hops, expected_arrival=hops[-1].arrives if hops else ready)


class PathOut(BaseModel):
    """Where an envelope travels over the network and when it is expected at the office that hands it on."""

    origin: str  # the office that took it, or the point it was re-routed from
    destination_office_code: str
    destination_office_name: str
    destination_province: str
    hops: list[HopOut]
    expected_arrival: datetime
    planned_at: datetime


def path_of(ctx: Context, parcel_id: int) -> PathOut | None:
    """The envelope's latest planned path (a re-route writes a newer one), or None for a local leg."""
    return paths_of(ctx, [parcel_id]).get(parcel_id)


def paths_of(ctx: Context, parcel_ids: list[int]) -> dict[int, PathOut]:
    """The latest planned path of each envelope that has one, read in one statement (a request's envelopes)."""
    latest = {
        p.parcel_id: p
        for p in ctx.session.exec(
            select(ParcelPath).where(col(ParcelPath.parcel_id).in_(parcel_ids)).order_by(col(ParcelPath.id))
        )
    }
    return {parcel_id: _path_out(ctx, path) for parcel_id, path in latest.items()}


def _path_out(ctx: Context, path: ParcelPath) -> PathOut:
    destination = ctx.session.get(PostOffice, path.destination_office_id)
    assert destination is not None  # offices are never deleted
    return PathOut(
        origin=path.origin,
        destination_office_code=destination.code,
        destination_office_name=destination.name,
        destination_province=geography.provinces()[destination.province_code],
        hops=[HopOut.model_validate(hop) for hop in path.hops],
        expected_arrival=path.expected_arrival,
        planned_at=path.planned_at,
    )
