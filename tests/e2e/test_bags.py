"""Bags through the API: a dossier booked in Đà Nẵng for a Hà Nội agency carried in three bags (office to hub, hub
to hub, hub to office), each opened, filled, sealed, handed to its driver, taken on board, received with its seal
checked and unpacked against its manifest; a bag opened short; every refusal named; every chain verified."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlmodel import select

from postal_service import jobs, qr
from postal_service.db.engine import new_session
from postal_service.db.tables import Notification, ServiceRequest, User, WebhookDelivery
from postal_service.domain.lifecycle import Leg
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services.bag_chain import verify_bags
from postal_service.services.custody_audit import verify_custody

from ..factories import AGENCY_CODE, OFFICE, OTHER_AGENCY_CODE
from .crowd import post_at_once
from .network_world import DA_NANG, DA_NANG_OFFICE, HAI_CHAU, build_network, place
from .test_dispatch_pages import signed_in


def _bag(api, code: str, step: str, body: dict, as_: str, status: int = 200) -> dict:
    return api.ok(api.post(f"/bags/{code}/{step}", body, as_=as_), status)


def _picked_up_in_da_nang(api, count: int = 1) -> list[tuple[dict, str]]:
    """Booked in Đà Nẵng for the Hà Nội agency, picked up from 09:45 on Monday and back at the office by 10:30."""
    booked = [api.book("send", pickup_address=place(DA_NANG, HAI_CHAU, 16.071, 108.221)) for _ in range(count)]
    api.at(date(2026, 11, 23), 9, 45)
    picked = []
    for request in booked:
        tracking = api.tracking_of(request, "dossier")
        api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier-dn"}, as_="dispatcher-dn"))
        body = api.pickup_body(tracking, request["request"]["quote"]["total"], latitude=16.071, longitude=108.221)
        api.ok(api.post(f"/parcels/{tracking}/pickup", body, as_="courier-dn"))
        api.later(minutes=5)
        picked.append((request, tracking))
    api.later(minutes=10)
    for _, tracking in picked:
        api.ok(
            api.post(f"/parcels/{tracking}/arrival", {"scanned_qr": api.label(tracking, Leg.DOSSIER)}, as_="courier-dn")
        )
    return picked


def _hop(api, envelopes: list[str], staff: str, to: str, driver: str, receiver: str, seal: str) -> dict:
    """One bag from the staff's point to `to`: opened, filled, sealed, handed over, taken, received, unpacked."""
    bag = api.ok(api.post("/bags", {"destination": to}, as_=staff), 201)
    for tracking in envelopes:
        bag = _bag(api, bag["code"], "envelopes", {"tracking_number": tracking}, staff)
    _bag(api, bag["code"], "seal", {"seal_number": seal}, staff)
    _bag(api, bag["code"], "handover", {"driver_username": driver}, staff)
    api.later(minutes=30)
    label = qr.sign_bag(api.app.extensions["postal"].settings.qr_key_ring, bag["code"])
    _bag(api, bag["code"], "boarding", {"scanned_qr": label}, driver)
    api.later(hours=1)
    _bag(api, bag["code"], "arrival", {"seal_number": seal}, receiver)
    return bag


def _unpack(api, code: str, scanned: list[str], receiver: str) -> dict:
    return _bag(api, code, "unpacking", {"scanned": scanned}, receiver)


def _topics(api, reference: str) -> list[str]:
    with new_session(api.app.extensions["postal"].engine) as session:
        request = session.exec(select(ServiceRequest).where(ServiceRequest.reference == reference)).one()
        return [n.topic for n in session.exec(select(Notification).where(Notification.request_id == request.id))]


