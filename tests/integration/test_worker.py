"""A real Celery worker process takes the scheduler's jobs from RabbitMQ, or from the embedded broker."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from postal_service.db.tables import IdempotencyKey
from postal_service.worker import enqueue, make_celery

from ..backing_services import RABBITMQ
from ..conftest import MONDAY_MORNING, require_running, work_session
from ..e2e.servers import start_worker, stop

ROOT = Path(__file__).resolve().parents[2]


def _expired_key(engine, settings) -> None:
    with work_session(engine, settings) as session:
        session.add(
            IdempotencyKey(
                scope="anonymous@127.0.0.1",
                method="POST",
                path="/api/v1/requests",
                key="k-1",
                fingerprint="f" * 64,
                status_code=201,
                body="{}",
                created_at=MONDAY_MORNING,
                expires_at=MONDAY_MORNING - timedelta(hours=1),
            )
        )


def _keys_left(engine, settings) -> int:
    with work_session(engine, settings) as session:
        return session.exec(select(func.count()).select_from(IdempotencyKey)).one()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("broker", ["rabbitmq", "embedded"])
def test_a_job_sent_to_the_broker_is_run_by_a_worker_process(engine, settings, broker, tmp_path):
    url = require_running(RABBITMQ) if broker == "rabbitmq" else f"sqla+sqlite:///{tmp_path}/broker.sqlite3"
    settings = settings.model_copy(update={"broker_url": url, "task_queue": f"test-{uuid.uuid4().hex[:8]}"})
    _expired_key(engine, settings)
    worker = start_worker(settings)
    try:
        enqueue(make_celery(settings), "forget_idempotency_keys")
        for _ in range(600):  # bounded by attempts: a busy machine only makes the worker start later
            if _keys_left(engine, settings) == 0 or worker.poll() is not None:
                break
            time.sleep(0.2)
        assert worker.poll() is None, "the worker stopped"
        assert _keys_left(engine, settings) == 0
    finally:
        stop(worker)


def test_an_unknown_job_is_refused_before_it_reaches_the_broker(settings):
    with pytest.raises(ValueError, match="no job"):
        enqueue(make_celery(settings), "plan_everything")
