"""APScheduler is the clock: it only enqueues jobs on time for the workers (postal_service.worker), never runs one.

Its job store is in the database (`apscheduler_jobs`), so a restart keeps one copy of every schedule.
"""

from __future__ import annotations

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.engine import Engine

from postal_service import jobs
from postal_service.config import Settings
from postal_service.db.engine import normalise_url
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.worker import enqueue, make_celery

EVERY_MINUTES: dict[str, int | None] = {  # one entry per job in jobs.JOBS
    "plan_due_shifts": 5,
    "replan_changed": None,  # settings.replan_every_minutes
    "watch_deadlines": 15,
    "warn_due_claims": 60,
    "apply_retention": 24 * 60,
    "expire_holds": 60,
    "deliver_messages": 1,
    "announce_arrivals": 5,
    "forget_idempotency_keys": 60,
    "anchor_custody": 24 * 60,
    "reroute_missed_runs": 5,
    "count_serial_usage": 24 * 60,
    "roll_up_figures": 60,  # one day a night; hourly while a migrated history catches up
    "prepare_custody_months": 24 * 60,
}


def enqueue_job(name: str) -> None:
    """What APScheduler calls, in its own process: build the task engine's client from the settings, send."""
    enqueue(make_celery(Settings()), name)


def build(settings: Settings, blocking: bool = True, engine: Engine | None = None) -> BaseScheduler:
    """A caller that owns an engine passes it, and closes it itself; replace_existing keeps one copy of each job."""
    kind = BlockingScheduler if blocking else BackgroundScheduler
    store = (
        SQLAlchemyJobStore(engine=engine) if engine else SQLAlchemyJobStore(url=normalise_url(settings.database_url))
    )
    scheduler = kind(
        jobstores={"default": store},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        timezone=LOCAL_TZ,
    )
    for name in jobs.JOBS:
        every = EVERY_MINUTES[name] or settings.replan_every_minutes
        scheduler.add_job(enqueue_job, "interval", minutes=every, args=[name], id=name, replace_existing=True)
    return scheduler
