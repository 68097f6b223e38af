"""The nightly roll-up: every office's counts of each finished day, stored once, so that a month of figures or
the board's thirty days of deadlines add up a few hundred stored counts instead of reading every step again."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from postal_service.context import Context
from postal_service.db.tables import FiguresRolledUp, OfficeDayFigure, ServiceRequest
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.queries.day_counts import count_period
from postal_service.queries.day_figures import rolled_up_to

DAYS_PER_RUN = 31  # a database migrated with years of history catches up over some runs; reports count the rest


def roll_up_figures(ctx: Context) -> list[date]:
    """Store the counts of the finished days not stored yet, oldest first, from the first day anything was
    booked. A day is finished once it is over in Hà Nội: nothing is written with an earlier time afterwards.
    A second job running at the same time stops at the first day the other has taken, so no day is counted
    twice."""
    day = _first_day_to_roll(ctx)
    done: list[date] = []
    while day is not None and day < ctx.today and len(done) < DAYS_PER_RUN:
        try:
            with ctx.session.begin_nested():
                ctx.session.add(FiguresRolledUp(day=day))
                ctx.session.flush()
        except IntegrityError:
            break  # another job holds this day
        ctx.session.add_all(
            OfficeDayFigure(
                post_office_id=c.office_id, day=c.day, figure=c.figure.value, key=c.key, count=c.count, amount=c.amount
            )
            for c in count_period(ctx, day, day)
        )
        ctx.session.flush()
        done.append(day)
        day += timedelta(days=1)
    return done


def _first_day_to_roll(ctx: Context) -> date | None:
    rolled = rolled_up_to(ctx)
    if rolled is not None:
        return rolled + timedelta(days=1)
    first_booking = ctx.session.exec(select(func.min(ServiceRequest.created_at))).one()
    return None if first_booking is None else first_booking.astimezone(LOCAL_TZ).date()
