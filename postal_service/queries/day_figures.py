"""An office's counts over a period: the finished days the nightly job stored, and the days after it counted
now (today, or any day the job has not reached yet), so a report costs the same after years of history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Result, case, literal
from sqlalchemy import select as columns
from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import FiguresRolledUp, OfficeDayFigure

from .day_counts import Count, Figure, count_period

DAY_BY_DAY = (Figure.REQUESTS,)  # the volumes drawn per day, week or month; every other figure is a total


def rolled_up_to(ctx: Context) -> date | None:
    """The last day the nightly job stored; every day before it is stored too."""
    return ctx.session.exec(select(func.max(FiguresRolledUp.day))).one()


def office_counts(ctx: Context, office_id: int, first: date, last: date) -> list[Count]:
    """Stored days come added up by PostgreSQL or SQLite, one count per figure and key (dated `first`) and per day
    only for the figures drawn day by day: a month's report then builds as many counts as it has keys, not keys
    times days."""
    rolled = rolled_up_to(ctx)
    counts: list[Count] = []
    if rolled is not None and rolled >= first:
        figure, key = col(OfficeDayFigure.figure), col(OfficeDayFigure.key)
        day = case((figure.in_([f.value for f in DAY_BY_DAY]), col(OfficeDayFigure.day)), else_=literal(first))
        stored: Result[Any, Any, Any, Any, Any] = ctx.session.execute(
            columns(figure, key, day.label("day"), func.sum(OfficeDayFigure.count), func.sum(OfficeDayFigure.amount))
            .where(
                col(OfficeDayFigure.post_office_id) == office_id,
                col(OfficeDayFigure.day) >= first,
                col(OfficeDayFigure.day) <= min(last, rolled),
            )
            .group_by(figure, key, day)
        )
        counts = [Count(office_id, _date(d), Figure(f), k, int(n), float(a)) for f, k, d, n, a in stored]
    live_from = first if rolled is None else max(first, rolled + timedelta(days=1))
    if live_from <= last:
        counts += count_period(ctx, live_from, last, office_id)
    return counts


def _date(value: date | str) -> date:
    """SQLite hands a CASE over dates back as its text."""
    return value if isinstance(value, date) else date.fromisoformat(value)
