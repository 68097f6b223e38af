"""Alembic environment: the metadata of postal_service.db.tables, URL from the config object."""

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

import postal_service.db.tables  # noqa: F401  (registers the tables)
from postal_service.db import partitions

config = context.config
target_metadata = SQLModel.metadata


def include_name(name, type_, parent_names):  # APScheduler creates and owns its job table
    return not (type_ == "table" and (name == "apscheduler_jobs" or partitions.is_partition(name)))


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
