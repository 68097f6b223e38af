"""Verification reads the custody log as a stream, a few rows at a time, and still checks every chain whole: a
batch boundary in the middle of a chain hides nothing, and a parcel without events is still counted."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import select

from postal_service.db.tables import CustodyEvent, Parcel
from postal_service.services import custody_audit
from postal_service.services.custody_audit import verify_custody

from ..conftest import work_session
from .test_custody_and_concurrency import as_database_owner, book_send


def test_a_log_read_two_rows_at_a_time_names_the_one_edited_event_among_many_chains(
    engine, settings, world, monkeypatch
):
    monkeypatch.setattr(custody_audit, "STREAM_ROWS", 2)  # every chain crosses a batch boundary
    booked = [book_send(engine, settings, "both") for _ in range(3)]
    edited = booked[1]["result"]
    with work_session(engine, settings) as session:
        assert verify_custody(session, settings.custody_key_ring) == (6, [])
        as_database_owner(session)
        parcel_id = session.exec(select(Parcel.id).where(Parcel.tracking_number == edited)).one()
        session.execute(
            update(CustodyEvent)
            .where(CustodyEvent.parcel_id == parcel_id, CustodyEvent.sequence == 1)
            .values(actor="user:someone-else")
        )
        session.flush()
        checked, broken = verify_custody(session, settings.custody_key_ring)
    assert checked == 6 and [(b.parcel, b.sequence) for b in broken] == [(edited, 1)]
