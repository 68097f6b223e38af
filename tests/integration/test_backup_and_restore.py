"""The restore drill, on both databases: a migrated database with requests in it is copied with `postal-service
backup`, put back with `postal-service restore` into an empty one, and the copy holds the same rows, the same
schema revision, the same stored files and custody chains that verify; a damaged copy and a database that is not
empty are refused."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session, func, select

from api.cli import main
from postal_service.config import Settings
from postal_service.db import migrate
from postal_service.db.backup import MANIFEST, read_manifest
from postal_service.db.engine import make_engine
from postal_service.db.files import open_store
from postal_service.db.tables import CustodyEvent
from postal_service.domain.roles import Actor
from postal_service.services import evidence
from postal_service.services.custody_audit import verify_custody
from postal_service.services.unit_of_work import unit_of_work

from ..conftest import MONDAY_MORNING, throwaway_database, work_session
from ..factories import build_world
from .test_custody_and_concurrency import book_send


@pytest.fixture(params=["sqlite", "postgresql"])
def two_databases(request, tmp_path) -> tuple[str, str]:
    """An origin and an empty target of the same kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/origin.sqlite3", f"sqlite:///{tmp_path}/target.sqlite3"
        return
    with throwaway_database("backup_origin") as origin, throwaway_database("backup_target") as target:
        yield origin, target


def _cli(url: str, *arguments: str):
    """The command as an operator runs it; each database with its file store beside it."""
    env = {"DATABASE_URL": url, "ENVIRONMENT": "test", "DATA_DIR": _store_of(url)}
    return CliRunner().invoke(main, list(arguments), env=env)


def _store_of(url: str) -> str:
    return str(Path(os.environ["DATA_DIR"]) / hashlib.sha256(url.encode()).hexdigest()[:12])


def _events(url: str) -> tuple[int, list]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            count = session.exec(select(func.count()).select_from(CustodyEvent)).one()
            return count, verify_custody(session, _settings(url).custody_key_ring)[1]
    finally:
        engine.dispose()


def _settings(url: str) -> Settings:
    return Settings(database_url=url, environment="test", data_dir=_store_of(url), _env_file=None)  # type: ignore[call-arg]


def test_a_backup_restored_into_an_empty_database_holds_the_same_rows_and_verifies(two_databases, tmp_path):
    origin, target = two_databases
    migrate.upgrade(origin)
    settings = _settings(origin)
    engine = make_engine(origin)
    with work_session(engine, settings) as session:
        build_world(session, settings, MONDAY_MORNING)
    booked = [book_send(engine, settings, service) for service in ("send", "both", "receive")]
    with unit_of_work(engine, settings, Actor.system(), MONDAY_MORNING) as ctx:
        photo = evidence.keep(ctx, b"%PDF-1.4 a digitised dossier", "application/pdf").removeprefix("evidence:")
    engine.dispose()
    copy = tmp_path / f"copy-{uuid.uuid4().hex[:6]}"

    made = _cli(origin, "backup", str(copy))
    assert made.exit_code == 0, made.output
    manifest = read_manifest(copy)
    assert manifest.rows["parcel"] == sum(len(parcels) for parcels in booked) and manifest.revision is not None
    restored = _cli(target, "restore", str(copy))
    assert restored.exit_code == 0, restored.output
    events, broken = _events(target)
    assert events == _events(origin)[0] > 0 and broken == []
    assert f"files/{photo}" in manifest.files
    assert open_store(_store_of(target)).get(photo) == b"%PDF-1.4 a digitised dossier"
    again = _cli(target, "restore", str(copy))
    assert again.exit_code != 0 and "restore into an empty database" in again.output
    assert _cli(origin, "backup", str(copy)).exit_code != 0  # a copy never overwrites another


def test_a_damaged_copy_is_refused_before_anything_is_written(two_databases, tmp_path):
    origin, target = two_databases
    migrate.upgrade(origin)
    copy = tmp_path / "copy"
    assert _cli(origin, "backup", str(copy)).exit_code == 0
    name = next(iter(read_manifest(copy).files))
    with (copy / name).open("r+b") as file:
        file.seek(-1, 2)
        last = file.read(1)
        file.seek(-1, 2)
        file.write(bytes([last[0] ^ 0xFF]))
    refused = _cli(target, "restore", str(copy))
    assert refused.exit_code != 0 and "does not match the manifest" in refused.output
    (copy / MANIFEST).unlink()
    assert "no readable manifest.json" in _cli(target, "restore", str(copy)).output
    assert not Path(target.removeprefix("sqlite:///")).exists() or target.startswith("postgresql")
