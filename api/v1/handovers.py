"""Several envelopes handed over at once (an agency desk, a door): one custody step for each, in one transaction."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel

from postal_service.queries import parcels
from postal_service.queries.views import ParcelOut
from postal_service.services import handover_batches
from postal_service.services.schemas.handovers import HandoverBatch

from ..requests_context import context
from .common import BEARER, ERRORS, answer

bp = APIBlueprint(
    "handovers", __name__, url_prefix="/api/v1/handovers", abp_tags=[Tag(name="parcels")], abp_responses=ERRORS
)


class HandedOver(BaseModel):
    envelopes: list[ParcelOut]


@bp.post("", responses={200: HandedOver}, security=BEARER)
def hand_over(body: HandoverBatch) -> Response:
    """The same custody step for each envelope (each scanned, or ticked with the reason): each is checked as its own
    step would be, and all are recorded in one transaction or none is (409 naming the envelope another step moved
    meanwhile; 422 naming `envelopes.<n>.<field>` or `fields.<field>`). One signature or photo given in `fields` is
    the proof of every envelope of the batch."""
    ctx = context()
    taken = handover_batches.hand_over(ctx, body)
    return answer(HandedOver(envelopes=[parcels.describe(ctx, parcel) for parcel in taken]))
