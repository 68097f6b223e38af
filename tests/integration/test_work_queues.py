"""Plans, messages and the scheduler's jobs go to queues of their own: a plan never waits behind the day's
messages, and messages travel to the workers in batches."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from postal_service.context import Actor, Context
from postal_service.db.tables import PostOffice
from postal_service.jobs import MESSAGE, PLAN, WEBHOOK, Followup
from postal_service.services import plan_requests
from postal_service.worker import BATCH, DELIVER_MESSAGES, enqueue_plan, make_celery, queue_name, send_followups

from ..backing_services import RABBITMQ
from ..conftest import MONDAY_MORNING, require_running, work_session
from ..e2e.servers import start_worker, stop, until
from ..factories import CUA_NAM
from .test_planning import MONDAY, book
from .test_worker_crash import _status

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
BACKLOG = 600  # about the demo's messages on a fresh `make run`


def _waiting(app, queue: str) -> int:
    with app.connection_for_write() as connection:
        return connection.default_channel.queue_declare(queue=queue, passive=True).message_count


def test_a_plan_is_carried_out_while_a_backlog_of_messages_waits_in_its_own_queue(engine, settings, world):
    settings = settings.model_copy(
        update={"broker_url": require_running(RABBITMQ), "task_queue": f"queues-{uuid.uuid4().hex[:8]}"}
    )
    app = make_celery(settings)
    send_followups(app, [Followup(MESSAGE, n, "notice") for n in range(1, BACKLOG + 1)])
    messages = queue_name(settings, "messages")
    assert _waiting(app, messages) == -(-BACKLOG // BATCH)  # in batches: 12 tasks carry 600 messages
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
        office = session.exec(select(PostOffice)).first()
        run_id = plan_requests.request_plan(
            Context(session, settings, Actor.system(), MONDAY_MORNING), office, MONDAY
        ).id
    enqueue_plan(app, run_id)
    planner = start_worker(settings, takes="plans")
    try:
        assert until(lambda: _status(engine, settings, run_id) == "done" or planner.poll() is not None)
        assert _status(engine, settings, run_id) == "done"
        assert _waiting(app, messages) == -(-BACKLOG // BATCH)  # the planner took none of them
    finally:
        stop(planner)


def test_followups_go_one_task_a_plan_and_one_a_batch_of_messages_or_webhooks(settings):
    sent: list[tuple[str, list]] = []

    class Recorder:
        def send_task(self, name: str, args: list) -> None:
            sent.append((name, args[0]))

    found = [Followup(PLAN, 1, "100000"), *(Followup(MESSAGE, n, "n") for n in range(120))]
    send_followups(Recorder(), [*found, Followup(WEBHOOK, 9, "e")])  # type: ignore[arg-type]
    assert [name for name, _ in sent].count(DELIVER_MESSAGES) == 3
    assert [len(ids) for name, ids in sent if name == DELIVER_MESSAGES] == [50, 50, 20]
    assert ("postal.carry_out_plan", 1) in sent and ("postal.deliver_webhooks", [9]) in sent
