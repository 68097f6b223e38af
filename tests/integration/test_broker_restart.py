"""RabbitMQ stopped and started again with plans and messages in flight: each task is done once. Tasks it held come
back with it (durable queues, persistent messages, acknowledged late); a task sent while it is down fails its
sender, so a plan request is answered 503 and records nothing, and a booking's messages wait in the outbox for
the sweep. A worker reconnects by itself. The node is a throwaway one of the test's own: the suite's shared
RabbitMQ is never stopped under the other tests."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlmodel import select

from api import create_app
from postal_service.db.tables import Notification, PlanRun
from postal_service.worker import enqueue, make_celery

from ..backing_services import STATE, RabbitNode, free_port, throwaway_rabbitmq
from ..conftest import work_session
from ..e2e.conftest import Api
from ..e2e.servers import start_worker, stop, until
from ..peers import sms_gateway

pytestmark = [pytest.mark.parametrize("database_url", ["postgresql"], indirect=True), pytest.mark.long]
BOOKED_BEFORE, BOOKED_DURING = 6, 2


@pytest.fixture
def rabbit() -> Iterator[RabbitNode]:
    port = free_port()
    folder = STATE / f"restarted-rabbitmq-{port}"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        with throwaway_rabbitmq(port, folder) as node:
            yield node
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _messages(engine, settings) -> list[Notification]:
    with work_session(engine, settings) as session:
        return list(session.exec(select(Notification)))


def _plans(engine, settings) -> list[PlanRun]:
    with work_session(engine, settings) as session:
        return list(session.exec(select(PlanRun)))


def test_a_broker_restarted_with_plans_and_messages_in_flight_does_each_once(rabbit, settings, world, engine):
    with sms_gateway(delay=0.2) as gateway:  # each text takes a moment: some are in a worker's hands at the stop
        settings = settings.model_copy(
            update={"broker_url": f"amqp://guest:guest@127.0.0.1:{rabbit.port}//", "sms_gateway_url": gateway.url}
        )
        app = create_app(settings)
        api = Api(app)
        loose = {"SMS_GATEWAY_URL": gateway.url, "QUIET_HOURS": "", "MESSAGES_PER_PHONE_PER_HOUR": "1000"}
        worker = start_worker(settings, **loose)
        try:
            for n in range(BOOKED_BEFORE):
                api.book("send" if n < 3 else "receive")  # three pickups to plan (a slot takes a few)
            plan = api.ok(api.post("/post-offices/100000/plans", {}, as_="dispatcher"), 202)
            assert until(lambda: gateway.hits >= 1, pause=0.05), "the worker delivered nothing"
            texted_before = gateway.hits  # read as the stop begins: a text takes 0.2 s, the node seconds to stop
            rabbit.stop()

            for _ in range(BOOKED_DURING):
                api.book("receive")  # committed; its messages wait in the outbox
            refused = api.post("/post-offices/100000/plans", {}, as_="dispatcher")
            assert refused.status_code == 503 and refused.headers["Retry-After"]

            rabbit.start()
            enqueue(make_celery(settings), "deliver_messages")  # the scheduler's next minute: the outbox's sweep
            written = _messages(engine, settings)
            assert until(lambda: all(m.status == "sent" for m in _messages(engine, settings)), attempts=900)
            assert until(lambda: [p.status for p in _plans(engine, settings)] == ["done"], attempts=900)
            plans = _plans(engine, settings)
        finally:
            stop(worker)
            app.extensions["postal"].engine.dispose()
    sent = Counter(text["reference"] for text in gateway.received)
    print(f"messages {len(written)}, texted before the stop {texted_before}, in all {sum(sent.values())}")
    assert texted_before < BOOKED_BEFORE  # the rest were queued or in a worker's hands when the broker stopped
    assert sent == Counter(f"postal-{m.id}" for m in written), "a message texted twice, or not at all"
    assert [(p.id, p.status) for p in plans] == [(plan["id"], "done")]  # the refused request recorded nothing
