"""Scheduler jobs on a frozen clock: each does its work once, and the job store survives a restart."""

from datetime import datetime, timedelta

from sqlalchemy import inspect, text
from sqlmodel import select

from postal_service import jobs, scheduler
from postal_service.context import Actor, Context
from postal_service.db.queries import user_by_username
from postal_service.db.tables import DeadlineAlert, Notification, ServiceRequest
from postal_service.domain.lifecycle import Action
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.queries import alerts, messages
from postal_service.services import assignment, plan_requests
from postal_service.services.auth import actor_for_user
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.schemas import CourierAssignment, Pickup

from ..conftest import work_session
from ..factories import CAU_GIAY, CUA_NAM, DOCUMENTS
from .test_planning import book, fast

MONDAY_0600 = datetime(2026, 11, 23, 6, 0, tzinfo=LOCAL_TZ)
MONDAY_0645 = datetime(2026, 11, 23, 6, 45, tzinfo=LOCAL_TZ)


def _offices(asked: list[jobs.Followup]) -> list[str]:
    return [plan.about for plan in asked]


def _carry_out(session, settings, asked: list[jobs.Followup], now: datetime) -> None:
    """What the workers do with the plans a job asked for."""
    for plan in asked:
        assert plan_requests.carry_out(Context(session, settings, Actor.system(), now), plan.id).status == "done"


def test_a_shift_is_asked_for_once_when_its_lead_time_comes_and_planned_by_a_worker(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
        assert jobs.plan_due_shifts(session, settings, MONDAY_0600) == []  # too early
        asked = jobs.plan_due_shifts(session, settings, MONDAY_0645)
        assert _offices(asked) == ["100000"]
        assert jobs.plan_due_shifts(session, settings, MONDAY_0645 + timedelta(minutes=5)) == []  # still waiting
        _carry_out(session, settings, asked, MONDAY_0645 + timedelta(minutes=6))
        assert jobs.plan_due_shifts(session, settings, MONDAY_0645 + timedelta(minutes=10)) == []  # planned


def test_a_plan_lost_on_its_way_to_the_workers_is_asked_for_again_after_the_lead_time(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
        first = jobs.plan_due_shifts(session, settings, MONDAY_0645)
        late = MONDAY_0645 + timedelta(minutes=settings.planning_lead_minutes + 1)
        again = jobs.plan_due_shifts(session, settings, late)
        assert _offices(again) == ["100000"] and again[0].id != first[0].id


def test_a_changed_day_is_replanned_once(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
        _carry_out(session, settings, jobs.plan_due_shifts(session, settings, MONDAY_0645), MONDAY_0645)
        later = MONDAY_0645 + timedelta(minutes=20)
        assert jobs.replan_changed(session, settings, later) == []
        book(session, settings, "send", CAU_GIAY, lat=21.033, lon=105.794)
        asked = jobs.replan_changed(session, settings, later)
        assert _offices(asked) == ["100000"]
        assert jobs.replan_changed(session, settings, later + timedelta(minutes=1)) == []  # already asked
        _carry_out(session, settings, asked, later + timedelta(minutes=2))
        assert jobs.replan_changed(session, settings, later + timedelta(minutes=15)) == []


def _picked_up_on_monday(session, settings):
    """A dossier booked and picked up on Monday morning: same province, so due on Wednesday (J+2)."""
    dossier = book(session, settings, "send", CUA_NAM)["dossier"]
    at = MONDAY_0645 + timedelta(hours=3)
    dispatcher = Context(session, settings, actor_for_user(user_by_username(session, "dispatcher")), at)
    assignment.assign_courier(dispatcher, dossier, CourierAssignment(courier_username="courier1"))
    courier = Context(session, settings, actor_for_user(user_by_username(session, "courier1")), at)
    pickup = Pickup(seal_number="NP-3", documents_present=DOCUMENTS, id_checked=True, cash_collected=33_000)
    scan_and_take(courier, dossier, Action.PICK_UP, pickup)
    return dossier, at, dispatcher.actor, courier.actor


def test_a_deadline_at_risk_is_flagged_once(engine, settings, world):
    with work_session(engine, settings) as session:
        dossier, at, _, _ = _picked_up_on_monday(session, settings)
        tuesday = at + timedelta(days=1)  # within one working day of Wednesday
        assert jobs.watch_deadlines(session, settings, at) == []
        assert jobs.watch_deadlines(session, settings, tuesday) == [dossier]
        assert jobs.watch_deadlines(session, settings, tuesday + timedelta(hours=1)) == []


def test_the_jobs_are_kept_in_the_database_and_a_restart_keeps_one_copy_of_each(engine, settings):
    for _ in range(2):
        running = scheduler.build(settings, blocking=False, engine=engine)
        running.start(paused=True)
        running.shutdown(wait=False)
    assert "apscheduler_jobs" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        ids = sorted(row[0] for row in connection.execute(text("SELECT id FROM apscheduler_jobs")))
    assert ids == [
        "anchor_custody",
        "announce_arrivals",
        "apply_retention",
        "count_serial_usage",
        "deliver_messages",
        "expire_holds",
        "forget_idempotency_keys",
        "plan_due_shifts",
        "prepare_custody_months",
        "replan_changed",
        "reroute_missed_runs",
        "roll_up_figures",
        "warn_due_claims",
        "watch_deadlines",
    ]


def test_a_deadline_alert_closes_when_the_parcel_moves(engine, settings, world):
    with work_session(engine, settings) as session:
        dossier, at, dispatcher, courier = _picked_up_on_monday(session, settings)
        tuesday = at + timedelta(days=1)
        assert jobs.watch_deadlines(session, settings, tuesday) == [dossier]
        on_tuesday = Context(session, settings, dispatcher, tuesday)
        assert alerts.open_alert_count(on_tuesday) == 1 and alerts.alerted(on_tuesday) == {dossier}
        scan_and_take(Context(session, settings, courier, tuesday), dossier, Action.ARRIVE_AT_POST_OFFICE)
        assert alerts.open_alert_count(on_tuesday) == 0
        assert session.exec(select(DeadlineAlert)).one().resolved_at is not None


def test_a_deadline_alert_texts_the_offices_dispatchers_and_stays_out_of_the_citizens_messages(engine, settings, world):
    with work_session(engine, settings) as session:
        user_by_username(session, "dispatcher").phone = "0912000111"
        dossier, at, dispatcher, _ = _picked_up_on_monday(session, settings)
        assert jobs.watch_deadlines(session, settings, at + timedelta(days=1)) == [dossier]
        alert = session.exec(select(Notification).where(Notification.topic == "deadline_alert")).one()
        assert alert.recipient == "0912000111" and dossier in alert.body and "Cảnh báo hạn" in alert.body
        reference = session.get(ServiceRequest, alert.request_id).reference
        listed = messages.of_request(Context(session, settings, dispatcher, at), reference)
        assert listed and all("Cảnh báo" not in m.body for m in listed)
