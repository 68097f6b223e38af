"""The custody log by month (db/partitions.py): on PostgreSQL an envelope's events live in the partition of the
month its chain opened, the append-only rule holds on every partition, the daily job makes the coming months once
even when two schedulers run it at once, and a month whose events went to the default partition is reported,
never broken. The migration carries a log over with every chain intact, down and up, on both databases."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel, func, select

from postal_service import jobs
from postal_service.db import migrate, partitions
from postal_service.db.engine import make_engine
from postal_service.db.tables import CustodyEvent, Parcel
from postal_service.demo.walks import load_catalogue, load_requests
from postal_service.services.custody_audit import verify_custody

from ..conftest import MONDAY_MORNING, work_session
from .test_custody_and_concurrency import assign, book_send

on_postgresql = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _placed(session: Session) -> set[tuple[str, date]]:
    rows = session.execute(text("SELECT tableoid::regclass::text, chain_month FROM custody_event"))
    return {(partition, month) for partition, month in rows}


@on_postgresql
def test_an_envelopes_events_live_in_the_partition_of_the_month_its_chain_opened(engine, settings, world):
    with work_session(engine, settings) as session:
        jobs.prepare_custody_months(session, settings, MONDAY_MORNING)
    tracking_number = book_send(engine, settings)["dossier"]
    assign(engine, settings, tracking_number)
    november = date(2026, 11, 1)
    with work_session(engine, settings) as session:
        parcel = session.exec(select(Parcel).where(Parcel.tracking_number == tracking_number)).one()
        assert parcel.chain_month == november and parcel.event_count == 2
        assert _placed(session) == {("custody_event_y2026m11", november)}
    for statement in ("UPDATE custody_event_y2026m11 SET action = 'forged'", "DELETE FROM custody_event_y2026m11"):
        with pytest.raises(Exception, match="append-only"), work_session(engine, settings) as session:
            session.execute(text(statement))


@on_postgresql
def test_two_schedulers_making_the_coming_months_at_once_make_each_once(engine, settings, world, monkeypatch):
    """Both read the partitions there are before either makes one (held at a barrier just after that read), so
    both would make every month but for the advisory lock."""
    far = datetime(2031, 1, 15, 2, 0, tzinfo=UTC)
    both_have_looked = threading.Barrier(2, timeout=30)
    made: list[list[str]] = []
    failed: list[BaseException] = []
    existing = partitions.partitions

    def looked(connection):  # stands in for partitions.partitions
        found = existing(connection)
        both_have_looked.wait()
        return found

    def run() -> None:
        try:
            with work_session(engine, settings) as session:
                made.append(jobs.prepare_custody_months(session, settings, far))
        except BaseException as error:  # the test names what went wrong below
            failed.append(error)

    monkeypatch.setattr(partitions, "partitions", looked)
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    monkeypatch.setattr(partitions, "partitions", existing)
    assert failed == []
    assert sorted(month for each in made for month in each) == ["2031-01", "2031-02", "2031-03", "2031-04"]
    with work_session(engine, settings) as session:
        assert jobs.prepare_custody_months(session, settings, far) == []  # the next day: nothing left to make
        bounds = partitions.partitions(session.connection())
    assert bounds["custody_event_y2031m04"] == "FOR VALUES FROM ('2031-04-01') TO ('2031-05-01')"
    assert bounds[partitions.DEFAULT] == "DEFAULT"


@on_postgresql
def test_a_month_whose_events_went_to_the_default_partition_is_reported_and_the_others_made(
    engine, settings, world, caplog
):
    tracking_number = book_send(engine, settings)["dossier"]
    stranded = date(2035, 2, 1)  # a month no job made: its chains fell to the default partition
    with work_session(engine, settings) as session:
        parcel = session.exec(select(Parcel).where(Parcel.tracking_number == tracking_number)).one()
        session.execute(
            text(
                "INSERT INTO custody_event (parcel_id, sequence, action, from_status, to_status, actor,"
                " actor_role, occurred_at, evidence, previous_hash, hash, key_id, seal, chain_month)"
                " VALUES (:parcel, 99, 'x', 'a', 'b', 'c', 'd', now(), '{}', '', '', '', '', :month)"
            ),
            {"parcel": parcel.id, "month": stranded},
        )
    with caplog.at_level(logging.WARNING), work_session(engine, settings) as session:
        made = jobs.prepare_custody_months(session, settings, datetime(2034, 12, 20, 2, 0, tzinfo=UTC))
    assert made == ["2034-12", "2035-01", "2035-03"]
    assert "custody events of 2035-02 sit in custody_event_default" in caplog.text
    with work_session(engine, settings) as session:
        assert ("custody_event_default", stranded) in _placed(session)


def test_the_migration_carries_every_chain_over_down_and_up(database_url, settings):
    """Demo requests walked through the use cases on a migrated database; down to the log before months and up
    again: the same events, every chain and seal verifying, and on PostgreSQL each in its month's partition."""
    engine = make_engine(database_url)
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    migrate.upgrade(database_url)
    walked = settings.model_copy(update={"database_url": database_url})
    with Session(engine) as session:
        load_catalogue(session, walked, MONDAY_MORNING - timedelta(days=40))
        load_requests(session, walked, MONDAY_MORNING - timedelta(days=40), 20, seed=3)
        load_requests(session, walked, MONDAY_MORNING, 20, seed=4)
        session.commit()
        before = session.exec(select(func.count()).select_from(CustodyEvent)).one()
        months = set(session.exec(select(Parcel.chain_month)).all())
    assert before > 60 and len(months) >= 2  # October's and November's
    migrate.downgrade(database_url, "0038")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM custody_event").scalar_one() == before
    migrate.upgrade(database_url)
    with Session(engine) as session:
        checked, broken = verify_custody(session, walked.custody_key_ring)
        assert session.exec(select(func.count()).select_from(CustodyEvent)).one() == before
        assert checked > 20 and broken == []
        if engine.dialect.name == "postgresql":
            placed = _placed(session)
            assert {month for _, month in placed} == months
            assert all(partition == partitions.partition_name(month) for partition, month in placed)
    SQLModel.metadata.drop_all(engine)
    engine.dispose()


@on_postgresql
def test_no_plan_over_the_months_is_compiled_before_it_runs(engine):
    """PostgreSQL's JIT compiles a plan's expressions for every partition it reads (a join over a week's months:
    390 ms compiling for a query that runs in 195 ms): the service's connections switch it off, so even a plan
    costed above every JIT threshold runs as it is."""
    with engine.connect() as connection:
        connection.execute(text("SET jit_above_cost = 0"))  # every plan would be compiled, were JIT on
        plan = connection.execute(text("EXPLAIN SELECT DISTINCT chain_month, parcel_id FROM custody_event")).all()
    assert not any("JIT" in line for (line,) in plan)
