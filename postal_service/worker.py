"""Celery, the task engine: background jobs run on worker processes, never in a web request or the scheduler.

The broker is RabbitMQ in production (`BROKER_URL=amqp://user:password@host:5672//`). The embedded default is a
SQLite file through kombu's SQLAlchemy transport, so `make run` needs no server to install. Tasks acknowledge
late and go back to the queue when their worker dies (`task_reject_on_worker_lost`), so a killed worker's job
runs again on another: every job is idempotent for that reason (postal_service.jobs).

Three queues, so that one kind of work never waits behind another: the scheduler's jobs, plans (a dispatcher
waits for them), and messages (citizens' notices and agencies' webhooks, in batches). A worker takes from all
three unless told otherwise; `make run` gives plans a worker of their own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from typing import Any

from billiard.process import active_children
from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown, worker_ready

from postal_service import channels, jobs, metrics
from postal_service.config import Settings
from postal_service.services import plan_requests

log = logging.getLogger(__name__)
RUN_JOB = "postal.run_job"
CARRY_OUT_PLAN = "postal.carry_out_plan"
DELIVER_MESSAGES = "postal.deliver_messages"
DELIVER_WEBHOOKS = "postal.deliver_webhooks"
TASK_OF = {jobs.PLAN: CARRY_OUT_PLAN, jobs.MESSAGE: DELIVER_MESSAGES, jobs.WEBHOOK: DELIVER_WEBHOOKS}
QUEUE_OF_TASK = {RUN_JOB: "jobs", CARRY_OUT_PLAN: "plans", DELIVER_MESSAGES: "messages", DELIVER_WEBHOOKS: "messages"}
WORK_KINDS = ("jobs", "plans", "messages")
POOL_GRACE_S = 3.0  # after WORKER_STOP_SECONDS Celery cancels the task; a pool process still busy then is killed
STOP_DEADLINE_S = 30.0  # SIGTERM to gone, with WORKER_STOP_SECONDS at most 25
BATCH = 50  # messages (or webhook deliveries) one task carries: one broker round trip for fifty notices


@worker_process_init.connect
def _own_process_group(**_: object) -> None:
    """A pool process leaves its worker's process group. A stop sent to the group (make run's Ctrl-C or SIGTERM,
    a supervisor's) then reaches only the worker, which stops its pool itself; reached directly, pool processes
    died mid-task and were started again while the worker was stopping, and the worker sometimes hung with them
    gone (issue 27). A pool process still dies with its worker (Celery sets its parent-death signal)."""
    os.setpgid(0, 0)


@worker_process_shutdown.connect
def _stop_counting_live_gauges(pid: int | None = None, **_: object) -> None:
    metrics.process_ended(pid or os.getpid())


@worker_ready.connect
def _stops_within_bounds(sender: Any = None, **_: object) -> None:
    """SIGTERM stops a worker within STOP_DEADLINE_S. Celery's own SIGTERM waits for the task in hand however
    long it runs (a plan of minutes), and a deploy or a supervisor's stop would wait as long. Here it is Celery's
    cold shutdown (SIGQUIT), whose soft part gives the task WORKER_STOP_SECONDS to finish; a pool process still busy
    after that (a search in C++ that no signal handler interrupts) is killed, so its task goes back to the queue
    (acknowledged late, rejected when its process is lost) and another worker does it once."""

    grace = float(sender.app.conf.worker_soft_shutdown_timeout) if sender is not None else STOP_DEADLINE_S / 2

    def stop_soon(*_: object) -> None:
        timer = threading.Timer(grace + POOL_GRACE_S, _end_the_pool)
        timer.daemon = True
        timer.start()
        os.kill(os.getpid(), signal.SIGQUIT)

    if threading.current_thread() is threading.main_thread():  # a worker run inside another program keeps its own
        signal.signal(signal.SIGTERM, stop_soon)


def _end_the_pool() -> None:
    for child in active_children():
        if child.pid is None:  # never started; and pid 0 would signal the whole process group
            continue
        log.warning("stopping: pool process %s still busy, killed; its task goes back to the queue", child.pid)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)


def queue_name(settings: Settings, kind: str) -> str:
    """The deployment's queue for one kind of work (the deployment's own prefix keeps test runs apart)."""
    return settings.task_queue if kind == "jobs" else f"{settings.task_queue}.{kind}"


def make_celery(settings: Settings) -> Celery:
    app = Celery("postal_service", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a long plan does not hold other tasks back on the same worker
        task_ignore_result=True,  # outcomes are written to the database by the jobs themselves
        task_default_queue=settings.task_queue,
        task_routes={task: {"queue": queue_name(settings, kind)} for task, kind in QUEUE_OF_TASK.items()},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        # Asked to stop, a worker finishes the task in hand for this long, then hands it back to the queue (acked
        # late: another worker does it once), so that a stop (a deploy, SIGTERM) ends within half a minute.
        worker_soft_shutdown_timeout=settings.worker_stop_seconds,
    )
    if settings.broker_url.startswith(("amqp:", "amqps:", "pyamqp:")):
        # RabbitMQ confirms each task once it holds it (durable queues, persistent messages): a task sent while
        # it restarts fails its sender (a request rolled back and answered 503, a job run again), never vanishes.
        app.conf.broker_transport_options = {"confirm_publish": True}

    @app.task(name=RUN_JOB)
    def run_job(name: str) -> None:
        jobs.run_job(name, lambda found: send_followups(app, found))

    @app.task(name=DELIVER_MESSAGES)
    def deliver_messages(message_ids: list[int]) -> list[str]:
        return jobs.deliver_messages_now(message_ids, channels.channel_for)

    @app.task(name=DELIVER_WEBHOOKS)
    def deliver_webhooks(delivery_ids: list[int]) -> list[str]:
        return jobs.deliver_webhooks_now(delivery_ids, channels.post_webhook)

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


def send_followups(app: Celery, found: list[jobs.Followup]) -> None:
    """A task for each plan, one for each batch of messages and of webhook deliveries."""
    for followup in found:
        if followup.task == jobs.PLAN:
            app.send_task(CARRY_OUT_PLAN, args=[followup.id])
    for kind in (jobs.MESSAGE, jobs.WEBHOOK):
        ids = [followup.id for followup in found if followup.task == kind]
        for start in range(0, len(ids), BATCH):
            app.send_task(TASK_OF[kind], args=[ids[start : start + BATCH]])


def relay_messages(app: Celery, written: list[Any]) -> None:
    """After a request commits: tasks for the messages and webhook deliveries it wrote. A broker that cannot be
    reached, or refuses, loses nothing: the minute's sweep (jobs.deliver_messages) finds them instead."""
    try:
        send_followups(app, [jobs.followup_of(item) for item in written])
    except Exception as error:  # the work is committed: whatever the broker says, the answer is not a 500
        log.warning("messages wait for the sweep: the broker did not take them (%s: %s)", type(error).__name__, error)


def enqueue_plan(app: Celery, run_id: int) -> None:
    """Sent inside the request that records the plan: the worker retries until that request has committed."""
    app.send_task(CARRY_OUT_PLAN, args=[run_id])
