"""Planning a post office's day from database rows, and re-planning around what is already done."""

import threading
from datetime import date, timedelta

from sqlmodel import func, select

from postal_service.context import Actor, Context
from postal_service.db.queries import by_code, user_by_username
from postal_service.db.tables import CustodyEvent, Parcel, PostOffice, RouteStop, User
from postal_service.domain.lifecycle import Action
from postal_service.services import booking, plan_requests, planning
from postal_service.services.auth import actor_for_user
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.schemas import BookingCreate, Pickup

from ..conftest import MONDAY_MORNING, work_session
from ..factories import CAU_GIAY, CUA_NAM, DOCUMENTS, HOAN_KIEM, OFFICE, PROCEDURE

MONDAY = date(2026, 11, 23)


def fast(settings):
    return settings.model_copy(update={"planning_seconds": 1.0})


def book(session, settings, service, commune, slot="2026-11-23T09:30:00+07:00", lat=21.03, lon=105.84):
    address = {"street": "1 Hàng Bài", "province_code": 1, "commune_code": commune, "latitude": lat, "longitude": lon}
    body = {
        "service": service,
        "procedure_code": PROCEDURE,
        "consent": True,
        "contact": {"name": "Lê Văn Nam", "phone": "0987654321", "id_number": "001190654321"},
    }
    if service == "receive":
        body |= {"delivery_address": address, "dossier_code": "000.00.15.G02-261120-0001"}
    else:
        body |= {"intake": "pickup", "pickup_address": address, "slot_start": slot}
    request = booking.book(Context(session, settings, now=MONDAY_MORNING), BookingCreate.model_validate(body))
    return {p.leg: p.tracking_number for p in session.exec(select(Parcel).where(Parcel.request_id == request.id))}


def as_user(session, settings, username, minutes=5):
    return Context(
        session,
        settings,
        actor_for_user(user_by_username(session, username)),
        MONDAY_MORNING + timedelta(minutes=minutes),
    )


def stops_of(session, run):
    rows = session.exec(
        select(RouteStop).where(RouteStop.plan_run_id == run.id).order_by(RouteStop.courier_id, RouteStop.position)
    ).all()
    return [(r.courier_id, r.position, session.get(Parcel, r.parcel_id).tracking_number, r.kind, r.done) for r in rows]


