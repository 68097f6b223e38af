"""The daily anchor signs the chains that moved, not the whole log; together the anchors still pin every chain's
head, so a dropped tail with its count adjusted is caught whichever anchor pinned it last."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from postal_service.context import Actor, Context
from postal_service.db.tables import CustodyEvent, Parcel
from postal_service.services.custody_audit import MISSING_HEAD, verify_custody, write_anchor

from ..conftest import MONDAY_MORNING, work_session
from .test_custody_and_concurrency import as_database_owner, assign, book_send


def _anchor(engine, settings, hours: int) -> dict:
    with work_session(engine, settings) as session:
        return dict(
            write_anchor(Context(session, settings, Actor.system(), MONDAY_MORNING + timedelta(hours=hours))).heads
        )


def _drop_last_event(session, tracking: str) -> None:
    as_database_owner(session)
    parcel = session.exec(select(Parcel).where(Parcel.tracking_number == tracking)).one()
    last = session.exec(
        select(CustodyEvent).where(CustodyEvent.parcel_id == parcel.id, CustodyEvent.sequence == parcel.event_count)
    ).one()
    session.delete(last)
    parcel.event_count -= 1  # the attacker also fixes the count
    session.add(parcel)
    session.flush()


def test_an_anchor_signs_only_the_chains_that_moved_and_the_anchors_together_catch_any_dropped_tail(
    engine, settings, world
):
    still, moving = book_send(engine, settings)["dossier"], book_send(engine, settings)["dossier"]
    assert set(_anchor(engine, settings, 1)) == {still, moving}  # the first anchor signs every chain
    _anchor(engine, settings, 2)
    assign(engine, settings, moving)  # one chain moves
    assert set(_anchor(engine, settings, 3)) == {moving}  # signed again; the other is pinned by the anchors before
    with work_session(engine, settings) as session:
        assert verify_custody(session, settings.custody_key_ring)[1] == []
        for tracking in (still, moving):
            _drop_last_event(session, tracking)
        problems = sorted((b.parcel, b.problem) for b in verify_custody(session, settings.custody_key_ring)[1])
        session.rollback()
    assert problems == sorted([(still, MISSING_HEAD), (moving, MISSING_HEAD)])
