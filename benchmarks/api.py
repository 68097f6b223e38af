"""API load benchmark: `python -m benchmarks.api [--seconds 10] [--connections 32]`.

Serves the app with its production server (gunicorn, `postal-service serve`) on a fresh PostgreSQL database
loaded with the demo data, drives it with wrk, and in the same run measures a bare Flask hello-world and a
Flask + SQLAlchemy Core read of the same parcel (benchmarks/baselines.py) under the same gunicorn settings.
Every figure is printed as requests per second and as a share of the Core read.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import kombu
from sqlalchemy import create_engine, text

from api.serving import THREADS, worker_class

from . import couriers

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
COURIER01 = {"courier_username": "courier01"}  # the step: assign the parcel to courier01, again and again
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
WORKERS = 2 * (os.cpu_count() or 1) + 1


@dataclass(frozen=True)
class Figure:
    name: str
    requests_per_second: float
    p99_ms: float
    errors: int


@contextmanager
def database() -> Iterator[str]:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def task_queue() -> Iterator[dict[str, str]]:
    """The production broker (RabbitMQ at BENCH_BROKER_URL) when one answers, on a queue of this run's own that is
    deleted after it (no worker drains it during the run): a booking's message then costs what it costs in
    production, not a write to the embedded SQLite broker shared by every gunicorn worker."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    try:
        with kombu.Connection(BROKER_URL, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1)
    except Exception:
        print(f"no broker answers at {BROKER_URL}: bookings queue their messages in the embedded SQLite broker")
        yield {}
        return
    try:
        yield {"BROKER_URL": BROKER_URL, "TASK_QUEUE": name}
    finally:
        with kombu.Connection(BROKER_URL) as connection:
            connection.default_channel.queue_delete(name)


@contextmanager
def served(command: list[str], env: dict[str, str], port: int, probe: str) -> Iterator[None]:
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def gunicorn(app: str, port: int, serving: Serving) -> list[str]:
    """A baseline served as `postal-service serve` serves the app: the same workers, threads and worker class."""
    return [
        str(BIN / "gunicorn"),
        app,
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(serving.workers),
        "-k",
        worker_class(serving.threads),
        "--threads",
        str(serving.threads),
    ]


def wrk(name: str, url: str, seconds: int, connections: int, script: str | None = None) -> Figure:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Figure(
        name, rps, float(p99.group(1)) * scale[p99.group(2)] if p99 else 0.0, int(errors.group(1)) if errors else 0
    )


