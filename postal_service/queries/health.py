"""Readiness: the database answers and its schema is the one this code expects; and whether the scheduler is alive,
read from its own job store (a live scheduler keeps every job's next run in the future: the one-minute job's is
never more than a minute ahead of the clock, and falls behind it as soon as the scheduler stops)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import inspect, text

from postal_service.context import Context
from postal_service.db.migrate import current_revision, head_revision

SCHEDULER_SILENT_AFTER_S = 180  # the one-minute job late by three minutes: the scheduler stopped


@dataclass(frozen=True)
class Readiness:
    ready: bool
    database: str
    schema: str


def readiness(ctx: Context) -> Readiness:
    try:
        ctx.session.execute(text("SELECT 1"))
        current = current_revision(ctx.session.connection())
    except Exception as error:  # any failure to reach the database means "not ready", never a 500
        return Readiness(False, f"unreachable: {type(error).__name__}", "unknown")
    head = head_revision()
    schema = "current" if current == head else f"at {current or 'nothing'}, code expects {head}"
    return Readiness(current == head, "reachable", schema)


def earliest_next_run(ctx: Context) -> datetime | None:
    """The scheduler's heartbeat: the earliest next run in its job store (None: it never started). Raises what the
    database raises."""
    if not inspect(ctx.session.connection()).has_table("apscheduler_jobs"):
        return None
    earliest = ctx.session.execute(text("SELECT min(next_run_time) FROM apscheduler_jobs")).scalar()
    return None if earliest is None else datetime.fromtimestamp(float(earliest), ctx.now.tzinfo)


def scheduler_state(ctx: Context) -> str:
    """ "alive", "silent since <time>" or "never started": from the earliest next run in APScheduler's job store."""
    try:
        due = earliest_next_run(ctx)
    except Exception as error:  # the probe answers, whatever the database does
        return f"unknown: {type(error).__name__}"
    if due is None:
        return "never started"
    if (ctx.now - due).total_seconds() > SCHEDULER_SILENT_AFTER_S:
        return f"silent since {due.isoformat(timespec='seconds')}"
    return "alive"
