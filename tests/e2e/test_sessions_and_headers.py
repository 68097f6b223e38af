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
