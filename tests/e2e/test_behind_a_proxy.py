"""Behind a TLS proxy every caller arrives from the proxy's address: the client's is read from X-Forwarded-For,
through the trusted hops only, so that a client cannot choose its own limit bucket or idempotency scope."""

from __future__ import annotations

import pytest

from api import create_app

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
BOOKINGS_AN_HOUR = 60  # api/throttling.py: requests.book by address


def behind_one_proxy(settings):
    app = create_app(settings.model_copy(update={"trusted_proxy_hops": 1}))
    return app, app.test_client()


def via_proxy(forged: str, client: str) -> dict[str, str]:
    """What the proxy passes on: whatever the client claimed, then the address the proxy saw."""
    return {"X-Forwarded-For": f"{forged}, {client}", "X-Forwarded-Proto": "https"}


def test_a_forged_x_forwarded_for_does_not_change_the_clients_limit_bucket(settings, world):
    app, browser = behind_one_proxy(settings)
    answers = [
        browser.post("/api/v1/requests", json={}, headers=via_proxy(f"198.51.100.{n}", "203.0.113.9")).status_code
        for n in range(BOOKINGS_AN_HOUR + 1)
    ]
    assert answers[:BOOKINGS_AN_HOUR] == [422] * BOOKINGS_AN_HOUR and answers[-1] == 429
    other = browser.post("/api/v1/requests", json={}, headers=via_proxy("203.0.113.9", "203.0.113.10"))
    assert other.status_code == 422  # another client has its own bucket, whatever it claims to be
    app.extensions["postal"].engine.dispose()


def test_anonymous_idempotency_keys_are_scoped_to_the_client_the_proxy_saw(settings, world, api):
    app, browser = behind_one_proxy(settings)
    app.extensions["postal"].clock = lambda: api.now
    booking = api.booking("send")
    key = {"Idempotency-Key": "retry-me-1"}
    first = browser.post("/api/v1/requests", json=booking, headers=via_proxy("1.1.1.1", "203.0.113.9") | key)
    again = browser.post("/api/v1/requests", json=booking, headers=via_proxy("7.7.7.7", "203.0.113.9") | key)
    stranger = browser.post("/api/v1/requests", json=booking, headers=via_proxy("203.0.113.9", "203.0.113.10") | key)
    assert first.status_code == again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert stranger.status_code == 201 and stranger.headers.get("Idempotent-Replayed") is None
    assert stranger.get_json()["request"]["reference"] != first.get_json()["request"]["reference"]
    app.extensions["postal"].engine.dispose()
