"""The figures a post office is judged by, each read by one query over the office's period."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from pydantic import BaseModel
from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import (
    Agency,
    Bag,
    BagEvent,
    CashHandover,
    Claim,
    CustodyEvent,
    Parcel,
    Procedure,
    ServiceRequest,
    TrunkRun,
    User,
)
from postal_service.domain.bags import BagAction
from postal_service.domain.lifecycle import Action, Leg
from postal_service.domain.periods import Bucket, bucket_of, buckets
from postal_service.domain.roles import Role, user_principal
from postal_service.domain.timeslots import LOCAL_TZ, local_days

INTAKES = (Action.PICK_UP.value, Action.ACCEPT_AT_COUNTER.value)
HANDOVERS = (Action.DELIVER.value, Action.COLLECT_AT_COUNTER.value)


class VolumePoint(BaseModel):
    period: date  # the first day of the day, week or month
    send: int
    receive: int
    both: int


class AgencyRow(BaseModel):
    agency_code: str
    agency_name: str
    requests: int
    agency_on_time: int = 0  # its results ready by the appointment date it gave, in the period
    agency_late: int = 0


class CourierRow(BaseModel):
    username: str
    name: str
    deliveries: int
    failed_attempts: int
    cash_difference: int  # counted - expected over the period; negative when cash went missing


def volumes(ctx: Context, office_id: int, first: date, last: date, bucket: Bucket) -> list[VolumePoint]:
    start, end = local_days(first, last)
    rows = ctx.session.exec(
        select(ServiceRequest.service, ServiceRequest.created_at).where(
            ServiceRequest.post_office_id == office_id,
            col(ServiceRequest.created_at) >= start,
            col(ServiceRequest.created_at) < end,
        )
    ).all()
    counted = Counter((bucket_of(at.astimezone(LOCAL_TZ).date(), bucket), service) for service, at in rows)
    return [
        VolumePoint(period=p, send=counted[(p, "send")], receive=counted[(p, "receive")], both=counted[(p, "both")])
        for p in buckets(first, last, bucket)
    ]


def office_events(
    ctx: Context, office_id: int, first: date, last: date, actions: tuple[str, ...]
) -> list[tuple[CustodyEvent, Parcel]]:
    """(event, parcel) of the office's parcels, for the given steps taken in the period."""
    start, end = local_days(first, last)
    return list(
        ctx.session.exec(
            select(CustodyEvent, Parcel)
            .join(Parcel, col(Parcel.id) == col(CustodyEvent.parcel_id))
            .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
            .where(
                ServiceRequest.post_office_id == office_id,
                col(CustodyEvent.action).in_(actions),
                col(CustodyEvent.occurred_at) >= start,
                col(CustodyEvent.occurred_at) < end,
            )
            .order_by(col(CustodyEvent.occurred_at))
        ).all()
    )


def pickup_to_agency_hours(ctx: Context, office_id: int, first: date, last: date) -> float | None:
    """Mean hours from intake to the agency's receipt, over the dossiers the agency received in the period."""
    received = office_events(ctx, office_id, first, last, (Action.CONFIRM_AGENCY_RECEIPT.value,))
    dossiers = {parcel.id: event.occurred_at for event, parcel in received if parcel.leg == Leg.DOSSIER.value}
    intakes = ctx.session.exec(  # one query for all: each dossier's first intake
        select(CustodyEvent.parcel_id, func.min(CustodyEvent.occurred_at))
        .where(col(CustodyEvent.parcel_id).in_(dossiers), col(CustodyEvent.action).in_(INTAKES))
        .group_by(col(CustodyEvent.parcel_id))
    ).all()
    hours = [(dossiers[parcel_id] - taken).total_seconds() / 3600 for parcel_id, taken in intakes]
    return round(sum(hours) / len(hours), 2) if hours else None


