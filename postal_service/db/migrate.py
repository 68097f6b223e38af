"""Schema changes go through Alembic, for SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from .engine import normalise_url
from .files import DEFAULT_DATA_DIR

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str, data_dir: str = DEFAULT_DATA_DIR) -> Config:
    """`data_dir` is the file store a migration moving files reads or writes (`db.files`)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    config.set_main_option("data_dir", data_dir.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head", data_dir: str = DEFAULT_DATA_DIR) -> None:
    command.upgrade(alembic_config(url, data_dir), revision)


def downgrade(url: str, revision: str = "base", data_dir: str = DEFAULT_DATA_DIR) -> None:
    command.downgrade(alembic_config(url, data_dir), revision)


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
