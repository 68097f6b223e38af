"""Shared pieces of the JSON API: path models, security declarations, JSON answers, Idempotency-Key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from flask import Response, jsonify
from flask_openapi3.types import ResponseDict
from pydantic import AfterValidator, BaseModel, Field

from postal_service.domain.errors import NotFound
from postal_service.domain.identifiers import TRACKING_FORMAT, TrackingNumber, WrongCheckDigit
from postal_service.services.schemas.fields import Clean

BEARER: list[dict[str, list[Any]]] = [{"bearer": []}]
STAFF_OR_SYSTEM: list[dict[str, list[Any]]] = [{"bearer": []}, {"apiKey": []}]


def _tracking(text: str) -> str:
    """A well-formed number with a wrong check digit names no parcel: 404, as for any parcel we do not have."""
    try:
        return TrackingNumber.parse(text).value
    except WrongCheckDigit as error:
        raise NotFound(f"no parcel {text.strip().upper()}: {error}") from error


Tracking = Annotated[
    str,
    Field(description="UPU S10 tracking number, e.g. RH000000015VN", json_schema_extra={"pattern": TRACKING_FORMAT}),
    AfterValidator(_tracking),
]


class TrackingPath(Clean):
    tracking: Tracking


class ReferencePath(Clean):
    reference: str = Field(min_length=4, max_length=16, description="request reference, e.g. D45-7KQ2M9")


class CodePath(Clean):
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


# Every answer of 400 or more has one body; the document says so for each operation (422 and 429 included).
ERRORS: ResponseDict = {status: ErrorOut for status in (400, 401, 403, 404, 409, 413, 422, 429, 503)}


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
