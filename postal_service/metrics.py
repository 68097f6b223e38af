"""The service's Prometheus metrics that processes count as they work, declared once.

Gunicorn's workers and Celery's pool processes each count for themselves; with `PROMETHEUS_MULTIPROC_DIR` set
(as `make run` and every deployment set it, before any process starts) prometheus_client writes each process's
counts to files there, and `/metrics` adds them up (api/metrics.py). Without it, counts stay in the process: a
test's app, or the development server.

What is read from the database or the broker when Prometheus asks (the outbox, the queues, the scheduler, the
numbers left) is not here: it is read fresh at each scrape, so every web worker answers alike.
"""

from __future__ import annotations

import os

from prometheus_client import Counter, Gauge, Histogram
from prometheus_client import multiprocess as _multiprocess

from postal_service.domain.messages import MessageStatus

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
if os.environ.get(MULTIPROCESS_DIR):  # the gauges below write their files there as they are declared
    os.makedirs(os.environ[MULTIPROCESS_DIR], exist_ok=True)

REQUEST_SECONDS = Histogram(
    "postal_http_request_duration_seconds",
    "Time to answer a request, by route (the URL rule, not the URL), method and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
WEBHOOK_ATTEMPTS = Counter(
    "postal_webhook_attempts",
    "Webhook deliveries attempted, by agency and outcome (delivered, failed, given_up).",
    ["agency", "outcome"],
)
MESSAGE_ATTEMPTS = Counter(
    "postal_message_attempts",
    "Citizens' notices attempted, by channel and outcome (delivered, failed, given_up).",
    ["channel", "outcome"],
)
PLANS = Counter(
    "postal_plans",
    "Plans of an office's day, by trigger and outcome (done, unchanged, nothing, failed).",
    ["trigger", "outcome"],
)
PLAN_SECONDS = Histogram(
    "postal_plan_duration_seconds",
    "Time from collecting a plan's inputs to publishing its routes, by trigger.",
    ["trigger"],
    buckets=(0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0),
)
UNASSIGNED_STOPS = Counter(
    "postal_plan_unassigned_stops",
    "Stops a published plan could not serve, by reason.",
    ["reason"],
)
POOL_IN_USE = Gauge(
    "postal_db_pool_connections_in_use",
    "Database connections checked out of the pools of the live processes.",
    multiprocess_mode="livesum",
)
POOL_OPEN = Gauge(
    "postal_db_pool_connections_open",
    "Database connections the pools of the live processes hold open.",
    multiprocess_mode="livesum",
)


def outcome_of(status: str) -> str:
    """An attempt's outcome from the status it left its message or delivery in (domain.messages.MessageStatus)."""
    return {MessageStatus.SENT.value: "delivered", MessageStatus.DEAD.value: "given_up"}.get(status, "failed")


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROCESS_DIR))


def process_ended(pid: int) -> None:
    """A gunicorn worker or a pool process ended: its live gauges stop counting (its counters still do)."""
    if multiprocess():
        _multiprocess.mark_process_dead(pid)
