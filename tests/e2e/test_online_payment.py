"""Paying online through the embedded provider: a VietQR transfer carrying the booking's reference, confirmed by
the provider's signed callback, recorded once however often (and however concurrently) it is repeated."""

from __future__ import annotations

import json
import re

from postal_service.domain.online_payment import sign

from .crowd import post_at_once
from .test_tracking_page import _citizen

CALLBACK = "/api/v1/payments/fake/callback"


def _callback(api, intent: dict, transaction: str = "TXN-1", **changes) -> tuple[bytes, dict[str, str]]:
    """What the provider sends: the body and its signature with the secret we share."""
    body = json.dumps(
        {
            "intent_ref": intent["intent_ref"],
            "transaction_id": transaction,
            "amount": intent["amount"],
            "status": "paid",
        }
        | changes
    ).encode()
    secret = api.app.extensions["postal"].settings.payment_callback_secret.encode()
    return body, {"X-Payment-Signature": sign(secret, body), "Content-Type": "application/json"}


def _start(api, booked: dict) -> dict:
    return api.ok(api.post(f"/requests/{booked['request']['reference']}/online-payments", as_="dispatcher"), 201)


def test_a_payment_started_online_carries_the_reference_and_is_the_same_until_paid(api):
    booked = api.book("send")
    intent = _start(api, booked)
    assert intent["amount"] == booked["request"]["quote"]["total"] and intent["status"] == "pending"
    assert booked["request"]["reference"] in intent["qr_payload"] and intent["qr_payload"].startswith("000201")
    assert re.search(r"6304[0-9A-F]{4}$", intent["qr_payload"])  # EMVCo: ends with its CRC
    assert _start(api, booked)["intent_ref"] == intent["intent_ref"]


def test_the_signed_callback_records_the_payment_and_the_courier_then_collects_nothing(api):
    booked = api.book("send")
    reference = booked["request"]["reference"]
    intent = _start(api, booked)
    body, headers = _callback(api, intent)
    paid = api.ok(api.client.post(CALLBACK, data=body, headers=headers))
    assert paid["status"] == "paid" and paid["paid_at"]
    receipts = api.ok(api.get(f"/requests/{reference}", as_="dispatcher"))["receipts"]
    assert [(r["method"], r["collected_by"]) for r in receipts] == [("online", "provider:fake")]
    assert api.post(f"/requests/{reference}/online-payments", as_="dispatcher").status_code == 409  # nothing owed
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    api.at(api.now.date(), 9, 45)
    asked_cash = api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, intent["amount"]), as_="courier1")
    assert asked_cash.status_code == 422
    api.ok(api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, 0), as_="courier1"))


def test_a_forged_a_wrong_or_a_second_transaction_records_nothing(api):
    booked = api.book("send")
    intent = _start(api, booked)
    body, headers = _callback(api, intent)
    forged = api.client.post(CALLBACK, data=body, headers=headers | {"X-Payment-Signature": "sha256=" + "0" * 64})
    assert forged.status_code == 403
    unsigned = api.client.post(CALLBACK, data=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 403
    short_body, short_headers = _callback(api, intent, amount=intent["amount"] - 1_000)
    assert api.client.post(CALLBACK, data=short_body, headers=short_headers).status_code == 422
    unknown_body, unknown_headers = _callback(api, intent | {"intent_ref": "TT0000000000"})
    assert api.client.post(CALLBACK, data=unknown_body, headers=unknown_headers).status_code == 404
    assert api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher"))["receipts"] == []
    api.ok(api.client.post(CALLBACK, data=body, headers=headers))
    again_body, again_headers = _callback(api, intent, transaction="TXN-2")
    assert api.client.post(CALLBACK, data=again_body, headers=again_headers).status_code == 409


def test_a_callback_repeated_five_times_at_once_pays_once(api):
    booked = api.book("send")
    intent = _start(api, booked)
    body, headers = _callback(api, intent)
    answers = post_at_once(api.app, [(CALLBACK, body, headers)] * 5)
    assert [a.status for a in answers] == [200] * 5
    receipts = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher"))["receipts"]
    assert sum(r["amount"] for r in receipts) == intent["amount"] and len(receipts) == 1


def test_the_citizen_pays_from_the_tracking_page_on_the_providers_page(app, api):
    booked = api.book("send")
    reference = booked["request"]["reference"]
    citizen = _citizen(app, reference)
    page = citizen.get(f"/track/{reference}?lang=vi").get_data(as_text=True)
    assert "Thanh toán trực tuyến" in page
    to_bank = citizen.post(f"/track/{reference}/pay")
    assert to_bank.status_code == 302 and "/pay/fake/TT" in to_bank.location
    bank = citizen.get(to_bank.location).get_data(as_text=True)
    assert "data:image/png;base64," in bank and reference in bank
    back = citizen.post(to_bank.location)
    assert back.status_code == 302 and f"/track/{reference}" in back.location
    assert "Thanh toán trực tuyến" not in citizen.get(f"/track/{reference}?lang=vi").get_data(as_text=True)
    assert app.test_client().post(f"/track/{reference}/pay").status_code == 403  # not signed in