def test_a_day_is_planned_from_bookings_and_results_and_published_to_couriers(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        first = book(session, settings, "send", CUA_NAM)
        second = book(session, settings, "send", CAU_GIAY, slot="2026-11-23T13:30:00+07:00", lat=21.033, lon=105.794)
        result = book(session, settings, "receive", HOAN_KIEM, lat=21.028, lon=105.852)["result"]
        scan_and_take(as_user(session, settings, "clerk"), result, Action.MARK_RESULT_READY)
        office = by_code(session, PostOffice, OFFICE)
        run = planning.plan_office_day(Context(session, settings, Actor.system(), MONDAY_MORNING), office, MONDAY)
        stops = stops_of(session, run)
        kinds = sorted((t, k) for _, _, t, k, _ in stops)
        assert kinds == sorted(
            [
                (first["dossier"], "pickup_dossier"),
                (first["dossier"], "deliver_to_agency"),
                (second["dossier"], "pickup_dossier"),
                (second["dossier"], "deliver_to_agency"),
                (result, "collect_result"),
                (result, "deliver_result"),
            ]
        )
        assert run.unassigned == [] and run.vehicles >= 1
        parcels = session.exec(select(Parcel).where(Parcel.tracking_number.in_([first["dossier"], result]))).all()
        assert all(p.courier_id is not None for p in parcels)
        cash_couriers = {user_by_username(session, n).id for n in ("courier1", "courier2")}
        pickups = [c for c, _, t, k, _ in stops if k == "pickup_dossier"]
        assert set(pickups) <= cash_couriers  # the 33,000 đồng charge needs a courier who may carry cash


def test_a_replan_keeps_done_stops_first_and_the_parcel_in_hand_on_its_courier(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        first = book(session, settings, "send", CUA_NAM)["dossier"]
        second = book(session, settings, "send", CUA_NAM, lat=21.025, lon=105.846)["dossier"]
        office = by_code(session, PostOffice, OFFICE)
        system = Context(session, settings, Actor.system(), MONDAY_MORNING)
        planning.plan_office_day(system, office, MONDAY)
        courier = session.exec(select(Parcel).where(Parcel.tracking_number == first)).one()
        username = session.get(User, courier.courier_id).username
        pickup = Pickup(seal_number="NP-9", documents_present=DOCUMENTS, id_checked=True, cash_collected=33_000)
        scan_and_take(as_user(session, settings, username, 150), first, Action.PICK_UP, pickup)
        third = book(session, settings, "send", CUA_NAM, slot="2026-11-23T15:30:00+07:00", lat=21.02, lon=105.85)

        replanned = planning.plan_office_day(
            Context(session, settings, Actor.system(), MONDAY_MORNING + timedelta(hours=3)), office, MONDAY
        )
        stops = stops_of(session, replanned)
        mine = [s for s in stops if s[0] == courier.courier_id]
        assert mine[0][2:] == (first, "pickup_dossier", True)  # done, kept first
        assert (first, "deliver_to_agency") in [(t, k) for _, _, t, k, _ in mine]  # in hand: stays with them
        planned = {t for _, _, t, _, _ in stops}
        assert {second, third["dossier"]} <= planned


def test_the_inputs_digest_changes_with_a_booking_and_not_with_the_plan_itself(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
        office = by_code(session, PostOffice, OFFICE)
        system = Context(session, settings, Actor.system(), MONDAY_MORNING)
        first = planning.plan_office_day(system, office, MONDAY)
        assert planning.digest(planning.collect(system, office, MONDAY)) == first.inputs_digest
        book(session, settings, "send", CAU_GIAY, lat=21.033, lon=105.794)
        assert planning.digest(planning.collect(system, office, MONDAY)) != first.inputs_digest


def test_a_plan_delivered_twice_to_workers_is_written_once(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
        office = session.exec(select(PostOffice)).first()
        run_id = plan_requests.request_plan(
            Context(session, settings, Actor.system(), MONDAY_MORNING), office, MONDAY
        ).id
    for _ in range(2):  # the broker redelivers: the second worker finds the plan done and leaves it
        with work_session(engine, settings) as session:
            run = plan_requests.carry_out(Context(session, settings, Actor.system(), MONDAY_MORNING), run_id)
            assert run.status == "done"
    with work_session(engine, settings) as session:
        stops = session.exec(select(func.count()).select_from(RouteStop).where(RouteStop.plan_run_id == run_id)).one()
        assert stops > 0
        assignments = session.exec(select(func.count()).where(CustodyEvent.action == "assign_courier")).one()
        assert assignments == 1


def test_two_planners_of_one_unchanged_day_publish_it_once(engine, settings, world):
    """Both solve at once (a redelivered task, the scheduler and a dispatcher); the office lock lets one publish."""
    settings = fast(settings)
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM)
        office = session.exec(select(PostOffice)).first()
        system = Context(session, settings, Actor.system(), MONDAY_MORNING)
        runs = [plan_requests.request_plan(system, office, MONDAY).id for _ in range(2)]
    outcomes: list[str] = []

    def carry_out(run_id: int) -> None:
        with work_session(engine, settings) as session:
            context = Context(session, settings, Actor.system(), MONDAY_MORNING)
            outcomes.append(plan_requests.carry_out(context, run_id).status)

    threads = [threading.Thread(target=carry_out, args=(run_id,)) for run_id in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "unchanged"]
    with work_session(engine, settings) as session:
        assignments = session.exec(select(func.count()).where(CustodyEvent.action == "assign_courier")).one()
        assert assignments == 1


def test_a_day_planned_after_it_began_puts_no_stop_before_the_moment_of_planning(engine, settings, world):
    settings = fast(settings)
    afternoon = MONDAY_MORNING + timedelta(hours=7)  # 14:00 in Hà Nội
    with work_session(engine, settings) as session:
        book(session, settings, "send", CAU_GIAY, slot="2026-11-23T13:30:00+07:00", lat=21.033, lon=105.794)
        result = book(session, settings, "receive", HOAN_KIEM, lat=21.028, lon=105.852)["result"]
        scan_and_take(as_user(session, settings, "clerk"), result, Action.MARK_RESULT_READY)  # no window of its own
        office = by_code(session, PostOffice, OFFICE)
        run = planning.plan_office_day(Context(session, settings, Actor.system(), afternoon), office, MONDAY)
        etas = session.exec(select(RouteStop.eta).where(RouteStop.plan_run_id == run.id)).all()
        assert etas and all(eta >= afternoon for eta in etas)
