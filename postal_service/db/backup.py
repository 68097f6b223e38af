"""A consistent copy of the database, and its restore into an empty one, each checked against a manifest.

PostgreSQL is copied with `pg_dump` in its custom format (one snapshot, so the copy is consistent while the
service runs) and put back with `pg_restore`; SQLite through its online backup API. The manifest lists each file
with its SHA-256 and size, the schema's revision and every table's row count: a restore refuses a file that does
not match, refuses a database that already has tables, and checks the counts after. Photos, signatures and papers
are files of the file store (`db.files`): each is copied beside the database, after it (a file is written before
the row naming it commits, so every row of the copy finds its file), listed in the manifest by its hash, and put
back into the target's store; the restore checks that every row's file is there. This is a full copy, not
point-in-time recovery: the README says how production keeps WAL archives for that (pgBackRest or Barman).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, make_url, text
from sqlmodel import SQLModel

from .engine import make_engine, normalise_url
from .files import FileStore
from .migrate import current_revision

MANIFEST = "manifest.json"
POSTGRES_FILE, SQLITE_FILE = "database.dump", "database.sqlite3"
STORE = "files"  # the file store's copy: files/<digest>


class BackupError(Exception):
    """The copy cannot be made or put back as it is; the message says why."""


@dataclass(frozen=True)
class Manifest:
    made_at: str
    database: str  # postgresql | sqlite
    revision: str | None
    files: dict[str, dict[str, str | int]]  # name: {"sha256", "bytes"}
    rows: dict[str, int]  # table: rows


def backup(url: str, directory: Path, now: datetime, store: FileStore) -> Manifest:
    url = normalise_url(url)
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: a backup goes into a directory of its own")
    kind = make_url(url).get_backend_name()
    name = POSTGRES_FILE if kind == "postgresql" else SQLITE_FILE
    revision, rows = _revision_and_rows(url)
    if kind == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={directory / name}", _libpq(url)])
    else:
        with sqlite3.connect(_sqlite_path(url)) as source, sqlite3.connect(directory / name) as copy:
            source.backup(copy)
    files = {name: _describe(directory / name)}
    (directory / STORE).mkdir()
    for digest in store.digests():
        data = store.get(digest)
        if data is not None:  # removed since it was listed: its row was deleted before the copy was made
            (directory / STORE / digest).write_bytes(data)
            files[f"{STORE}/{digest}"] = _describe(directory / STORE / digest)
    manifest = Manifest(now.isoformat(), kind, revision, files, rows)
    (directory / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2, sort_keys=True))
    return manifest


def restore(directory: Path, url: str, store: FileStore) -> Manifest:
    """Into an empty database of the same kind: every file checked first, every table's count and every row's
    stored file after."""
    url = normalise_url(url)
    manifest = read_manifest(directory)
    kind = make_url(url).get_backend_name()
    if kind != manifest.database:
        raise BackupError(f"this is a {manifest.database} backup; the target is {kind}")
    for name, described in manifest.files.items():
        if _describe(directory / name) != described:
            raise BackupError(f"{name} does not match the manifest: the backup is damaged or was changed")
    engine = make_engine(url)
    try:
        if inspect(engine).get_table_names():
            raise BackupError("the target database has tables: restore into an empty database")
    finally:
        engine.dispose()
    name = POSTGRES_FILE if kind == "postgresql" else SQLITE_FILE
    if kind == "postgresql":
        _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_libpq(url)}", str(directory / name)])
    else:
        with sqlite3.connect(directory / name) as copy, sqlite3.connect(_sqlite_path(url)) as target:
            copy.backup(target)
    for listed in manifest.files:
        if listed.startswith(f"{STORE}/"):
            store.put((directory / listed).read_bytes())
    revision, rows = _revision_and_rows(url)
    if (revision, rows) != (manifest.revision, manifest.rows):
        raise BackupError("the restored database does not hold what the manifest counted")
    missing = [digest for digest in _stored_digests(url) if not store.has(digest)]
    if missing:
        raise BackupError(f"{len(missing)} stored files named by the database are not in the copy, e.g. {missing[0]}")
    return manifest


def read_manifest(directory: Path) -> Manifest:
    try:
        return Manifest(**json.loads((directory / MANIFEST).read_text()))
    except (OSError, ValueError, TypeError) as error:
        raise BackupError(f"no readable {MANIFEST} in {directory}: {error}") from None


def _revision_and_rows(url: str) -> tuple[str | None, dict[str, int]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            rows = {
                table.name: int(connection.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one())
                for table in SQLModel.metadata.sorted_tables
                if table.name in present
            }
            return current_revision(connection), rows
    finally:
        engine.dispose()


def _stored_digests(url: str) -> list[str]:
    """The files the restored rows name; none in a copy made before 0030, whose rows still hold their bytes
    (`postal-service migrate` moves them into the store)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if "data" in {column["name"] for column in inspect(connection).get_columns("evidence")}:
                return []
            return list(connection.execute(text("SELECT digest FROM evidence")).scalars())
    finally:
        engine.dispose()


def _describe(path: Path) -> dict[str, str | int]:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def _libpq(url: str) -> str:
    """The SQLAlchemy address as libpq reads it (pg_dump, pg_restore)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url: str) -> str:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an SQLite database in memory has nothing to copy")
    return database


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()[-500:]}") from None
