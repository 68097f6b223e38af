"""One booking per Idempotency-Key under real concurrency and real crashes, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlmodel import func, select

from postal_service.db.engine import make_engine, new_session
from postal_service.db.tables import IdempotencyKey, Parcel, ServiceRequest
from postal_service.jobs import forget_idempotency_keys

from ..conftest import work_session
from .crash_child import STALLED
from .crowd import post_at_once

ROOT = Path(__file__).resolve().parents[2]


def count(app, table) -> int:
    engine = make_engine(app.extensions["postal"].settings.database_url)
    with new_session(engine) as session:
        found = session.exec(select(func.count()).select_from(table)).one()
    engine.dispose()
    return found


def test_thirty_identical_bookings_at_once_with_one_key_book_once_and_replay_29_times(api):
    body = json.dumps(api.booking("both")).encode()
    answers = post_at_once(api.app, [("/api/v1/requests", body, {"Idempotency-Key": "thirty-at-once"})] * 30)
    assert [a.status for a in answers] == [201] * 30
    assert len({a.text for a in answers}) == 1  # every caller got the same booking
    assert sum(a.replayed for a in answers) == 29
    assert count(api.app, ServiceRequest) == 1
    assert count(api.app, Parcel) == 2
    assert count(api.app, IdempotencyKey) == 1


def test_a_process_killed_before_its_commit_leaves_nothing_and_the_retry_books_once(api):
    body = json.dumps(api.booking("send"))
    settings = api.app.extensions["postal"].settings
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.crash_child", settings.database_url, "crash-1"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(body)
    child.stdin.close()
    stalled = child.stdout.readline().strip()
    child.send_signal(signal.SIGKILL)
    child.stdout.close()
    assert (stalled, child.wait()) == (STALLED, -signal.SIGKILL)

    assert (count(api.app, ServiceRequest), count(api.app, Parcel), count(api.app, IdempotencyKey)) == (0, 0, 0)
    retried = api.post("/requests", json.loads(body), key="crash-1")
    again = api.post("/requests", json.loads(body), key="crash-1")
    assert (retried.status_code, again.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in retried.headers and again.headers["Idempotent-Replayed"] == "true"
    assert retried.get_json() == again.get_json()
    assert (count(api.app, ServiceRequest), count(api.app, Parcel)) == (1, 1)


def test_one_key_from_two_anonymous_callers_neither_collides_nor_replays(api):
    first = api.client.post(
        "/api/v1/requests",
        json=api.booking("send"),
        headers={"Idempotency-Key": "k-1"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    second = api.client.post(
        "/api/v1/requests",
        json=api.booking("both"),
        headers={"Idempotency-Key": "k-1"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in second.headers
    assert first.get_json()["request"]["reference"] != second.get_json()["request"]["reference"]


def test_a_courier_key_reused_with_another_body_is_a_conflict_and_changes_nothing(api):
    tracking = api.tracking_of(api.book("send"), "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    first = api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, 33_000), as_="courier1", key="p-1")
    events = len(first.get_json()["events"])
    other = api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, 0), as_="courier1", key="p-1")
    assert (first.status_code, other.status_code) == (200, 409)
    assert other.get_json()["error"]["message"] == "this Idempotency-Key was already used for a different request"
    assert len(api.ok(api.get(f"/parcels/{tracking}", as_="courier1"))["events"]) == events


def test_stored_answers_expire_and_the_job_forgets_them(api):
    api.ok(api.post("/requests", api.booking("send"), key="old-key"), 201)
    settings = api.app.extensions["postal"].settings
    engine = make_engine(settings.database_url)
    with work_session(engine, settings) as session:
        assert forget_idempotency_keys(session, settings, api.now + timedelta(hours=23)) == 0
        assert forget_idempotency_keys(session, settings, api.now + timedelta(hours=24)) == 1
    engine.dispose()
    assert count(api.app, IdempotencyKey) == 0


def test_an_empty_idempotency_key_is_refused_naming_the_header_and_books_nothing(api, app):
    before = count(app, ServiceRequest)
    for empty in ("", " "):  # `-H "Idempotency-Key: $(uuidgen)"` on a machine without uuidgen sends it empty
        answered = api.client.post("/api/v1/requests", json=api.booking("send"), headers={"Idempotency-Key": empty})
        assert answered.status_code == 422
        assert [f["field"] for f in answered.get_json()["error"]["fields"]] == ["Idempotency-Key"]
    assert count(app, ServiceRequest) == before
