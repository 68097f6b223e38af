"""Background jobs: entry points that call services, each in one unit of work on the real clock.

The scheduler (`postal_service.scheduler`) only decides when; a Celery worker (`postal_service.worker`) runs
them. Every job is idempotent: run twice (a redelivered task, a second scheduler), it does no double work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from postal_service.config import Settings
from postal_service.db.engine import make_engine
from postal_service.db.tables import PostOffice
from postal_service.domain.timeslots import LOCAL_TZ, hours_on
from postal_service.queries import routes
from postal_service.services import deadlines, holds, idempotency, plan_requests, planning
from postal_service.services.context import Actor, Context
from postal_service.services.custody_audit import write_anchor
from postal_service.services.unit_of_work import unit_of_work

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _shift_start(office: PostOffice, day: date) -> datetime | None:
    span = hours_on(office.opening_hours, day)
    return datetime.combine(day, span[0], LOCAL_TZ) if span else None


def _shift_end(office: PostOffice, day: date) -> datetime | None:
    span = hours_on(office.opening_hours, day)
    return datetime.combine(day, span[1], LOCAL_TZ) if span else None


def plan_due_shifts(session: Session, settings: Settings, now: datetime) -> list[str]:
    """Plan each office's day a configured time before it opens, once."""
    ctx = Context(session, settings, Actor.system(), now)
    planned = []
    for office in session.exec(select(PostOffice)):
        start = _shift_start(office, ctx.today)
        if start is None or now < start - timedelta(minutes=settings.planning_lead_minutes):
            continue
        if routes.current_run(ctx, office.id, ctx.today) is None:
            planning.plan_office_day(ctx, office, ctx.today, trigger="scheduler")
            planned.append(office.code)
    return planned


def replan_changed(session: Session, settings: Settings, now: datetime) -> list[str]:
    """Re-plan an office whose bookings changed since its last plan, while its day is still running."""
    ctx = Context(session, settings, Actor.system(), now)
    replanned = []
    for office in session.exec(select(PostOffice)):
        run, end = routes.current_run(ctx, office.id, ctx.today), _shift_end(office, ctx.today)
        if run is None or end is None or now >= end:
            continue
        if planning.digest(planning.collect(ctx, office, ctx.today)) != run.inputs_digest:
            planning.plan_office_day(ctx, office, ctx.today, trigger="scheduler")
            replanned.append(office.code)
    return replanned


def watch_deadlines(session: Session, settings: Settings, now: datetime) -> list[str]:
    return deadlines.flag_at_risk(Context(session, settings, Actor.system(), now))


def expire_holds(session: Session, settings: Settings, now: datetime) -> list[str]:
    return holds.expire_holds(Context(session, settings, Actor.system(), now))


def anchor_custody(session: Session, settings: Settings, now: datetime) -> int:
    return len(write_anchor(Context(session, settings, Actor.system(), now)).heads)


def forget_idempotency_keys(session: Session, settings: Settings, now: datetime) -> int:
    return idempotency.purge_expired(Context(session, settings, Actor.system(), now))


JOBS: dict[str, Callable[[Session, Settings, datetime], object]] = {
    "plan_due_shifts": plan_due_shifts,
    "replan_changed": replan_changed,
    "watch_deadlines": watch_deadlines,
    "expire_holds": expire_holds,
    "forget_idempotency_keys": forget_idempotency_keys,
    "anchor_custody": anchor_custody,
}


def run_job(name: str) -> None:
    """What a worker runs: a fresh session, the real clock, one job, and the engine closed again."""
    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        now = _utc_now()
        with unit_of_work(engine, settings, Actor.system(), now) as ctx:
            done = JOBS[name](ctx.session, settings, now)
        log.info("%s: %s", name, done or "nothing to do")
    finally:
        engine.dispose()


def carry_out_plan(run_id: int) -> str:
    """What a worker runs for a plan a dispatcher asked for; NotYetCommitted means: retry shortly."""
    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        with unit_of_work(engine, settings, Actor.system(), _utc_now()) as ctx:
            run = plan_requests.carry_out(ctx, run_id)
        return f"plan {run_id}: {run.status}"
    except plan_requests.NotYetCommitted:
        raise
    except Exception as error:
        with unit_of_work(engine, settings, Actor.system(), _utc_now()) as ctx:
            plan_requests.mark_failed(ctx, run_id, f"{type(error).__name__}: {error}")
        raise
    finally:
        engine.dispose()
