"""When the courier takes a step at the stop before a citizen's door, the citizen is texted that the courier is near
and when to expect them: once a stop and a day (through the local SMS gateway), never at night, never for a stop at
an agency's desk; the tracking page's query tells the same time."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlmodel import col, select

from postal_service import channels
from postal_service.context import Actor
from postal_service.db.tables import Notification, Parcel, RouteStop, User
from postal_service.domain.messages import segments
from postal_service.domain.route_stops import AT_THE_DOOR
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.queries import routes
from postal_service.services import courier_notices, outbox
from postal_service.services.auth import actor_for_user
from postal_service.services.unit_of_work import unit_of_work

from ..conftest import work_session
from ..peers import sms_gateway
from .test_courier_notices import _planned_day
from .test_planning import fast


def _pairs(engine, settings) -> list[tuple[RouteStop, RouteStop]]:
    """Each stop of the day's routes with the stop after it."""
    with work_session(engine, settings) as session:
        stops = session.exec(select(RouteStop).order_by(col(RouteStop.courier_id), col(RouteStop.position))).all()
    return [(a, b) for a, b in itertools.pairwise(stops) if a.courier_id == b.courier_id]


def _step_at(engine, settings, stop: RouteStop, at: datetime) -> str | None:
    """What the step hook runs once the stop's courier took a step there."""
    with unit_of_work(engine, settings, Actor.system(), at) as ctx:
        ctx.actor = actor_for_user(ctx.session.get(User, stop.courier_id))
        return courier_notices.announce_next_stop(ctx, ctx.session.get(Parcel, stop.parcel_id))


def _near_texts(engine, settings, gateway, at: datetime) -> list[dict]:
    """The texts sent when the outbox delivers at `at` (the day's clock, never the machine's: quiet hours apply)."""
    with work_session(engine, settings) as session:
        ids = session.exec(select(Notification.id).where(Notification.topic == "courier_near")).all()
    for message_id in ids:
        with unit_of_work(engine, settings, Actor.system(), at) as ctx:
            outbox.deliver(ctx, message_id, lambda m: channels.channel_for(ctx.settings, m.channel)(m))
    return [text for text in gateway.received if "tren duong den cho ban" in text["message"]]  # GSM: no marks


def test_the_citizen_is_told_once_the_courier_is_near_with_the_time_to_expect_them(engine, settings, world):
    with sms_gateway() as gateway:
        settings = fast(settings).model_copy(update={"sms_gateway_url": gateway.url, "quiet_hours": "21:00-07:00"})
        _planned_day(engine, settings)
        before, door = next((a, b) for a, b in _pairs(engine, settings) if b.kind in AT_THE_DOOR)
        at = door.eta - timedelta(minutes=25)
        assert _step_at(engine, settings, before, at) is not None
        assert _step_at(engine, settings, before, at + timedelta(minutes=3)) is None  # a second step there: no text
        texts = _near_texts(engine, settings, gateway, at + timedelta(minutes=1))
        assert len(texts) == 1
        expected = at + max(door.eta - before.eta, timedelta())
        with unit_of_work(engine, settings, Actor.system(), at) as ctx:
            tracking = ctx.session.get(Parcel, door.parcel_id).tracking_number
            shown = routes.courier_near(ctx, ctx.session.get(User, door.courier_id).post_office_id, [tracking])
        assert shown[tracking] >= expected and shown[tracking] - expected < timedelta(minutes=5)  # rounded up
        assert f"{shown[tracking].astimezone(LOCAL_TZ):%H:%M}" in texts[0]["message"]
        assert segments(texts[0]["message"]) <= 2


def test_no_one_is_told_at_night_or_for_a_stop_at_an_agency(engine, settings, world):
    settings = fast(settings).model_copy(update={"quiet_hours": "00:00-23:59"})  # every hour is night
    _planned_day(engine, settings)
    pairs = _pairs(engine, settings)
    before, door = next((a, b) for a, b in pairs if b.kind in AT_THE_DOOR)
    assert _step_at(engine, settings, before, door.eta - timedelta(minutes=25)) is None
    settings = settings.model_copy(update={"quiet_hours": ""})
    desk = [a for a, b in pairs if b.kind not in AT_THE_DOOR]
    assert desk, "the day has a stop followed by one at an agency"
    assert all(_step_at(engine, settings, a, a.eta) is None for a in desk)
    with work_session(engine, settings) as session:
        assert session.exec(select(Notification).where(Notification.topic == "courier_near")).all() == []
