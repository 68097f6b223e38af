"""A crowd of callers released at once against a real threaded server, each on its own connection."""

from __future__ import annotations

import http.client
import json
import threading
from dataclasses import dataclass
from typing import Any

from werkzeug.serving import make_server


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
