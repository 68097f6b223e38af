"""Health probes and one JSON log line per request, with a request id and no personal data."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from celery import Celery
from flask import Blueprint, Flask, Response, g, jsonify, request

from postal_service.domain.identifiers import mask_id_number
from postal_service.domain.roles import ANONYMOUS
from postal_service.queries.health import readiness, scheduler_state

from .requests_context import context, services

log = logging.getLogger("postal_service.requests")
bp = Blueprint("health", __name__)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
LONG_NUMBER = re.compile(r"(?<!\d)(\+?84|0)?\d{8,11}(?!\d)")  # phones and ID numbers


def mask(text: str) -> str:
    """Phones and ID numbers keep their last four digits; tracking numbers and references are not personal."""
    return LONG_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)


@bp.get("/healthz")
def healthz() -> Response:
    """The process is up (no database call: a load balancer may ask often)."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    """Ready (200) when the database answers with the current schema and the broker takes connections; 503
    otherwise. The scheduler's state is told too, but does not take this server out of a load balancer: there is
    one scheduler for the whole deployment, and every web server still serves without it (alerts watch it)."""
    ctx = context()
    found, broker = readiness(ctx), broker_state(services().tasks)
    ready = found.ready and broker == "reachable"
    body = {"ready": ready, "database": found.database, "schema": found.schema, "broker": broker}
    response = jsonify(body | {"scheduler": scheduler_state(ctx)})
    response.status_code = 200 if ready else 503
    return response


BROKER_PROBE_S = 2.0


def broker_state(tasks: Celery) -> str:
    """Whether the broker takes a connection now (once, within BROKER_PROBE_S)."""
    try:
        with tasks.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=BROKER_PROBE_S)
    except Exception as error:  # any failure to reach the broker means "not ready", never a 500
        return f"unreachable: {type(error).__name__}"
    return "reachable"


def _role() -> str | None:
    if not (g.get("actor_known") and g.get("ctx")):
        return None
    actor = g.ctx.actor
    return "anonymous" if actor is ANONYMOUS else str(actor.role.value)


def register(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.before_request
    def _start() -> None:
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _log(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "")
        if request.endpoint != "static":
            line = {
                "request_id": g.get("request_id"),
                "method": request.method,
                "path": mask(request.full_path.rstrip("?")),
                "status": response.status_code,
                "ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
                "role": _role(),
            }
            log.info(json.dumps(line, ensure_ascii=False))
        return response
