"""Couriers' cash by day: what the payments say each collected, and what was counted in and signed off."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import CashHandover, Payment, PostOffice, User
from postal_service.domain.access import Capability, may_act_for_office
from postal_service.domain.cash import CashDay
from postal_service.domain.errors import Forbidden
from postal_service.domain.money import PaymentMethod
from postal_service.domain.roles import Role, user_principal
from postal_service.domain.timeslots import local_days


class CashDayOut(BaseModel):
    id: int
    courier_username: str
    day: date
    expected: int
    declared: int
    counted: int
    difference: int  # counted - expected: negative when cash is missing
    flagged: bool
    counted_by: str
    counted_at: datetime
    note: str
    signed_off_by: str | None
    signed_off_at: datetime | None


class CourierCashOut(BaseModel):
    courier_username: str
    courier_name: str
    expected: int
    handover: CashDayOut | None


def cash_expected(ctx: Context, courier: User, day: date) -> int:
    """Cash the payments say this courier collected on that local day."""
    start, end = local_days(day, day)
    total = ctx.session.exec(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.method == PaymentMethod.CASH_TO_COURIER.value,
            Payment.collected_by == user_principal(courier.username),
            col(Payment.collected_at) >= start,
            col(Payment.collected_at) < end,
        )
    ).one()
    return int(total)


def cash_day_of(row: CashHandover) -> CashDay:
    return CashDay(row.expected, row.declared, row.counted, row.counted_by, row.signed_off_by)


def cash_day_out(row: CashHandover, courier_username: str) -> CashDayOut:
    day = cash_day_of(row)
    return CashDayOut(
        id=row.id or 0,
        courier_username=courier_username,
        day=row.day,
        expected=row.expected,
        declared=row.declared,
        counted=row.counted,
        difference=day.difference,
        flagged=day.flagged,
        counted_by=row.counted_by,
        counted_at=row.counted_at,
        note=row.note,
        signed_off_by=row.signed_off_by,
        signed_off_at=row.signed_off_at,
    )


def office_cash(ctx: Context, office: PostOffice, day: date) -> list[CourierCashOut]:
    """Every active courier of the office on that day: expected cash, and the handover once counted."""
    if not may_act_for_office(ctx.actor, Capability.COUNT_CASH, office.id):
        raise Forbidden(f"the cash of {office.name} is not yours to see")
    post_office_id = office.id or 0
    couriers = ctx.session.exec(
        select(User)
        .where(User.role == Role.COURIER.value, User.post_office_id == post_office_id, col(User.active).is_(True))
        .order_by(col(User.username))
    ).all()
    handed = {
        h.courier_id: h
        for h in ctx.session.exec(
            select(CashHandover).where(CashHandover.post_office_id == post_office_id, CashHandover.day == day)
        )
    }
    return [
        CourierCashOut(
            courier_username=c.username,
            courier_name=c.full_name,
            expected=cash_expected(ctx, c, day),
            handover=cash_day_out(handed[c.id], c.username) if c.id in handed else None,
        )
        for c in couriers
    ]
