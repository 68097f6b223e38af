"""Fixtures: a real SQLite file and a real PostgreSQL database, the app on either, a small catalogue, a clock."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

import postal_service.db.tables  # noqa: F401  (registers the tables)
from postal_service.config import Settings
from postal_service.db import partitions
from postal_service.db.engine import make_engine
from postal_service.db.serials import SEQUENCE_PREFIX
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services.unit_of_work import unit_of_work

from .backing_services import POSTGRES, RABBITMQ, REDIS, Service
from .factories import World, build_world

POSTGRES_ADMIN_URL = POSTGRES.address
RABBITMQ_URL = RABBITMQ.address
REDIS_URL = REDIS.address
# Monday 23 November 2026, 07:00 in Hà Nội: a working day before the first bookable slot.
MONDAY_MORNING = datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
PLANNING_EFFORT = 50  # plans in tests stop at a count of solutions, never at a time: the same on any machine
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
# Stored files go to a folder of each test's own (the `settings` fixture); a Settings made without one, here or in a
# process a test starts, keeps them in this process's folder, never in the checkout.
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="postal-files-")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests (marked `long`) go first, so that pytest-xdist's workers (stealing work from each other,
    see the Makefile) share out the rest meanwhile and the run does not end waiting on one of them."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def pytest_sessionstart(session: pytest.Session) -> None:
    """A run's screenshots start from an empty folder, emptied once by the process that leads the run (never by one
    of pytest-xdist's workers, which would delete another's)."""
    if not hasattr(session.config, "workerinput"):
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)


def require_running(service: Service) -> str:
    """The service's address, or a failure that says how to get one (never a skip: CI must not pass without it)."""
    if not service.answers(service.address):
        pytest.fail(f"{service.name} does not answer at {service.address}: `make test` starts one when none answers")
    return service.address


@contextmanager
def work_session(engine, settings: Settings) -> Iterator:
    """A session inside one unit of work, as a request or a job gets it: committed when the block ends."""
    with unit_of_work(engine, settings, now=MONDAY_MORNING) as ctx:
        yield ctx.session


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """A database of its own on the tests' PostgreSQL server, dropped when the block ends."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One throw-away database on the local PostgreSQL server for the whole run (for each of xdist's workers)."""
    with throwaway_database("postal_test") as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with the empty schema, made once per test process; each test starts from a copy of it."""
    path = tmp_path_factory.mktemp("schema") / "empty.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The same test runs on both databases; each starts from an empty schema."""
    if request.param == "sqlite":
        path = tmp_path / "postal.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_schema"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    _empty_postgres(engine)
    engine.dispose()
    return url


def _empty_postgres(engine) -> None:
    """Empty every table when the schema is exactly the models' (one TRUNCATE, the counters back to one, every
    trigger on); after a test that changed the schema itself (migrations, the scheduler's table), drop everything
    and create it anew."""
    tables = [table.name for table in SQLModel.metadata.sorted_tables]
    made = {name for name in inspect(engine).get_table_names() if not partitions.is_partition(name)}
    if made == set(tables):
        with engine.begin() as connection:
            quoted = ", ".join(f'"{table}"' for table in tables)
            connection.exec_driver_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
            for table in tables:  # a test playing the database's owner switched the append-only trigger off
                connection.exec_driver_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
            _drop_serial_ranges(connection)
        return
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as connection:
        _drop_serial_ranges(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS apscheduler_jobs")  # the scheduler's own table
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    SQLModel.metadata.create_all(engine)


def _drop_serial_ranges(connection) -> None:
    """Each S10 prefix's sequence is made when it first issues a number (db/serials.py): every test starts with
    none, as on a fresh SQLite file."""
    query = text("SELECT sequencename FROM pg_sequences WHERE sequencename LIKE :prefix")
    names = connection.execute(query, {"prefix": SEQUENCE_PREFIX + "%"})
    for (name,) in names.all():
        connection.exec_driver_sql(f'DROP SEQUENCE "{name}"')


@pytest.fixture
def settings(database_url: str, tmp_path) -> Settings:
    broker = f"sqla+sqlite:///{tmp_path}/broker.sqlite3"  # the embedded broker, one per test
    return Settings(  # type: ignore[call-arg]
        database_url=database_url,
        environment="test",
        broker_url=broker,
        task_queue=f"test-{uuid.uuid4().hex[:8]}",  # a queue of its own: runs sharing a broker never meet
        planning_effort=PLANNING_EFFORT,
        data_dir=str(tmp_path / "files"),  # a test that erases a file never meets another test's
        _env_file=None,
    )


@pytest.fixture
def engine(settings: Settings):
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def world(engine, settings: Settings) -> World:
    with work_session(engine, settings) as session:
        return build_world(session, settings, MONDAY_MORNING)
