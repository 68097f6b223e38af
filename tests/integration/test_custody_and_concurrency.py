"""Custody chains on a real database: two racing steps cannot both win, an edited event is caught."""

import threading
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import text, update
from sqlmodel import func, select

from api.cli import main
from postal_service.context import Actor, Context
from postal_service.db.tables import CustodyEvent, Parcel, ServiceRequest
from postal_service.domain.errors import Conflict, InvalidTransition
from postal_service.domain.identifiers import TrackingNumber
from postal_service.domain.lifecycle import Action
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services import assignment, booking, holds
from postal_service.services.auth import actor_for_user
from postal_service.services.bag_chain import verify_bags
from postal_service.services.custody_audit import verify_custody
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.schemas import BookingCreate, CourierAssignment, FailedAttempt, Pickup, ResultOffer

from ..conftest import MONDAY_MORNING, work_session
from ..factories import CUA_NAM, DOCUMENTS, PROCEDURE


def staff(session, username):
    from postal_service.db.queries import user_by_username

    return actor_for_user(user_by_username(session, username))


def booking_body(service="send") -> dict:
    body = {
        "service": service,
        "procedure_code": PROCEDURE,
        "consent": True,
        "contact": {"name": "Trần Thị Lan", "phone": "0987654321", "id_number": "001190654321"},
    }
    address = {"street": "1 Hàng Bài", "province_code": 1, "commune_code": CUA_NAM}
    if service == "receive":
        body |= {"delivery_address": address, "dossier_code": "000.00.15.G02-261120-0001"}
    else:
        body |= {"intake": "pickup", "pickup_address": address, "slot_start": "2026-11-23T09:30:00+07:00"}
    return body


def book_send(engine, settings, service="send"):
    body = booking_body(service)
    with work_session(engine, settings) as session:
        request = booking.book(Context(session, settings, now=MONDAY_MORNING), BookingCreate.model_validate(body))
        parcels = {
            p.leg: p.tracking_number for p in session.exec(select(Parcel).where(Parcel.request_id == request.id))
        }
    return parcels


def assign(engine, settings, tracking_number, courier="courier1"):
    with work_session(engine, settings) as session:
        ctx = Context(session, settings, staff(session, "dispatcher"), MONDAY_MORNING)
        assignment.assign_courier(ctx, tracking_number, CourierAssignment(courier_username=courier))


