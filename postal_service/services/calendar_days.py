"""The days an administrator declares beyond the law's holidays: each half of the government's yearly swap (a
Saturday worked, a weekday off) and any extra day off, with the announcement it comes from. Deadlines, slots,
holds and claims count working days on the calendar they make with the law's (`Context.calendar`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, select

from postal_service.context import Context
from postal_service.db.tables import CalendarDay
from postal_service.domain.errors import Conflict, NotFound

from .catalogue import require_admin
from .schemas.calendar import DayDeclaration


def declare_day(ctx: Context, data: DayDeclaration) -> CalendarDay:
    """A day declared working must be one the calendar keeps off, and a day declared off one it works: anything
    else would change nothing and is a conflict with the calendar (409), as is a day declared twice (withdraw it
    to change it)."""
    require_admin(ctx)
    if ctx.session.exec(select(CalendarDay.id).where(CalendarDay.day == data.day)).first() is not None:
        raise Conflict(f"{data.day.isoformat()} is already declared: withdraw it first to change it")
    if ctx.calendar.is_working_day(data.day) == data.working:
        already = "a working day" if data.working else "a day off"
        raise Conflict(f"{data.day.isoformat()} is already {already}")
    row = CalendarDay(**data.model_dump(), declared_by=ctx.actor.principal, declared_at=ctx.now)
    ctx.session.add(row)
    try:
        ctx.session.flush()
    except IntegrityError as error:  # another administrator declared it at the same moment
        raise Conflict(f"{data.day.isoformat()} was declared at the same moment by someone else") from error
    ctx.forget_calendar()
    return row


def withdraw_day(ctx: Context, day: date) -> None:
    """A declaration made in error goes; the day is as the law and the other declarations make it again."""
    require_admin(ctx)
    gone = ctx.session.execute(delete(CalendarDay).where(col(CalendarDay.day) == day))
    if not gone.rowcount:  # type: ignore[attr-defined]  # never declared, or withdrawn at the same moment
        raise NotFound(f"{day.isoformat()} is not declared")
    ctx.forget_calendar()
