"""Stopping: SIGTERM to a worker's process group (a deploy, a supervisor) or to `make run`'s ends every process
within 30 s, and the task in hand is finished or handed back, then done once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import func, select

from postal_service.db.engine import make_engine
from postal_service.db.tables import CustodyEvent, RouteStop
from postal_service.worker import POOL_GRACE_S, STOP_DEADLINE_S, enqueue_plan, make_celery

from ..backing_services import RABBITMQ
from ..conftest import MONDAY_MORNING, require_running, work_session
from ..e2e.servers import free_port, start_worker, stop, until
from ..factories import build_world
from .test_worker_crash import _being_solved, _status, three_dossiers_planned_later

ROOT = Path(__file__).resolve().parents[2]


def _gone_within(process: subprocess.Popen, seconds: float) -> bool:
    """Whether no process of the group `process` leads is left within `seconds` (the leader reaped as it ends)."""
    group, ends = process.pid, time.monotonic() + seconds
    while time.monotonic() < ends:
        process.poll()
        left = subprocess.run(["pgrep", "-g", str(group)], capture_output=True, text=True).stdout.split()
        if not left:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("broker", ["embedded", "rabbitmq"])
def test_a_worker_stopped_mid_plan_is_gone_within_30_s_and_hands_the_plan_back_to_be_done_once(
    engine, settings, world, broker, tmp_path
):
    assert settings.worker_stop_seconds + POOL_GRACE_S < STOP_DEADLINE_S  # production's: 20 s, then handed back
    url = require_running(RABBITMQ) if broker == "rabbitmq" else f"sqla+sqlite:///{tmp_path}/broker.sqlite3"
    settings = settings.model_copy(update={"broker_url": url, "task_queue": f"stop-{uuid.uuid4().hex[:8]}"})
    run_id = three_dossiers_planned_later(engine, settings)
    if broker == "rabbitmq":  # idle on the embedded broker: make run's workers, below
        idle = start_worker(settings, takes="plans")
        time.sleep(2)  # an idle worker, stopped as it waits for work
        os.killpg(idle.pid, signal.SIGTERM)
        assert _gone_within(idle, STOP_DEADLINE_S)
        idle.wait(timeout=5)
    by_the_clock = settings.model_copy(update={"planning_effort": None})  # solves for minutes: caught mid-plan
    busy = start_worker(  # given 2 s to finish the task in hand (production: 20), which it cannot
        by_the_clock, takes="plans", PLANNING_SECONDS="600", PLANNING_SECONDS_PER_STOP="600", WORKER_STOP_SECONDS="2"
    )
    try:
        sender = make_celery(settings)
        enqueue_plan(sender, run_id)
        sender.close()  # the test's own broker connection: the embedded broker is a SQLite file
        assert until(lambda: _being_solved(engine, run_id) or busy.poll() is not None, attempts=1500)
        assert _being_solved(engine, run_id), "the worker never started the plan"
        os.killpg(busy.pid, signal.SIGTERM)
        assert _gone_within(busy, STOP_DEADLINE_S), "the worker was still there 30 s after SIGTERM"
    finally:
        if busy.poll() is None:
            os.killpg(busy.pid, signal.SIGKILL)
        busy.wait(timeout=60)
    assert _status(engine, settings, run_id) == "queued"  # handed back: nothing of it was written
    if broker == "embedded":  # the message is back in the broker's table, visible to the next worker
        with make_engine(url.removeprefix("sqla+")).connect() as broker_db:
            waiting = broker_db.execute(text("SELECT count(*) FROM kombu_message WHERE visible")).scalar()
        assert waiting == 1
        return
    second = start_worker(settings, takes="plans", PLANNING_SECONDS="1")
    try:
        assert until(lambda: _status(engine, settings, run_id) not in ("queued", "running"), attempts=1500)
    finally:
        stop(second)
    assert _status(engine, settings, run_id) == "done"
    with work_session(engine, settings) as session:
        assigned = session.exec(select(func.count()).where(CustodyEvent.action == "assign_courier")).one()
        stops = session.exec(select(func.count()).select_from(RouteStop).where(RouteStop.plan_run_id == run_id)).one()
    assert stops > 0 and assigned == 3  # each dossier assigned once, by the one plan written


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_make_run_stops_as_a_whole_within_30_s_of_sigterm_to_its_group(settings, tmp_path):
    database = f"sqlite:///{tmp_path}/run.sqlite3"
    port = free_port()
    env = {
        **os.environ,
        "WEB_WORKERS": "2",
        "DATABASE_URL": database,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "BROKER_URL": f"sqla+sqlite:///{tmp_path}/broker.sqlite3",
        "DATA_DIR": str(tmp_path / "files"),
        "ENVIRONMENT": "test",
    }
    subprocess.run([sys.executable, "-m", "api.cli", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    engine = make_engine(database)
    with work_session(engine, settings) as session:
        build_world(session, settings, MONDAY_MORNING)  # a catalogue already there: make run loads no demo data
    engine.dispose()
    run = subprocess.Popen(
        ["make", "-s", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert until(lambda: _answers(port) or run.poll() is not None, attempts=900), "make run never answered"
        assert run.poll() is None, "make run ended by itself"
        assert until(lambda: _workers_ready(run.pid), attempts=600)
        _metrics_count_across_its_processes(port)
        pools = _pools(run.pid)  # in process groups of their own: the group's signal does not reach them
        os.killpg(run.pid, signal.SIGTERM)
        assert _gone_within(run, STOP_DEADLINE_S), "a process of make run was still there 30 s after SIGTERM"
        assert until(lambda: not any(_running(pid) for pid in pools), attempts=50), "a pool process was left"
    finally:
        subprocess.run(["pkill", "-KILL", "-g", str(run.pid)], check=False)
        run.wait(timeout=60)


def _metrics_count_across_its_processes(port: int) -> None:
    """make run's /metrics, with make run's token, adds up what both web workers counted and reads the rest fresh."""
    for _ in range(6):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/agencies", timeout=10).read()
    asked = urllib.request.Request(
        f"http://127.0.0.1:{port}/metrics", headers={"Authorization": "Bearer local-metrics-token"}
    )
    text = urllib.request.urlopen(asked, timeout=10).read().decode()
    route = 'postal_http_request_duration_seconds_count{method="GET",route="/api/v1/agencies",status="200"}'
    assert f"{route} 6.0" in text
    for family in ("postal_outbox_waiting", "postal_queue_depth", "postal_db_pool_connections_in_use"):
        assert f"# TYPE {family} gauge" in text
    assert "postal_database_up 1.0" in text and "postal_broker_up 1.0" in text


def _answers(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200
    except OSError:
        return False


def _worker_mains(group: int) -> list[str]:
    return subprocess.run(
        ["pgrep", "-g", str(group), "-f", r"^\S*python\S* .*postal-service worker"], capture_output=True, text=True
    ).stdout.split()


def _children(pid: str) -> list[str]:
    return subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()


def _workers_ready(group: int) -> bool:
    """Both of make run's workers have started their pool processes."""
    mains = _worker_mains(group)
    return len(mains) == 2 and all(_children(pid) for pid in mains)


def _pools(group: int) -> list[int]:
    return [int(child) for pid in _worker_mains(group) for child in _children(pid)]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
