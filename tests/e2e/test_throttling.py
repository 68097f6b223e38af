"""Throttles: guesses lock an account, codes are texted sparingly, crowds of bookings and scans are slowed."""

from __future__ import annotations

import pytest

from postal_service.services import auth

from ..backing_services import REDIS
from ..conftest import require_running
from ..factories import PASSWORD

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_ten_wrong_passwords_lock_the_account_for_fifteen_minutes_but_not_its_neighbours(api):
    for _ in range(10):
        assert api.post("/auth/login", {"username": "courier1", "password": "wrong-password"}).status_code == 401
    locked = api.post("/auth/login", {"username": "courier1", "password": PASSWORD})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert "wait a little" in locked.get_json()["error"]["message"]
    assert api.post("/auth/login", {"username": "courier2", "password": PASSWORD}).status_code == 200


def test_a_stolen_token_cannot_guess_the_current_password_more_than_ten_times(api):
    token = api.login("courier1")
    guess = {"current_password": "a-guess", "new_password": "a-longer-passphrase-2026"}
    for _ in range(10):
        assert api.post("/auth/password", guess, headers=token).status_code == 422
    right = api.post("/auth/password", guess | {"current_password": PASSWORD}, headers=token)
    assert right.status_code == 429
    assert api.post("/auth/password", guess, headers=api.login("courier2")).status_code == 422  # another account


def test_an_unknown_username_costs_the_same_password_check(api, monkeypatch):
    checks: list[str] = []
    real = auth.secret_matches
    monkeypatch.setattr(auth, "secret_matches", lambda stored, given: checks.append(stored) or real(stored, given))
    assert api.post("/auth/login", {"username": "nobody-here", "password": "x"}).status_code == 401
    assert api.post("/auth/login", {"username": "courier1", "password": "x"}).status_code == 401
    assert len(checks) == 2 and all(h.startswith("$argon2") for h in checks)


def test_a_citizen_code_is_texted_at_most_once_a_minute_per_phone_and_per_reference(api):
    reference = api.book("send")["request"]["reference"]
    body = {"reference": reference, "phone": "0912345678"}
    assert api.post("/auth/citizen/code", body).status_code == 202
    again = api.post("/auth/citizen/code", body | {"phone": "+84 912 345 678"})  # the same phone written otherwise
    assert again.status_code == 429 and "Retry-After" in again.headers


def test_the_sign_in_page_answers_too_many_attempts_in_vietnamese(app, api):
    app.config["WTF_CSRF_ENABLED"] = False
    reference = api.book("send")["request"]["reference"]
    form = {"reference": reference, "phone": "0912345678"}
    assert api.client.post("/track", data=form).status_code == 200
    page = api.client.post("/track", data=form)
    assert page.status_code == 429 and "thử quá nhiều lần" in page.get_data(as_text=True)


def test_the_sign_in_page_takes_the_code_it_just_texted(app, api):
    from .test_happy_paths import _last_code

    app.config["WTF_CSRF_ENABLED"] = False
    reference = api.book("send")["request"]["reference"]
    form = {"reference": reference, "phone": "0912345678"}
    assert api.client.post("/track", data=form).status_code == 200
    assert api.client.post("/track", data=form | {"code": _last_code(api, reference)}).status_code == 302


def test_one_address_books_at_most_sixty_times_an_hour(api):
    statuses = [api.post("/requests", {}).status_code for _ in range(61)]
    assert statuses[:60] == [422] * 60 and statuses[60] == 429


def test_photo_scans_are_limited_per_address(api):
    headers = api.login("courier1")
    statuses = [api.client.post("/api/v1/scan/photo", data={}, headers=headers).status_code for _ in range(31)]
    assert statuses[:30] == [422] * 30 and statuses[30] == 429


@pytest.fixture
def redis_url() -> str:
    import redis

    url = require_running(REDIS)
    redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    return url


def test_workers_sharing_redis_share_one_lockout(settings, world, redis_url):
    import uuid

    from api import create_app

    shared = settings.model_copy(update={"redis_url": redis_url, "throttle_key_prefix": f"test-{uuid.uuid4().hex}"})
    first, second = create_app(shared).test_client(), create_app(shared).test_client()
    wrong = {"username": "clerk", "password": "wrong-password"}
    for i in range(10):
        assert (first if i % 2 else second).post("/api/v1/auth/login", json=wrong).status_code == 401
    assert second.post("/api/v1/auth/login", json={"username": "clerk", "password": PASSWORD}).status_code == 429
