"""Kill -9 the production server in the middle of a crowd of bookings, restart it, retry: nothing is lost or doubled."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import func, select

from postal_service.db.engine import make_engine, new_session
from postal_service.db.tables import CustodyEvent, IdempotencyKey, Parcel, ServiceRequest
from postal_service.services.custody_audit import verify_custody

from ..factories import PASSWORD, receive_booking
from .crowd import with_a_fault
from .servers import free_port, start_server

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
CALLERS, BOOKINGS_EACH = 4, 12


def _post(port: int, path: str, body: dict, key: str, token: str | None = None) -> int | None:
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, json.dumps(body), headers)
        response = connection.getresponse()
        status, answer = response.status, response.read()
    except (OSError, http.client.HTTPException):
        return None  # the server died under this request (even mid-answer): the client does not know what happened
    finally:
        connection.close()
    if path.endswith("/login"):
        return json.loads(answer)["token"]  # type: ignore[no-any-return]
    return status


def _book(port: int, key: str) -> int | None:
    return _post(port, "/api/v1/requests", receive_booking(), key)


def _crowd(port: int, server: subprocess.Popen, calls: dict[str, Callable[[], int | None]]) -> dict[str, int | None]:
    """Run the calls from CALLERS threads and kill the server (SIGKILL, every process) a third of the way in."""

    def kill(_: object) -> None:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()

    return with_a_fault(calls, CALLERS, kill)


@pytest.mark.long
def test_a_server_killed_mid_crowd_loses_nothing_and_doubles_nothing(settings, world):
    port = free_port()
    server = start_server(settings.database_url, port, data_dir=settings.data_dir)
    keys = [f"crash-{c}-{i}" for c in range(CALLERS) for i in range(BOOKINGS_EACH)]
    outcomes = _crowd(port, server, {key: (lambda key=key: _book(port, key)) for key in keys})
    assert any(status is None for status in outcomes.values())  # the kill did cut requests off

    server = start_server(settings.database_url, port, data_dir=settings.data_dir)
    retried = {key: _book(port, key) for key in keys}  # every client retries with its key
    assert set(retried.values()) == {201}
    clerk = _post(port, "/api/v1/auth/login", {"username": "clerk", "password": PASSWORD}, "login")
    engine = make_engine(settings.database_url)
    with new_session(engine) as session:
        results = list(session.exec(select(Parcel.tracking_number)).all())
    ready = {
        f"ready-{t}": (lambda t=t: _post(port, f"/api/v1/parcels/{t}/result-ready", {}, f"ready-{t}", clerk))
        for t in results
    }
    outcomes = _crowd(port, server, ready)  # and again, in the middle of a crowd of custody steps
    assert any(status is None for status in outcomes.values())

    server = start_server(settings.database_url, port, data_dir=settings.data_dir)
    try:
        retried = {key: call() for key, call in ready.items()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    assert set(retried.values()) == {200}

    with new_session(engine) as session:
        assert session.exec(select(func.count()).select_from(ServiceRequest)).one() == len(keys)
        assert (
            session.exec(select(func.count()).select_from(IdempotencyKey)).one() == len(keys) + len(results) + 1
        )  # login
        marked = select(func.count()).where(CustodyEvent.action == "mark_result_ready")
        assert session.exec(marked).one() == len(results)  # each step taken exactly once
        assert session.exec(select(func.count()).where(IdempotencyKey.status_code.is_(None))).one() == 0
        for parcel in session.exec(select(Parcel)).all():
            last = session.exec(
                select(CustodyEvent).where(CustodyEvent.parcel_id == parcel.id).order_by(CustodyEvent.sequence.desc())
            ).first()
            assert last is not None and last.to_status == parcel.status and last.sequence == parcel.event_count
        assert verify_custody(session, settings.custody_key_ring)[1] == []
    engine.dispose()
