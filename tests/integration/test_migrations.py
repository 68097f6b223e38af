"""Alembic builds the schema from empty, matches the models exactly, and goes back down, on both databases."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel

from postal_service.db import migrate, partitions
from postal_service.db.engine import make_engine
from postal_service.db.serials import next_serial


def env_include_name(name, type_, parent_names):
    """As the migrations' environment compares: the custody log's partitions are PostgreSQL's, not models."""
    return not (type_ == "table" and partitions.is_partition(name))


def _drop_everything(url):
    engine = make_engine(url)
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        connection.exec_driver_sql("DROP TABLE IF EXISTS apscheduler_jobs")
    engine.dispose()


def test_upgrade_from_empty_gives_the_schema_of_the_models_and_downgrade_removes_it(database_url):
    _drop_everything(database_url)
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": env_include_name})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
    assert "custody_event" in inspect(engine).get_table_names()
    engine.dispose()

    migrate.downgrade(database_url)
    engine = make_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(database_url)  # and up again: the downgrade left nothing behind that blocks it


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_each_prefix_goes_on_above_the_shared_sequence_and_a_new_one_starts_at_one(database_url):
    """0026 on a database whose one sequence issued 41 serials: the prefixes in use (and the bags') go on from 42,
    a prefix configured later starts its own range; going down, the one sequence is above them all again."""
    _drop_everything(database_url)
    migrate.upgrade(database_url, "0025")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT setval('s10_serial', 41)")
    migrate.upgrade(database_url)
    with Session(engine) as session:
        issued = [next_serial(session, prefix) for prefix in ("RH", "RK", "TUI", "RX", "RH")]
        session.commit()
    assert issued == [42, 42, 42, 1, 43]
    migrate.downgrade(database_url, "0025")
    with engine.begin() as connection:
        assert connection.exec_driver_sql("SELECT nextval('s10_serial')").scalar_one() == 44
    engine.dispose()
    migrate.upgrade(database_url)
