"""Kill -9 a worker in the middle of a plan: RabbitMQ hands the plan to another worker, which writes it once."""

from __future__ import annotations

import os
import signal
import time
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from postal_service.context import Actor, Context
from postal_service.db.tables import CustodyEvent, PlanRun, PostOffice, RouteStop
from postal_service.services import plan_requests
from postal_service.worker import enqueue_plan, make_celery

from ..backing_services import RABBITMQ
from ..conftest import MONDAY_MORNING, require_running, work_session
from ..e2e.servers import start_worker, stop
from ..factories import CUA_NAM
from .test_planning import MONDAY, book

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _being_solved(engine, run_id: int) -> bool:
    """A worker holds the plan's row lock while it solves: taking it without waiting fails."""
    with engine.connect() as connection:
        try:
            connection.execute(text("SELECT id FROM plan_run WHERE id = :id FOR UPDATE NOWAIT"), {"id": run_id})
            return False
        except OperationalError:
            return True
        finally:
            connection.rollback()


def _status(engine, settings, run_id: int) -> str:
    with work_session(engine, settings) as session:
        run = session.get(PlanRun, run_id)
        return run.status if run else "missing"


def three_dossiers_planned_later(engine, settings) -> int:
    """Three dossiers booked for Monday, and a plan of that day queued for a worker: its id."""
    with work_session(engine, settings) as session:
        for _ in range(3):
            book(session, settings, "send", CUA_NAM)
        office = session.exec(select(PostOffice)).first()
        return (
            plan_requests.request_plan(Context(session, settings, Actor.system(), MONDAY_MORNING), office, MONDAY).id
            or 0
        )


def test_a_worker_killed_mid_plan_leaves_the_plan_to_another_written_once(engine, settings, world):
    settings = settings.model_copy(
        update={"broker_url": require_running(RABBITMQ), "task_queue": f"crash-{uuid.uuid4().hex[:8]}"}
    )
    run_id = three_dossiers_planned_later(engine, settings)
    # the longest time budget allowed, whatever the size of the day (not the tests' effort bound, which ends a
    # small day at once): always caught mid-solve
    by_the_clock = settings.model_copy(update={"planning_effort": None})
    first = start_worker(by_the_clock, PLANNING_SECONDS="600", PLANNING_SECONDS_PER_STOP="600")
    try:
        enqueue_plan(make_celery(settings), run_id)
        for _ in range(1500):  # bounded by attempts
            if _being_solved(engine, run_id) or first.poll() is not None:
                break
            time.sleep(0.2)
        assert _being_solved(engine, run_id), "the first worker never started the plan"
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool, mid-solve: nothing is acknowledged
        first.wait(timeout=60)
    assert _status(engine, settings, run_id) == "queued"  # the killed transaction left nothing

    second = start_worker(settings, PLANNING_SECONDS="1")
    try:
        for _ in range(1500):
            if _status(engine, settings, run_id) not in ("queued", "running"):
                break
            time.sleep(0.2)
    finally:
        stop(second)
    assert _status(engine, settings, run_id) == "done"
    with work_session(engine, settings) as session:
        stops = session.exec(select(func.count()).select_from(RouteStop).where(RouteStop.plan_run_id == run_id)).one()
        assigned = session.exec(select(func.count()).where(CustodyEvent.action == "assign_courier")).one()
    assert stops > 0 and assigned == 3  # each booked dossier assigned once, by the one plan that was written
