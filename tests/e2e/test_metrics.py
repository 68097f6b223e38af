"""/metrics: behind its token, every family an operator watches, counted where the work happens, read fresh from the
database and the broker; and a real Prometheus that scrapes it sees the outbox alert fire when messages stop leaving.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import select
from werkzeug.serving import make_server

from postal_service import scheduler
from postal_service.context import Actor
from postal_service.db.tables import PlanRun, WebhookDelivery
from postal_service.domain.messages import DeliveryFailed
from postal_service.services import plan_requests, webhooks
from postal_service.services.unit_of_work import unit_of_work

from ..factories import AGENCY_CODE
from .servers import free_port, until

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "monitoring" / "alerts.yml"
TOKEN = "a-metrics-token-of-thirty-two-bytes!"
WATCHED = {  # what item 1 of issue 27 asks to see, by family
    "postal_http_request_duration_seconds",
    "postal_outbox_waiting",
    "postal_outbox_oldest_age_seconds",
    "postal_webhook_attempts",
    "postal_plans",
    "postal_plan_duration_seconds",
    "postal_plan_unassigned_stops",
    "postal_queue_depth",
    "postal_scheduler_next_run_timestamp_seconds",
    "postal_s10_numbers_left",
    "postal_s10_numbers_left_ratio",
    "postal_db_pool_connections_in_use",
    "postal_database_up",
    "postal_broker_up",
}


def _scrape(app) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """Each family's samples, by their labels."""
    response = app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    found: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        samples = found.setdefault(family.name, {})
        for sample in family.samples:
            samples[(("sample", sample.name), *sorted(sample.labels.items()))] = sample.value
    return found


def _value(found, family: str, sample: str | None = None, **labels: str) -> float:
    key = (("sample", sample or family), *sorted(labels.items()))
    return found.get(family, {}).get(key, 0.0)


@pytest.fixture
def watched(app):
    """The app with its metrics on, and a scheduler's job store as a started scheduler leaves it."""
    postal = app.extensions["postal"]
    postal.settings.metrics_token = TOKEN
    clock = scheduler.build(postal.settings, blocking=False, engine=postal.engine)
    clock.start(paused=True)
    clock.shutdown(wait=False)
    return app


def test_metrics_answer_only_with_their_token_and_are_off_without_one(app):
    client = app.test_client()
    assert client.get("/metrics").status_code == 404  # no METRICS_TOKEN set: off
    app.extensions["postal"].settings.metrics_token = TOKEN
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer guess"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_every_family_is_served_and_counts_what_happened(watched, api):
    before = _scrape(watched)
    booked = api.book("send")
    api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="admin"))
    hook = {"url": "https://motcua.example.vn/hooks", "events": ["*"]}
    api.ok(api.post(f"/agencies/{AGENCY_CODE}/webhooks", hook, as_="clerk"), 201)
    api.dossier_to_agency_desk(api.book("send"))
    run_id = api.ok(api.post("/post-offices/100000/plans", {}, as_="dispatcher"), 202)["id"]
    postal = watched.extensions["postal"]
    with unit_of_work(postal.engine, postal.settings, Actor.system(), api.now) as ctx:
        plan_requests.carry_out(ctx, run_id)  # what the planner worker runs
    with unit_of_work(postal.engine, postal.settings, Actor.system(), api.now) as ctx:
        delivery = ctx.session.exec(select(WebhookDelivery)).first()

        def refused(*_: object) -> int:
            raise DeliveryFailed("connection refused")

        webhooks.deliver(ctx, delivery.id, refused)  # what the messenger worker runs, the agency's receiver down

    after = _scrape(watched)
    assert set(after) >= WATCHED, sorted(WATCHED - set(after))
    route = {"route": "/api/v1/requests/<reference>", "method": "GET", "status": "200"}
    count = "postal_http_request_duration_seconds_count"
    assert _value(after, "postal_http_request_duration_seconds", count, **route) == (
        _value(before, "postal_http_request_duration_seconds", count, **route) + 1
    )
    assert _value(after, "postal_outbox_waiting", channel="sms") >= 2  # no messenger runs in this test
    assert _value(after, "postal_outbox_waiting", channel="webhook") >= 1
    attempts = {"agency": AGENCY_CODE, "outcome": "failed"}
    total = "postal_webhook_attempts_total"
    assert _value(after, "postal_webhook_attempts", total, **attempts) == (
        _value(before, "postal_webhook_attempts", total, **attempts) + 1
    )
    with unit_of_work(postal.engine, postal.settings, Actor.system(), api.now) as ctx:
        run = ctx.session.get(PlanRun, run_id)
    plans = {"trigger": "dispatcher", "outcome": "done"}
    assert run.status == "done"
    assert _value(after, "postal_plans", "postal_plans_total", **plans) == (
        _value(before, "postal_plans", "postal_plans_total", **plans) + 1
    )
    assert _value(after, "postal_s10_numbers_left", prefix="RH") == 99_999_999 - 2  # two dossiers booked
    assert _value(after, "postal_database_up") == 1 and _value(after, "postal_broker_up") == 1
    assert _value(after, "postal_queue_depth", kind="plans") == 1  # its task still waits: no worker runs here
    assert _value(after, "postal_queue_depth", kind="messages") >= 1


