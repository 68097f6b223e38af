"""A dispatcher asks for a plan; a worker carries it out (postal_service.jobs); the page follows its state.

Solving takes seconds to minutes, so it never runs in a web request: the request only records the plan as
queued. The worker solves under the plan's row lock, so a task delivered twice (its first worker died, or the
broker redelivered it) waits for the first and then finds the plan finished: each plan is written once.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import col, select

from postal_service import metrics
from postal_service.context import Context
from postal_service.db.tables import PlanRun, PostOffice
from postal_service.domain.errors import InvalidField
from postal_service.domain.timeslots import shift_on

from .planning import collect, digest, plan_office_day, require_planner
from .planning_problem import DISPATCHER

QUEUED = "queued"
FINISHED = ("done", "unchanged", "failed")


class NotYetCommitted(Exception):
    """The request that asked for this plan has not committed yet (or was rolled back): look again shortly."""


CLOSED_DAY = "the post office is closed on that day: choose a day it opens"


def request_plan(ctx: Context, office: PostOffice, day: date, trigger: str = DISPATCHER) -> PlanRun:
    """Refused at once for a day the office is closed, rather than failing later on a worker."""
    require_planner(ctx, office)
    if shift_on(office.opening_hours, day) is None:
        raise InvalidField({"day": CLOSED_DAY})
    run = PlanRun(
        post_office_id=office.id or 0, day=day, trigger=trigger, started_at=ctx.now, status=QUEUED, unassigned=[]
    )
    ctx.session.add(run)
    ctx.session.flush()
    return run


def out_of_date(ctx: Context, run: PlanRun | None, office: PostOffice, day: date) -> bool:
    """Whether what is to be planned on the day (bookings, cancellations, envelopes assigned) changed since the plan
    in force was made: the board then says a new plan would take them in."""
    return run is not None and digest(collect(ctx, office, day)) != run.inputs_digest


def waiting(ctx: Context, office_id: int, day: date, since: datetime) -> bool:
    """Whether a plan of this day, asked for since then, still waits for a worker."""
    return (
        ctx.session.exec(
            select(PlanRun.id).where(
                PlanRun.post_office_id == office_id,
                PlanRun.day == day,
                PlanRun.status == QUEUED,
                col(PlanRun.started_at) >= since,
            )
        ).first()
        is not None
    )


def carry_out(ctx: Context, run_id: int) -> PlanRun:
    run = ctx.session.exec(select(PlanRun).where(PlanRun.id == run_id).with_for_update()).first()
    if run is None:
        raise NotYetCommitted(f"plan {run_id} is not in the database yet")
    if run.status in FINISHED:
        return run
    office = ctx.session.get(PostOffice, run.post_office_id)
    assert office is not None  # a plan's office is never deleted
    return plan_office_day(ctx, office, run.day, run.trigger, run=run)


def mark_failed(ctx: Context, run_id: int, note: str) -> None:
    """The solver raised: the page says so instead of waiting for ever."""
    run = ctx.session.exec(select(PlanRun).where(PlanRun.id == run_id).with_for_update()).first()
    if run is not None and run.status not in FINISHED:
        run.status, run.finished_at, run.note = "failed", ctx.now, note[:500]
        ctx.session.add(run)
        metrics.PLANS.labels(run.trigger, "failed").inc()
