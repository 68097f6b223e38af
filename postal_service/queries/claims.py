"""Claims as the citizen and the office see them: the ticket, the envelope and the steps it is about, who answers
it, and how much of the legal time is left."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import chain_of
from postal_service.db.tables import Claim, CustodyEvent, Parcel, ServiceRequest, User
from postal_service.domain.access import Capability, may_act_for_office
from postal_service.domain.claims import ClaimStatus
from postal_service.domain.errors import Forbidden
from postal_service.domain.identifiers import claim_number
from postal_service.domain.timeslots import LOCAL_TZ

from .access import request_for
from .views import EventOut, event_out


class ClaimOut(BaseModel):
    id: int
    number: str
    reference: str
    tracking_number: str
    kind: str
    description: str
    status: str
    filed_by: str
    filed_at: datetime
    resolve_by: date  # the legal answer date: 5 working days within a province, 7 across
    working_days_left: int  # 0 on the day itself; negative once it has passed unanswered
    assignee: str | None
    verdict: str | None
    resolution: str
    compensation: int
    resolved_at: datetime | None
    events: list[EventOut]  # the envelope's custody steps up to the filing: what the claim is about


def number_of(claim: Claim) -> str:
    return claim_number(claim.id or 0, claim.filed_at.astimezone(LOCAL_TZ).year)


def _days_left(ctx: Context, claim: Claim) -> int:
    calendar = ctx.calendar
    if ctx.today <= claim.resolve_by:
        return calendar.working_days_between(ctx.today, claim.resolve_by)
    return -calendar.working_days_between(claim.resolve_by, ctx.today)


def claim_out(ctx: Context, claim: Claim, parcel: Parcel, request: ServiceRequest) -> ClaimOut:
    assignee = ctx.session.get(User, claim.assignee_id) if claim.assignee_id else None
    steps = ctx.session.exec(
        select(CustodyEvent)
        .where(chain_of(parcel), col(CustodyEvent.sequence) <= claim.event_sequence)
        .order_by(col(CustodyEvent.sequence))
    ).all()
    return ClaimOut(
        id=claim.id or 0,
        number=number_of(claim),
        reference=request.reference,
        tracking_number=parcel.tracking_number,
        kind=claim.kind,
        description=claim.description,
        status=claim.status,
        filed_by=claim.filed_by,
        filed_at=claim.filed_at,
        resolve_by=claim.resolve_by,
        working_days_left=_days_left(ctx, claim),
        assignee=assignee.username if assignee else None,
        verdict=claim.verdict,
        resolution=claim.resolution,
        compensation=claim.compensation,
        resolved_at=claim.resolved_at,
        events=[event_out(e) for e in steps],
    )


def _rows(ctx: Context, *conditions: object) -> list[ClaimOut]:
    rows = ctx.session.exec(
        select(Claim, Parcel, ServiceRequest)
        .join(Parcel, col(Parcel.id) == col(Claim.parcel_id))
        .join(ServiceRequest, col(ServiceRequest.id) == col(Claim.request_id))
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(col(Claim.resolve_by), col(Claim.id))
    ).all()
    return [claim_out(ctx, claim, parcel, request) for claim, parcel, request in rows]


def claims_of_request(ctx: Context, request: ServiceRequest) -> list[ClaimOut]:
    """The caller was checked to see the request."""
    return _rows(ctx, Claim.request_id == request.id)


def office_claims(ctx: Context, post_office_id: int, open_only: bool) -> list[ClaimOut]:
    """The office's claims, the nearest answer date first."""
    if not may_act_for_office(ctx.actor, Capability.HANDLE_CLAIMS, post_office_id):
        raise Forbidden("the claims of another post office are not yours to handle")
    conditions: list[object] = [Claim.post_office_id == post_office_id]
    if open_only:
        conditions.append(Claim.status != ClaimStatus.RESOLVED.value)
    return _rows(ctx, *conditions)


def claims_for_reference(ctx: Context, reference: str) -> list[ClaimOut]:
    """The claims on a request, for whoever may read the request."""
    request, _ = request_for(ctx, reference, "read_claims")
    return claims_of_request(ctx, request)
