"""The outbox delivered through real local peers: an SMS gateway over HTTP and a mail server over SMTP."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from postal_service import channels
from postal_service.context import Actor
from postal_service.db.tables import Notification, ServiceRequest
from postal_service.domain.messages import DeliveryFailed, MessageKind
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services import auth, outbox
from postal_service.services.unit_of_work import unit_of_work
from postal_service.worker import make_celery, relay_messages

from ..conftest import work_session
from ..e2e.servers import free_port
from ..factories import CUA_NAM
from ..peers import mail_server, sms_gateway
from .test_planning import book

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=LOCAL_TZ)
NIGHT = datetime(2026, 11, 23, 22, 30, tzinfo=LOCAL_TZ)
PHONE = "0987654321"  # the phone of test_planning.book


def _message(engine, settings, kind: MessageKind = MessageKind.NOTICE, channel: str = "sms", to: str = PHONE) -> int:
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
        request_id = session.exec(select(Notification.request_id)).first()
        message = Notification(
            request_id=request_id,
            channel=channel,
            kind=kind.value,
            recipient=to,
            body="Hồ sơ đã được niêm phong.",
            created_at=NOON,
        )
        session.add(message)
        session.flush()
        return message.id


def _deliver(engine, settings, message_id: int, at: datetime) -> str:
    with unit_of_work(engine, settings, Actor.system(), at) as ctx:
        return outbox.deliver(ctx, message_id, lambda m: channels.channel_for(settings, m.channel)(m))


def _row(engine, settings, message_id: int) -> Notification:
    with work_session(engine, settings) as session:
        return session.get(Notification, message_id)


def test_a_message_the_gateway_fails_twice_is_tried_again_after_a_growing_wait_and_sent_once(engine, settings, world):
    with sms_gateway(answers=[500, 503]) as gateway:
        settings = settings.model_copy(update={"sms_gateway_url": gateway.url})
        message_id = _message(engine, settings)
        assert _deliver(engine, settings, message_id, NOON) == "pending"
        first = _row(engine, settings, message_id)
        assert first.next_attempt_at == NOON + timedelta(seconds=30) and "503" not in first.last_error
        assert _deliver(engine, settings, message_id, NOON + timedelta(seconds=10)) == "later"  # not yet due
        assert _deliver(engine, settings, message_id, NOON + timedelta(seconds=30)) == "pending"
        assert _row(engine, settings, message_id).next_attempt_at == NOON + timedelta(seconds=90)  # then 1 min
        assert _deliver(engine, settings, message_id, NOON + timedelta(seconds=90)) == "sent"
        assert _deliver(engine, settings, message_id, NOON + timedelta(seconds=200)) == "sent"  # never twice
    assert gateway.hits == 3 and len(gateway.received) == 1
    sms = gateway.received[0]
    assert sms["message"] == "Ho so da duoc niem phong." and sms["brandname"] == settings.sms_brand_name
    assert sms["reference"] == f"postal-{message_id}" and _row(engine, settings, message_id).attempts == 3


def test_a_refused_message_is_dead_at_once_and_an_unreachable_gateway_after_the_allowed_tries(engine, settings, world):
    with sms_gateway(answers=[400]) as gateway:
        refused = _message(engine, settings.model_copy(update={"sms_gateway_url": gateway.url}))
        assert _deliver(engine, settings.model_copy(update={"sms_gateway_url": gateway.url}), refused, NOON) == "dead"
    assert "400" in _row(engine, settings, refused).last_error
    closed = settings.model_copy(update={"sms_gateway_url": gateway.url, "message_max_attempts": 3})  # now stopped
    unreachable = _message(engine, closed)
    at = NOON
    for _ in range(3):
        status = _deliver(engine, closed, unreachable, at)
        at = _row(engine, closed, unreachable).next_attempt_at or at
    assert status == "dead" and "could not be reached" in _row(engine, closed, unreachable).last_error


def test_notices_wait_for_the_end_of_quiet_hours_and_sign_in_codes_do_not(engine, settings, world):
    with sms_gateway() as gateway:
        settings = settings.model_copy(update={"sms_gateway_url": gateway.url})
        notice = _message(engine, settings)
        code = _message(engine, settings, MessageKind.SIGN_IN_CODE)
        assert _deliver(engine, settings, notice, NIGHT) == "deferred"
        assert _row(engine, settings, notice).next_attempt_at == datetime(2026, 11, 24, 7, 0, tzinfo=LOCAL_TZ)
        assert _deliver(engine, settings, code, NIGHT) == "sent"
    assert len(gateway.received) == 1


def test_a_phone_gets_at_most_the_hourly_number_of_notices(engine, settings, world):
    with sms_gateway() as gateway:
        settings = settings.model_copy(update={"sms_gateway_url": gateway.url, "messages_per_phone_per_hour": 2})
        ids = [_message(engine, settings) for _ in range(3)]
        assert [_deliver(engine, settings, n, NOON + timedelta(minutes=n)) for n in ids] == ["sent", "sent", "deferred"]
        assert _row(engine, settings, ids[2]).next_attempt_at == NOON + timedelta(minutes=ids[0], hours=1)
    assert len(gateway.received) == 2


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_workers_delivering_one_message_at_once_send_it_once(engine, settings, world):
    with sms_gateway(delay=0.5) as gateway:
        settings = settings.model_copy(update={"sms_gateway_url": gateway.url})
        message_id = _message(engine, settings)
        results: list[str] = []
        threads = [
            threading.Thread(target=lambda: results.append(_deliver(engine, settings, message_id, NOON)))
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(results).count("sent") >= 1 and gateway.hits == 1
    assert set(results) <= {"sent", "taken"}


def test_an_e_mail_goes_through_the_mail_server(engine, settings, world):
    with mail_server() as (url, mailbox):
        settings = settings.model_copy(update={"smtp_url": url, "mail_from": "buudien@example.vn"})
        message_id = _message(engine, settings, channel="email", to="nam@example.vn")
        assert _deliver(engine, settings, message_id, NOON) == "sent"
    (mail,) = mailbox
    assert mail["To"] == "nam@example.vn" and mail["From"] == "buudien@example.vn"
    assert "Hồ sơ đã được niêm phong" in mail.get_payload(decode=True).decode()
    assert mail["Message-ID"] == f"<postal-{message_id}@example.vn>"


def test_without_a_gateway_development_delivers_to_the_sink_and_production_to_no_one(engine, settings, world):
    message_id = _message(engine, settings)
    production = channels.channel_for(settings.model_copy(update={"environment": "production"}), "sms")
    with pytest.raises(DeliveryFailed, match="no sms channel"):
        production(_row(engine, settings, message_id))
    assert _deliver(engine, settings, message_id, NOON) == "sent"
    assert _row(engine, settings, message_id).provider == channels.SINK


def test_a_sign_in_code_is_written_as_a_code_and_has_its_id_for_the_task_sent_after_the_commit(engine, settings, world):
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
        reference = session.exec(select(ServiceRequest.reference)).first()
    with unit_of_work(engine, settings, now=NOON) as ctx:
        auth.send_citizen_code(ctx, reference, PHONE)
        written = list(ctx.outbox)
    assert [m.kind for m in written] == ["code"] and written[0].id is not None


def test_a_broker_that_cannot_take_the_tasks_after_the_commit_raises_nothing_and_the_sweep_finds_them(
    engine, settings, world
):
    message_id = _message(engine, settings)
    closed = settings.model_copy(update={"broker_url": f"amqp://guest:guest@127.0.0.1:{free_port()}//"})
    relay_messages(make_celery(closed), [_row(engine, settings, message_id)])  # logged, not raised
    with unit_of_work(engine, settings, Actor.system(), NOON) as ctx:
        assert message_id in [message.id for message in outbox.due(ctx)]
