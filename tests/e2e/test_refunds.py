"""Refunds through the API: a dossier the agency refuses gives back its procedure fee and the charge of the
result leg it will never need; a request cancelled after paying online gives back everything; each refund is a
receipt with its reason, the statement to the agency nets it, and nothing is asked of the citizen afterwards."""

from __future__ import annotations

from ..factories import FEE_PROCEDURE, OTHER_AGENCY_CODE
from .test_online_payment import CALLBACK, _callback, _start


def _refused(api) -> dict:
    booked = api.book("both", procedure_code=FEE_PROCEDURE)
    dossier = api.dossier_to_agency_desk(booked, documents_present=["Tờ khai"])  # the whole quote paid in cash
    api.ok(api.post(f"/parcels/{dossier}/agency-rejection", {"reason": "Không thuộc thẩm quyền"}, as_="otherclerk"))
    return booked


def test_a_refused_dossier_gives_back_its_fee_and_the_unused_result_leg(api):
    booked = _refused(api)
    quote = booked["request"]["quote"]
    result_leg = next(leg["charge"] for leg in quote["legs"] if leg["leg"] == "result")
    request = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher"))
    refunds = [(r["kind"], r["amount"], r["method"], r["reason"]) for r in request["receipts"] if r["amount"] < 0]
    assert refunds == [
        ("procedure_fee", -200_000, "refund", "dossier rejected by the agency"),
        ("postal_charge", -result_leg, "refund", "dossier rejected by the agency"),
    ]
    assert request["paid"] == quote["total"] - 200_000 - result_leg and request["owed"] == 0
    statement = api.ok(
        api.get(
            "/post-offices/100000/fee-statement",
            as_="otherclerk",
            agency_code=OTHER_AGENCY_CODE,
            period_start="2026-11-23",
            period_end="2026-11-23",
        )
    )
    assert (statement["collected"], statement["outstanding"]) == (0, 0)  # collected, then owed back


def test_a_request_cancelled_after_paying_online_gives_everything_back(api):
    booked = api.book("send")
    intent = _start(api, booked)
    body, headers = _callback(api, intent)
    api.ok(api.client.post(CALLBACK, data=body, headers=headers))
    reference = booked["request"]["reference"]
    api.ok(api.post(f"/requests/{reference}/cancel", {"reason": "Không cần nữa"}, as_="dispatcher"))
    request = api.ok(api.get(f"/requests/{reference}", as_="dispatcher"))
    assert request["paid"] == 0 and request["owed"] == 0
    assert [r["amount"] for r in request["receipts"]] == [intent["amount"], -intent["amount"]]
    assert request["receipts"][-1]["reason"] == "request cancelled"
