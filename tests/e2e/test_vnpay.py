"""Paying through VNPAY's merchant protocol, against a local server that implements it (tests/vnpay_peer.py): the
signed payment URL its page accepts, the IPN taken once with the protocol's answers (a tampered signature, a
replay, another amount, an unknown payment), a transfer that comes after the citizen paid the courier refunded
through VNPAY's refund call, and a return whose IPN was lost confirmed by VNPAY's query call."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest
from werkzeug.serving import make_server

from ..vnpay_peer import HASH_SECRET, TMN_CODE, LocalVnpay, local_vnpay

IPN = "/payments/vnpay/ipn"


@pytest.fixture
def vnpay(app) -> Iterator[LocalVnpay]:
    with local_vnpay() as peer:
        postal = app.extensions["postal"]
        postal.settings = postal.settings.model_copy(
            update={
                "payment_provider": "vnpay",
                "vnpay_tmn_code": TMN_CODE,
                "vnpay_hash_secret": HASH_SECRET,
                "vnpay_pay_url": peer.pay_url,
                "vnpay_api_url": peer.api_url,
            }
        )
        yield peer


def _started(api, vnpay: LocalVnpay) -> tuple[dict, dict]:
    """A booking, and its payment opened on VNPAY's page (which checks the URL's signature)."""
    booked = api.book("both")
    intent = api.ok(
        api.post(
            f"/requests/{booked['request']['reference']}/online-payments", {}, as_=f"token:{booked['citizen_token']}"
        ),
        201,
    )
    page = httpx.get(intent["pay_url"])
    assert page.status_code == 200 and vnpay.refused == [], page.text
    return booked, intent


def _request(api, booked: dict) -> dict:
    return api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="admin"))


def test_a_payment_is_taken_once_from_its_signed_ipn_and_every_bad_notice_gets_the_protocols_answer(api, vnpay):
    booked, intent = _started(api, vnpay)
    assert intent["provider"] == "vnpay" and intent["amount"] == booked["request"]["quote"]["total"]
    notice = vnpay.pay(intent["intent_ref"])
    tampered = notice | {"vnp_Amount": "100"}
    assert api.ok(api.get(IPN, **tampered)) == {"RspCode": "97", "Message": "Invalid signature"}
    assert api.ok(api.get(IPN, **notice)) == {"RspCode": "00", "Message": "Confirm Success"}
    paid = _request(api, booked)
    assert paid["owed"] == 0 and {r["method"] for r in paid["receipts"]} == {"online"}
    assert api.ok(api.get(IPN, **notice))["RspCode"] == "02"  # the same IPN again: taken once
    assert len(_request(api, booked)["receipts"]) == len(paid["receipts"])
    assert api.ok(api.get(IPN, **vnpay.pay("TTNOSUCHPAY")))["RspCode"] == "01"


def test_another_amount_is_refused_and_a_failed_payment_takes_nothing(api, vnpay):
    booked, intent = _started(api, vnpay)
    assert api.ok(api.get(IPN, **vnpay.pay(intent["intent_ref"], amount=1_000)))["RspCode"] == "04"
    assert api.ok(api.get(IPN, **vnpay.pay(intent["intent_ref"], response="24")))["RspCode"] == "00"  # cancelled
    assert _request(api, booked)["owed"] == booked["request"]["quote"]["total"] and vnpay.refunds == []


def test_a_transfer_that_comes_after_the_courier_was_paid_is_refunded_through_vnpay(api, vnpay):
    booked, intent = _started(api, vnpay)
    notice = vnpay.pay(intent["intent_ref"])  # paid on VNPAY's page, but its IPN is late...
    api.dossier_to_agency_desk(booked)  # ...and the citizen paid the courier in cash at the door meanwhile
    assert api.ok(api.get(IPN, **notice))["RspCode"] == "00"
    [refund] = vnpay.refunds
    assert (refund["vnp_TxnRef"], refund["vnp_Amount"]) == (intent["intent_ref"], intent["amount"] * 100)
    assert refund["vnp_TransactionNo"] == notice["vnp_TransactionNo"] and refund["vnp_TransactionType"] == "02"
    assert {r["method"] for r in _request(api, booked)["receipts"]} == {"cash_to_courier"}  # nothing paid twice
    assert api.ok(api.get(IPN, **notice))["RspCode"] == "02" and len(vnpay.refunds) == 1


def test_a_return_whose_ipn_was_lost_is_confirmed_by_asking_vnpay_and_never_by_the_browser_alone(app, api, vnpay):
    booked, intent = _started(api, vnpay)
    browser = app.test_client()
    forged = vnpay.pay("TTFORGED") | {"vnp_TxnRef": intent["intent_ref"]}  # another payment's notice, re-aimed
    assert browser.get("/pay/vnpay/return", query_string=forged).status_code == 403
    notice = vnpay.pay(intent["intent_ref"])  # the IPN never arrives
    back = browser.get("/pay/vnpay/return", query_string=notice)
    assert back.status_code == 302 and back.location.endswith(f"/track/{booked['request']['reference']}")
    assert vnpay.queries == [intent["intent_ref"]] and _request(api, booked)["owed"] == 0
    assert api.ok(api.get(IPN, **notice))["RspCode"] == "02"  # the IPN, late, finds it taken


def test_the_same_ipn_five_times_at_once_is_taken_once(api, vnpay):
    booked, intent = _started(api, vnpay)
    notice = vnpay.pay(intent["intent_ref"])
    server = make_server("127.0.0.1", 0, api.app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    barrier, answers = threading.Barrier(5), []

    def send() -> None:
        barrier.wait()
        answers.append(httpx.get(f"http://127.0.0.1:{server.server_port}/api/v1{IPN}", params=notice, timeout=60))

    senders = [threading.Thread(target=send) for _ in range(5)]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join()
    server.shutdown()
    assert sorted(a.json()["RspCode"] for a in answers) == ["00", "02", "02", "02", "02"]
    receipts = _request(api, booked)["receipts"]
    assert sum(r["amount"] for r in receipts) == intent["amount"] and {r["method"] for r in receipts} == {"online"}
