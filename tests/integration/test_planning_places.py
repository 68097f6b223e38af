"""Where a stop is and how urgent it is, as the planner reads them from the database."""

from datetime import date

from postal_service.context import Actor, Context
from postal_service.db.queries import by_code
from postal_service.db.tables import PostOffice
from postal_service.domain.lifecycle import Action
from postal_service.services import planning
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.schemas import Pickup, ResultOffer
from routing.matrix import Point

from ..conftest import MONDAY_MORNING, work_session
from ..factories import CUA_NAM, DOCUMENTS, HOAN_KIEM, OFFICE
from .test_planning import MONDAY, as_user, book, fast, stops_of

TUESDAY = date(2026, 11, 24)


def plan_monday(session, settings):
    office = by_code(session, PostOffice, OFFICE)
    return planning.plan_office_day(Context(session, settings, Actor.system(), MONDAY_MORNING), office, MONDAY)


def test_a_door_nobody_can_place_is_left_out_as_no_location_and_never_put_at_the_post_office(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        placed = book(session, settings, "send", HOAN_KIEM)["dossier"]
        nowhere = book(session, settings, "send", CUA_NAM, lat=None, lon=None)["dossier"]  # nothing known there
        run = plan_monday(session, settings)
        assert {"tracking_number": nowhere, "reason": "no_location"} in run.unassigned
        assert {t for _, _, t, _, _ in stops_of(session, run)} == {placed}


def test_a_door_without_coordinates_is_where_a_courier_last_stood_at_that_address(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        earlier = book(session, settings, "send", CUA_NAM)["dossier"]
        plan_monday(session, settings)
        courier = as_user(session, settings, "courier1", 150)
        pickup = Pickup(
            seal_number="NP-7",
            documents_present=DOCUMENTS,
            id_checked=True,
            cash_collected=33_000,
            latitude=21.0301,
            longitude=105.8412,
        )
        scan_and_take(courier, earlier, Action.PICK_UP, pickup)
        again = book(session, settings, "send", CUA_NAM, slot="2026-11-23T15:30:00+07:00", lat=None, lon=None)
        office = by_code(session, PostOffice, OFFICE)
        inputs = planning.collect(Context(session, settings, Actor.system(), MONDAY_MORNING), office, MONDAY)
        pickup_task = next(s.pickup for s in inputs.shipments if s.id == again["dossier"])
        assert inputs.points[pickup_task.location] == Point(21.0301, 105.8412)
        assert inputs.unlocated == []


def test_a_door_without_coordinates_in_a_known_commune_takes_the_communes_reference_point(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        book(session, settings, "send", CUA_NAM, lat=21.0301, lon=105.8412)
        book(session, settings, "send", CUA_NAM, lat=21.0321, lon=105.8432)
        book(session, settings, "send", CUA_NAM, lat=21.0341, lon=105.8452)
        guessed = book(session, settings, "receive", CUA_NAM, lat=None, lon=None)["result"]
        office = by_code(session, PostOffice, OFFICE)
        system = Context(session, settings, Actor.system(), MONDAY_MORNING)
        scan_and_take(as_user(session, settings, "clerk"), guessed, Action.MARK_RESULT_READY)
        inputs = planning.collect(system, office, MONDAY)
        door = next(s.delivery for s in inputs.shipments if s.id == guessed)
        assert inputs.points[door.location] == Point(21.0321, 105.8432)  # the median of the three doors known


def test_a_parcel_nearer_its_legal_deadline_carries_a_higher_routing_priority(engine, settings, world):
    settings = fast(settings)
    with work_session(engine, settings) as session:
        result = book(session, settings, "receive", HOAN_KIEM, lat=21.028, lon=105.852)["result"]
        scan_and_take(as_user(session, settings, "clerk"), result, Action.MARK_RESULT_READY)
        fresh = book(session, settings, "send", CUA_NAM)["dossier"]
        office = by_code(session, PostOffice, OFFICE)
        system = Context(session, settings, Actor.system(), MONDAY_MORNING)
        plan_monday(session, settings)
        offer = ResultOffer(courier_username="courier1")
        scan_and_take(as_user(session, settings, "clerk", 110), result, Action.OFFER_RESULT, offer)
        scan_and_take(as_user(session, settings, "courier1", 120), result, Action.CONFIRM_RESULT_COLLECTION)

        def priority_on(day):
            inputs = planning.collect(system, office, day)
            return {j.id: j.priority for j in inputs.jobs} | {s.id: s.priority for s in inputs.shipments}

        monday = priority_on(MONDAY)
        assert monday[fresh] == 0  # a pickup's legal clock has not started
        assert monday[result] < priority_on(TUESDAY)[result] == 3  # due on Tuesday at the latest
