"""What goes wrong in real handovers, and how the API answers: incomplete intake, refusals, failed attempts."""

from datetime import date

from postal_service.domain.lifecycle import Leg

from ..factories import AGENCY_CODE, DOCUMENTS


def fields(response):
    return {f["field"] for f in response.get_json()["error"]["fields"]}


def test_an_incomplete_dossier_is_never_accepted_silently(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    api.at(date(2026, 11, 23), 9, 40)
    partial = api.pickup_body(tracking, 0, documents_present=DOCUMENTS[:1], id_checked=False)
    refused = api.post(f"/parcels/{tracking}/pickup", partial, as_="courier1")
    assert refused.status_code == 422
    assert fields(refused) == {"documents_present", "id_checked"}
    assert DOCUMENTS[1] in refused.get_json()["error"]["message"]

    parcel = api.ok(
        api.post(f"/parcels/{tracking}/incomplete-intake", {"missing_documents": [DOCUMENTS[1]]}, as_="courier1")
    )
    assert parcel["status"] == "intake_incomplete" and parcel["holder"] == "citizen"
    assert parcel["events"][-1]["evidence"]["missing_documents"] == [DOCUMENTS[1]]

    api.later(hours=3)
    completed = api.ok(api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, 33_000), as_="courier1"))
    assert completed["status"] == "picked_up"


def test_an_agency_rejection_sends_the_dossier_back_and_cancels_the_result_leg(api):
    booked = api.book("both")
    dossier = api.dossier_to_agency_desk(booked)
    rejected = api.ok(
        api.post(f"/parcels/{dossier}/agency-rejection", {"reason": "Không thuộc thẩm quyền"}, as_="clerk")
    )
    assert rejected["status"] == "rejected_by_agency"
    request = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="clerk"))
    result = next(p for p in request["parcels"] if p["leg"] == "result")
    assert result["status"] == "cancelled"
    assert request["national_status"] == 3

    api.ok(api.post(f"/parcels/{dossier}/return-collection", {}, as_="courier1"))
    back = api.ok(
        api.post(
            f"/parcels/{dossier}/return-delivery",
            api.deliver_body(dossier, scanned_qr=None, unscanned_reason="label_damaged"),
            as_="courier1",
        )
    )
    assert back["status"] == "returned_to_citizen"


def test_a_supplement_request_names_the_missing_documents(api):
    dossier = api.dossier_to_agency_desk(api.book("send"))
    body = {"reason": "Thiếu bản thảo", "missing_documents": [DOCUMENTS[1]]}
    assert fields(api.post(f"/parcels/{dossier}/supplement-request", body, as_="clerk")) == {"dossier_code"}
    body["dossier_code"] = f"{AGENCY_CODE}-261123-0003"  # the dossier is registered: the supplement joins it
    parcel = api.ok(api.post(f"/parcels/{dossier}/supplement-request", body, as_="clerk"))
    assert parcel["status"] == "supplement_requested"
    assert parcel["events"][-1]["evidence"]["missing_documents"] == [DOCUMENTS[1]]


def test_two_failed_attempts_then_a_hold_then_the_result_goes_back_to_the_agency(api):
    result = api.tracking_of(api.book("receive"), "result")
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-collection", {}, as_="courier1"))
    api.ok(api.post(f"/parcels/{result}/delivery-start", {}, as_="courier1"))
    first = api.ok(api.post(f"/parcels/{result}/failed-attempt", {"reason": "nobody_home"}, as_="courier1"))
    assert first["attempts"] == 1

    same_day = api.post(f"/parcels/{result}/delivery-start", {}, as_="courier1")
    assert same_day.status_code == 409 and "working day" in same_day.get_json()["error"]["message"]
    early_hold = api.post(f"/parcels/{result}/hold", {}, as_="dispatcher")
    assert early_hold.status_code == 409

    api.at(date(2026, 11, 24), 9)
    api.ok(api.post(f"/parcels/{result}/delivery-start", {}, as_="courier1"))
    api.ok(api.post(f"/parcels/{result}/failed-attempt", {"reason": "unreachable_by_phone"}, as_="courier1"))
    third = api.post(f"/parcels/{result}/delivery-start", {}, as_="courier1")
    assert third.status_code == 409

    held = api.ok(api.post(f"/parcels/{result}/hold", {}, as_="dispatcher"))
    assert held["status"] == "held_at_post_office"
    assert held["hold_until"] == "2026-12-08"  # 10 working days after Tuesday 24 November
    too_early = api.post(f"/parcels/{result}/return-to-agency", {}, as_="dispatcher")
    assert too_early.status_code == 409

    api.at(date(2026, 12, 9), 8)
    returned = api.ok(api.post(f"/parcels/{result}/return-to-agency", {}, as_="dispatcher"))
    assert returned["status"] == "returned_to_agency" and returned["holder"] == "agency"


