"""`/metrics` for Prometheus, behind its own token: what the processes counted, and the running service read fresh.

The counts (requests, webhook and message attempts, plans) come from every process through prometheus_client's
multiprocess files (postal_service/metrics.py). The state of the service is read at each scrape, from the
database (what waits in the outbox and how long, plans queued and failed, the scheduler's heartbeat, the S10
numbers left) and from the broker (each queue's depth): a part that does not answer reads as down, and the scrape
still answers, so Prometheus alerts on the part, not on a missing scrape.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator
from datetime import datetime

from celery import Celery
from flask import Blueprint, Flask, Response, abort, g, request
from kombu.exceptions import ChannelError
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from postal_service import metrics
from postal_service.config import Settings
from postal_service.context import Context
from postal_service.queries.health import earliest_next_run
from postal_service.queries.operations import Waiting, failed_plans_today, outbox, queued_plans
from postal_service.queries.serial_ranges import watched_ranges
from postal_service.worker import WORK_KINDS, queue_name

from .observability import BROKER_PROBE_S
from .requests_context import context_as_system_reader, services

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def scrape() -> Response:
    """404 while no METRICS_TOKEN is set (metrics off); 401 without the right token."""
    settings = services().settings
    if not settings.metrics_token:
        abort(404)
    expected = f"Bearer {settings.metrics_token}".encode()
    if not hmac.compare_digest(request.headers.get("Authorization", "").encode(), expected):
        return Response("metrics need their token\n", 401, {"WWW-Authenticate": 'Bearer realm="metrics"'})
    state = CollectorRegistry(auto_describe=False)
    state.register(ServiceState(context_as_system_reader(), services().tasks, settings))
    body = generate_latest(_counted()) + generate_latest(state)
    return Response(body, mimetype=CONTENT_TYPE_LATEST)


def _counted() -> CollectorRegistry:
    """Every live and past process's counts in multiprocess mode; this process's alone otherwise."""
    if not metrics.multiprocess():
        return REGISTRY
    registry = CollectorRegistry(auto_describe=False)
    prometheus_multiprocess.MultiProcessCollector(registry)
    return registry


class ServiceState(Collector):
    """The service's state as one scrape reads it."""

    def __init__(self, ctx: Context, tasks: Celery, settings: Settings) -> None:
        self.ctx, self.tasks, self.settings = ctx, tasks, settings

    def collect(self) -> Iterator[Metric]:
        yield from self._database()
        yield from self._queues()

    def _database(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("postal_database_up", "Whether the database answered this scrape (1) or not (0).")
        try:
            found = list(self._read_database())
        except Exception:  # the database is down: said as a value, never as a failed scrape
            self.ctx.session.rollback()
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from found

    def _read_database(self) -> Iterator[Metric]:
        now = self.ctx.now
        waiting = GaugeMetricFamily(
            "postal_outbox_waiting", "Messages waiting to leave, by channel.", labels=["channel"]
        )
        age = GaugeMetricFamily(
            "postal_outbox_oldest_age_seconds", "Age of the oldest message waiting, by channel.", labels=["channel"]
        )
        for channel, held in sorted(outbox(self.ctx).items()):
            waiting.add_metric([channel], held.count)
            age.add_metric([channel], _age(now, held))
        yield waiting
        yield age
        queued = queued_plans(self.ctx)
        yield GaugeMetricFamily("postal_plans_queued", "Plans asked for and not yet taken by a worker.", queued.count)
        yield GaugeMetricFamily(
            "postal_plans_queued_oldest_age_seconds", "Age of the oldest plan waiting.", _age(now, queued)
        )
        yield GaugeMetricFamily(
            "postal_plans_failed_today", "Plans of today that failed.", failed_plans_today(self.ctx)
        )
        heartbeat = earliest_next_run(self.ctx)
        if heartbeat is not None:  # a scheduler that never started has no heartbeat: the alert treats it as silent
            yield GaugeMetricFamily(
                "postal_scheduler_next_run_timestamp_seconds",
                "The scheduler's heartbeat: the earliest next run of its jobs (behind the clock: it stopped).",
                heartbeat.timestamp(),
            )
        left = GaugeMetricFamily("postal_s10_numbers_left", "S10 serial numbers left, by prefix.", labels=["prefix"])
        ratio = GaugeMetricFamily(
            "postal_s10_numbers_left_ratio", "Share of an S10 prefix's numbers left (0..1).", labels=["prefix"]
        )
        for watched in watched_ranges(self.ctx):
            left.add_metric([watched.prefix], watched.left)
            ratio.add_metric([watched.prefix], watched.left / watched.last)
        yield left
        yield ratio

    def _queues(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("postal_broker_up", "Whether the broker answered this scrape (1) or not (0).")
        depth = GaugeMetricFamily("postal_queue_depth", "Tasks waiting in each queue, by kind.", labels=["kind"])
        try:
            with self.tasks.connection_for_read() as connection:
                connection.ensure_connection(max_retries=1, timeout=BROKER_PROBE_S)
                for kind in WORK_KINDS:
                    depth.add_metric([kind], _depth(connection, queue_name(self.settings, kind)))
        except Exception:  # the broker is down: said as a value
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield depth


def _depth(connection: object, queue: str) -> int:
    """Messages ready in the queue; a queue no worker has declared yet holds none."""
    try:
        with connection.channel() as channel:  # type: ignore[attr-defined]  # a failed declare closes its channel
            return int(channel.queue_declare(queue=queue, passive=True).message_count)
    except ChannelError:
        return 0


def _age(now: datetime, held: Waiting) -> float:
    return max((now - held.oldest).total_seconds(), 0.0) if held.oldest else 0.0


def register(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.after_request
    def _count(response: Response) -> Response:
        """Each answer in the latency histogram by its URL rule (bounded: never the URL itself)."""
        if request.endpoint not in ("static", "metrics.scrape"):
            route = request.url_rule.rule if request.url_rule is not None else "unmatched"
            seconds = time.perf_counter() - g.get("started", time.perf_counter())
            metrics.REQUEST_SECONDS.labels(route, request.method, str(response.status_code)).observe(seconds)
        return response