def test_every_metric_an_alert_reads_is_served(watched):
    served = set(_scrape(watched))
    read = set()
    for rule in _rules():
        read |= {re.sub(r"_(total|count|sum|bucket)$", "", name) for name in re.findall(r"postal_\w+", rule["expr"])}
    assert read and read <= served, sorted(read - served)


def _rules() -> list[dict]:
    return [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]


def _alert(name: str) -> dict:
    return next(rule for rule in _rules() if rule["alert"] == name)


@pytest.fixture
def served(watched) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, watched, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def prometheus(served, tmp_path) -> Iterator[str]:
    """Debian's Prometheus scraping the app every second, with the shipped rules evaluated every second."""
    if shutil.which("prometheus") is None:
        pytest.fail("Prometheus is not installed: `make test` installs Debian's prometheus package")
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(RULES)],
        "scrape_configs": [
            {
                "job_name": "postal",
                "authorization": {"credentials": TOKEN},
                "static_configs": [{"targets": [served]}],
            }
        ],
    }
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    process = subprocess.Popen(
        [
            "prometheus",
            f"--config.file={tmp_path / 'prometheus.yml'}",
            f"--storage.tsdb.path={tmp_path / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _query(prometheus: str, expression: str) -> list[dict] | None:
    """The instant query's result, or None while Prometheus is not answering yet."""
    try:
        answer = httpx.get(f"{prometheus}/api/v1/query", params={"query": expression}, timeout=5)
    except httpx.TransportError:
        return None
    return answer.json()["data"]["result"] if answer.status_code == 200 else None


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_prometheus_fires_the_outbox_alert_when_messages_stop_leaving(prometheus, api):
    """No messenger worker runs: the booking's message waits. Until it has been due ten minutes the alert's
    expression is false in Prometheus; the service's clock moved on eleven minutes, it is true and the alert fires."""
    api.book("send")
    stalled = _alert("PostalOutboxStalled")["expr"]
    assert until(lambda: bool(_query(prometheus, 'postal_outbox_waiting{channel="sms"} >= 1')), pause=0.25)
    assert _query(prometheus, stalled) == []
    api.later(minutes=11)
    assert until(lambda: bool(_query(prometheus, stalled)), pause=0.25)
    assert _query(prometheus, stalled)[0]["metric"]["channel"] == "sms"
    firing = 'ALERTS{alertname="PostalOutboxStalled", alertstate="firing"}'
    assert until(lambda: bool(_query(prometheus, firing)), pause=0.25)
