"""Erase each kind of a closed request's personal data when its retention period is over (`domain.retention`),
once per kind; the job runs daily and a second run finds nothing left to do.

The job reads only the requests due a look today, never the held past: a request is first looked at once it is
as old as the shortest period the law allows, and each look sets the day of the next (`retention_check_on`: the
day its next kind falls due, or tomorrow while it is still moving or a claim holds it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, false, func, or_, update
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

BATCH = 1000  # requests looked at together: a handful of statements for each batch, not several for each request


def apply_retention(ctx: Context) -> list[str]:
    """What was erased, as reference:kind. The requests due a look are taken a batch at a time, and each batch's
    envelopes, open claims and last steps are read in one statement each, as is each kind's erasure: a large
    province has a few thousand requests due a day."""
    erased: list[str] = []
    oldest = ctx.now - timedelta(days=MIN_RETENTION_DAYS)
    never_looked_at = col(ServiceRequest.retention_check_on).is_(None) & (col(ServiceRequest.created_at) < oldest)
    due_a_look = col(ServiceRequest.retention_check_on) <= ctx.today
    still_held = select(ServiceRequest).where(
        col(ServiceRequest.retention_done) == false(), or_(never_looked_at, due_a_look)
    )
    requests = sorted(ctx.session.exec(still_held).all(), key=lambda r: r.id or 0)
    for first in range(0, len(requests), BATCH):
        erased += _look_at(ctx, requests[first : first + BATCH])
    return erased


def _look_at(ctx: Context, requests: list[ServiceRequest]) -> list[str]:
    """Each request's kinds whose period is over are erased, and its next look set."""
    ids = [r.id for r in requests]
    parcels: dict[int | None, list[Parcel]] = {r.id: [] for r in requests}
    for parcel in ctx.session.exec(select(Parcel).where(col(Parcel.request_id).in_(ids)).order_by(col(Parcel.id))):
        parcels[parcel.request_id].append(parcel)
    claimed = set(
        ctx.session.exec(
            select(Claim.request_id).where(col(Claim.request_id).in_(ids), col(Claim.status).in_(UNANSWERED))
        ).all()
    )
    last_steps = _last_steps(ctx, [p for found in parcels.values() for p in found])
    due_now: dict[PersonalData, list[ServiceRequest]] = {kind: [] for kind in PersonalData}
    erased = []
    for request in requests:
        held = parcels[request.id]
        if not all(is_closed(Leg(p.leg), p.status) for p in held) or request.id in claimed:
            request.retention_check_on = ctx.today + timedelta(days=1)
            continue
        steps = [last_steps[p.id] for p in held if p.id in last_steps]
        closed_on = max(steps).astimezone(LOCAL_TZ).date() if steps else request.created_at.date()
        for kind in PersonalData:
            if kind.value not in request.erased and due(kind, closed_on, ctx.today, ctx.settings.retention):
                due_now[kind].append(request)
                request.erased = [*request.erased, kind.value]
                erased.append(f"{request.reference}:{kind.value}")
        kept = [kind for kind in PersonalData if kind.value not in request.erased]
        request.retention_done = not kept
        keep_days = ctx.settings.retention
        request.retention_check_on = min((closed_on + timedelta(days=keep_days[k]) for k in kept), default=None)
    for kind, chosen in due_now.items():
        if chosen:
            ERASERS[kind](ctx, chosen, [p for r in chosen for p in parcels[r.id]])
    return erased


def _last_steps(ctx: Context, parcels: list[Parcel]) -> dict[int, datetime]:
    """Each envelope's last custody step, in one statement (each chain read in its own month's partition)."""
    if not parcels:
        return {}
    query = (
        select(CustodyEvent.parcel_id, func.max(CustodyEvent.occurred_at))
        .where(chain_of(*parcels))
        .group_by(col(CustodyEvent.parcel_id))
    )
    return {parcel_id: at for parcel_id, at in ctx.session.exec(query).all()}


def _evidence(ctx: Context, requests: list[ServiceRequest], parcels: list[Parcel]) -> None:
    """The files go (their rows now, their bytes once that committed); the custody events keep their references
    (a hash names what was, and proves nothing was changed). A file an envelope outside these also refers to
    stays (`evidence_use`, looked up by digest)."""
    ids = [p.id for p in parcels]
    digests = set(ctx.session.exec(select(EvidenceUse.digest).where(col(EvidenceUse.parcel_id).in_(ids))).all())
    for digest in sorted(digests):
        elsewhere = (  # one is enough: a photo copied onto many envelopes has as many uses
            select(EvidenceUse.id).where(EvidenceUse.digest == digest, col(EvidenceUse.parcel_id).not_in(ids)).limit(1)
        )
        if ctx.session.exec(elsewhere).first() is None:
            ctx.session.execute(delete(Evidence).where(col(Evidence.digest) == digest))
            ctx.remove_file_after_commit(digest)
    ctx.session.execute(delete(EvidenceUse).where(col(EvidenceUse.parcel_id).in_(ids)))
    for parcel in parcels:
        parcel.dossier_pdf = None


def _id_number(ctx: Context, requests: list[ServiceRequest], parcels: list[Parcel]) -> None:
    for request in requests:
        request.contact_id_number = ERASED_ID_NUMBER
        if request.result_contact_id_number:
            request.result_contact_id_number = ERASED_ID_NUMBER


def _phone(ctx: Context, requests: list[ServiceRequest], parcels: list[Parcel]) -> None:
    ids = [r.id for r in requests]
    for request in requests:
        request.contact_phone, request.contact_email = ERASED_PHONE, None
        if request.result_contact_phone:
            request.result_contact_phone = ERASED_PHONE
    ctx.session.execute(update(Notification).where(col(Notification.request_id).in_(ids)).values(recipient="", body=""))
    ctx.session.execute(delete(CitizenCode).where(col(CitizenCode.request_id).in_(ids)))


def _address(ctx: Context, requests: list[ServiceRequest], parcels: list[Parcel]) -> None:
    for request in requests:
        request.pickup_street = request.delivery_street = None
        request.pickup_latitude = request.pickup_longitude = None
        request.delivery_latitude = request.delivery_longitude = None


ERASERS: dict[PersonalData, Callable[[Context, list[ServiceRequest], list[Parcel]], None]] = {
    PersonalData.EVIDENCE: _evidence,
    PersonalData.ID_NUMBER: _id_number,
    PersonalData.PHONE: _phone,
    PersonalData.ADDRESS: _address,
}
