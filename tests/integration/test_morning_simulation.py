"""The national-morning simulation, small: generated days planned by a real worker process through each broker."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlmodel import Session, func, select

from postal_service.db.engine import make_engine
from postal_service.db.tables import Parcel, PlanRun, RouteStop
from postal_service.demo import morning, simulation

from ..backing_services import RABBITMQ
from ..conftest import require_running, work_session
from ..factories import CUA_NAM
from .test_planning import book


def _published(url: str) -> tuple[Counter[str], int, int]:
    """Plans by status, and parcels: on a route or left out with a reason, against all parcels of the morning."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            runs = session.exec(select(PlanRun)).all()
            routed = session.exec(select(func.count(func.distinct(RouteStop.parcel_id)))).one()
            parcels = session.exec(select(func.count()).select_from(Parcel)).one()
        return Counter(run.status for run in runs), routed + sum(len(run.unassigned) for run in runs), parcels
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("database_url", "broker"), [("postgresql", "rabbitmq"), ("sqlite", "embedded")], indirect=["database_url"]
)
def test_a_small_morning_is_planned_by_worker_processes_and_its_figures_printed(settings, broker, tmp_path):
    url = require_running(RABBITMQ) if broker == "rabbitmq" else f"sqla+sqlite:///{tmp_path}/broker.sqlite3"
    settings = settings.model_copy(update={"broker_url": url, "planning_seconds": 1.0})
    lines: list[str] = []

    rounds = simulation.simulate(settings, [1], offices=4, seed=7, largest=30, progress=lines.append)

    (only,) = rounds
    assert (only.workers, only.offices, len(only.latencies), only.failed) == (1, 4, 4, 0)
    statuses, planned, parcels = _published(settings.database_url)
    assert statuses == Counter({"done": 4})  # the scheduler's job asked once per office; each plan written once
    assert planned == parcels  # every parcel of the morning is on a route or left out with its reason
    assert all(0 < latency <= only.seconds + 1 for latency in only.latencies)
    table = simulation.report(rounds, settings.planning_lead_minutes)
    assert "plans/min" in table.splitlines()[0] and len(lines) == 1


def test_the_simulation_refuses_a_database_that_holds_a_service(engine, settings, world):
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
    with pytest.raises(SystemExit, match="give the simulation"):
        simulation.refuse_a_used_database(settings.database_url)


def test_most_offices_have_5_to_40_stops_and_a_few_several_hundred():
    rng = random.Random(45)
    sizes = [morning.office_size(rng, largest=500) for _ in range(10_000)]
    assert min(sizes) >= 5 and max(sizes) <= 500
    assert sum(5 <= s <= 40 for s in sizes) / len(sizes) >= 0.8
    assert 0.01 <= sum(s >= 200 for s in sizes) / len(sizes) <= 0.05
