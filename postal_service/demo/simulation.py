"""A national morning, simulated: many post-office days planned by a pool of real worker processes.

Each round writes the same morning (demo/morning.py) into an empty database, starts that many workers
(`postal-service worker`, one core each: PLANNING_PROCESSES=1), lets the scheduler's own job ask for every
office's plan on the morning's clock, and times each plan from being sent to the broker to being published.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import quantiles

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from postal_service import jobs
from postal_service.config import Settings
from postal_service.context import Actor
from postal_service.db.engine import make_engine
from postal_service.db.tables import PlanRun, ServiceRequest
from postal_service.services.plan_requests import FINISHED
from postal_service.services.unit_of_work import unit_of_work
from postal_service.worker import make_celery, send_followups

from .morning import REFERENCE, Morning, write_morning

NATIONAL_OFFICES = 13_000  # service points of the national postal operator that plan every working morning
READY = "ready."  # what a Celery worker logs once it takes tasks


@dataclass(frozen=True)
class Round:
    workers: int
    offices: int
    stops: int
    failed: int
    seconds: float  # from the first plan sent to the last published
    latencies: list[float]  # each plan: sent -> published

    @property
    def per_minute(self) -> float:
        return len(self.latencies) / self.seconds * 60 if self.seconds else 0.0

    def percentile(self, share: int) -> float:
        if len(self.latencies) < 2:
            return max(self.latencies, default=0.0)
        return quantiles(self.latencies, n=100, method="inclusive")[share - 1]


def simulate(
    settings: Settings, pools: list[int], offices: int, seed: int, largest: int, progress: Callable[[str], None]
) -> list[Round]:
    """A round for each pool size, on the same morning, in the given database and on a queue of its own."""
    refuse_a_used_database(settings.database_url)
    settings = settings.model_copy(update={"task_queue": f"morning-{uuid.uuid4().hex[:8]}"})
    rounds: list[Round] = []
    try:
        for workers in pools:
            rounds.append(run_round(settings, workers, offices, seed, largest))
            progress(report(rounds[-1:], settings.planning_lead_minutes).splitlines()[1])
    finally:
        _forget_the_queue(settings)
    return rounds


def run_round(settings: Settings, workers: int, offices: int, seed: int, largest: int) -> Round:
    """One morning on `workers` worker processes; the database must hold nothing but an earlier round's tables."""
    engine = make_engine(settings.database_url)
    logs = Path(tempfile.mkdtemp(prefix="postal-morning-"))
    try:
        SQLModel.metadata.drop_all(engine)
        SQLModel.metadata.create_all(engine)
        with unit_of_work(engine, settings, Actor.system()) as ctx:
            morning = write_morning(ctx.session, settings, ctx.today, offices, seed, largest)
        pool = [_start_worker(settings, logs / f"worker-{n}.log") for n in range(workers)]
        try:
            _wait_until_ready(pool, logs)
            sent = _ask_for_the_plans(settings, morning)
            finished = _wait_for(engine, pool, set(sent))
        finally:
            for worker in pool:
                _stop(worker)
        shutil.rmtree(logs)  # the workers' logs are kept only when a round fails
        return _measure(workers, morning, sent, finished)
    finally:
        engine.dispose()


def refuse_a_used_database(url: str) -> None:
    """The simulation empties the service's tables between rounds: it refuses a database with requests of a
    service in them (it may be given an empty one, or its own again)."""
    engine = make_engine(url)
    try:
        if "service_request" in inspect(engine).get_table_names():
            with Session(engine) as session:
                theirs = select(ServiceRequest.id).where(col(ServiceRequest.reference).not_like(f"{REFERENCE}%"))
                if session.exec(theirs).first() is not None:
                    raise SystemExit(f"{url} holds a service's requests: give the simulation a database of its own")
    finally:
        engine.dispose()


def _forget_the_queue(settings: Settings) -> None:
    """The simulation's queue goes with it, from RabbitMQ as from the embedded broker."""
    with make_celery(settings).connection_for_write() as connection:
        connection.default_channel.queue_delete(settings.task_queue)


