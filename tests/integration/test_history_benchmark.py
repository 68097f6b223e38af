"""A small version of `python -m benchmarks.history`: a week of copied history under an open day walked through the
use cases; the copies are what the service writes (every custody chain, seal and anchor verifies), the daily
jobs read them as they stand, and every figure of the benchmark runs on the result."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, func, select

from benchmarks.history import TODAY, History, build, due_today, figures
from postal_service.db.engine import make_engine
from postal_service.db.tables import CustodyEvent, ServiceRequest
from postal_service.services.custody_audit import verify_custody

from ..conftest import throwaway_database


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_week_of_copied_history_verifies_and_every_figure_runs_on_it(tmp_path, database_url):
    with throwaway_database("history_small") as url:
        built = build(History("one week", 7), url, per_day=3, open_requests=12, data_dir=str(tmp_path), templates=40)
        engine = make_engine(url)
        try:
            with Session(engine) as session:
                copies = session.exec(
                    select(func.count()).where(col(ServiceRequest.reference).startswith("H45-"))
                ).one()
                checked, broken = verify_custody(session, built.settings.custody_key_ring)
                events = session.exec(select(func.count()).select_from(CustodyEvent)).one()
                due = session.exec(
                    select(func.count()).where(col(ServiceRequest.retention_check_on) == TODAY.date())
                ).one()
        finally:
            engine.dispose()
        days = 7 + len(due_today(built.settings))  # the week, and the old days falling due today
        assert copies == 3 * days and broken == [] and checked > copies and events == built.events
        assert due >= 3  # the retention job has today's work on a week of history too
        with figures(built) as timed_figures:
            assert len(timed_figures) == 13
            for work in timed_figures.values():
                work()  # each figure answers on the built database (a read's answer is checked inside)
