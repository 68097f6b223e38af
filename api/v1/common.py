"""Shared pieces of the JSON API: path models, security declarations, JSON answers, Idempotency-Key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from flask import Flask, Response, g, jsonify, request
from flask_openapi3.types import ResponseDict
from pydantic import AfterValidator, BaseModel, Field

from postal_service.domain.errors import InvalidField
from postal_service.domain.identifiers import TrackingNumber
from postal_service.services import idempotency

from ..requests_context import context

BEARER: list[dict[str, list[Any]]] = [{"bearer": []}]
STAFF_OR_SYSTEM: list[dict[str, list[Any]]] = [{"bearer": []}, {"apiKey": []}]

Tracking = Annotated[
    str,
    Field(description="UPU S10 tracking number, e.g. RH000000015VN"),
    AfterValidator(lambda v: TrackingNumber.parse(v).value),
]


class TrackingPath(BaseModel):
    tracking: Tracking


class ReferencePath(BaseModel):
    reference: str = Field(min_length=4, max_length=16, description="request reference, e.g. D45-7KQ2M9")


class CodePath(BaseModel):
    code: str = Field(min_length=1, max_length=32)


class ErrorField(BaseModel):
    field: str
    message: str


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    fields: list[ErrorField]


class ErrorOut(BaseModel):
    error: ErrorDetail


ERRORS: ResponseDict = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def answer(payload: BaseModel | Sequence[BaseModel] | dict[str, Any], status: int = 200) -> Response:
    if isinstance(payload, BaseModel):
        body: Any = payload.model_dump(mode="json")
    elif isinstance(payload, Sequence):
        body = [item.model_dump(mode="json") for item in payload]
    else:
        body = payload
    response = jsonify(body)
    response.status_code = status
    return response


def _principal() -> str:
    return context().actor.principal


def install_idempotency(app: Flask) -> None:
    """Every POST of the API honours Idempotency-Key: replay the stored answer, or 409 when the body differs."""

    @app.before_request
    def _replay() -> Response | None:
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or not key or not request.path.startswith("/api/v1/"):
            return None
        if len(key) > 128:
            raise InvalidField.single("Idempotency-Key", "at most 128 characters")
        # The principal is fixed now: a view may change the actor (a booking makes its booker a citizen).
        g.idempotency = (_principal(), key, idempotency.fingerprint(request.method, request.path, request.get_data()))
        stored = idempotency.recall(context(), *g.idempotency)
        if stored is None:
            return None
        response = Response(stored.body, status=stored.status_code, mimetype="application/json")
        response.headers["Idempotent-Replayed"] = "true"
        return response

    @app.after_request
    def _store(response: Response) -> Response:
        pending: tuple[str, str, str] | None = g.pop("idempotency", None)
        if pending and 200 <= response.status_code < 300 and "Idempotent-Replayed" not in response.headers:
            stored = idempotency.StoredResponse(response.status_code, response.get_data(as_text=True))
            idempotency.remember(context(), *pending, stored)
        return response
