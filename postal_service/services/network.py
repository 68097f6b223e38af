"""Describing the network: an administrator adds hubs and runs one by one, or loads a whole timetable (the
`postal-service timetable load` command and `PUT /api/v1/network/timetable`); every bad line is named, nothing is
half-written."""

from __future__ import annotations

from sqlmodel import col, delete, select

from postal_service.context import Context
from postal_service.db.tables import ExchangeHub, PostOffice, TrunkRun
from postal_service.domain import network
from postal_service.domain.errors import Conflict, InvalidField, NotFound
from postal_service.queries.network import run_of

from .catalogue import require_admin
from .schemas.network import HubCreate, RunCreate, TimetableLoad

FIELD_OF_FAULT = {"cutoff": "cutoff_minutes"}  # the routing library's names where the body's differ


def create_hub(ctx: Context, data: HubCreate) -> ExchangeHub:
    require_admin(ctx)
    if ctx.session.exec(select(ExchangeHub.id).where(ExchangeHub.code == data.code)).first() is not None:
        raise Conflict(f"hub {data.code} already exists")
    hub = ExchangeHub(code=data.code, name=data.name, **data.address.model_dump())
    ctx.session.add(hub)
    ctx.session.flush()
    return hub


def add_run(ctx: Context, data: RunCreate) -> TrunkRun:
    require_admin(ctx)
    if ctx.session.exec(select(TrunkRun.id).where(TrunkRun.code == data.code)).first() is not None:
        raise Conflict(f"run {data.code} already exists")
    row = _checked(data, _points(ctx), "")
    ctx.session.add(row)
    ctx.session.flush()
    return row


def remove_run(ctx: Context, code: str) -> None:
    require_admin(ctx)
    row = ctx.session.exec(select(TrunkRun).where(TrunkRun.code == code)).first()
    if row is None:
        raise NotFound(f"no run {code}")
    ctx.session.delete(row)
    ctx.session.flush()


def load_timetable(ctx: Context, data: TimetableLoad) -> int:
    """Add or rename the hubs given, then replace every run by the runs given; a run naming a point that is
    neither an office nor a hub, a run that arrives before it leaves, and a run code given twice are refused,
    each by its line (`runs[3].arrives`), all of them at once."""
    require_admin(ctx)
    known = {hub.code: hub for hub in ctx.session.exec(select(ExchangeHub))}
    for hub_given in data.hubs:
        hub = known.get(hub_given.code)
        if hub is None:
            ctx.session.add(ExchangeHub(code=hub_given.code, name=hub_given.name, **hub_given.address.model_dump()))
            continue
        for name, value in {"name": hub_given.name, **hub_given.address.model_dump()}.items():
            setattr(hub, name, value)
    points = _points(ctx) | {given.code for given in data.hubs}
    errors: dict[str, str] = {}
    rows, seen = [], set[str]()
    for line, given in enumerate(data.runs):
        try:
            rows.append(_checked(given, points, f"runs[{line}]."))
        except InvalidField as error:
            errors.update(error.errors)
        if given.code in seen:
            errors[f"runs[{line}].code"] = f"run {given.code} is given twice"
        seen.add(given.code)
    if errors:
        raise InvalidField(errors)
    ctx.session.execute(delete(TrunkRun))
    ctx.session.add_all(rows)
    ctx.session.flush()
    return len(rows)


def _points(ctx: Context) -> set[str]:
    offices = ctx.session.exec(select(PostOffice.code)).all()
    hubs = ctx.session.exec(select(col(ExchangeHub.code))).all()
    return {*offices, *hubs}


def _checked(data: RunCreate, points: set[str], line: str) -> TrunkRun:
    row = TrunkRun(
        code=data.code,
        origin=data.origin,
        destination=data.destination,
        weekdays=network.weekday_numbers(list(data.weekdays)),
        departs=network.minutes_of(data.departs),
        arrives=network.minutes_of(data.arrives),
        cutoff=data.cutoff_minutes,
        level=data.level,
    )
    errors = {f"{line}{FIELD_OF_FAULT.get(name, name)}": fault for name, fault in run_of(row).faults().items()}
    for end in ("origin", "destination"):
        if getattr(data, end) not in points:
            errors[f"{line}{end}"] = f"{getattr(data, end)} is neither a post office nor a hub"
    if errors:
        raise InvalidField(errors)
    return row
