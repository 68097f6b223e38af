"""The figures a post office is judged by, added up from its daily counts (queries/day_counts.py); claims and
cash, which change after the day they are about, read as they stand."""

from __future__ import annotations

from collections import Counter
from datetime import date

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import Agency, CashHandover, Claim, User
from postal_service.domain.periods import Bucket, bucket_of, buckets
from postal_service.domain.roles import Role, user_principal
from postal_service.domain.timeslots import LOCAL_TZ, local_days

from .day_counts import Count, Figure


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


def volumes(counts: list[Count], first: date, last: date, bucket: Bucket) -> list[VolumePoint]:
    booked: Counter[tuple[date, str]] = Counter()
    for c in counts:
        if c.figure is Figure.REQUESTS:
            booked[(bucket_of(c.day, bucket), c.key)] += c.count
    return [
        VolumePoint(period=p, send=booked[(p, "send")], receive=booked[(p, "receive")], both=booked[(p, "both")])
        for p in buckets(first, last, bucket)
    ]


def by_key(counts: list[Count], figure: Figure) -> Counter[str]:
    """The counts of one figure added up by their key (a service, an agency, a courier, a reason)."""
    added: Counter[str] = Counter()
    for c in counts:
        if c.figure is figure:
            added[c.key] += c.count
    return added


def pickup_to_agency_hours(counts: list[Count]) -> float | None:
    """Mean hours from intake to the agency's receipt, over the dossiers the agency received in the period."""
    received = [c for c in counts if c.figure is Figure.PICKUP_TO_AGENCY]
    dossiers = sum(c.count for c in received)
    return round(sum(c.amount for c in received) / dossiers, 2) if dossiers else None


def by_agency(ctx: Context, counts: list[Count]) -> list[AgencyRow]:
    """The agencies the office booked requests for in the period, each with its part of the deadlines."""
    booked = by_key(counts, Figure.AGENCY_REQUESTS)
    on_time, late = by_key(counts, Figure.AGENCY_ON_TIME), by_key(counts, Figure.AGENCY_LATE)
    names = dict(ctx.session.exec(select(Agency.code, Agency.name).where(col(Agency.code).in_(booked))).all())
    return [
        AgencyRow(
            agency_code=code,
            agency_name=names.get(code, code),
            requests=booked[code],
            agency_on_time=on_time[code],
            agency_late=late[code],
        )
        for code in sorted(booked)
    ]


def by_courier(ctx: Context, counts: list[Count], office_id: int, first: date, last: date) -> list[CourierRow]:
    delivered, failed = by_key(counts, Figure.DELIVERIES), by_key(counts, Figure.FAILED_ATTEMPTS)
    cash = ctx.session.exec(
        select(CashHandover.courier_id, CashHandover.counted, CashHandover.expected).where(
            CashHandover.post_office_id == office_id, col(CashHandover.day) >= first, col(CashHandover.day) <= last
        )
    ).all()
    difference: Counter[int] = Counter()
    for courier_id, counted, expected in cash:
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


def claim_counts(ctx: Context, office_id: int, first: date, last: date) -> tuple[int, int, int]:
    """Filed in the period; of those, answered; and answered by their legal date."""
    start, end = local_days(first, last)
    claims = ctx.session.exec(
        select(Claim).where(Claim.post_office_id == office_id, col(Claim.filed_at) >= start, col(Claim.filed_at) < end)
    ).all()
    answered = [c for c in claims if c.resolved_at is not None]
    on_time = [c for c in answered if c.resolved_at and c.resolved_at.astimezone(LOCAL_TZ).date() <= c.resolve_by]
    return len(claims), len(answered), len(on_time)
