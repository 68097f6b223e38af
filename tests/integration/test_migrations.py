"""Alembic builds the schema from empty, matches the models exactly, and goes back down, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from postal_service.db import migrate
from postal_service.db.engine import make_engine


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
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []
    assert "custody_event" in inspect(engine).get_table_names()
    engine.dispose()

    migrate.downgrade(database_url)
    engine = make_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(database_url)  # and up again: the downgrade left nothing behind that blocks it