def lua(method: str, body: dict[str, object] | None, headers: dict[str, str], paths: list[str] | None = None) -> str:
    """A wrk script: the method, headers and body of every request; with `paths`, each request goes to one of
    them at random (each wrk thread seeds its own generator)."""
    lines = [f'wrk.method = "{method}"'] + [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    if body is not None:
        lines.append(f"wrk.body = [[{json.dumps(body, ensure_ascii=False)}]]")
    if paths:
        lines += [
            "local paths = {" + ", ".join(f'"{p}"' for p in paths) + "}",
            "math.randomseed(os.time() + math.floor(os.clock() * 1000000))",
            "request = function() return wrk.format(nil, paths[math.random(#paths)]) end",
        ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
    return handle.name


def post(url: str, body: dict[str, object], headers: dict[str, str] | None = None) -> dict[str, object]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.api", description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn worker processes, every server")
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per worker (1: sync workers)")
    args = parser.parse_args()
    serving = Serving(args.workers, args.threads)
    with database() as url, task_queue() as queue:
        env = {**os.environ, "DATABASE_URL": url, "ENVIRONMENT": "development", "THROTTLING": "false", **queue}
        subprocess.run([str(BIN / "postal-service"), "migrate"], env=env, check=True, capture_output=True)
        subprocess.run([str(BIN / "postal-service"), "demo-data"], env=env, check=True, capture_output=True)
        # the past days' figures, as the hourly job keeps them: the board adds those up and counts only today
        subprocess.run([str(BIN / "postal-service"), "roll-up-figures"], env=env, check=True, capture_output=True)
        figures = run(env, args.seconds, args.connections, serving)
    report(figures, args.seconds, args.connections, serving)


@dataclass(frozen=True)
class Serving:
    workers: int
    threads: int


def run(env: dict[str, str], seconds: int, connections: int, serving: Serving) -> list[Figure]:
    ours, hello, core = 5091, 5092, 5093
    base = f"http://127.0.0.1:{ours}"
    figures = []
    with served(gunicorn("benchmarks.baselines:hello", hello, serving), env, hello, "/"):
        figures.append(wrk("bare Flask hello-world", f"http://127.0.0.1:{hello}/", seconds, connections))
    serve = [str(BIN / "postal-service"), "serve", "--port", str(ours)]
    serve += ["--workers", str(serving.workers), "--threads", str(serving.threads)]
    with served(serve, env, ours, "/healthz"):
        token = post(f"{base}/api/v1/auth/login", {"username": "dispatcher1", "password": "demo-password"})["token"]
        staff = {"Authorization": f"Bearer {token}"}
        rows = json.load(
            urllib.request.urlopen(urllib.request.Request(f"{base}/api/v1/parcels?limit=1", headers=staff))
        )
        tracking, reference = rows[0]["tracking_number"], rows[0]["reference"]
        waiting = urllib.request.Request(f"{base}/api/v1/parcels?status=booked&limit=1", headers=staff)
        movable = json.load(urllib.request.urlopen(waiting))[0]["tracking_number"]  # reassignable again and again
        with served(gunicorn("benchmarks.baselines:core_read", core, serving), env, core, f"/parcel/{tracking}"):
            figures.append(
                wrk(
                    "Flask + SQLAlchemy Core parcel read",
                    f"http://127.0.0.1:{core}/parcel/{tracking}",
                    seconds,
                    connections,
                )
            )
        figures.append(
            wrk(
                "parcel read (GET /parcels/{t})",
                f"{base}/api/v1/parcels/{tracking}",
                seconds,
                connections,
                lua("GET", None, staff),
            )
        )
        figures.append(
            wrk(
                "tracking read (GET /requests/{ref})",
                f"{base}/api/v1/requests/{reference}",
                seconds,
                connections,
                lua("GET", None, staff),
            )
        )
        booking = booking_body()
        figures.append(
            wrk(
                "booking write (POST /requests)",
                f"{base}/api/v1/requests",
                seconds,
                connections,
                lua("POST", booking, {"Content-Type": "application/json"}),
            )
        )
        step: dict[str, object] = {**COURIER01}
        json_staff = {**staff, "Content-Type": "application/json"}
        parcels = couriers.assignable(base, json_staff, candidates(base, staff), COURIER01, limit=None)
        figures.append(
            wrk(
                f"custody step on {len(parcels)} parcels (POST /parcels/{{t}}/assignment)",
                base,
                seconds,
                connections,
                lua("POST", step, json_staff, paths=[f"/api/v1/parcels/{t}/assignment" for t in parcels]),
            )
        )
        figures.append(
            wrk(
                "custody step, 50 connections on one parcel (its row lock)",
                f"{base}/api/v1/parcels/{movable}/assignment",
                seconds,
                50,
                lua("POST", step, json_staff),
            )
        )
        figures.append(courier_crowd(base, staff, seconds))
        for name, person, page in (
            ("dispatcher's board (GET /dispatch)", "dispatcher1", "/dispatch"),
            ("courier's day (GET /courier)", "courier01", "/courier"),
        ):
            cookie = {"Cookie": signed_in_cookie(base, person)}
            shown = urllib.request.urlopen(urllib.request.Request(f"{base}{page}", headers=cookie))
            assert shown.url.endswith(page), f"{person} was not signed in: {shown.url}"  # not the login page
            figures.append(wrk(name, f"{base}{page}", seconds, connections, lua("GET", None, cookie)))
    return figures


def signed_in_cookie(base: str, username: str) -> str:
    """A staff member's page session, signed in through the login form as a browser is (its CSRF token included)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    fields = {"username": username, "password": "demo-password", "csrf_token": token}
    opener.open(urllib.request.Request(f"{base}/login", urllib.parse.urlencode(fields).encode(), method="POST"))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def candidates(base: str, staff: dict[str, str]) -> list[str]:
    listing = urllib.request.Request(f"{base}/api/v1/parcels?limit=200", headers=staff)
    return [row["tracking_number"] for row in json.load(urllib.request.urlopen(listing))]


def courier_crowd(base: str, staff: dict[str, str], seconds: int, pace: float = 1.0) -> Figure:
    """Fifty couriers, each on a parcel of their own, one step every `pace` seconds each (benchmarks/couriers.py)."""
    headers = {**staff, "Content-Type": "application/json"}
    parcels = couriers.assignable(base, headers, candidates(base, staff), COURIER01)
    crowd = couriers.crowd(base, headers, parcels, COURIER01, seconds, pace)
    name = f"custody event, {len(parcels)} couriers on their own parcels, 1 step/{pace:g} s each"
    return Figure(name, crowd.steps_per_second, crowd.p99_ms, crowd.failures)


def booking_body() -> dict[str, object]:
    return {
        "service": "receive",
        "procedure_code": "1.004475",
        "consent": True,
        "contact": {"name": "Nguyễn Văn Bench", "phone": "0912345678", "id_number": "001090123456"},
        "delivery_address": {"street": "1 Tràng Tiền", "province_code": 1, "commune_code": 70},
        "dossier_code": "000.00.15.G01-261120-0001",
    }


def report(figures: list[Figure], seconds: int, connections: int, serving: Serving) -> None:
    core = next(f for f in figures if "Core" in f.name).requests_per_second
    server = f"gunicorn {serving.workers} {worker_class(serving.threads)} workers, {serving.threads} threads each"
    print(f"wrk, {seconds} s per figure, {connections} connections (50 for the step), {server}")
    print(f"{'what':52} {'req/s':>9} {'of Core':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for f in figures:
        share = f.requests_per_second / core
        print(f"{f.name:52} {f.requests_per_second:9.0f} {share:8.0%} {f.p99_ms:8.1f} {f.errors:8d}")


if __name__ == "__main__":
    main()
