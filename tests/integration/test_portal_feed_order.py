"""The portal's pull feed gives every postal event exactly once across pages while writers commit out of order on
PostgreSQL: a transaction that wrote first (its rows have the lower ids) and commits last is never passed over,
which a cursor on ids alone would do."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import CustodyEvent
from postal_service.queries import portal_sync
from postal_service.services import booking
from postal_service.services.schemas import BookingCreate

from ..conftest import MONDAY_MORNING, work_session
from .test_custody_and_concurrency import booking_body, staff

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
PAGE = 3


def _receive(engine, settings, n: int) -> None:
    """A receive-only booking: no pickup slot, so no office lock, and writers really run side by side."""
    body = booking_body("receive") | {"dossier_code": f"000.00.15.G02-261120-{n:04d}"}
    with work_session(engine, settings) as session:
        booking.book(Context(session, settings, now=MONDAY_MORNING), BookingCreate.model_validate(body))


def _page(engine, settings, after: str) -> portal_sync.FeedPage:
    with work_session(engine, settings) as session:
        return portal_sync.feed(Context(session, settings, staff(session, "admin"), MONDAY_MORNING), after, PAGE)


def _drain(engine, settings, after: str, seen: list[str]) -> str:
    while True:
        page = _page(engine, settings, after)
        seen.extend(r.id for r in page.records)
        if not page.records:
            return page.next or after
        after = page.next


def _drain_all(engine, settings, after: str, seen: list[str], expected: int) -> str:
    """Read until every committed row has come: a transaction running in another database of the cluster (another
    test's) holds the horizon back for a moment too, as any writer would in production."""
    for _ in range(400):
        after = _drain(engine, settings, after, seen)
        if len(seen) >= expected:
            return after
        time.sleep(0.05)
    return after


def _all_moves(engine, settings) -> set[str]:
    with work_session(engine, settings) as session:
        moves = select(CustodyEvent.id).where(col(CustodyEvent.from_status) != col(CustodyEvent.to_status))
        return {f"event-{i}" for i in session.exec(moves)}


def test_a_transaction_that_commits_late_is_read_after_it_commits_never_skipped(engine, settings, world):
    wrote, release = threading.Event(), threading.Event()

    def slow() -> None:
        body = booking_body("receive") | {"dossier_code": "000.00.15.G02-261120-0999"}
        with work_session(engine, settings) as session:
            booking.book(Context(session, settings, now=MONDAY_MORNING), BookingCreate.model_validate(body))
            session.flush()
            wrote.set()  # its events hold the lowest ids of the run, in a transaction still open
            assert release.wait(30)

    writer = threading.Thread(target=slow)
    writer.start()
    assert wrote.wait(30)
    for n in range(4):
        _receive(engine, settings, n)  # committed while the slow one is still open
    seen: list[str] = []
    cursor = _drain(engine, settings, "", seen)
    assert seen == []  # nothing passes the oldest transaction still running
    release.set()
    writer.join()
    _drain_all(engine, settings, cursor, seen, 5)
    assert Counter(seen) == Counter(_all_moves(engine, settings))  # every one, each once
    assert len(seen) == 5


def test_pages_read_while_writers_commit_give_every_event_exactly_once(engine, settings, world):
    done = threading.Event()
    seen: list[str] = []

    def read() -> None:
        after = ""
        while not done.is_set():
            after = _drain(engine, settings, after, seen)
        _drain_all(engine, settings, after, seen, 18)

    def write(first: int) -> None:
        for n in range(first, first + 6):
            _receive(engine, settings, n)

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(first,)) for first in (100, 200, 300)]
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join()
    assert Counter(seen) == Counter(_all_moves(engine, settings))
    assert len(seen) == 18
