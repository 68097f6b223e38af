"""The production server, its health probes, and request logs that carry an id and no personal data."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from postal_service import scheduler
from postal_service.db import migrate
from postal_service.worker import make_celery

from .servers import free_port, start_server

ROOT = Path(__file__).resolve().parents[2]


def test_health_answers_without_the_database_and_readiness_needs_the_current_schema(api):
    assert api.client.get("/healthz").get_json() == {"status": "ok"}
    not_migrated = api.client.get("/readyz")  # the test schema was built without Alembic
    assert not_migrated.status_code == 503 and not_migrated.get_json()["schema"].startswith("at nothing")


def test_readiness_needs_the_broker_and_tells_whether_the_scheduler_is_alive(app, api, settings):
    postal = app.extensions["postal"]
    assert api.client.get("/readyz").get_json()["broker"] == "reachable"
    postal.tasks = make_celery(settings.model_copy(update={"broker_url": "amqp://guest:guest@127.0.0.1:1//"}))
    down = api.client.get("/readyz")
    assert down.status_code == 503 and down.get_json()["broker"].startswith("unreachable")
    assert down.get_json()["scheduler"] == "never started"
    clock = scheduler.build(settings, blocking=False, engine=postal.engine)
    clock.start(paused=True)  # writes every job with its next run, as a running scheduler keeps them
    clock.shutdown(wait=False)
    api.now = datetime.now(UTC)
    assert api.client.get("/readyz").get_json()["scheduler"] == "alive"
    api.now = datetime.now(UTC) + timedelta(minutes=10)  # the one-minute job ten minutes late: nobody runs it
    assert api.client.get("/readyz").get_json()["scheduler"].startswith("silent since ")


def test_every_request_gets_an_id_and_a_log_line_with_phones_masked(api, caplog):
    caplog.set_level(logging.INFO, logger="postal_service.requests")
    response = api.client.get("/track?reference=D45-AAAAAA&phone=0912345678", headers={"X-Request-Id": "probe-0001"})
    assert response.headers["X-Request-Id"] == "probe-0001"
    line = json.loads(caplog.records[-1].getMessage())
    assert line["request_id"] == "probe-0001" and line["status"] == 200 and line["role"] == "anonymous"
    assert "0912345678" not in line["path"] and "******5678" in line["path"]
    assert api.client.get("/healthz", headers={"X-Request-Id": "bad id!"}).headers["X-Request-Id"] != "bad id!"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("threads", "kind"), [(None, "gthread"), (1, "sync")])
def test_serve_runs_gunicorn_workers_that_answer_and_stop_on_sigterm(database_url, tmp_path, threads, kind):
    url = f"sqlite:///{tmp_path}/served.sqlite3"
    migrate.upgrade(url)
    port = free_port()
    server = start_server(url, port, stderr=subprocess.PIPE, threads=threads)
    try:
        ready = None
        for _ in range(300):  # bounded by attempts: a busy machine only makes it wait longer
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
                    ready = json.load(answer)
                break
            except OSError:
                time.sleep(0.2)
        assert ready == {
            "ready": True,
            "database": "reachable",
            "schema": "current",
            "broker": "reachable",
            "scheduler": "never started",
        }
    finally:
        server.send_signal(signal.SIGTERM)  # to the master, which stops its workers
        _, errors = server.communicate(timeout=60)
    assert server.returncode == 0
    assert "Booting worker" in errors and f"Using worker: {kind}" in errors
