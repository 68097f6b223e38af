"""Celery, the task engine: background jobs run on worker processes, never in a web request or the scheduler.

The broker is RabbitMQ in production (`BROKER_URL=amqp://user:password@host:5672//`). The embedded default is a
SQLite file through kombu's SQLAlchemy transport, so `make run` needs no server to install. Tasks acknowledge
late and go back to the queue when their worker dies (`task_reject_on_worker_lost`), so a killed worker's job
runs again on another: every job is idempotent for that reason (postal_service.jobs).
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from postal_service import jobs
from postal_service.config import Settings
from postal_service.services import plan_requests

RUN_JOB = "postal.run_job"
CARRY_OUT_PLAN = "postal.carry_out_plan"


def make_celery(settings: Settings) -> Celery:
    app = Celery("postal_service", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a long plan does not hold other tasks back on the same worker
        task_ignore_result=True,  # outcomes are written to the database by the jobs themselves
        task_default_queue=settings.task_queue,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    app.task(name=RUN_JOB)(jobs.run_job)

    @app.task(name=CARRY_OUT_PLAN, bind=True, max_retries=60, default_retry_delay=0.5)
    def carry_out_plan(task: Any, run_id: int) -> str:
        try:
            return jobs.carry_out_plan(run_id)
        except plan_requests.NotYetCommitted as error:
            raise task.retry(exc=error) from error

    return app


def enqueue(app: Celery, job: str) -> None:
    """Put one job on the queue; any worker takes it."""
    if job not in jobs.JOBS:
        raise ValueError(f"no job {job!r}; known: {', '.join(jobs.JOBS)}")
    app.send_task(RUN_JOB, args=[job])


def enqueue_plan(app: Celery, run_id: int) -> None:
    """Sent inside the request that records the plan: the worker retries until that request has committed."""
    app.send_task(CARRY_OUT_PLAN, args=[run_id])
