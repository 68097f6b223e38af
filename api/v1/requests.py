"""Citizens' requests: quote, book, read, reschedule, cancel, supplement; agencies report the national status."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel

from postal_service.queries import parcels
from postal_service.queries.catalogue_views import QuoteOut
from postal_service.queries.views import RequestOut
from postal_service.services import assignment, booking, quoting, supplements
from postal_service.services.auth import actor_for_citizen
from postal_service.services.schemas import (
    BookingCreate,
    Cancellation,
    NationalStatusUpdate,
    Reschedule,
    SupplementBooking,
)

from ..requests_context import context, issue_token
from .common import BEARER, ERRORS, STAFF_OR_SYSTEM, ReferencePath, answer

bp = APIBlueprint("requests", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="requests")], abp_responses=ERRORS)


class BookingOut(BaseModel):
    request: RequestOut
    citizen_token: str


@bp.post("/quotes", responses={200: QuoteOut})
def quote(body: BookingCreate) -> Response:
    """A firm quote for exactly this booking, before anything is booked."""
    plan = quoting.plan_booking(context(), body)
    return answer(QuoteOut(**quoting.quote_to_json(plan.quote), post_office_code=plan.post_office.code))


@bp.post("/requests", responses={201: BookingOut})
def book(body: BookingCreate) -> Response:
    """Book one of the three services. Send an Idempotency-Key so a retry cannot book twice."""
    ctx = context()
    request = booking.book(ctx, body)
    ctx.actor = actor_for_citizen(request)
    view = parcels.get_request(ctx, request.reference)
    return answer(BookingOut(request=view, citizen_token=issue_token({"citizen": request.reference})), 201)


@bp.get("/requests/<reference>", responses={200: RequestOut}, security=STAFF_OR_SYSTEM)
def read(path: ReferencePath) -> Response:
    """The whole request with every custody event of every leg: the citizen's timeline."""
    return answer(parcels.get_request(context(), path.reference))


@bp.post("/requests/<reference>/cancel", responses={200: RequestOut}, security=BEARER)
def cancel(path: ReferencePath, body: Cancellation) -> Response:
    ctx = context()
    booking.cancel(ctx, path.reference, body.reason)
    return answer(parcels.get_request(ctx, path.reference))


@bp.post("/requests/<reference>/reschedule", responses={200: RequestOut}, security=BEARER)
def reschedule(path: ReferencePath, body: Reschedule) -> Response:
    ctx = context()
    booking.reschedule(ctx, path.reference, body)
    return answer(parcels.get_request(ctx, path.reference))


@bp.post("/requests/<reference>/supplement", responses={201: RequestOut}, security=BEARER)
def supplement(path: ReferencePath, body: SupplementBooking) -> Response:
    """Book the supplement the agency asked for: only the missing documents, collected in a slot at the request's
    address or dropped off at the post office, into the same dossier; nothing more to pay."""
    ctx = context()
    supplements.book_supplement(ctx, path.reference, body)
    return answer(parcels.get_request(ctx, path.reference), 201)


@bp.post("/requests/<reference>/national-status", responses={200: RequestOut}, security=STAFF_OR_SYSTEM)
def national_status(path: ReferencePath, body: NationalStatusUpdate) -> Response:
    """The agency's one-stop system reports the dossier's national status code (1-10)."""
    return answer(assignment.set_national_status(context(), path.reference, body))