def test_a_dossier_rides_three_bags_from_da_nang_to_the_ha_noi_office_and_every_chain_verifies(api):
    build_network(api)
    [(booked, tracking)] = _picked_up_in_da_nang(api)
    first = _hop(api, [tracking], "dispatcher-dn", "KTDN", "driver1", "hub-dn", "KC-0001")
    assert first["run"] == "DN-KT-1" and first["origin"] == DA_NANG_OFFICE
    unpacked = _unpack(api, first["code"], [api.label(tracking, Leg.DOSSIER)], "hub-dn")
    assert unpacked["status"] == "unpacked" and unpacked["manifest"][0]["outcome"] == "found"
    assert [e["action"] for e in unpacked["events"]] == [
        "open_bag",
        "add_envelope",
        "seal",
        "hand_to_driver",
        "take_on_board",
        "receive",
        "unpack",
    ]
    assert unpacked["events"][3]["counterparty"] == "user:driver1"  # two-party: named, then taken by scanning
    assert unpacked["events"][4]["counterparty"] == "user:dispatcher-dn"
    second = _hop(api, [tracking], "hub-dn", "KTHN", "driver2", "hub-hn", "KC-0002")
    assert second["run"] == "C1-DN-HN"
    _unpack(api, second["code"], [tracking], "hub-hn")
    third = _hop(api, [tracking], "hub-hn", OFFICE, "driver3", "dispatcher", "KC-0003")
    _unpack(api, third["code"], [tracking], "dispatcher")

    parcel = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher-dn"))["parcels"][0]
    assert parcel["status"] == "at_post_office"
    moves = [(e["action"], e["evidence"].get("bag")) for e in parcel["events"] if e["evidence"].get("bag")]
    assert moves == [
        ("bag", first["code"]),
        ("dispatch", first["code"]),
        ("unbag_at_hub", first["code"]),
        ("bag", second["code"]),
        ("dispatch", second["code"]),
        ("unbag_at_hub", second["code"]),
        ("bag", third["code"]),
        ("dispatch", third["code"]),
        ("unbag_at_office", third["code"]),
    ]
    assert _topics(api, booked["request"]["reference"]).count("in_transit") == 1  # told once, as it leaves
    api.later(hours=1)  # an hour at the Hà Nội office
    held = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher-dn"))["hours_at_points"]
    assert {DA_NANG_OFFICE, "run DN-KT-1", "KTDN", "run C1-DN-HN", "KTHN", "run KT-HN-1", OFFICE} <= set(held)
    assert held["run C1-DN-HN"] == 1.0 and held[OFFICE] == 1.0  # on board an hour before it was received
    period = {"first_day": "2026-11-23", "last_day": "2026-11-23"}
    figures = api.ok(api.get(f"/post-offices/{DA_NANG_OFFICE}/kpis", as_="admin", **period))
    assert (figures["hops_on_time"], figures["hops_late"]) == (1, 0)  # received 11:30, timetabled for 11:45
    with new_session(api.app.extensions["postal"].engine) as session:
        ring = api.app.extensions["postal"].settings.custody_key_ring
        assert verify_bags(session, ring) == (3, [])
        assert verify_custody(session, ring)[1] == []


def test_a_bag_opened_one_envelope_short_reports_it_missing_investigates_and_tells_everyone(api):
    build_network(api)
    [(_, first), (second_booked, second)] = _picked_up_in_da_nang(api, 2)
    bag = _hop(api, [first, second], "dispatcher-dn", "KTDN", "driver1", "hub-dn", "KC-0009")
    unpacked = _unpack(api, bag["code"], [first], "hub-dn")
    assert {line["tracking_number"]: line["outcome"] for line in unpacked["manifest"]} == {
        first: "found",
        second: "missing",
    }
    assert unpacked["events"][-1]["evidence"]["missing"] == [second]
    reference = second_booked["request"]["reference"]
    parcel = api.ok(api.get(f"/requests/{reference}", as_="dispatcher-dn"))["parcels"][0]
    assert parcel["status"] == "missing_in_transit" and parcel["events"][-1]["action"] == "report_missing"
    claims = api.ok(api.get(f"/requests/{reference}/claims", as_="dispatcher-dn"))
    assert [(c["kind"], c["status"]) for c in claims] == [("lost", "open")]
    assert "missing_in_transit" in _topics(api, reference)
    with new_session(api.app.extensions["postal"].engine) as session:
        alerted = session.exec(
            select(User.username)
            .join(Notification, Notification.staff_id == User.id)
            .where(Notification.topic == "bag_opened_short")
        ).all()
    assert {"dispatcher-dn", "hub-dn"} <= set(alerted)  # the bag's two points (each with a phone on file)


def _errors(response) -> set[str]:
    return {e["field"] for e in response.get_json()["error"]["fields"]}


