"""The three Decision 45 services walked end to end through the JSON API, on SQLite and PostgreSQL."""

from datetime import date

from postal_service.domain.lifecycle import Leg

from ..factories import AGENCY_CODE


def test_send_service_goes_from_booking_to_agency_receipt_with_a_dossier_code(api):
    booked = api.book("send")
    assert [p["leg"] for p in booked["request"]["parcels"]] == ["dossier"]
    tracking = api.dossier_to_agency_desk(booked)
    receipt = {
        "dossier_code": f"{AGENCY_CODE}-261123-0001",
        "appointment_date": "2026-12-07",
        "scanned_qr": api.label(tracking, Leg.DOSSIER),
    }
    parcel = api.ok(api.post(f"/parcels/{tracking}/agency-receipt", receipt, as_="clerk"))
    assert parcel["status"] == "received_by_agency"
    assert parcel["holder"] == "agency"
    request = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="clerk"))
    assert request["dossier_code"] == receipt["dossier_code"]
    assert request["appointment_date"] == "2026-12-07"
    assert request["national_status"] == 2
    confirm = parcel["events"][-1]
    assert confirm["actor"] == "user:clerk" and confirm["counterparty"] == "user:courier1"


def test_both_service_delivers_the_result_and_the_timeline_shows_every_step(api):
    booked = api.book("both")
    reference = booked["request"]["reference"]
    dossier = api.dossier_to_agency_desk(booked)
    api.ok(
        api.post(
            f"/parcels/{dossier}/agency-receipt",
            {"dossier_code": f"{AGENCY_CODE}-261123-0002", "appointment_date": "2026-12-07"},
            as_="clerk",
        )
    )
    result = api.tracking_of(booked, "result")
    api.at(date(2026, 12, 7), 9)
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier2"}, as_="clerk"))
    api.later(minutes=5)
    collected = api.ok(
        api.post(f"/parcels/{result}/result-collection", {"scanned_qr": api.label(result, Leg.RESULT)}, as_="courier2")
    )
    assert collected["holder"] == "courier" and collected["started_on"] == "2026-12-07"
    assert collected["deadline"] == "2026-12-09"  # agency and citizen in two communes of one province: J+2
    api.later(minutes=30)
    api.ok(api.post(f"/parcels/{result}/delivery-start", {}, as_="courier2"))
    api.later(minutes=30)
    delivered = api.ok(api.post(f"/parcels/{result}/delivery", api.deliver_body(result), as_="courier2"))
    assert delivered["status"] == "delivered"
    assert delivered["events"][-1]["evidence"]["receiver_id"] == "********3456"

    citizen = api.ok(api.post("/auth/citizen/code", {"reference": reference, "phone": "0912345678"}), 202)
    assert "code" not in citizen  # the code goes by SMS only
    code = _last_code(api, reference)
    token = api.ok(api.post("/auth/citizen/token", {"reference": reference, "phone": "0912345678", "code": code}))
    timeline = api.ok(api.get(f"/requests/{reference}", as_=f"token:{token['token']}"))
    steps = [e["action"] for p in timeline["parcels"] for e in p["events"]]
    assert steps == [
        "book",
        "assign_courier",
        "pick_up",
        "depart_to_agency",
        "present_at_agency",
        "confirm_agency_receipt",
        "book",
        "mark_result_ready",
        "offer_result",
        "confirm_result_collection",
        "start_delivery",
        "deliver",
    ]
    assert timeline["national_status"] == 10


def test_receive_service_collects_the_postal_charge_on_delivery(api):
    booked = api.book("receive")
    assert booked["request"]["quote"]["postal_charge"] == 33_000  # agency and citizen: two communes, one province
    result = api.tracking_of(booked, "result")
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-collection", {}, as_="courier1"))
    api.ok(api.post(f"/parcels/{result}/arrival", {}, as_="courier1"))
    api.ok(api.post(f"/parcels/{result}/delivery-start", {}, as_="courier1"))
    short = api.post(f"/parcels/{result}/delivery", api.deliver_body(result), as_="courier1")
    assert short.status_code == 422
    assert short.get_json()["error"]["fields"][0]["field"] == "cash_collected"
    delivered = api.ok(
        api.post(f"/parcels/{result}/delivery", api.deliver_body(result, cash_collected=33_000), as_="courier1")
    )
    assert delivered["status"] == "delivered"


def test_drop_off_at_the_counter_takes_the_dossier_without_a_pickup(api):
    body = api.booking("send", intake="drop_off", drop_off_post_office_code="100000")
    del body["pickup_address"], body["slot_start"]
    booked = api.ok(api.post("/requests", body), 201)
    tracking = api.tracking_of(booked, "dossier")
    due = booked["request"]["quote"]["total"]
    parcel = api.ok(api.post(f"/parcels/{tracking}/counter-intake", api.pickup_body(tracking, due), as_="dispatcher"))
    assert parcel["status"] == "at_post_office" and parcel["holder"] == "post_office"


def test_a_quote_is_the_price_the_booking_records(api):
    body = api.booking("both")
    quote = api.ok(api.post("/quotes", body))
    booked = api.book("both")
    assert booked["request"]["quote"]["total"] == quote["total"] == quote["postal_charge"]
    assert [leg["zone"] for leg in quote["legs"]] == ["same_province", "same_province"]
    assert quote["postal_charge"] == 66_000


def _last_code(api, reference):
    from sqlmodel import select

    from postal_service.db.engine import make_engine, new_session
    from postal_service.db.tables import Notification

    engine = make_engine(api.app.extensions["postal"].settings.database_url)
    with new_session(engine) as session:
        messages = session.exec(select(Notification).where(Notification.body.contains(reference))).all()
    engine.dispose()
    return next(m.body.split(": ")[1][:6] for m in reversed(messages) if m.kind == "code")
