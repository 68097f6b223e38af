"""What an office's figures are made of, counted from the requests, custody steps and bag receipts of a period.

Every count is of one office on one local day, so that the nightly job stores finished days once
(services/figure_roll_up.py) and a report adds up stored days and counts only the days not yet stored
(queries/day_figures.py). Each query reads its period through an index on the time the work was done, never the
office's whole past.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, true
from sqlalchemy import select as columns
from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.queries import CHAIN_JOIN
from postal_service.db.tables import (
    Agency,
    Bag,
    BagEvent,
    CustodyEvent,
    Parcel,
    PostOffice,
    Procedure,
    ServiceRequest,
    TrunkRun,
)
from postal_service.domain.bags import BagAction
from postal_service.domain.lifecycle import Action, Leg
from postal_service.domain.timeslots import LOCAL_TZ, local_days

from .leg_deadlines import leg_deadline

INTAKES = (Action.PICK_UP.value, Action.ACCEPT_AT_COUNTER.value)
HANDOVERS = (Action.DELIVER.value, Action.COLLECT_AT_COUNTER.value)
THE_POSTS_ARRIVALS = (Action.PRESENT_AT_AGENCY.value, Action.DELIVER.value)  # judged by J+1/2/3
THE_AGENCYS_RESULTS = (Action.MARK_RESULT_READY.value,)  # judged by the appointment date the agency gave
FAILED = Action.RECORD_FAILED_ATTEMPT.value
RECEIVED = Action.CONFIRM_AGENCY_RECEIPT.value
COUNTED_STEPS = (*INTAKES, *HANDOVERS, *THE_POSTS_ARRIVALS, *THE_AGENCYS_RESULTS, FAILED, RECEIVED)


class Figure(StrEnum):
    """What a count counts, and of what its key is."""

    REQUESTS = "requests"  # booked, by service
    AGENCY_REQUESTS = "agency_requests"  # booked, by the agency's code
    POST_ON_TIME = "post_on_time"  # legs the post brought to the agency's desk or the citizen's door by J+1/2/3
    POST_LATE = "post_late"
    AGENCY_ON_TIME = "agency_on_time"  # results ready by the appointment date, by the agency's code
    AGENCY_LATE = "agency_late"
    DELIVERIES = "deliveries"  # results handed over, by the courier or clerk who did
    FAILED_ATTEMPTS = "failed_attempts"  # by courier
    FAILURE_REASON = "failure_reason"  # by reason
    EXEMPTION = "exemption"  # granted at intake, by "category:paper shown"
    PICKUP_TO_AGENCY = "pickup_to_agency"  # dossiers the agency received; amount: hours since their intake
    HOPS_ON_TIME = "hops_on_time"  # bags from the office received at the next point by the run's arrival
    HOPS_LATE = "hops_late"


@dataclass(frozen=True)
class Count:
    office_id: int
    day: date
    figure: Figure
    key: str
    count: int
    amount: float = 0.0


class _Tally:
    def __init__(self) -> None:
        self.counts: defaultdict[tuple[int, date, Figure, str], list[float]] = defaultdict(lambda: [0, 0.0])

    def add(self, office_id: int, at: datetime, figure: Figure, key: str = "", amount: float = 0.0) -> None:
        counted = self.counts[(office_id, at.astimezone(LOCAL_TZ).date(), figure, key)]
        counted[0] += 1
        counted[1] += amount

    def rows(self) -> list[Count]:
        return [Count(o, d, f, k, int(c), a) for (o, d, f, k), (c, a) in sorted(self.counts.items())]


def count_period(ctx: Context, first: date, last: date, office_id: int | None = None) -> list[Count]:
    """Every count of the days `first` to `last`, of one office or (for the nightly job) of all of them."""
    tally = _Tally()
    start, end = local_days(first, last)
    of_office = true() if office_id is None else col(ServiceRequest.post_office_id) == office_id
    _requests(ctx, tally, start, end, of_office)
    _steps(ctx, tally, start, end, of_office)
    _pickup_to_agency(ctx, tally, start, end, of_office)
    _hops(ctx, tally, start, end, office_id)
    return tally.rows()


def _requests(ctx: Context, tally: _Tally, start: datetime, end: datetime, of_office: ColumnElement[bool]) -> None:
    rows = ctx.session.exec(
        select(ServiceRequest.post_office_id, ServiceRequest.created_at, ServiceRequest.service, Agency.code)
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(Agency, col(Agency.id) == col(Procedure.agency_id))
        .where(col(ServiceRequest.created_at) >= start, col(ServiceRequest.created_at) < end, of_office)
    )
    for office_id, at, service, agency in rows:
        tally.add(office_id, at, Figure.REQUESTS, service)
        tally.add(office_id, at, Figure.AGENCY_REQUESTS, agency)


class _Step(NamedTuple):
    """What a counted step tells, read as columns (not whole rows: a busy office's day has thousands)."""

    action: str
    actor: str
    at: datetime
    evidence: dict[str, Any] | None
    leg: str
    started_on: date | None
    office_id: int
    quote: dict[str, Any]
    appointment_date: date | None
    agency: str


_STEP_COLUMNS = tuple(  # one per field of _Step, in its order
    col(c)
    for c in (
        CustodyEvent.action,
        CustodyEvent.actor,
        CustodyEvent.occurred_at,
        CustodyEvent.evidence,
        Parcel.leg,
        Parcel.started_on,
        ServiceRequest.post_office_id,
        ServiceRequest.quote,
        ServiceRequest.appointment_date,
        Agency.code,
    )
)


def _steps(ctx: Context, tally: _Tally, start: datetime, end: datetime, of_office: ColumnElement[bool]) -> None:
    rows = ctx.session.execute(
        columns(*_STEP_COLUMNS)
        .join(Parcel, CHAIN_JOIN)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(Agency, col(Agency.id) == col(Procedure.agency_id))
        .where(col(CustodyEvent.action).in_(COUNTED_STEPS), of_office)
        .where(col(CustodyEvent.occurred_at) >= start, col(CustodyEvent.occurred_at) < end)
    )  # fmt: skip
    for row in rows:
        _step(ctx, tally, _Step._make(row))


def _step(ctx: Context, tally: _Tally, step: _Step) -> None:
    action, actor, at, evidence, office = step.action, step.actor, step.at, step.evidence or {}, step.office_id
    day = at.astimezone(LOCAL_TZ).date()
    deadline = leg_deadline(ctx, step.leg, step.started_on, step.quote) if action in THE_POSTS_ARRIVALS else None
    if deadline is not None:
        tally.add(office, at, Figure.POST_LATE if day > deadline else Figure.POST_ON_TIME)
    if action in THE_AGENCYS_RESULTS and step.appointment_date is not None:
        late = day > step.appointment_date
        tally.add(office, at, Figure.AGENCY_LATE if late else Figure.AGENCY_ON_TIME, step.agency)
    if action in HANDOVERS:
        tally.add(office, at, Figure.DELIVERIES, actor)
    if action == FAILED:
        tally.add(office, at, Figure.FAILED_ATTEMPTS, actor)
        tally.add(office, at, Figure.FAILURE_REASON, str(evidence.get("reason", "")))
    if action in INTAKES and isinstance(proved := evidence.get("exemption"), dict):
        tally.add(office, at, Figure.EXEMPTION, f"{proved['category']}:{proved['proof']}")


def _pickup_to_agency(
    ctx: Context, tally: _Tally, start: datetime, end: datetime, of_office: ColumnElement[bool]
) -> None:
    """Each dossier the agency received in the period, with the hours since its first intake."""
    received = (
        select(CustodyEvent.parcel_id, CustodyEvent.occurred_at, ServiceRequest.post_office_id)
        .join(Parcel, CHAIN_JOIN)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .where(CustodyEvent.action == RECEIVED, Parcel.leg == Leg.DOSSIER.value, of_office)
        .where(col(CustodyEvent.occurred_at) >= start, col(CustodyEvent.occurred_at) < end)
        .subquery()
    )
    rows = ctx.session.exec(
        select(received.c.post_office_id, received.c.occurred_at, func.min(CustodyEvent.occurred_at))
        .join(CustodyEvent, col(CustodyEvent.parcel_id) == received.c.parcel_id)
        .where(col(CustodyEvent.action).in_(INTAKES))
        .group_by(received.c.parcel_id, received.c.post_office_id, received.c.occurred_at)
    )
    for office_id, at, taken in rows:
        tally.add(office_id, at, Figure.PICKUP_TO_AGENCY, amount=(at - taken).total_seconds() / 3600)


def _hops(ctx: Context, tally: _Tally, start: datetime, end: datetime, office_id: int | None) -> None:
    """Bags that left an office and were received at the next point in the period: on time when received by the
    run's timetabled arrival (its departure plus its riding time)."""
    rows = ctx.session.exec(
        select(PostOffice.id, BagEvent.occurred_at, Bag.departs, TrunkRun.arrives - TrunkRun.departs)
        .join(Bag, col(Bag.id) == col(BagEvent.bag_id))
        .join(PostOffice, col(PostOffice.code) == col(Bag.origin))
        .join(TrunkRun, col(TrunkRun.code) == col(Bag.run))
        .where(BagEvent.action == BagAction.RECEIVE.value)
        .where(col(BagEvent.occurred_at) >= start, col(BagEvent.occurred_at) < end)
        .where(true() if office_id is None else col(PostOffice.id) == office_id)
    )
    for office, received, departs, riding in rows:
        assert office is not None
        late = received > departs + timedelta(minutes=riding)
        tally.add(office, received, Figure.HOPS_LATE if late else Figure.HOPS_ON_TIME)


def total(counts: Iterable[Count], *figures: Figure) -> int:
    return sum(c.count for c in counts if c.figure in figures)