def test_steps_out_of_order_are_conflicts(api):
    result = api.tracking_of(api.book("receive"), "result")
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    early = api.post(f"/parcels/{result}/delivery", api.deliver_body(result), as_="courier1")
    assert early.status_code == 409
    assert early.get_json()["error"]["code"] == "invalid_transition"


def test_a_result_cannot_be_ready_before_the_agency_received_the_dossier(api):
    booked = api.book("both")
    result = api.tracking_of(booked, "result")
    response = api.post(f"/parcels/{result}/result-ready", {}, as_="clerk")
    assert response.status_code == 409


def test_the_agency_must_give_its_own_dossier_code_and_a_future_appointment(api):
    dossier = api.dossier_to_agency_desk(api.book("send"))
    bad = {"dossier_code": "000.00.01.H26-261123-0001", "appointment_date": "2026-11-01", "procedure_fee_received": 5}
    response = api.post(f"/parcels/{dossier}/agency-receipt", bad, as_="clerk")
    assert response.status_code == 422
    assert fields(response) == {"dossier_code", "appointment_date", "procedure_fee_received"}
    malformed = api.post(
        f"/parcels/{dossier}/agency-receipt", {"dossier_code": "HS-1", "appointment_date": "soon"}, as_="clerk"
    )
    assert malformed.status_code == 422 and fields(malformed) == {"dossier_code", "appointment_date"}
    ok = {"dossier_code": f"{AGENCY_CODE}-261123-0009", "appointment_date": "2026-12-01"}
    assert api.ok(api.post(f"/parcels/{dossier}/agency-receipt", ok, as_="clerk"))["status"] == "received_by_agency"


def test_a_courier_who_may_not_carry_cash_cannot_take_fees(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "nocash"}, as_="dispatcher"))
    response = api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, 33_000), as_="nocash")
    assert response.status_code == 403


def test_the_citizen_can_cancel_before_pickup_but_not_after(api):
    booked = api.book("both")
    token = f"token:{booked['citizen_token']}"
    reference = booked["request"]["reference"]
    cancelled = api.ok(api.post(f"/requests/{reference}/cancel", {"reason": "tự nộp"}, as_=token))
    assert {p["status"] for p in cancelled["parcels"]} == {"cancelled"}

    other = api.book("both")
    api.dossier_to_agency_desk(other)
    late = api.post(f"/requests/{other['request']['reference']}/cancel", {}, as_=f"token:{other['citizen_token']}")
    assert late.status_code == 409


def test_the_citizen_can_move_the_pickup_to_another_offered_slot(api):
    booked = api.book("send")
    token = f"token:{booked['citizen_token']}"
    reference = booked["request"]["reference"]
    moved = api.ok(
        api.post(f"/requests/{reference}/reschedule", {"slot_start": "2026-11-24T13:30:00+07:00"}, as_=token)
    )
    assert moved["slot_start"] == "2026-11-24T06:30:00Z"
    off_grid = api.post(f"/requests/{reference}/reschedule", {"slot_start": "2026-11-24T13:45:00+07:00"}, as_=token)
    assert off_grid.status_code == 422 and fields(off_grid) == {"slot_start"}


def test_the_scan_answers_with_the_parcel_and_the_next_steps_of_this_actor(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    scanned = api.ok(
        api.post("/scan", {"payload": f"http://127.0.0.1:5000/t/{api.label(tracking, Leg.DOSSIER)}"}, as_="courier1")
    )
    assert scanned["parcel"]["next_actions"] == ["pick_up", "record_incomplete_intake"]
    assert scanned["reference"] == booked["request"]["reference"]


def test_a_couriers_step_rests_on_the_scanned_label_or_on_a_stated_reason(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    bare = api.pickup_body(tracking, booked["request"]["quote"]["total"], scanned_qr=None)
    refused = api.post(f"/parcels/{tracking}/pickup", bare, as_="courier1")
    assert fields(refused) == {"scanned_qr"}
    typed = api.ok(api.post(f"/parcels/{tracking}/pickup", bare | {"unscanned_reason": "no_light"}, as_="courier1"))
    assert typed["events"][-1]["evidence"]["unscanned_reason"] == "no_light"
    assert typed["events"][-1]["evidence"]["scanned_qr"] is False
