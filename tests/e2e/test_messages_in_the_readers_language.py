"""Every message a person reads is in their language: pages in Vietnamese unless English is chosen, the API in
the language of Accept-Language (English by default)."""

from __future__ import annotations

from ..factories import PROCEDURE


def test_an_unknown_page_says_so_in_vietnamese_not_in_the_servers_english(app):
    page = app.test_client().get("/no/such/page")
    text = page.get_data(as_text=True)
    assert page.status_code == 404 and "Không có gì ở địa chỉ này" in text and "requested URL" not in text


def test_the_api_answers_in_vietnamese_when_asked_and_in_english_by_default(api):
    body = api.booking("send", contact={"name": "", "phone": "12", "id_number": "001090123456"}, consent="yes")
    english = api.client.post("/api/v1/requests", json=body).get_json()["error"]
    vietnamese = api.client.post("/api/v1/requests", json=body, headers={"Accept-Language": "vi-VN,vi;q=0.9"})
    said = {f["field"]: f["message"] for f in vietnamese.get_json()["error"]["fields"]}
    assert english["message"].startswith("check these fields: ")
    assert vietnamese.get_json()["error"]["message"].startswith("kiểm tra các trường: ")
    assert said["consent"] == "Chọn có hoặc không." and said["contact.name"] == "Nhập ít nhất 1 ký tự."
    assert {f["field"] for f in english["fields"]} == set(said)


def test_a_booking_page_never_shows_pydantics_english(app):
    app.config["WTF_CSRF_ENABLED"] = False
    citizen = app.test_client()
    citizen.get(f"/book/procedure/{PROCEDURE}")
    form = {"service": "send", "intake": "pickup", "pickup_address.province_code": "1",
            "pickup_address.commune_code": "73", "pickup_address.street": "x" * 300}  # fmt: skip
    page = citizen.post(f"/book/procedure/{PROCEDURE}", data=form).get_data(as_text=True)
    assert "Nhập số nhà và tên đường." in page or "Nhập nhiều nhất 255 ký tự." in page
    assert "should have at most" not in page and "String should" not in page


def test_a_rule_of_the_domain_is_said_in_vietnamese_to_a_vietnamese_caller(api):
    wrong = {"username": "dispatcher", "password": "not-the-password"}
    vi = api.client.post("/api/v1/auth/login", json=wrong, headers={"Accept-Language": "vi"}).get_json()["error"]
    en = api.client.post("/api/v1/auth/login", json=wrong).get_json()["error"]
    assert vi["message"] == "sai tên đăng nhập hoặc mật khẩu" and en["message"] == "wrong username or password"