def test_a_bag_refuses_the_wrong_point_a_second_bag_a_second_seal_another_path_and_another_driver(api):
    build_network(api)
    [(_, tracking)] = _picked_up_in_da_nang(api)
    bag = api.ok(api.post("/bags", {"destination": "KTDN"}, as_="dispatcher-dn"), 201)
    code = bag["code"]
    wrong_point = api.post(f"/bags/{code}/envelopes", {"tracking_number": tracking}, as_="hub-hn")
    assert wrong_point.status_code == 409 and "handled at 550000" in wrong_point.get_json()["error"]["message"]
    assert api.post(f"/bags/{code}/seal", {"seal_number": "KC-1"}, as_="dispatcher-dn").status_code == 409  # empty
    mismatch = {"scanned_qr": api.label(tracking, Leg.DOSSIER), "tracking_number": "RH000000099VN"}
    assert _errors(api.post(f"/bags/{code}/envelopes", mismatch, as_="dispatcher-dn")) == {"tracking_number"}
    _bag(api, code, "envelopes", {"tracking_number": tracking}, "dispatcher-dn")
    other = api.ok(api.post("/bags", {"destination": "KTDN", "run": "DN-KT-2"}, as_="dispatcher-dn"), 201)
    twice = api.post(f"/bags/{other['code']}/envelopes", {"tracking_number": tracking}, as_="dispatcher-dn")
    assert twice.status_code == 409 and "in_bag" in twice.get_json()["error"]["message"]
    _bag(api, code, "seal", {"seal_number": "KC-0001"}, "dispatcher-dn")
    assert api.post(f"/bags/{code}/seal", {"seal_number": "KC-0002"}, as_="dispatcher-dn").status_code == 409
    _bag(api, code, "handover", {"driver_username": "driver1"}, "dispatcher-dn")
    label = qr.sign_bag(api.app.extensions["postal"].settings.qr_key_ring, code)
    assert api.post(f"/bags/{code}/boarding", {"scanned_qr": label}, as_="driver2").status_code == 403
    foreign = qr.sign_bag(api.app.extensions["postal"].settings.qr_key_ring, other["code"])
    assert _errors(api.post(f"/bags/{code}/boarding", {"scanned_qr": foreign}, as_="driver1")) == {"scanned_qr"}
    assert api.post(f"/bags/{code}/boarding", {"scanned_qr": label}, as_="courier-dn").status_code == 403
    not_a_driver = api.post(f"/bags/{other['code']}/handover", {"driver_username": "courier-dn"}, as_="dispatcher-dn")
    assert not_a_driver.status_code == 422 and _errors(not_a_driver) == {"driver_username"}


def test_an_envelope_of_another_path_or_with_no_path_is_refused_naming_it(api):
    build_network(api)
    local = api.book("send")  # booked in Hà Nội for a Hà Nội agency: its couriers carry it, it has no path
    [(_, far)] = _picked_up_in_da_nang(api)
    by_road = api.ok(api.post("/bags", {"destination": "KTHN"}, as_="dispatcher-dn"), 201)
    refused = api.post(f"/bags/{by_road['code']}/envelopes", {"tracking_number": far}, as_="dispatcher-dn")
    assert refused.status_code == 422 and _errors(refused) == {"tracking_number"}
    assert "goes to KTDN next" in refused.get_json()["error"]["fields"][0]["message"]
    tracking = api.dossier_to_agency_desk(local)
    to_the_hub = api.ok(api.post("/bags", {"destination": "KTHN"}, as_="dispatcher"), 201)
    refused = api.post(f"/bags/{to_the_hub['code']}/envelopes", {"tracking_number": tracking}, as_="dispatcher")
    assert refused.status_code == 422 and "no path over the network" in refused.get_json()["error"]["message"]
    no_run = api.post("/bags", {"destination": OFFICE}, as_="dispatcher-dn")  # no run goes straight to Hà Nội
    assert no_run.status_code == 422 and _errors(no_run) == {"destination"}
    assert api.post("/bags", {"destination": "KTDN"}, as_="courier-dn").status_code == 403


