"""Health probes and one JSON log line per request, with a request id and no personal data."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Blueprint, Flask, Response, g, jsonify, request

from postal_service.domain.identifiers import mask_id_number
from postal_service.domain.roles import ANONYMOUS
from postal_service.queries.health import readiness

from .requests_context import context

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
    """The database answers and its schema is current; 503 otherwise."""
    found = readiness(context())
    response = jsonify({"ready": found.ready, "database": found.database, "schema": found.schema})
    response.status_code = 200 if found.ready else 503
    return response


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
