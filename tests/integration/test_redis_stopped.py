"""Redis, the throttles' counter store, stopped under a running app and started again: sign-in and citizens' codes
are refused with 503 and Retry-After (guesses are never let through uncounted), bookings and every read go on, the
log says which, and the limits count again once Redis is back, without restarting the app."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator

import pytest

from api import create_app

from ..e2e.conftest import Api
from ..e2e.servers import free_port, until
from ..factories import PASSWORD

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


class RedisServer:
    """A throwaway redis-server of the test's own, stopped and started by the test."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ping = ["redis-cli", "-p", str(self.port), "ping"]
        assert until(lambda: subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG", pause=0.1)

    def stop(self) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer(free_port())
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.stop()


@pytest.fixture
def limited(settings, world, redis_server) -> Iterator[Api]:
    counted = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{redis_server.port}/0", "throttling": True})
    app = create_app(counted)
    yield Api(app)
    app.extensions["postal"].engine.dispose()


def test_with_redis_stopped_sign_in_is_refused_and_bookings_and_reads_go_on_until_it_is_back(
    limited, redis_server, caplog
):
    api = limited
    clerk = api.login("clerk")  # a token issued while Redis answered
    reference = api.book("send")["request"]["reference"]

    redis_server.stop()
    caplog.set_level(logging.WARNING, logger="api.throttling")
    refused = [
        api.post("/auth/login", {"username": "clerk", "password": PASSWORD}),
        api.post("/auth/citizen/code", {"reference": reference, "phone": "0912345678"}),
        api.post("/auth/citizen/token", {"reference": reference, "phone": "0912345678", "code": "123456"}),
    ]
    for answer in refused:
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5", (
            answer.request.path,
            answer.get_json(),
        )
        assert answer.get_json()["error"]["code"] == "unavailable"
    api.app.config["WTF_CSRF_ENABLED"] = False  # the browser tests cover the token; here only the answer
    page = api.client.post("/login?lang=vi", data={"username": "clerk", "password": PASSWORD})
    assert page.status_code == 503 and "Tạm thời chưa đăng nhập được" in page.get_data(as_text=True)
    assert api.book("send")["request"]["reference"]  # let through, uncounted
    assert api.get("/agencies").status_code == 200  # reads are never limited
    assert api.get(f"/requests/{reference}", headers=clerk).status_code == 200
    said = [record for record in caplog.records if record.name == "api.throttling"]
    assert [r.levelname for r in said if "refused" in r.getMessage()] == ["ERROR"] * 4
    assert any(r.levelname == "WARNING" and "requests.book" in r.getMessage() for r in said)

    redis_server.start()  # nothing kept: the counters start again from nothing
    assert api.post("/auth/login", {"username": "clerk", "password": PASSWORD}).status_code == 200
    for _ in range(10):
        assert api.post("/auth/login", {"username": "courier1", "password": "wrong"}).status_code == 401
    assert api.post("/auth/login", {"username": "courier1", "password": PASSWORD}).status_code == 429  # counted
