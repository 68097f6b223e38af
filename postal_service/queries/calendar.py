"""A year's calendar as an administrator reads it: the law's holidays by name, the days declared, and whether the
next year's swaps are still to be declared (the government announces them in the autumn)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import CalendarDay
from postal_service.domain.access import Capability, require
from postal_service.public_holidays import named_public_holidays

ANNOUNCEMENTS_FROM_MONTH = 10  # from October, next year's swaps are due


class HolidayOut(BaseModel):
    day: date
    name: str


class DeclaredDayOut(BaseModel):
    day: date
    working: bool
    reference: str
    note: str | None
    declared_by: str


class YearOut(BaseModel):
    year: int
    holidays: list[HolidayOut]  # by law
    declared: list[DeclaredDayOut]
    working_days: int  # in the year, on this calendar
    next_year_undeclared: bool  # from October: no day of next year declared yet


def year_calendar(ctx: Context, year: int, language: str) -> YearOut:
    require(ctx.actor, Capability.MANAGE_CATALOGUE)
    first, last = date(year, 1, 1), date(year, 12, 31)
    declared = ctx.session.exec(
        select(CalendarDay)
        .where(col(CalendarDay.day) >= first, col(CalendarDay.day) <= last)
        .order_by(col(CalendarDay.day))
    ).all()
    return YearOut(
        year=year,
        holidays=[HolidayOut(day=day, name=name) for day, name in named_public_holidays(year, language)],
        declared=[DeclaredDayOut.model_validate(row, from_attributes=True) for row in declared],
        working_days=ctx.calendar.working_days_between(first - timedelta(days=1), last),
        next_year_undeclared=_next_year_undeclared(ctx),
    )


def _next_year_undeclared(ctx: Context) -> bool:
    if ctx.today.month < ANNOUNCEMENTS_FROM_MONTH:
        return False
    next_year = date(ctx.today.year + 1, 1, 1)
    query = select(CalendarDay.id).where(col(CalendarDay.day) >= next_year)
    return ctx.session.exec(query.limit(1)).first() is None
