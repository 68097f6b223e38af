"""An office's counts over a period: the finished days the nightly job stored, and the days after it counted
now (today, or any day the job has not reached yet), so a report costs the same after years of history."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select as columns
from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import FiguresRolledUp, OfficeDayFigure

from .day_counts import Count, Figure, count_period


def rolled_up_to(ctx: Context) -> date | None:
    """The last day the nightly job stored; every day before it is stored too."""
    return ctx.session.exec(select(func.max(FiguresRolledUp.day))).one()


def office_counts(ctx: Context, office_id: int, first: date, last: date) -> list[Count]:
    rolled = rolled_up_to(ctx)
    counts: list[Count] = []
    if rolled is not None and rolled >= first:
        stored = ctx.session.execute(
            columns(OfficeDayFigure.__table__).where(  # type: ignore[attr-defined]
                col(OfficeDayFigure.post_office_id) == office_id,
                col(OfficeDayFigure.day) >= first,
                col(OfficeDayFigure.day) <= min(last, rolled),
            )
        )  # rows, not objects: a year of an office's figures is some tens of thousands of counts
        rows = (r._mapping for r in stored)  # by name: a Row's own `count` is the tuple's method
        counts = [Count(office_id, r["day"], Figure(r["figure"]), r["key"], r["count"], r["amount"]) for r in rows]
    live_from = first if rolled is None else max(first, rolled + timedelta(days=1))
    if live_from <= last:
        counts += count_period(ctx, live_from, last, office_id)
    return counts