def test_an_envelope_scanned_into_a_bag_by_mistake_is_taken_back_out_before_the_seal_and_the_lines_close_up(api):
    build_network(api)
    [(booked, first), (_, second)] = _picked_up_in_da_nang(api, count=2)
    code = api.ok(api.post("/bags", {"destination": "KTDN"}, as_="dispatcher-dn"), 201)["code"]
    _bag(api, code, "envelopes", {"tracking_number": first}, "dispatcher-dn")
    _bag(api, code, "envelopes", {"tracking_number": second}, "dispatcher-dn")
    elsewhere = api.post(f"/bags/{code}/take-out", {"tracking_number": first}, as_="hub-hn")
    assert elsewhere.status_code == 409 and "handled at 550000" in elsewhere.get_json()["error"]["message"]
    assert api.post(f"/bags/{code}/take-out", {"tracking_number": first}, as_="courier-dn").status_code == 403
    bag = _bag(api, code, "take-out", {"scanned_qr": api.label(first, Leg.DOSSIER)}, "dispatcher-dn")
    assert [(line["line"], line["tracking_number"]) for line in bag["manifest"]] == [(1, second)]
    not_in_it = api.post(f"/bags/{code}/take-out", {"tracking_number": first}, as_="dispatcher-dn")
    assert not_in_it.status_code == 422 and _errors(not_in_it) == {"tracking_number"}
    parcel = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher-dn"))["parcels"][0]
    assert parcel["status"] == "at_post_office"
    assert [e["action"] for e in parcel["events"]][-2:] == ["bag", "unbag_at_office"]
    bag = _bag(api, code, "envelopes", {"tracking_number": first}, "dispatcher-dn")  # it may go in again
    assert [(line["line"], line["tracking_number"]) for line in bag["manifest"]] == [(1, second), (2, first)]
    assert [e["action"] for e in bag["events"]][1:] == ["add_envelope", "add_envelope", "take_out", "add_envelope"]
    _bag(api, code, "seal", {"seal_number": "KC-0001"}, "dispatcher-dn")
    sealed = api.post(f"/bags/{code}/take-out", {"tracking_number": first}, as_="dispatcher-dn")
    assert sealed.status_code == 409  # the manifest is final once the bag is sealed
    with new_session(api.app.extensions["postal"].engine) as session:
        ring = api.app.extensions["postal"].settings.custody_key_ring
        assert verify_bags(session, ring) == (1, [])
        assert verify_custody(session, ring)[1] == []


def test_two_clerks_scanning_one_envelope_into_two_bags_at_once_one_wins(api):
    build_network(api)
    [(_, tracking)] = _picked_up_in_da_nang(api)
    bags = [api.ok(api.post("/bags", {"destination": "KTDN", "run": run}, as_="dispatcher-dn"), 201) for run in RUNS]
    body = json.dumps({"tracking_number": tracking}).encode()
    calls = [
        (f"/api/v1/bags/{bag['code']}/envelopes", body, api.login(clerk))
        for bag, clerk in zip(bags, CLERKS, strict=True)
    ]
    answers = post_at_once(api.app, calls)
    assert sorted(a.status for a in answers) == [200, 409]
    lines = [len(api.ok(api.get(f"/bags/{bag['code']}", as_="dispatcher-dn"))["manifest"]) for bag in bags]
    assert sorted(lines) == [0, 1]


RUNS, CLERKS = ("DN-KT-1", "DN-KT-2"), ("dispatcher-dn", "counter-dn")


def test_the_agency_system_lists_its_dossiers_on_the_way_and_is_told_by_webhook_when_one_leaves(api):
    build_network(api)
    hook = {"url": "https://motcua.example.gov.vn/hooks", "events": ["dossier.inbound"]}
    api.ok(api.post(f"/agencies/{AGENCY_CODE}/webhooks", hook, as_="clerk"), 201)
    [(booked, tracking)] = _picked_up_in_da_nang(api)
    _hop(api, [tracking], "dispatcher-dn", "KTDN", "driver1", "hub-dn", "KC-0001")
    expected = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher-dn"))["parcels"][0]
    listed = api.ok(api.get(f"/agencies/{AGENCY_CODE}/inbound", as_="clerk"))
    assert [(i["tracking_number"], i["from_office"], i["to_office"], i["status"]) for i in listed] == [
        (tracking, DA_NANG_OFFICE, OFFICE, "in_transit")
    ]
    assert listed[0]["expected_arrival"] == expected["path"]["expected_arrival"]
    assert api.get(f"/agencies/{AGENCY_CODE}/inbound", as_="otherclerk").status_code == 403
    assert api.ok(api.get(f"/agencies/{OTHER_AGENCY_CODE}/inbound", as_="otherclerk")) == []
    with new_session(api.app.extensions["postal"].engine) as session:
        bodies = session.exec(select(WebhookDelivery.body).where(WebhookDelivery.event_type == "dossier.inbound")).all()
    assert len(bodies) == 1  # when it left Đà Nẵng; the hub-to-hub run does not repeat it
    told = json.loads(bodies[0])["data"]
    assert told["tracking_number"] == tracking and told["expected_arrival"] == listed[0]["expected_arrival"].replace(
        "Z", "+00:00"
    )


