"""The S10 ranges: per prefix, what is used and left, and when the range runs out at the current rate."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import RootModel

from postal_service.queries.serial_ranges import RangeOut, serial_ranges

from ..requests_context import context
from .common import BEARER, ERRORS, answer

bp = APIBlueprint("serials", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="catalogue")], abp_responses=ERRORS)


class RangeList(RootModel[list[RangeOut]]):
    pass


@bp.get("/serial-ranges", responses={200: RangeList}, security=BEARER)
def ranges() -> Response:
    """Administrator: each prefix's serials used and left, the rate of the last 30 days and the day the range
    runs out at it; `warning` from 80% used (configure a new prefix: it starts a range of its own)."""
    return answer(serial_ranges(context()))