def _start_worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "BROKER_URL": settings.broker_url,
        "TASK_QUEUE": settings.task_queue,
        "PLANNING_PROCESSES": "1",  # one core a plan, so that the pool, not one plan, uses the machine
        "PLANNING_SECONDS": str(settings.planning_seconds),
        "SCHEDULED_PLANNING_SECONDS": str(settings.scheduled_planning_seconds),
        "PLANNING_SECONDS_PER_STOP": str(settings.planning_seconds_per_stop),
        **({"PLANNING_EFFORT": str(settings.planning_effort)} if settings.planning_effort else {}),
    }
    name = f"{log.stem}-{uuid.uuid4().hex[:6]}@%h"  # workers on one machine need names of their own
    command = [str(Path(sys.executable).with_name("postal-service")), "worker", "--concurrency", "1", "--name", name]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_until_ready(pool: list[subprocess.Popen[bytes]], logs: Path, attempts: int = 1200) -> None:
    for _ in range(attempts):
        texts = [path.read_text(errors="replace") for path in sorted(logs.glob("worker-*.log"))]
        if all(READY in text for text in texts) and len(texts) == len(pool):
            return
        if any(worker.poll() is not None for worker in pool):
            break
        time.sleep(0.1)
    tails = "\n".join(path.read_text(errors="replace")[-2000:] for path in logs.glob("worker-*.log"))
    raise RuntimeError(f"the workers did not start:\n{tails}")


def _ask_for_the_plans(settings: Settings, morning: Morning) -> dict[int, float]:
    """The scheduler's job on the morning's clock: one plan an office, each sent to the broker on its own."""
    app, sent = make_celery(settings), dict[int, float]()

    def send(found: list[jobs.Followup]) -> None:
        send_followups(app, found)
        sent.update((followup.id, time.time()) for followup in found)

    jobs.run_job("plan_due_shifts", send, settings=settings, now=morning.clock)
    return sent


def _wait_for(engine: Engine, pool: list[subprocess.Popen[bytes]], ids: set[int]) -> dict[int, PlanRun]:
    """Until every plan is finished; a worker that dies stops the round (bounded by it, not by a clock)."""
    while True:
        with Session(engine) as session:
            runs = session.exec(select(PlanRun).where(col(PlanRun.id).in_(ids))).all()
        finished = {run.id or 0: run for run in runs if run.status in FINISHED}
        if len(finished) == len(ids):
            return finished
        if any(worker.poll() is not None for worker in pool):
            raise RuntimeError(f"a worker stopped with {len(ids) - len(finished)} plans still to do")
        time.sleep(0.2)


def _measure(workers: int, morning: Morning, sent: dict[int, float], finished: dict[int, PlanRun]) -> Round:
    published = {n: run.finished_at.timestamp() for n, run in finished.items() if run.finished_at is not None}
    latencies = [published[n] - sent[n] for n in sent]
    span = max(published.values(), default=0.0) - min(sent.values(), default=0.0)
    failed = sum(run.status == "failed" for run in finished.values())
    return Round(workers, morning.offices, morning.stops, failed, span, latencies)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def report(rounds: list[Round], lead_minutes: int) -> str:
    lines = [
        "workers  offices  stops   plans  failed  seconds  plans/min  p50 s  p95 s  13,000 offices in  workers for it",
    ]
    for r in rounds:
        national = NATIONAL_OFFICES / r.per_minute if r.per_minute else math.inf
        needed = math.ceil(NATIONAL_OFFICES / (r.per_minute / r.workers * lead_minutes)) if r.per_minute else 0
        lines.append(
            f"{r.workers:>7}  {r.offices:>7}  {r.stops:>5}  {len(r.latencies):>6}  {r.failed:>6}  {r.seconds:>7.1f}"
            f"  {r.per_minute:>9.1f}  {r.percentile(50):>5.1f}  {r.percentile(95):>5.1f}"
            f"  {national:>14.0f} min  {needed:>14}"
        )
    by_workers = {r.workers: r for r in rounds}
    if 1 in by_workers and 2 in by_workers and by_workers[1].per_minute:
        gain = by_workers[2].per_minute / by_workers[1].per_minute
        lines.append(f"two workers plan {gain:.2f}x as many offices a minute as one (target: at least 1.7x)")
    lines.append(f"workers for it: as many workers of this speed as plan 13,000 offices in the {lead_minutes}-min lead")
    return "\n".join(lines)
