"""Every error leaves in one body shape: {"error": {"status", "code", "message", "fields": [...]}}.

Domain errors map to HTTP here and nowhere else: 400 forged label, 401, 403 not yours, 404, 409 impossible
transition or lost race, 422 with every bad field named, 503 when something the service hands out ran out.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError
from pydantic import ValidationError
from sqlalchemy.exc import InterfaceError as DatabaseInterfaceError
from sqlalchemy.exc import OperationalError as DatabaseOperationalError
from werkzeug.exceptions import HTTPException

from postal_service.domain.errors import (
    Conflict,
    DomainError,
    Exhausted,
    Forbidden,
    ForgedToken,
    InvalidField,
    InvalidTransition,
    NotFound,
    StoreFull,
    Unauthenticated,
)
from postal_service.services.schemas import lgsp

from .messages import N_, describe, in_english, translated

log = logging.getLogger(__name__)

STATUS: dict[type[DomainError], tuple[int, str]] = {
    InvalidField: (422, "invalid_input"),
    InvalidTransition: (409, "invalid_transition"),
    Conflict: (409, "conflict"),
    NotFound: (404, "not_found"),
    Forbidden: (403, "forbidden"),
    Unauthenticated: (401, "unauthenticated"),
    ForgedToken: (400, "forged_label"),
    Exhausted: (503, "exhausted"),
    StoreFull: (507, "storage_full"),
}


LGSP_PATH = "/api/v1/lgsp/"
LGSP_STATUS = {422: lgsp.INVALID, 403: lgsp.NOT_YOURS, 409: lgsp.NO_SLOT, 404: lgsp.NOT_FOUND}
LGSP_STATUS |= {401: lgsp.NO_CREDENTIALS, 429: lgsp.TOO_MANY}


def error_body(status: int, code: str, message: str, fields: list[dict[str, str]] | None = None) -> Response:
    body: dict[str, Any] = {"error": {"status": status, "code": code, "message": message, "fields": fields or []}}
    if request.path.startswith(LGSP_PATH):  # what a one-stop system reads, beside the one error shape
        errors = [{"Field": f["field"], "Message": f["message"]} for f in fields or []]
        body |= {"Status": LGSP_STATUS.get(status, lgsp.OTHER), "Message": message, "Errors": errors}
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="postal-service"'
    return response


def _field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "body"


def _message(error: Any) -> str:
    """pydantic's own sentence for English callers (what API clients have always read); described otherwise."""
    return str(error["msg"]).removeprefix("Value error, ") if in_english() else describe(error)


def validation_error_response(error: ValidationError) -> Response:
    fields = [{"field": _field_name(e["loc"]), "message": _message(e)} for e in error.errors()]
    names = ", ".join(f["field"] for f in fields)
    return error_body(422, "invalid_input", _("check these fields: %(names)s", names=names), fields)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_page(status: int, message: str) -> Response:
    """A page in the reader's language: the message when it can be said in it, else the status's explanation."""
    response = make_response(render_template("error.html", status=status, message=translated(message)))
    response.status_code = status
    return response


RETRY_AFTER_S = 5  # a part that did not answer (a restart, a failover) is usually back within seconds


def unavailable(message: str, page_message: str) -> Response:
    """503 with Retry-After: nothing was done, and the same request may be sent again. `page_message` is the
    catalogue's English (marked N_), said in the reader's language on the page."""
    response = error_body(503, "unavailable", message) if wants_json() else error_page(503, page_message)
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def domain_error_response(error: DomainError) -> Response:
    status, code = next((v for k, v in STATUS.items() if isinstance(error, k)), (400, "bad_request"))
    if not wants_json():
        return error_page(status, str(error))
    said = {k: translated(v) or v for k, v in error.errors.items()} if isinstance(error, InvalidField) else {}
    fields = [{"field": k, "message": v} for k, v in said.items()]
    message = "; ".join(f"{k}: {v}" for k, v in said.items()) if said else translated(str(error)) or str(error)
    return error_body(status, code, message, fields)


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, domain_error_response)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response | HTTPException:
        if error.response is not None:  # flask-openapi3 aborts with a finished 422 response
            return error
        description = error.description or ""
        if error.code == 429:  # Flask-Limiter describes the limit; people need to know what to do
            description = "too many attempts; wait a little and try again"
        if wants_json():
            response = error_body(error.code or 500, (error.name or "error").lower().replace(" ", "_"), description)
            for name, value in error.get_headers():  # Allow on 405, Retry-After on 429
                if name.lower() in ("allow", "retry-after"):
                    response.headers[name] = value
            return response
        if error.code == 429:
            description = _("Too many attempts; wait a little and try again.")
        return error_page(error.code or 500, description)

    @app.errorhandler(KombuOperationalError)
    def _broker_down(error: KombuOperationalError) -> Response:
        """The task broker cannot be reached: the request rolled back, so it can simply be tried again."""
        log.error("task broker unreachable on %s %s: %s", request.method, request.path, error)
        return unavailable(
            "background work cannot be queued just now; nothing was saved, try again in a minute",
            N_("Background work cannot be queued just now; nothing was saved. Try again soon."),
        )

    @app.errorhandler(DatabaseOperationalError)
    @app.errorhandler(DatabaseInterfaceError)
    def _database_down(error: DatabaseOperationalError | DatabaseInterfaceError) -> Response:
        """The database did not answer (restarting, failing over, a connection cut): the unit of work rolled back
        or never began, so the request can be sent again as it was, with its Idempotency-Key if it had one (a
        commit whose answer was lost is then answered from its stored answer, not done twice). The pool checks
        each connection before use, so the service recovers by itself once the database answers."""
        log.error("database unreachable on %s %s: %s", request.method, request.path, type(error.orig).__name__)
        return unavailable(
            "the database is not answering just now; nothing was saved, try again in a few seconds",
            N_("The service cannot reach its records just now; nothing was saved. Try again in a few seconds."),
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        if not wants_json():
            return error_page(500, "something went wrong on our side; nothing was saved")
        return error_body(500, "internal_error", "something went wrong on our side; nothing was saved")
