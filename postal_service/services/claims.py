"""Claims: filed by the citizen (or staff for them) within six months, handed to someone to answer, answered
within the legal time with compensation from the tariff; the citizen is told at each step, the office warned
before the answer date passes."""

from __future__ import annotations

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import chain_of
from postal_service.db.repository import lock_row
from postal_service.db.tables import Claim, CustodyEvent, Parcel, ServiceRequest
from postal_service.domain import claims as rules
from postal_service.domain.access import Capability, may_act_for_office
from postal_service.domain.claims import ClaimKind, ClaimStatus, Verdict
from postal_service.domain.errors import Forbidden, InvalidField, NotFound
from postal_service.domain.money import Zone
from postal_service.domain.notices import Dong, Notice, Topic
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.queries.access import request_for
from postal_service.queries.claims import ClaimOut, claim_out, number_of
from postal_service.queries.leg_deadlines import zone_of

from .deadlines import dispatchers_of
from .notices import notify, notify_staff
from .people import staff_named
from .schemas import ClaimAssignment, ClaimCreate, ClaimResolution


def new_claim(ctx: Context, request: ServiceRequest, parcel: Parcel, kind: ClaimKind, description: str) -> Claim:
    """A claim on the envelope's last step, with its legal answer date fixed now; filed within six months."""
    last = ctx.session.exec(
        select(CustodyEvent).where(chain_of(parcel)).order_by(col(CustodyEvent.sequence).desc())
    ).first()
    assert last is not None  # every envelope starts with its booking event
    rules.check_filing(last.occurred_at.astimezone(LOCAL_TZ).date(), ctx.today)
    zone = zone_of(parcel, request) or Zone.OTHER_PROVINCE  # unknown distance: the longer legal time
    claim = Claim(
        request_id=request.id or 0,
        parcel_id=parcel.id or 0,
        post_office_id=request.post_office_id,
        kind=kind.value,
        description=description,
        event_sequence=last.sequence,
        filed_by=ctx.actor.principal,
        filed_at=ctx.now,
        resolve_by=rules.resolve_by(ctx.calendar, ctx.today, zone),
    )
    ctx.session.add(claim)
    ctx.session.flush()
    return claim


def file_claim(ctx: Context, reference: str, data: ClaimCreate) -> ClaimOut:
    request, parcels = request_for(ctx, reference, "file_claim")
    tracking = data.tracking_number.replace(" ", "").upper()
    parcel = next((p for p in parcels if p.tracking_number == tracking), None)
    if parcel is None:
        raise InvalidField.single("tracking_number", f"{tracking} is not an envelope of {request.reference}")
    claim = new_claim(ctx, request, parcel, ClaimKind(data.kind), data.description)
    notify(ctx, request, Notice(Topic.CLAIM_FILED, {"number": number_of(claim), "until": claim.resolve_by}))
    return claim_out(ctx, claim, parcel, request)


def _locked_claim(ctx: Context, claim_id: int, capability: Capability) -> tuple[Claim, Parcel, ServiceRequest]:
    """Two people acting on one claim at once queue here: the second sees what the first did."""
    lock_row(ctx.session, Claim, claim_id)
    claim = ctx.session.get(Claim, claim_id, populate_existing=True)
    if claim is None:
        raise NotFound(f"no claim {claim_id}")
    if not may_act_for_office(ctx.actor, capability, claim.post_office_id):
        raise Forbidden("the claims of another post office are not yours to handle")
    parcel = ctx.session.get(Parcel, claim.parcel_id)
    request = ctx.session.get(ServiceRequest, claim.request_id)
    assert parcel is not None and request is not None
    return claim, parcel, request


def assign_claim(ctx: Context, claim_id: int, data: ClaimAssignment) -> ClaimOut:
    claim, parcel, request = _locked_claim(ctx, claim_id, Capability.HANDLE_CLAIMS)
    claim.status = rules.move(ClaimStatus(claim.status), "assign").value
    claim.assignee_id = staff_named(ctx, data.assignee_username, "assignee_username", claim.post_office_id).id
    notify(ctx, request, Notice(Topic.CLAIM_ASSIGNED, {"number": number_of(claim), "until": claim.resolve_by}))
    return claim_out(ctx, claim, parcel, request)


def resolve_claim(ctx: Context, claim_id: int, data: ClaimResolution) -> ClaimOut:
    claim, parcel, request = _locked_claim(ctx, claim_id, Capability.RESOLVE_CLAIMS)
    claim.status = rules.move(ClaimStatus(claim.status), "resolve").value
    rules.check_resolver(ctx.actor.principal, claim.filed_by)
    verdict = Verdict(data.verdict)
    upheld = verdict is Verdict.UPHELD
    claim.compensation = ctx.settings.compensation.amount(ClaimKind(claim.kind), request.postal_charge) if upheld else 0
    claim.verdict, claim.resolution = verdict.value, data.resolution
    claim.resolved_by, claim.resolved_at = ctx.actor.principal, ctx.now
    topic = Topic.CLAIM_UPHELD if upheld else Topic.CLAIM_NOT_UPHELD
    notify(ctx, request, Notice(topic, {"number": number_of(claim), "total": Dong(claim.compensation)}))
    return claim_out(ctx, claim, parcel, request)


def warn_due_claims(ctx: Context) -> list[str]:
    """Text the office's dispatchers about each unanswered claim whose answer date is near; once per claim."""
    horizon = ctx.calendar.add_working_days(ctx.today, rules.WARN_WORKING_DAYS_LEFT)
    rows = ctx.session.exec(
        select(Claim, ServiceRequest)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Claim.request_id))
        .where(
            col(Claim.status).in_(rules.UNANSWERED),
            col(Claim.warned_at).is_(None),
            col(Claim.resolve_by) <= horizon,
        )
    ).all()
    warned = []
    for claim, request in rows:
        claim.warned_at = ctx.now
        notice = Notice(Topic.CLAIM_DUE, {"number": number_of(claim), "until": claim.resolve_by})
        notify_staff(ctx, request, notice, dispatchers_of(ctx, claim.post_office_id))
        warned.append(number_of(claim))
    return warned
