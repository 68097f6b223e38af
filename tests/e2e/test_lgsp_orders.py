"""Orders in the one-stop systems' shape: registered once (100), the same order again (101), bad fields named."""

from __future__ import annotations

import io
import re
import threading

import pytest

from ..factories import AGENCY_CODE, CUA_NAM, FEE_PROCEDURE, PASSWORD, PROCEDURE

ORDER_NUMBER = f"{AGENCY_CODE}-261123-0042"


def _key(api, agency: str = AGENCY_CODE) -> dict[str, str]:
    made = api.ok(api.post("/api-keys", {"agency_code": agency, "label": "one-stop system"}, as_="admin"), 201)
    return {"X-API-Key": made["api_key"]}


def _order(**changes) -> dict:
    order = {
        "OrderNumber": ORDER_NUMBER,
        "ServiceType": "send",
        "ProcedureCode": PROCEDURE,
        "SenderFullname": "Nguyễn Thị Hoa",
        "SenderTel": "0912 345 678",
        "SenderIdentityNumber": "001190654321",
        "SenderAddress": "5 Phố Tràng Thi",
        "SenderProvince": 1,
        "SenderWard": CUA_NAM,
        "CODAmount": 0,
        "Documents": ["Tờ khai theo mẫu"],
        "Note": "Gọi trước khi đến",
    }
    return order | changes


def test_an_item_code_is_the_posts_to_issue_and_a_repeated_order_may_only_repeat_the_one_it_was_given(api):
    key = _key(api)
    invented = api.post("/lgsp/orders", _order(ItemCode="RH999999999VN"), headers=key)
    assert invented.get_json()["Status"] == 102 and "ItemCode" in invented.get_json()["Message"]
    first = api.ok(api.post("/lgsp/orders", _order(), headers=key))
    assert api.ok(api.post("/lgsp/orders", _order(ItemCode=first["ItemCode"]), headers=key))["Status"] == 101
    other = api.post("/lgsp/orders", _order(ItemCode="RH999999999VN"), headers=key)
    assert other.get_json()["Status"] == 102 and first["ItemCode"] in other.get_json()["Message"]


def test_an_order_is_registered_once_and_the_same_order_again_answers_101_with_its_item_code(api):
    key = _key(api)
    first = api.ok(api.post("/lgsp/orders", _order(), headers=key))
    assert first["Status"] == 100 and first["ItemCode"].startswith("RH") and first["ItemCode"].endswith("VN")
    again = api.ok(api.post("/lgsp/orders", _order(Note="gửi lại"), headers=key))
    assert (again["Status"], again["ItemCode"], again["Reference"]) == (101, first["ItemCode"], first["Reference"])
    request = api.ok(api.get(f"/requests/{first['Reference']}", headers=key))
    assert request["dossier_code"] == ORDER_NUMBER and request["service"] == "send" and request["slot_start"]


def test_a_receive_order_starts_the_result_leg_at_the_citizens_address(api):
    order = _order(ServiceType="receive", OrderNumber=f"{AGENCY_CODE}-261123-0043")
    order |= {k.replace("Sender", "Receiver"): v for k, v in order.items() if k.startswith("Sender")}
    answered = api.ok(
        api.post("/lgsp/orders", {k: v for k, v in order.items() if not k.startswith("Sender")}, headers=_key(api))
    )
    assert answered["Status"] == 100 and answered["ItemCode"].startswith("RK")


def test_every_bad_field_is_named_in_the_callers_own_terms(api):
    bad = _order(SenderTel="12345", SenderWard=None, OrderNumber="not-a-dossier-code")
    response = api.post("/lgsp/orders", bad, headers=_key(api))
    body = response.get_json()
    assert response.status_code == 422 and body["Status"] == 102 and body["error"]["code"] == "invalid_input"
    assert {"SenderTel", "OrderNumber"} <= {e["Field"] for e in body["Errors"]}
    missing = api.post("/lgsp/orders", _order(SenderIdentityNumber=None, SenderWard=None), headers=_key(api))
    assert missing.status_code == 422
    assert {e["Field"] for e in missing.get_json()["Errors"]} == {"SenderIdentityNumber", "SenderWard"}


def test_an_agency_orders_only_its_own_procedures(api):
    response = api.post("/lgsp/orders", _order(ProcedureCode=FEE_PROCEDURE), headers=_key(api))
    assert response.status_code == 403 and response.get_json()["Status"] == 103


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_one_order_sent_twice_at_once_is_registered_once(app, api):
    key = _key(api)
    answers: list[int] = []

    def send() -> None:
        response = app.test_client().post("/api/v1/lgsp/orders", json=_order(), headers=key)
        answers.append(response.get_json()["Status"])

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [100, 101, 101, 101]


def test_an_agency_without_an_api_imports_a_csv_of_orders_and_sees_each_rows_outcome(app, api):
    columns = list(_order())
    good = _order(OrderNumber=f"{AGENCY_CODE}-261123-0050", Documents="Tờ khai theo mẫu;Bản thảo tài liệu")
    bad = _order(OrderNumber=f"{AGENCY_CODE}-261123-0051", SenderTel="12345")
    rows = [columns] + [[str(order[c]) for c in columns] for order in (good, bad, good)]
    text = "\n".join(",".join(f'"{value}"' for value in row) for row in rows)
    app.config["WTF_CSRF_ENABLED"] = False
    clerk = app.test_client()
    assert clerk.post("/login", data={"username": "clerk", "password": PASSWORD}).status_code == 302
    upload = {"orders": (io.BytesIO(("\ufeff" + text).encode()), "orders.csv")}
    page = clerk.post("/agency/orders/import", data=upload, content_type="multipart/form-data").get_data(as_text=True)
    statuses = re.findall(r'class="status-(\d+)"', page)
    assert statuses == ["100", "102", "101"]  # registered; a bad phone named; the same order again
    assert "SenderTel" in page and len(set(re.findall(r"RH\d{9}VN", page))) == 1
    reference = re.findall(r"D45-[A-Z0-9]{6}", page)[0]
    request = api.ok(api.get(f"/requests/{reference}", as_="admin"))  # the row's every value kept, as through the API
    assert request["expected_documents"] == ["Tờ khai theo mẫu", "Bản thảo tài liệu"]
    assert request["order_note"] == "Gọi trước khi đến" and request["quote"]["procedure_fee"] == 0


def test_a_receive_order_from_an_agency_with_a_fixed_line_is_taken_and_a_citizen_still_needs_a_mobile(api):
    order = _order(ServiceType="receive", OrderNumber=f"{AGENCY_CODE}-261123-0044", SenderTel="024 3765 4321")
    order |= {k.replace("Sender", "Receiver"): v for k, v in _order().items() if k.startswith("Sender")}
    assert api.ok(api.post("/lgsp/orders", order, headers=_key(api)))["Status"] == 100
    landline = api.post("/lgsp/orders", _order(SenderTel="02437654321"), headers=_key(api))
    assert landline.status_code == 422 and [e["Field"] for e in landline.get_json()["Errors"]] == ["SenderTel"]
