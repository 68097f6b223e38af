"""The backfills of migrations 0028 to 0030 on a database with history: a migrated database is filled through
the API (two deliveries against one shared signature, one request erased whole by retention, the other kept by
a claim), taken down below them and up again; the marks and the uses the backfills rebuild are the ones the
service wrote, and the stored signature went into the database and out again to the file store, byte for byte."""

from __future__ import annotations

import shutil
from datetime import date

from sqlmodel import Session, select

from api import create_app
from postal_service import jobs
from postal_service.db import migrate
from postal_service.db.engine import make_engine
from postal_service.db.files import open_store
from postal_service.db.tables import EvidenceUse, ServiceRequest

from ..conftest import MONDAY_MORNING, work_session
from ..factories import build_world
from ..integration.test_migrations import _drop_everything
from .conftest import Api
from .test_retention import _delivered, _on


def _marks(url: str) -> tuple[set[tuple[str, int]], set[str]]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            uses = {(use.digest, use.parcel_id) for use in session.exec(select(EvidenceUse))}
            done = set(session.exec(select(ServiceRequest.reference).where(ServiceRequest.retention_done)))
            return uses, done
    finally:
        engine.dispose()


def test_the_backfills_rebuild_what_the_service_wrote(database_url, settings):
    _drop_everything(database_url)
    migrate.upgrade(database_url, data_dir=settings.data_dir)
    engine = make_engine(database_url)
    with work_session(engine, settings) as session:
        build_world(session, settings, MONDAY_MORNING)
    app = create_app(settings)
    api = Api(app)
    kept, gone = _delivered(api), _delivered(api)
    claim = {"tracking_number": api.tracking_of(kept, "result"), "kind": "damaged", "description": "Rách"}
    api.ok(api.post(f"/requests/{kept['request']['reference']}/claims", claim, as_="counter"), 201)
    with work_session(engine, settings) as session:
        jobs.apply_retention(session, settings, _on(date(2029, 12, 1)))
    app.extensions["postal"].engine.dispose()
    engine.dispose()
    written = _marks(database_url)
    assert written[1] == {gone["request"]["reference"]} and len(written[0]) == 1  # kept's signature only

    store = open_store(settings.data_dir)
    (signature,) = {digest for digest, _ in written[0]}
    signed = store.get(signature)
    migrate.downgrade(database_url, "0027", data_dir=settings.data_dir)
    shutil.rmtree(settings.data_dir)  # the bytes are back in the database: the upgrade writes the file anew
    migrate.upgrade(database_url, data_dir=settings.data_dir)
    assert _marks(database_url) == written
    assert signed is not None and store.get(signature) == signed