def by_agency(ctx: Context, office_id: int, first: date, last: date) -> list[AgencyRow]:
    start, end = local_days(first, last)
    rows = ctx.session.exec(
        select(Agency.code, Agency.name, ServiceRequest.id)
        .join(Procedure, col(Procedure.agency_id) == col(Agency.id))
        .join(ServiceRequest, col(ServiceRequest.procedure_id) == col(Procedure.id))
        .where(
            ServiceRequest.post_office_id == office_id,
            col(ServiceRequest.created_at) >= start,
            col(ServiceRequest.created_at) < end,
        )
    ).all()
    counted = Counter((code, name) for code, name, _ in rows)
    return [AgencyRow(agency_code=c, agency_name=n, requests=k) for (c, n), k in sorted(counted.items())]


def by_courier(ctx: Context, office_id: int, first: date, last: date) -> list[CourierRow]:
    steps = office_events(ctx, office_id, first, last, (*HANDOVERS, Action.RECORD_FAILED_ATTEMPT.value))
    delivered = Counter(e.actor for e, _ in steps if e.action in HANDOVERS)
    failed = Counter(e.actor for e, _ in steps if e.action == Action.RECORD_FAILED_ATTEMPT.value)
    counts = ctx.session.exec(
        select(CashHandover.courier_id, CashHandover.counted, CashHandover.expected).where(
            CashHandover.post_office_id == office_id, col(CashHandover.day) >= first, col(CashHandover.day) <= last
        )
    ).all()
    difference: Counter[int] = Counter()
    for courier_id, counted, expected in counts:
        difference[courier_id] += counted - expected
    couriers = ctx.session.exec(
        select(User)
        .where(User.post_office_id == office_id, User.role == Role.COURIER.value)
        .order_by(col(User.username))
    ).all()
    return [
        CourierRow(
            username=u.username,
            name=u.full_name,
            deliveries=delivered[user_principal(u.username)],
            failed_attempts=failed[user_principal(u.username)],
            cash_difference=difference[u.id or 0],
        )
        for u in couriers
    ]


def failure_reasons(ctx: Context, office_id: int, first: date, last: date) -> dict[str, int]:
    steps = office_events(ctx, office_id, first, last, (Action.RECORD_FAILED_ATTEMPT.value,))
    return dict(Counter(str(e.evidence.get("reason", "")) for e, _ in steps))


def claim_counts(ctx: Context, office_id: int, first: date, last: date) -> tuple[int, int, int]:
    """Filed in the period; of those, answered; and answered by their legal date."""
    start, end = local_days(first, last)
    claims = ctx.session.exec(
        select(Claim).where(Claim.post_office_id == office_id, col(Claim.filed_at) >= start, col(Claim.filed_at) < end)
    ).all()
    answered = [c for c in claims if c.resolved_at is not None]
    on_time = [c for c in answered if c.resolved_at and c.resolved_at.astimezone(LOCAL_TZ).date() <= c.resolve_by]
    return len(claims), len(answered), len(on_time)


def exemptions(ctx: Context, office_id: int, first: date, last: date) -> dict[str, int]:
    """Exemptions granted at intake in the period, by category and the paper that proved them."""
    steps = office_events(ctx, office_id, first, last, INTAKES)
    proved = (e.evidence.get("exemption") for e, _ in steps)
    return dict(Counter(f"{p['category']}:{p['proof']}" for p in proved if isinstance(p, dict)))


def hops_on_time(ctx: Context, office_code: str, first: date, last: date) -> tuple[int, int]:
    """(on time, late) of the bags that left this office and were received at the next point in the period: on
    time when received by the run's timetabled arrival (its departure plus its riding time). The office's bags
    are read by their origin (an index), their receipts by the bag."""
    start, end = local_days(first, last)
    rows = ctx.session.exec(
        select(Bag.departs, BagEvent.occurred_at, TrunkRun.arrives - TrunkRun.departs)
        .join(BagEvent, col(BagEvent.bag_id) == col(Bag.id))
        .join(TrunkRun, col(TrunkRun.code) == col(Bag.run))
        .where(
            Bag.origin == office_code,
            BagEvent.action == BagAction.RECEIVE.value,
            col(BagEvent.occurred_at) >= start,
            col(BagEvent.occurred_at) < end,
        )
    ).all()
    on_time = sum(1 for departs, received, riding in rows if received <= departs + timedelta(minutes=riding))
    return on_time, len(rows) - on_time
