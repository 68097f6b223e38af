"""The supplement loop through the API, on both databases: the agency keeps the dossier and asks for one document;
the citizen books its pickup; the courier collects only that document, for nothing; the agency receives it into
the same dossier code; the result leg goes on."""

from __future__ import annotations

import json
from datetime import date, datetime

from postal_service.domain.lifecycle import Leg
from postal_service.domain.timeslots import LOCAL_TZ

from ..factories import AGENCY_CODE, DOCUMENTS
from .crowd import post_at_once
from .test_agency_reports_and_notices import _notices
from .test_failure_paths import fields

CODE = f"{AGENCY_CODE}-261123-0042"
TUESDAY, WEDNESDAY = date(2026, 11, 24), date(2026, 11, 25)
TUESDAY_SLOT = datetime(2026, 11, 24, 9, 30, tzinfo=LOCAL_TZ).isoformat()
ASK = {"reason": "Tờ khai chưa ký", "missing_documents": [DOCUMENTS[0]], "dossier_code": CODE}


def asked_for_more(api) -> tuple[dict, str]:
    booked = api.book("both")
    dossier = api.dossier_to_agency_desk(booked)
    api.ok(api.post(f"/parcels/{dossier}/supplement-request", ASK, as_="clerk"))
    return booked, dossier


def as_citizen(booked) -> str:
    return f"token:{booked['citizen_token']}"


def test_the_supplement_travels_alone_into_the_same_dossier_and_the_result_goes_on(api):
    booked, dossier = asked_for_more(api)
    reference = booked["request"]["reference"]
    waiting = api.ok(api.get(f"/requests/{reference}", as_=as_citizen(booked)))
    assert waiting["dossier_code"] == CODE and waiting["missing_documents"] == [DOCUMENTS[0]]
    assert waiting["paused_since"] == "2026-11-23"
    paid = waiting["paid"]

    after = api.ok(
        api.post(
            f"/requests/{reference}/supplement",
            {"intake": "pickup", "slot_start": TUESDAY_SLOT},
            as_=as_citizen(booked),
        ),
        201,
    )
    supplement = api.tracking_of({"request": after}, "supplement")
    assert supplement not in (dossier, api.tracking_of(booked, "result"))
    api.ok(api.post(f"/parcels/{supplement}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))

    api.at(TUESDAY, 9, 40)
    label = api.label(supplement, Leg.SUPPLEMENT)
    everything = api.pickup_body(supplement, 0, scanned_qr=label)
    assert "documents_present" in fields(api.post(f"/parcels/{supplement}/pickup", everything, as_="courier1"))
    charged = api.pickup_body(supplement, 22_000, scanned_qr=label, documents_present=[DOCUMENTS[0]])
    assert "cash_collected" in fields(api.post(f"/parcels/{supplement}/pickup", charged, as_="courier1"))
    only_missing = api.pickup_body(supplement, 0, scanned_qr=label, documents_present=[DOCUMENTS[0]])
    api.ok(api.post(f"/parcels/{supplement}/pickup", only_missing, as_="courier1"))
    api.ok(api.post(f"/parcels/{supplement}/departure-to-agency", {}, as_="courier1"))
    api.ok(api.post(f"/parcels/{supplement}/presentation", {"scanned_qr": label}, as_="courier1"))

    api.at(WEDNESDAY, 9, 0)
    other_code = {"dossier_code": f"{AGENCY_CODE}-261125-0001", "appointment_date": "2026-12-10"}
    assert "dossier_code" in fields(api.post(f"/parcels/{supplement}/agency-receipt", other_code, as_="clerk"))
    receipt = {"dossier_code": CODE, "appointment_date": "2026-12-10"}
    api.ok(api.post(f"/parcels/{supplement}/agency-receipt", receipt, as_="clerk"))

    done = api.ok(api.get(f"/requests/{reference}", as_=as_citizen(booked)))
    statuses = {p["leg"]: p["status"] for p in done["parcels"]}
    assert statuses == {
        "dossier": "received_by_agency",
        "supplement": "received_by_agency",
        "result": "awaiting_result",
    }
    assert done["paid"] == paid and done["missing_documents"] == [] and done["paused_since"] is None
    assert done["appointment_date"] == "2026-12-10" and done["dossier_code"] == CODE
    api.ok(api.post(f"/parcels/{api.tracking_of(booked, 'result')}/result-ready", {}, as_="clerk"))
    bodies = [n.body for n in _notices(api, reference)]
    assert any(DOCUMENTS[0] in body and "/track/" in body for body in bodies), "the request names the document"
    assert any(supplement in body for body in bodies) and any(CODE in body for body in bodies)


def test_a_supplement_is_booked_once_by_the_citizen_and_never_by_a_courier(api):
    booked, _ = asked_for_more(api)
    path = f"/requests/{booked['request']['reference']}/supplement"
    assert api.post(path, {"intake": "drop_off"}, as_="courier1").status_code == 403
    stranger = as_citizen(api.book("receive"))
    assert api.post(path, {"intake": "pickup"}, as_=stranger).status_code == 403  # not yours, before any field
    assert fields(api.post(path, {"intake": "pickup"}, as_=as_citizen(booked))) == {"slot_start"}
    api.ok(api.post(path, {"intake": "drop_off"}, as_=as_citizen(booked)), 201)
    assert api.post(path, {"intake": "drop_off"}, as_=as_citizen(booked)).status_code == 409


def test_a_supplement_cannot_be_booked_before_the_agency_asks_for_one(api):
    booked = api.book("both")
    answer = api.post(
        f"/requests/{booked['request']['reference']}/supplement", {"intake": "drop_off"}, as_=as_citizen(booked)
    )
    assert answer.status_code == 409
    assert len(api.ok(api.get(f"/requests/{booked['request']['reference']}", as_=as_citizen(booked)))["parcels"]) == 2


def test_five_bookings_of_one_supplement_at_once_make_one_envelope(api):
    booked, _ = asked_for_more(api)
    reference = booked["request"]["reference"]
    headers = {"Authorization": f"Bearer {booked['citizen_token']}"}
    body = json.dumps({"intake": "drop_off"}).encode()
    answers = post_at_once(api.app, [(f"/api/v1/requests/{reference}/supplement", body, headers)] * 5)
    assert sorted(a.status for a in answers) == [201] + [409] * 4
    request = api.ok(api.get(f"/requests/{reference}", as_=as_citizen(booked)))
    assert [p["leg"] for p in request["parcels"]].count("supplement") == 1
