"""A courier's cash of the day: counted in at the post office against the payments, signed off by a manager."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from postal_service.context import Context
from postal_service.db.repository import lock_row
from postal_service.db.tables import CashHandover, PostOffice, User
from postal_service.domain.access import Capability, may_act_for_office, require
from postal_service.domain.cash import check_sign_off
from postal_service.domain.errors import Conflict, Forbidden, NotFound
from postal_service.queries.cash import CashDayOut, cash_day_of, cash_day_out, cash_expected

from .people import courier_named
from .schemas import CashHandIn, CashSignOff


def _require_office(ctx: Context, capability: Capability, office: PostOffice) -> None:
    if not may_act_for_office(ctx.actor, capability, office.id):
        raise Forbidden(f"the cash of {office.name} is not yours to handle")


def count_in(ctx: Context, office: PostOffice, data: CashHandIn) -> CashDayOut:
    """Record what a courier hands in and what was counted; expected comes from that day's cash payments."""
    _require_office(ctx, Capability.COUNT_CASH, office)
    courier = courier_named(ctx, data.courier_username, "courier_username", office.id)
    day = data.day or ctx.today
    row = CashHandover(
        post_office_id=office.id or 0,
        courier_id=courier.id or 0,
        day=day,
        expected=cash_expected(ctx, courier, day),
        declared=data.declared,
        counted=data.counted,
        counted_by=ctx.actor.principal,
        counted_at=ctx.now,
        note=data.note or "",
    )
    try:
        with ctx.session.begin_nested():  # a second counter at the same moment waits, then finds it counted
            ctx.session.add(row)
            ctx.session.flush()
    except IntegrityError:
        raise Conflict(f"{courier.username}'s cash of {day:%d/%m/%Y} was already counted in") from None
    return cash_day_out(row, courier.username)


def sign_off(ctx: Context, handover_id: int, data: CashSignOff) -> CashDayOut:
    """A manager closes the day (not the one who counted it); the row is locked so two sign-offs make one."""
    require(ctx.actor, Capability.SIGN_OFF_CASH)
    lock_row(ctx.session, CashHandover, handover_id)
    row = ctx.session.get(CashHandover, handover_id)
    office = ctx.session.get(PostOffice, row.post_office_id) if row is not None else None
    if row is None or office is None:
        raise NotFound(f"no cash handover {handover_id}")
    _require_office(ctx, Capability.SIGN_OFF_CASH, office)
    check_sign_off(cash_day_of(row), ctx.actor.principal, data.note)
    row.signed_off_by, row.signed_off_at = ctx.actor.principal, ctx.now
    if data.note:
        row.note = f"{row.note}\n{data.note}".strip()
    ctx.session.add(row)
    ctx.session.flush()
    courier = ctx.session.get(User, row.courier_id)
    return cash_day_out(row, courier.username if courier else "")