def test_a_bag_whose_run_left_without_it_goes_on_the_next_run_and_a_late_arrival_is_told(api):
    build_network(api)
    hook = {"url": "https://motcua.example.gov.vn/hooks", "events": ["dossier.inbound"]}
    api.ok(api.post(f"/agencies/{AGENCY_CODE}/webhooks", hook, as_="clerk"), 201)
    [(booked, tracking)] = _picked_up_in_da_nang(api)
    bag = api.ok(api.post("/bags", {"destination": "KTDN"}, as_="dispatcher-dn"), 201)
    _bag(api, bag["code"], "envelopes", {"tracking_number": tracking}, "dispatcher-dn")
    _bag(api, bag["code"], "seal", {"seal_number": "KC-0001"}, "dispatcher-dn")
    _bag(api, bag["code"], "handover", {"driver_username": "driver1"}, "dispatcher-dn")  # who never comes
    reference = booked["request"]["reference"]
    before = api.ok(api.get(f"/requests/{reference}", as_="dispatcher-dn"))["parcels"][0]
    engine, settings = api.app.extensions["postal"].engine, api.app.extensions["postal"].settings
    wednesday = datetime(2026, 11, 25, 17, 0, tzinfo=LOCAL_TZ)  # after both of the day's runs to the hub
    with new_session(engine) as session:
        assert jobs.reroute_missed_runs(session, settings, wednesday) == [bag["code"]]
        session.commit()
    with new_session(engine) as session:
        assert jobs.reroute_missed_runs(session, settings, wednesday) == []  # once
    moved = api.ok(api.get(f"/bags/{bag['code']}", as_="dispatcher-dn"))
    assert (moved["status"], moved["run"], moved["driver"]) == ("sealed", "DN-KT-1", None)
    assert moved["departs"] == "2026-11-26T04:00:00Z"  # Thursday 11:00, the first run whose bags are still open
    assert moved["events"][-1]["action"] == "miss_run" and moved["events"][-1]["actor"] == "system"
    after = api.ok(api.get(f"/requests/{reference}", as_="dispatcher-dn"))["parcels"][0]
    assert after["path"]["expected_arrival"] == "2026-11-27T00:30:00Z" > before["path"]["expected_arrival"]
    assert after["deadline"] == "2026-11-26"  # J+3 working days from Monday: Friday's arrival is late
    assert "late_in_transit" in _topics(api, reference)
    with new_session(engine) as session:
        bodies = session.exec(select(WebhookDelivery.body).where(WebhookDelivery.event_type == "dossier.inbound")).all()
        assert verify_bags(session, settings.custody_key_ring) == (1, [])
    assert json.loads(bodies[-1])["data"]["expected_arrival"] == "2026-11-27T00:30:00+00:00"


def test_each_point_sees_its_bags_of_the_day_and_which_are_late(api):
    build_network(api)
    [(_, tracking)] = _picked_up_in_da_nang(api)
    bag = _hop(api, [tracking], "dispatcher-dn", "KTDN", "driver1", "hub-dn", "KC-0001")  # arrived, not unpacked
    waiting = api.ok(api.post("/bags", {"destination": "KTDN"}, as_="dispatcher-dn"), 201)  # for 16:30
    hub, office = signed_in(api.app, "hub-dn"), signed_in(api.app, "dispatcher-dn")
    coming = hub.get("/network/bags").get_data(as_text=True)
    assert bag["code"] in coming.split('class="coming"')[1] and "Chậm trễ" not in coming
    assert "Lập túi thư" not in signed_in(api.app, "driver1").get("/network/bags").get_data(as_text=True)
    api.at(date(2026, 11, 23), 17, 0)  # the 16:30 run left without it
    leaving = office.get("/network/bags").get_data(as_text=True).split('class="leaving"')[1].split('class="coming"')[0]
    assert waiting["code"] in leaving and "Chậm trễ" in leaving
    page = office.get(f"/network/bags/{bag['code']}").get_data(as_text=True)
    assert "<form" not in page.split("</header>")[1] and "KC-0001" in page  # no step is the origin's now; the seal
    assert signed_in(api.app, "hub-hn").get(f"/network/bags/{bag['code']}").status_code == 403
