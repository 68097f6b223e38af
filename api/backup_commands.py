"""`postal-service backup DIR` and `postal-service restore DIR`: the database's consistent copy with the stored
files, and their return into an empty database, both checked against the copy's manifest (db/backup.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from postal_service.config import Settings
from postal_service.db.backup import BackupError, backup, restore
from postal_service.db.files import open_store


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def backup_command(directory: Path) -> None:
    """A consistent copy of the database (pg_dump, or SQLite's backup API) and of the file store into an empty
    DIRECTORY, with a manifest of hashes and row counts."""
    try:
        settings = Settings()
        manifest = backup(settings.database_url, directory, datetime.now(UTC), open_store(settings.data_dir))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{sum(manifest.rows.values())} rows of {len(manifest.rows)} tables copied to {directory}")


@click.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def restore_command(directory: Path) -> None:
    """A copy made by `backup` into the configured database, which must be empty; every file is checked against
    the manifest first and every table's count after."""
    try:
        settings = Settings()
        manifest = restore(directory, settings.database_url, open_store(settings.data_dir))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"restored the copy of {manifest.made_at}: {sum(manifest.rows.values())} rows, revision {manifest.revision}"
    )
