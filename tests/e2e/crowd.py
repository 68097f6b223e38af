"""A crowd of callers released at once against a real threaded server, each on its own connection."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from werkzeug.serving import make_server

T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    replayed: bool

    def json(self) -> Any:
        return json.loads(self.text)


def post_at_once(app, calls: list[tuple[str, bytes, dict[str, str]]]) -> list[Answer]:
    """POST every (path, body, headers) at the same moment; answers come back in no particular order."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    barrier = threading.Barrier(len(calls))
    answers: list[Answer] = []

    def call(path: str, body: bytes, headers: dict[str, str]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=120)
        barrier.wait()
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers})
        response = connection.getresponse()
        answers.append(
            Answer(response.status, response.read().decode(), response.getheader("Idempotent-Replayed") == "true")
        )
        connection.close()

    threads = [threading.Thread(target=call, args=c) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server.shutdown()
    return answers


def with_a_fault(
    calls: dict[str, Callable[[], T]], callers: int, fault: Callable[[dict[str, T]], None]
) -> dict[str, T]:
    """Run the calls from `callers` threads; a third of the way in, `fault` breaks something under them (it is
    given the outcomes so far, to wait on them). Every call's outcome, by its key."""
    outcomes: dict[str, T] = {}
    answered = threading.Semaphore(0)
    keys = list(calls)

    def caller(mine: list[str]) -> None:
        for key in mine:
            outcomes[key] = calls[key]()
            answered.release()

    threads = [threading.Thread(target=caller, args=(keys[c::callers],)) for c in range(callers)]
    for thread in threads:
        thread.start()
    for _ in range(len(keys) // 3):
        answered.acquire()
    fault(outcomes)
    for thread in threads:
        thread.join()
    return outcomes
