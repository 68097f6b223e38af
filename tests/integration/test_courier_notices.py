"""An hour before the planned arrival at a citizen's door, the citizen is texted the window: once a stop a day."""

import threading
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from postal_service.context import Actor
from postal_service.db.queries import by_code
from postal_service.db.tables import Notification, Parcel, PostOffice, RouteStop
from postal_service.domain.lifecycle import Action
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services import courier_notices, planning
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.unit_of_work import unit_of_work

from ..conftest import MONDAY_MORNING, work_session
from ..factories import CAU_GIAY, CUA_NAM, HOAN_KIEM, OFFICE
from .test_planning import MONDAY, as_user, book, fast


def _planned_day(engine, settings) -> dict[str, str]:
    """Two pickups (slots 09:30-11:30 and 13:30-15:30) and a result to deliver, planned for Monday."""
    with work_session(engine, settings) as session:
        morning = book(session, settings, "send", CUA_NAM)["dossier"]
        afternoon = book(
            session, settings, "send", CAU_GIAY, slot="2026-11-23T13:30:00+07:00", lat=21.033, lon=105.794
        )["dossier"]
        result = book(session, settings, "receive", HOAN_KIEM, lat=21.028, lon=105.852)["result"]
        scan_and_take(as_user(session, settings, "clerk"), result, Action.MARK_RESULT_READY)
    with unit_of_work(engine, settings, Actor.system(), MONDAY_MORNING) as ctx:
        planning.plan_office_day(ctx, by_code(ctx.session, PostOffice, OFFICE), MONDAY)
    return {"morning": morning, "afternoon": afternoon, "result": result}


def _announce(engine, settings, at: datetime) -> list[str]:
    with unit_of_work(engine, settings, Actor.system(), at) as ctx:
        return courier_notices.announce_arrivals(ctx)


def _eta(engine, settings, tracking: str, kind: str) -> datetime:
    with work_session(engine, settings) as session:
        parcel = session.exec(select(Parcel).where(Parcel.tracking_number == tracking)).one()
        stop = session.exec(select(RouteStop).where(RouteStop.parcel_id == parcel.id, RouteStop.kind == kind)).one()
        return stop.eta


def _notices(engine, settings, topic_prefix: str = "courier_coming") -> list[Notification]:
    with work_session(engine, settings) as session:
        rows = session.exec(select(Notification).where(Notification.topic.startswith(topic_prefix))).all()
        return sorted(rows, key=lambda n: n.id)


def test_a_citizen_is_told_the_courier_window_an_hour_before_the_planned_arrival_and_only_once(engine, settings, world):
    settings = fast(settings)
    day = _planned_day(engine, settings)
    eta = _eta(engine, settings, day["morning"], "pickup_dossier")
    assert _announce(engine, settings, eta - timedelta(minutes=61)) == []  # not yet
    told = _announce(engine, settings, eta - timedelta(minutes=55))
    assert day["morning"] in told and day["afternoon"] not in told
    assert _announce(engine, settings, eta - timedelta(minutes=50)) == []  # never twice
    (notice,) = [n for n in _notices(engine, settings) if n.topic == "courier_coming_for_dossier"]
    local = eta.astimezone(LOCAL_TZ)
    assert notice.body.startswith("Bưu tá sẽ đến lấy hồ sơ D45-") and "hôm nay" in notice.body
    start, end = notice.body.split("khoảng ")[1].split(" hôm nay")[0].split("-")
    assert start <= f"{local:%H:%M}" <= end and start >= "09:30" and end <= "11:30"  # inside the booked slot
    assert int(start[-2:]) % 5 == 0 and int(end[-2:]) % 5 == 0


def test_the_result_delivery_gets_its_own_window_notice(engine, settings, world):
    settings = fast(settings)
    day = _planned_day(engine, settings)
    eta = _eta(engine, settings, day["result"], "deliver_result")
    assert day["result"] in _announce(engine, settings, eta - timedelta(minutes=30))
    notices = [n for n in _notices(engine, settings) if n.topic == "courier_coming_with_result"]
    assert len(notices) == 1 and notices[0].body.startswith("Bưu tá sẽ giao kết quả")


def test_a_stop_already_done_is_not_announced(engine, settings, world):
    settings = fast(settings)
    day = _planned_day(engine, settings)
    eta = _eta(engine, settings, day["morning"], "pickup_dossier")
    with work_session(engine, settings) as session:
        parcel = session.exec(select(Parcel).where(Parcel.tracking_number == day["morning"])).one()
        parcel.status = "cancelled"  # the citizen cancelled after the plan was published
        session.add(parcel)
    assert day["morning"] not in _announce(engine, settings, eta - timedelta(minutes=30))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_announcers_at_once_text_each_citizen_once(engine, settings, world):
    settings = fast(settings)
    day = _planned_day(engine, settings)
    at = _eta(engine, settings, day["morning"], "pickup_dossier") - timedelta(minutes=30)
    barrier, outcomes = threading.Barrier(2), []

    def announce() -> None:
        barrier.wait()
        outcomes.append(_announce(engine, settings, at))  # neither fails: the loser's copy alone is undone

    threads = [threading.Thread(target=announce) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = [n for n in _notices(engine, settings) if day["morning"] in (n.once_key or "")]
    assert len(sent) == 1 and len(outcomes) == 2
    assert sorted(day["morning"] in told for told in outcomes) == [False, True]
