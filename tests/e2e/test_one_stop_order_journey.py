"""A one-stop system's order for "both" carries everything it says to where it belongs: the fee it asks the courier
to collect (CODAmount) to the pickup, the receipt and the agency's fee statement; its own list of documents to the
intake checklist and the dossier slip; its note to the courier and the clerk; and the person it names for the
result to the delivery, its ID check and the citizen's page."""

from __future__ import annotations

from datetime import date

from postal_service.domain.lifecycle import Leg

from ..factories import AGENCY_CODE, DOCUMENTS
from .test_dispatch_pages import signed_in
from .test_lgsp_orders import _key, _order
from .test_papers import VI, pdf_text

ORDER_NUMBER = f"{AGENCY_CODE}-261123-0077"
COD = 45_000
LISTED = ["Tờ khai theo mẫu", "Bản sao căn cước của người được ủy quyền"]
NOTE = "Gọi trước khi đến; nhà có cổng sau"
RECEIVER = {
    "ReceiverFullname": "Trần Văn Bình",
    "ReceiverTel": "0987 654 321",
    "ReceiverIdentityNumber": "001090777777",
    "ReceiverAddress": "12 Phố Hàng Bông",
    "ReceiverProvince": 1,
}
STATEMENT = "/post-offices/100000/fee-statement"


def _fields(response) -> set[str]:
    assert response.status_code == 422, response.get_json()
    return {f["field"] for f in response.get_json()["error"]["fields"]}


def test_a_both_order_carries_its_fee_documents_note_and_receiver_to_every_step(app, api):
    key = _key(api)
    order = _order(ServiceType="both", OrderNumber=ORDER_NUMBER, CODAmount=COD, Documents=LISTED, Note=NOTE)
    order |= RECEIVER | {"ReceiverWard": order["SenderWard"]}
    answered = api.ok(api.post("/lgsp/orders", order, headers=key))
    request = api.ok(api.get(f"/requests/{answered['Reference']}", headers=key))
    assert request["quote"]["procedure_fee"] == COD and request["expected_documents"] == LISTED
    assert request["order_note"] == NOTE
    assert request["result_receiver"] == {"name": "Trần Văn Bình", "phone": "0987654321", "id_number": "001090777777"}
    booked = {"request": request}
    dossier, result = api.tracking_of(booked, "dossier"), api.tracking_of(booked, "result")

    # The courier's stop: the note, and the order's checklist instead of the procedure's.
    api.ok(api.post(f"/parcels/{dossier}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    stop = signed_in(app, "courier1").get(f"/courier/parcel/{dossier}").get_data(as_text=True)
    assert NOTE in stop and all(f'value="{name}"' in stop for name in LISTED)
    assert 'value="Bản thảo tài liệu"' not in stop  # the procedure's, which this dossier does not hold
    api.at(date(2026, 11, 23), 9, 45)
    due = request["quote"]["total"]
    wrong_list = api.pickup_body(dossier, due, documents_present=DOCUMENTS)  # the procedure's list, not the order's
    assert "documents_present" in _fields(api.post(f"/parcels/{dossier}/pickup", wrong_list, as_="courier1"))
    api.ok(
        api.post(f"/parcels/{dossier}/pickup", api.pickup_body(dossier, due, documents_present=LISTED), as_="courier1")
    )
    receipts = api.ok(api.get(f"/requests/{answered['Reference']}", headers=key))["receipts"]
    assert {(r["kind"], r["amount"]) for r in receipts} >= {("procedure_fee", COD)}  # collected at the door
    slip = pdf_text(api.get(f"/parcels/{dossier}/papers/dossier-slip.pdf", as_="dispatcher", headers=VI))
    assert all(name in slip for name in LISTED)

    # The desk: the note again; the fee handed over with the dossier is on the agency's statement.
    for step in ("departure-to-agency", "presentation"):
        api.later(minutes=30)
        api.ok(api.post(f"/parcels/{dossier}/{step}", {"scanned_qr": api.label(dossier, Leg.DOSSIER)}, as_="courier1"))
    assert NOTE in signed_in(app, "clerk").get(f"/agency/parcel/{dossier}").get_data(as_text=True)
    receipt = {"dossier_code": ORDER_NUMBER, "appointment_date": "2026-12-07", "procedure_fee_received": COD}
    api.ok(api.post(f"/parcels/{dossier}/agency-receipt", receipt, as_="clerk"))
    monday = {"agency_code": AGENCY_CODE, "period_start": "2026-11-23", "period_end": "2026-11-23"}
    statement = api.ok(api.get(STATEMENT, as_="dispatcher", **monday))
    line = next(x for x in statement["lines"] if x["reference"] == answered["Reference"])
    assert line["amount"] == COD and line["forwarded_at"] is not None

    # The result goes to the person the order named: the sender's own ID is a proxy's now.
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    for step in ("result-collection", "arrival", "delivery-start"):
        api.ok(api.post(f"/parcels/{result}/{step}", {}, as_="courier1"))
    door = signed_in(app, "courier1").get(f"/courier/parcel/{result}").get_data(as_text=True)
    assert "Trần Văn Bình" in door and "0987654321" in door and "001090777777" not in door  # masked for couriers
    sender = api.deliver_body(result, receiver_name="Nguyễn Thị Hoa", receiver_id_number="001190654321")
    assert _fields(api.post(f"/parcels/{result}/delivery", sender, as_="courier1")) == {"receiver_id_number"}
    named = api.deliver_body(result, receiver_name="Trần Văn Bình", receiver_id_number="001090777777")
    api.ok(api.post(f"/parcels/{result}/delivery", named, as_="courier1"))
    delivered = api.ok(api.get(f"/parcels/{result}", as_="admin"))["events"][-1]
    assert delivered["action"] == "deliver" and delivered["evidence"]["receiver_is_proxy"] is False


def test_a_receive_orders_cod_is_collected_at_the_door_with_the_result_and_owed_to_the_agency(api):
    order = _order(ServiceType="receive", OrderNumber=f"{AGENCY_CODE}-261123-0078", CODAmount=20_000)
    order = {k.replace("Sender", "Receiver"): v for k, v in order.items()}
    answered = api.ok(api.post("/lgsp/orders", order, headers=_key(api)))
    request = api.ok(api.get(f"/requests/{answered['Reference']}", as_="admin"))
    assert request["quote"]["procedure_fee"] == 20_000 and request["owed"] == request["quote"]["total"]
    result = api.tracking_of({"request": request}, "result")
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    for step in ("result-collection", "arrival", "delivery-start"):
        api.ok(api.post(f"/parcels/{result}/{step}", {}, as_="courier1"))
    body = api.deliver_body(
        result, receiver_name="Nguyễn Thị Hoa", receiver_id_number="001190654321", cash_collected=request["owed"]
    )
    api.ok(api.post(f"/parcels/{result}/delivery", body, as_="courier1"))
    paid = api.ok(api.get(f"/requests/{answered['Reference']}", as_="admin"))
    assert paid["owed"] == 0 and ("procedure_fee", 20_000) in {(r["kind"], r["amount"]) for r in paid["receipts"]}
