"""Sessions end on the server, administrators revoke access, and every answer carries the browser headers."""

from __future__ import annotations

from ..factories import AGENCY_CODE, PASSWORD
from .test_dispatch_pages import signed_in


def test_signing_out_ends_a_copied_session_cookie_too(app):
    phone = signed_in(app, "courier1")
    copy = app.test_client()
    copy.set_cookie("session", phone.get_cookie("session").value)
    assert copy.get("/courier").status_code == 200
    assert phone.post("/logout").status_code == 302
    assert copy.get("/courier").status_code == 401  # the copy no longer signs anyone in


def test_an_administrator_ends_a_users_tokens_and_an_agency_key(api):
    token = api.login("courier1")
    assert api.get("/parcels", headers=token).status_code == 200
    api.ok(api.post("/staff/courier1/revocation", as_="admin"))
    assert api.get("/parcels", headers=token).status_code == 401
    fresh = api.client.post("/api/v1/auth/login", json={"username": "courier1", "password": PASSWORD})
    assert api.get("/parcels", headers={"Authorization": f"Bearer {fresh.get_json()['token']}"}).status_code == 200

    key = api.ok(api.post("/api-keys", {"agency_code": AGENCY_CODE, "label": "one-stop"}, as_="admin"), 201)["api_key"]
    assert api.get("/parcels", headers={"X-API-Key": key}).status_code == 200
    api.ok(api.post(f"/api-keys/{key.split('.')[0]}/revocation", as_="admin"))
    assert api.get("/parcels", headers={"X-API-Key": key}).status_code == 401
    assert api.post("/staff/courier2/revocation", as_="dispatcher").status_code == 403


def test_pages_and_answers_forbid_inline_code_framing_and_sniffing(api):
    for response in (api.client.get("/"), api.client.get("/api/v1/provinces")):
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers
    page = api.client.get("/book").get_data(as_text=True)
    assert "<style" not in page and " style=" not in page and " on" + "change=" not in page


def test_hsts_is_sent_over_tls_when_the_setting_asks(app, api):
    app.config["POSTAL_HSTS"] = True
    assert "Strict-Transport-Security" in api.client.get("/", base_url="https://localhost").headers
    assert "Strict-Transport-Security" not in api.client.get("/").headers


NEW_PASSWORD = "a-longer-passphrase-2026"


def test_changing_the_password_ends_every_other_token_and_hands_back_a_fresh_one(api):
    old = api.login("courier1")
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    fresh = api.ok(api.post("/auth/password", body, headers=old))
    assert api.get("/parcels", headers=old).status_code == 401
    assert api.get("/parcels", headers={"Authorization": f"Bearer {fresh['token']}"}).status_code == 200
    assert api.post("/auth/login", {"username": "courier1", "password": PASSWORD}).status_code == 401
    assert api.post("/auth/login", {"username": "courier1", "password": NEW_PASSWORD}).status_code == 200


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing_and_names_each_field(api):
    token = api.login("courier1")
    wrong = api.post(
        "/auth/password", {"current_password": "not-it", "new_password": "courier1-forever"}, headers=token
    )
    assert wrong.status_code == 422
    assert {f["field"] for f in wrong.get_json()["error"]["fields"]} == {"current_password", "new_password"}
    short = api.post("/auth/password", {"current_password": PASSWORD, "new_password": "short"}, headers=token)
    assert short.status_code == 422 and "new_password" in {f["field"] for f in short.get_json()["error"]["fields"]}
    assert api.get("/parcels", headers=token).status_code == 200  # nothing ended
    assert api.post("/auth/login", {"username": "courier1", "password": PASSWORD}).status_code == 200


def test_an_agency_system_has_no_password_to_change(api):
    key = api.ok(api.post("/api-keys", {"agency_code": AGENCY_CODE, "label": "one-stop"}, as_="admin"), 201)["api_key"]
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert api.post("/auth/password", body, headers={"X-API-Key": key}).status_code == 403
    assert api.post("/auth/password", body).status_code == 401


def test_the_password_page_keeps_this_session_and_signs_out_a_copied_cookie(app):
    phone = signed_in(app, "courier1")
    copy = app.test_client()
    copy.set_cookie("session", phone.get_cookie("session").value)
    form = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirmation": "something else"}
    refused = phone.post("/password?lang=vi", data=form)
    assert refused.status_code == 422 and "không khớp" in refused.get_data(as_text=True)
    changed = phone.post("/password", data=form | {"confirmation": NEW_PASSWORD})
    assert changed.status_code == 302
    assert phone.get("/courier").status_code == 200
    assert copy.get("/courier").status_code == 401