def as_database_owner(session):
    """The attacker of these tests owns the database: on PostgreSQL they first switch the append-only trigger off."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE custody_event DISABLE TRIGGER custody_event_append_only"))


def pickup_body(cash=33_000):
    return Pickup(seal_number="S-1", documents_present=DOCUMENTS, id_checked=True, cash_collected=cash)


def test_two_couriers_racing_to_pick_up_one_dossier_cannot_both_win(engine, settings, world):
    tracking_number = book_send(engine, settings)["dossier"]
    assign(engine, settings, tracking_number)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt():
        try:
            with work_session(engine, settings) as session:
                ctx = Context(session, settings, staff(session, "courier1"), MONDAY_MORNING + timedelta(hours=3))
                barrier.wait()
                scan_and_take(ctx, tracking_number, Action.PICK_UP, pickup_body())
            outcomes.append("won")
        except (Conflict, InvalidTransition):
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "won"]
    with work_session(engine, settings) as session:
        parcel = session.exec(select(Parcel).where(Parcel.tracking_number == tracking_number)).one()
        events = session.exec(select(func.count()).select_from(CustodyEvent).where(CustodyEvent.parcel_id == parcel.id))
        assert (parcel.status, parcel.event_count, events.one()) == ("picked_up", 3, 3)
        assert verify_custody(session, settings.custody_key_ring)[1] == []


def test_verify_custody_names_an_edited_event(engine, settings, world, monkeypatch):
    tracking_number = book_send(engine, settings)["dossier"]
    assign(engine, settings, tracking_number)
    with work_session(engine, settings) as session:
        ctx = Context(session, settings, staff(session, "courier1"), MONDAY_MORNING + timedelta(hours=3))
        scan_and_take(ctx, tracking_number, Action.PICK_UP, pickup_body())
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    intact = CliRunner().invoke(main, ["verify-custody"])
    assert intact.exit_code == 0 and "0 broken links" in intact.output

    with work_session(engine, settings) as session:
        as_database_owner(session)
        parcel_id = session.exec(select(Parcel.id).where(Parcel.tracking_number == tracking_number)).one()
        session.execute(
            update(CustodyEvent)
            .where(CustodyEvent.parcel_id == parcel_id, CustodyEvent.sequence == 3)
            .values(evidence={"seal_number": "S-FORGED"})
        )
        session.commit()
    broken = CliRunner().invoke(main, ["verify-custody"])
    assert broken.exit_code == 1
    assert f"BROKEN {tracking_number} event 3: content does not match its hash" in broken.output


def test_a_deleted_last_event_is_caught(engine, settings, world):
    tracking_number = book_send(engine, settings)["dossier"]
    assign(engine, settings, tracking_number)
    with work_session(engine, settings) as session:
        as_database_owner(session)
        parcel_id = session.exec(select(Parcel.id).where(Parcel.tracking_number == tracking_number)).one()
        last = session.exec(
            select(CustodyEvent).where(CustodyEvent.parcel_id == parcel_id, CustodyEvent.sequence == 2)
        ).one()
        session.delete(last)
        session.commit()
        problems = [b.problem for b in verify_custody(session, settings.custody_key_ring)[1]]
    assert problems == ["the parcel records 2 events, the log holds 1"]


def test_tracking_numbers_are_never_reused_and_always_carry_a_valid_check_digit(engine, settings, world):
    numbers = [n for _ in range(3) for n in book_send(engine, settings, "both").values()]
    assert len(numbers) == len(set(numbers)) == 6
    assert all(TrackingNumber.parse(n).value == n for n in numbers)


def test_expiring_holds_twice_returns_each_result_once(engine, settings, world):
    result = book_send(engine, settings, "receive")["result"]
    now = MONDAY_MORNING

    def step(username, action, body=None):
        nonlocal now
        now += timedelta(minutes=10)
        with work_session(engine, settings) as session:
            scan_and_take(Context(session, settings, staff(session, username), now), result, action, body)

    step("clerk", Action.MARK_RESULT_READY)
    step("clerk", Action.OFFER_RESULT, ResultOffer(courier_username="courier1"))
    step("courier1", Action.CONFIRM_RESULT_COLLECTION)
    for _ in range(2):
        step("courier1", Action.START_DELIVERY)
        step("courier1", Action.RECORD_FAILED_ATTEMPT, FailedAttempt(reason="nobody_home"))
        now += timedelta(days=1)
    step("dispatcher", Action.HOLD_AT_POST_OFFICE)
    later = now + timedelta(days=20)
    with work_session(engine, settings) as session:
        first = holds.expire_holds(Context(session, settings, Actor.system(), later))
        second = holds.expire_holds(Context(session, settings, Actor.system(), later))
        status = session.exec(select(Parcel.status).where(Parcel.tracking_number == result)).one()
    assert (first, second, status) == ([result], [], "returned_to_agency")


@pytest.mark.long
@pytest.mark.parametrize("requests", [200])
def test_demo_data_has_every_status_and_intact_chains(engine, settings, requests):
    from postal_service import demo

    with work_session(engine, settings) as session:
        demo.load(session, settings, MONDAY_MORNING, requests)
        statuses = set(session.exec(select(Parcel.leg, Parcel.status)).all())
        checked, broken = verify_custody(session, settings.custody_key_ring)
        bags, broken_bags = verify_bags(session, settings.custody_key_ring)
        waiting = session.exec(
            select(ServiceRequest.slot_start).join(Parcel).where(Parcel.status == "booked", Parcel.leg == "dossier")
        ).all()
    from postal_service.domain.lifecycle import DossierStatus, ResultStatus

    expected = {("dossier", s.value) for s in DossierStatus} | {("result", s.value) for s in ResultStatus}
    dropped_off = ("booked", "at_post_office", "out_to_agency", "at_agency_desk", "received_by_agency")
    expected |= {("supplement", status) for status in dropped_off}  # the demo's supplement comes to the counter
    assert statuses == expected
    assert checked > 200 and broken == []
    assert bags == 10 and broken_bags == []  # the demo network's, five each way
    today = MONDAY_MORNING.astimezone(LOCAL_TZ).date()
    coming = [slot for slot in waiting if slot is not None and slot > MONDAY_MORNING]
    assert len(coming) >= 10 and any(slot.astimezone(LOCAL_TZ).date() == today for slot in coming)  # work today


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_postgresql_custody_events_cannot_be_updated_or_deleted(engine, settings, world):
    tracking_number = book_send(engine, settings)["dossier"]
    for statement in ("UPDATE custody_event SET action = 'forged'", "DELETE FROM custody_event"):
        with pytest.raises(Exception, match="append-only"), work_session(engine, settings) as session:
            session.execute(text(statement))
    with work_session(engine, settings) as session:
        assert verify_custody(session, settings.custody_key_ring)[1] == []
        assert tracking_number


def test_a_chain_rewritten_with_recomputed_plain_hashes_is_caught_by_its_seals(engine, settings, world):
    from postal_service.domain.custody import event_hash
    from postal_service.services.custody import event_fields

    tracking_number = book_send(engine, settings)["dossier"]
    assign(engine, settings, tracking_number)
    with work_session(engine, settings) as session:
        as_database_owner(session)
        events = session.exec(select(CustodyEvent).order_by(CustodyEvent.sequence)).all()
        previous = events[0].previous_hash
        for event in events:  # the attacker edits the first event and recomputes every hash after it
            event.actor = "user:someone-else" if event.sequence == 1 else event.actor
            event.previous_hash = previous
            event.hash = event_hash(event_fields(event, tracking_number), previous)
            previous = event.hash
            session.add(event)
        session.flush()
        problems = {(b.sequence, b.problem) for b in verify_custody(session, settings.custody_key_ring)[1]}
    assert problems == {
        (1, "seal does not match (rewritten with recomputed hashes?)"),
        (2, "seal does not match (rewritten with recomputed hashes?)"),
    }


def test_a_dropped_tail_with_its_count_adjusted_is_caught_by_the_anchor(engine, settings, world, monkeypatch):
    tracking_number = book_send(engine, settings)["dossier"]
    assign(engine, settings, tracking_number)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    exported = CliRunner().invoke(main, ["anchor-custody"])
    assert exported.exit_code == 0 and f'"{tracking_number}": [2,' in exported.output
    with work_session(engine, settings) as session:
        as_database_owner(session)
        parcel = session.exec(select(Parcel).where(Parcel.tracking_number == tracking_number)).one()
        session.delete(session.exec(select(CustodyEvent).where(CustodyEvent.sequence == 2)).one())
        parcel.event_count = 1  # the attacker also fixes the count
        session.add(parcel)
        session.flush()
        problems = [(b.parcel, b.problem) for b in verify_custody(session, settings.custody_key_ring)[1]]
    assert problems == [(tracking_number, "an event the newest anchor signed is missing or changed")]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_booking_does_not_wait_for_another_still_open_and_their_serials_differ(engine, settings, world):
    """The serial comes from a sequence: an open booking holds no lock that another booking needs."""
    receive = booking_body("receive")
    with work_session(engine, settings) as open_session:
        first = booking.book(Context(open_session, settings, now=MONDAY_MORNING), BookingCreate.model_validate(receive))
        first_parcel = open_session.exec(select(Parcel).where(Parcel.request_id == first.id)).one()
        other = threading.Thread(target=lambda: numbers.append(book_send(engine, settings, "receive")["result"]))
        numbers: list[str] = []
        other.start()
        other.join(timeout=120)  # generous: the booking takes milliseconds unless it waits for this transaction
        assert not other.is_alive() and numbers, "the second booking waited for the first to commit"
    assert TrackingNumber.parse(numbers[0]) != TrackingNumber.parse(first_parcel.tracking_number)


def test_demo_data_loaded_in_the_evening_still_has_pickups_ahead_on_the_next_working_day(engine, settings):
    from postal_service import demo

    evening = MONDAY_MORNING + timedelta(hours=13, minutes=40)  # 20:40 in Hà Nội: today's slots are over
    with work_session(engine, settings) as session:
        demo.load(session, settings, evening, 40)
        slots = session.exec(
            select(ServiceRequest.slot_start).join(Parcel).where(Parcel.status == "booked", Parcel.leg == "dossier")
        ).all()
    coming = sorted(slot for slot in slots if slot is not None and slot > evening)
    next_working_day = settings.calendar.add_working_days(evening.astimezone(LOCAL_TZ).date(), 1)
    assert next_working_day == date(2026, 11, 25)  # the demo's calendar is the law's: 24 November is Culture Day
    assert coming and coming[0].astimezone(LOCAL_TZ).date() == next_working_day
