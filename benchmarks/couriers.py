"""Fifty couriers, each stepping on a parcel of their own at a steady pace: the latency a courier feels.

wrk keeps every connection busy back to back, which measures throughput; a courier's phone sends one step and
waits minutes for the next. Here each courier (a thread with its own connection) sends a custody step at fixed
times, `pace` apart, and the latency of each step is counted from the moment it was due, not from when it was
sent, so a server that falls behind shows it (no coordinated omission).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

COURIERS = 50


@dataclass(frozen=True)
class CrowdFigure:
    steps_per_second: float
    p50_ms: float
    p99_ms: float
    failures: int


def _post(connection: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str]) -> int:
    connection.request("POST", path, body, headers)
    response = connection.getresponse()
    response.read()
    return response.status


def assignable(
    base: str, headers: dict[str, str], candidates: list[str], body: dict[str, str], limit: int | None = COURIERS
) -> list[str]:
    """The parcels on which the step is accepted (one trial each), at most `limit` (by default one per courier)."""
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=30)
    chosen: list[str] = []
    for tracking in candidates:
        path = f"/api/v1/parcels/{tracking}/assignment"
        if _post(connection, path, json.dumps(body).encode(), headers) == 200:
            chosen.append(tracking)
        if len(chosen) == limit:
            break
    connection.close()
    return chosen


def crowd(
    base: str, headers: dict[str, str], parcels: list[str], body: dict[str, str], seconds: int, pace: float
) -> CrowdFigure:
    """Every courier posts the step on its own parcel every `pace` seconds for `seconds`; latencies in ms."""
    host = urlsplit(base)
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    start = time.perf_counter() + 0.5

    def courier(number: int, tracking: str) -> None:
        connection = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=60)
        due = start + pace * number / len(parcels)  # spread the couriers over the first interval
        while due < start + seconds:
            time.sleep(max(0.0, due - time.perf_counter()))
            status = _post(connection, f"/api/v1/parcels/{tracking}/assignment", json.dumps(body).encode(), headers)
            took = (time.perf_counter() - due) * 1000
            with lock:
                latencies.append(took)
                failures[0] += status != 200
            due += pace
        connection.close()

    threads = [threading.Thread(target=courier, args=(n, t)) for n, t in enumerate(parcels)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)
    return CrowdFigure(
        len(ordered) / seconds,
        ordered[len(ordered) // 2],
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        failures[0],
    )
