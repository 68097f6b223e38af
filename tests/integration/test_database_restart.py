"""PostgreSQL stopped and started again while a crowd books and takes custody steps on the production server: each
request is done once or refused with 503 and Retry-After, the server recovers by itself, and the retries with their
Idempotency-Keys leave nothing doubled and nothing half-written.

The cluster is a throwaway one of the test's own (tests/backing_services.py): the suite's shared server is never
stopped under the other tests.
"""

from __future__ import annotations

import http.client
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlmodel import SQLModel, func, select

from postal_service.config import Settings
from postal_service.db.engine import make_engine, new_session
from postal_service.db.tables import CustodyEvent, IdempotencyKey, Parcel, ServiceRequest
from postal_service.services.custody_audit import verify_custody

from ..backing_services import STATE, PostgresCluster, throwaway_postgres
from ..conftest import MONDAY_MORNING, work_session
from ..e2e.crowd import with_a_fault
from ..e2e.servers import free_port, start_server, stop, until
from ..factories import PASSWORD, build_world, receive_booking

pytestmark = pytest.mark.long
CALLERS, CALLS_EACH = 4, 10


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no answer at all (the connection broke)
    retry_after: str | None


def _post(port: int, path: str, body: dict, key: str, token: str | None = None) -> tuple[Answer, bytes]:
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", path, json.dumps(body), headers)
        response = connection.getresponse()
        return Answer(response.status, response.getheader("Retry-After")), response.read()
    except (OSError, http.client.HTTPException):
        return Answer(None, None), b""
    finally:
        connection.close()


def _book(port: int, key: str) -> Answer:
    return _post(port, "/api/v1/requests", receive_booking(), key)[0]


def _crowd(cluster: PostgresCluster, calls: dict[str, Callable[[], Answer]]) -> dict[str, Answer]:
    """The calls from CALLERS threads; a third of the way in the database stops, and starts again once the
    server has refused a few requests for it."""

    def restart(outcomes: dict[str, Answer]) -> None:
        cluster.stop()
        refused = lambda: sum(o.status == 503 for o in list(outcomes.values())) >= CALLERS  # noqa: E731
        assert until(refused, attempts=300, pause=0.1), "the server refused nothing while the database was down"
        cluster.start()

    return with_a_fault(calls, CALLERS, restart)


def _each_done_or_refused_to_retry(outcomes: dict[str, Answer], done: int) -> list[str]:
    """Every answer was the work done or a 503 with Retry-After (never a 500, never a broken connection);
    returns the refused keys."""
    said = Counter(o.status for o in outcomes.values())
    assert set(said) <= {done, 503}, said
    assert all(o.retry_after for o in outcomes.values() if o.status == 503)
    print(f"sent {len(outcomes)}, done {said[done]}, refused with 503 and Retry-After {said[503]}")
    return [key for key, o in outcomes.items() if o.status == 503]


@pytest.fixture
def cluster() -> Iterator[tuple[PostgresCluster, str]]:
    """Under build/ as the suite's own throwaway servers are: PostgreSQL's user cannot enter pytest's folders."""
    port = free_port()
    folder = STATE / f"restarted-postgresql-{port}"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        with throwaway_postgres(port, folder) as running:
            yield running, f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_database_restarted_under_a_crowd_loses_nothing_and_doubles_nothing(cluster, tmp_path):
    running, url = cluster
    settings = Settings(database_url=url, environment="test", data_dir=str(tmp_path / "files"), _env_file=None)  # type: ignore[call-arg]
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with work_session(engine, settings) as session:
        build_world(session, settings, MONDAY_MORNING)
    port = free_port()
    server = start_server(url, port, data_dir=settings.data_dir)
    try:
        keys = [f"book-{c}-{i}" for c in range(CALLERS) for i in range(CALLS_EACH)]
        outcomes = _crowd(running, {key: (lambda key=key: _book(port, key)) for key in keys})
        refused = _each_done_or_refused_to_retry(outcomes, 201)
        assert refused, "the restart refused no booking"
        assert {_book(port, key).status for key in keys} == {201}  # the same server, recovered; each retried

        login, body = _post(port, "/api/v1/auth/login", {"username": "clerk", "password": PASSWORD}, "login")
        assert login.status == 200
        clerk = json.loads(body)["token"]
        with new_session(engine) as session:
            results = list(session.exec(select(Parcel.tracking_number)).all())
        ready = {
            f"ready-{t}": (lambda t=t: _post(port, f"/api/v1/parcels/{t}/result-ready", {}, f"ready-{t}", clerk)[0])
            for t in results
        }
        outcomes = _crowd(running, ready)  # and custody steps, the database stopped in the middle again
        _each_done_or_refused_to_retry(outcomes, 200)
        assert {call().status for call in ready.values()} == {200}
    finally:
        stop(server)

    with new_session(engine) as session:
        booked = session.exec(select(func.count()).select_from(ServiceRequest)).one()
        assert booked == len(keys), f"{booked} requests for {len(keys)} bookings"  # none doubled, none lost
        marked = session.exec(select(func.count()).where(CustodyEvent.action == "mark_result_ready")).one()
        assert marked == len(results)  # each step taken exactly once
        assert session.exec(select(func.count()).where(IdempotencyKey.status_code.is_(None))).one() == 0
        for parcel in session.exec(select(Parcel)).all():  # nothing half-written: each parcel's last event is its state
            last = session.exec(
                select(CustodyEvent).where(CustodyEvent.parcel_id == parcel.id).order_by(CustodyEvent.sequence.desc())
            ).first()
            assert last is not None and last.to_status == parcel.status and last.sequence == parcel.event_count
        assert verify_custody(session, settings.custody_key_ring)[1] == []
    engine.dispose()
