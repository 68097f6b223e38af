"""Erase each kind of a closed request's personal data when its retention period is over (`domain.retention`),
once per kind; the job runs daily and a second run finds nothing left to do.

The job reads only the requests due a look today, never the held past: a request is first looked at once it is
as old as the shortest period the law allows, and each look sets the day of the next (`retention_check_on`: the
day its next kind falls due, or tomorrow while it is still moving or a claim holds it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, false, func, or_
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import chain_of
from postal_service.db.tables import (
    CitizenCode,
    Claim,
    CustodyEvent,
    Evidence,
    EvidenceUse,
    Notification,
    Parcel,
    ServiceRequest,
)
from postal_service.domain.claims import UNANSWERED
from postal_service.domain.lifecycle import Leg, is_closed
from postal_service.domain.retention import (
    ERASED_ID_NUMBER,
    ERASED_PHONE,
    MIN_RETENTION_DAYS,
    PersonalData,
    due,
)
from postal_service.domain.timeslots import LOCAL_TZ


def apply_retention(ctx: Context) -> list[str]:
    """What was erased, as reference:kind."""
    erased = []
    oldest = ctx.now - timedelta(days=MIN_RETENTION_DAYS)
    never_looked_at = col(ServiceRequest.retention_check_on).is_(None) & (col(ServiceRequest.created_at) < oldest)
    due_a_look = col(ServiceRequest.retention_check_on) <= ctx.today
    still_held = select(ServiceRequest).where(
        col(ServiceRequest.retention_done) == false(), or_(never_looked_at, due_a_look)
    )
    for request in ctx.session.exec(still_held).all():
        left = [kind for kind in PersonalData if kind.value not in request.erased]
        parcels = list(ctx.session.exec(select(Parcel).where(Parcel.request_id == request.id)))
        if not all(is_closed(Leg(p.leg), p.status) for p in parcels) or _claim_open(ctx, request):
            request.retention_check_on = ctx.today + timedelta(days=1)
            continue
        last_step = ctx.session.exec(select(func.max(CustodyEvent.occurred_at)).where(chain_of(*parcels))).one()
        closed_on = last_step.astimezone(LOCAL_TZ).date() if last_step else request.created_at.date()
        for kind in left:
            if due(kind, closed_on, ctx.today, ctx.settings.retention):
                ERASERS[kind](ctx, request, parcels)
                request.erased = [*request.erased, kind.value]
                erased.append(f"{request.reference}:{kind.value}")
        kept = [kind for kind in PersonalData if kind.value not in request.erased]
        request.retention_done = not kept
        keep_days = ctx.settings.retention
        request.retention_check_on = min((closed_on + timedelta(days=keep_days[k]) for k in kept), default=None)
    return erased


def _claim_open(ctx: Context, request: ServiceRequest) -> bool:
    query = select(Claim.id).where(Claim.request_id == request.id, col(Claim.status).in_(UNANSWERED))
    return ctx.session.exec(query).first() is not None


def _evidence(ctx: Context, request: ServiceRequest, parcels: list[Parcel]) -> None:
    """The files go (their rows now, their bytes once that committed); the custody events keep their references
    (a hash names what was, and proves nothing was changed). A file another request also refers to stays
    (`evidence_use`, looked up by digest)."""
    ids = [p.id for p in parcels]
    uses = list(ctx.session.exec(select(EvidenceUse).where(col(EvidenceUse.parcel_id).in_(ids))))
    for digest in {use.digest for use in uses}:
        elsewhere = (  # one is enough: a photo copied onto many envelopes has as many uses
            select(EvidenceUse.id).where(EvidenceUse.digest == digest, col(EvidenceUse.parcel_id).not_in(ids)).limit(1)
        )
        if ctx.session.exec(elsewhere).first() is None:
            ctx.session.execute(delete(Evidence).where(col(Evidence.digest) == digest))
            ctx.remove_file_after_commit(digest)
    for use in uses:
        ctx.session.delete(use)
    for parcel in parcels:
        parcel.dossier_pdf = None


def _id_number(ctx: Context, request: ServiceRequest, parcels: list[Parcel]) -> None:
    request.contact_id_number = ERASED_ID_NUMBER
    if request.result_contact_id_number:
        request.result_contact_id_number = ERASED_ID_NUMBER


def _phone(ctx: Context, request: ServiceRequest, parcels: list[Parcel]) -> None:
    request.contact_phone, request.contact_email = ERASED_PHONE, None
    if request.result_contact_phone:
        request.result_contact_phone = ERASED_PHONE
    for message in ctx.session.exec(select(Notification).where(Notification.request_id == request.id)).all():
        message.recipient, message.body = "", ""
    ctx.session.execute(delete(CitizenCode).where(col(CitizenCode.request_id) == request.id))


def _address(ctx: Context, request: ServiceRequest, parcels: list[Parcel]) -> None:
    request.pickup_street = request.delivery_street = None
    request.pickup_latitude = request.pickup_longitude = None
    request.delivery_latitude = request.delivery_longitude = None


ERASERS: dict[PersonalData, Callable[[Context, ServiceRequest, list[Parcel]], None]] = {
    PersonalData.EVIDENCE: _evidence,
    PersonalData.ID_NUMBER: _id_number,
    PersonalData.PHONE: _phone,
    PersonalData.ADDRESS: _address,
}
