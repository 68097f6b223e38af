"""A second scheduler is harmless: it waits as a standby until the first stops, then takes over; SIGTERM stops
one within 30 s."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from postal_service.db.singleton import lock_key, sole
from postal_service.worker import STOP_DEADLINE_S

from ..e2e.servers import spawn, until
from .test_stopping import _gone_within

ROOT = Path(__file__).resolve().parents[2]


def _scheduler(settings) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": settings.database_url, "BROKER_URL": settings.broker_url}
    return spawn(
        [sys.executable, "-m", "api.cli", "scheduler"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _holders(engine) -> list[bool]:
    """Who holds (True) or waits for (False) the scheduler's lock, by its PostgreSQL sessions in this test's database
    (advisory locks are per database; pg_locks shows every database's, another run's schedulers too)."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT granted FROM pg_locks WHERE locktype = 'advisory' AND objid = :key"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                " ORDER BY granted DESC"
            ),
            {"key": lock_key("scheduler")},
        )
        return [bool(row[0]) for row in rows]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_second_scheduler_waits_and_takes_over_when_the_first_dies(engine, settings):
    first = _scheduler(settings)
    assert until(lambda: _holders(engine) == [True])
    second = _scheduler(settings)
    try:
        assert until(lambda: _holders(engine) == [True, False])  # one holds, the other waits
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=60)
        assert until(lambda: _holders(engine) == [True])  # the standby took over
        assert second.poll() is None
        os.killpg(second.pid, signal.SIGTERM)  # a deploy stops it
        assert _gone_within(second, STOP_DEADLINE_S), "the scheduler was still there 30 s after SIGTERM"
        assert until(lambda: _holders(engine) == [])  # and its lock went with it
    finally:
        for process in (first, second):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_on_sqlite_the_scheduler_lock_is_a_file_lock_beside_the_database(settings):
    path = Path(make_url(settings.database_url).database).with_suffix(".scheduler.lock")
    with sole(settings.database_url, "scheduler"), path.open("a") as other, pytest.raises(BlockingIOError):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    with path.open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released when the holder left
