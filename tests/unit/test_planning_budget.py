"""A day's search budget grows with its stops, to a short ceiling for a plan a dispatcher waits for and a longer
one for a plan the scheduler hands to a worker."""

from __future__ import annotations

import pytest

from postal_service.config import Settings
from postal_service.services.planning_problem import DISPATCHER, MIN_BUDGET_S, SCHEDULER, budget
from routing.benchmarks.days import real_day


def _settings(**values: object) -> Settings:
    return Settings(environment="test", _env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("stops", "dispatcher", "scheduler"),
    [(4, MIN_BUDGET_S, MIN_BUDGET_S), (100, 5.0, 5.0), (300, 10.0, 15.0), (600, 10.0, 30.0), (1000, 10.0, 30.0)],
)
def test_the_budget_grows_with_the_day_to_the_ceiling_of_who_asked(stops, dispatcher, scheduler):
    settings = _settings(planning_seconds=10, scheduled_planning_seconds=30, planning_seconds_per_stop=0.05)
    day = real_day(stops, max(1, stops // 25), seed=1)
    assert budget(settings, day, DISPATCHER) == (pytest.approx(dispatcher), None)
    assert budget(settings, day, SCHEDULER) == (pytest.approx(scheduler), None)


def test_an_effort_bound_replaces_the_clock_whoever_asked():
    seconds, effort = budget(_settings(planning_effort=20), real_day(100, 4, seed=1), SCHEDULER)
    assert effort is not None and effort.solutions == 20 and seconds >= 600
