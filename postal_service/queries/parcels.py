"""Reading requests and parcels: the timeline, lists by role, a scanned label, the public status."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import select as entities
from sqlmodel import col, select

from postal_service import qr
from postal_service.context import Context
from postal_service.db.queries import (
    ParcelBundle,
    events_of,
    parcel_bundle,
)
from postal_service.db.tables import Agency, Parcel, PostOffice, Procedure, ServiceRequest
from postal_service.domain.errors import NotFound
from postal_service.domain.lifecycle import Leg
from postal_service.domain.timeslots import LOCAL_TZ

from .access import disclose_listing, require_parcel, require_request
from .stored_files import stored
from .views import ParcelOut, RequestOut, parcel_out, request_out
from .visibility import visible_to


class ScanOut(BaseModel):
    reference: str
    label: str  # the verified QR content, to attach as evidence to the next step
    parcel: ParcelOut


class ParcelRow(BaseModel):
    tracking_number: str
    reference: str
    leg: str
    status: str
    holder: str
    courier_id: int | None
    agency_code: str
    dossier_code: str | None


def _request_bundle(ctx: Context, reference: str) -> tuple[ParcelBundle, list[Parcel], PostOffice]:
    """The request with its procedure, agency, parcels and post office in one statement."""
    rows = ctx.session.execute(
        entities(Parcel, ServiceRequest, Procedure, Agency, PostOffice)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(Agency, col(Agency.id) == col(Procedure.agency_id))
        .join(PostOffice, col(PostOffice.id) == col(ServiceRequest.post_office_id))
        .where(col(ServiceRequest.reference) == reference.upper())
        .order_by(col(Parcel.id))
    ).all()
    if not rows:
        raise NotFound(f"no request {reference}")
    parcels = [row[0] for row in rows]
    return ParcelBundle(*rows[0][:4]), parcels, rows[0][4]


def get_request(ctx: Context, reference: str) -> RequestOut:
    bundle, parcels, office = _request_bundle(ctx, reference)
    require_request(ctx, bundle.request, bundle.procedure, parcels, "read")
    view = request_out(ctx, bundle, parcels, office)
    return view


def get_parcel(ctx: Context, tracking: str) -> ParcelOut:
    bundle = parcel_bundle(ctx.session, tracking)
    require_parcel(ctx, bundle.parcel, bundle.request, bundle.procedure, "read")
    view = parcel_out(ctx, bundle.parcel, bundle.request)
    return view


def dossier_pdf(ctx: Context, tracking: str) -> bytes:
    """The digitised dossier, for whoever may read the parcel: the agency's system before the envelope arrives."""
    bundle = parcel_bundle(ctx.session, tracking)
    require_parcel(ctx, bundle.parcel, bundle.request, bundle.procedure, "read")
    pdf = stored(ctx, bundle.parcel.dossier_pdf) if bundle.parcel.dossier_pdf else None
    if pdf is None:
        raise NotFound(f"{tracking} has no digitised dossier: no pages were photographed at intake")
    return pdf.data


def label_bundle(ctx: Context, tracking: str) -> ParcelBundle:
    """For printing the envelope label: the same access rule as reading the parcel."""
    bundle = parcel_bundle(ctx.session, tracking)
    require_parcel(ctx, bundle.parcel, bundle.request, bundle.procedure, "print_label")
    return bundle


def scan(ctx: Context, payload: str) -> ScanOut:
    """Verify a scanned label and answer with the parcel and what this actor may do next."""
    token = qr.verify(ctx.settings.qr_key_ring, payload)
    bundle = parcel_bundle(ctx.session, token.tracking_number)
    require_parcel(ctx, bundle.parcel, bundle.request, bundle.procedure, "scan")
    view = ScanOut(
        reference=bundle.request.reference, label=payload.strip(), parcel=parcel_out(ctx, bundle.parcel, bundle.request)
    )
    return view


def list_parcels(
    ctx: Context, status: str | None = None, leg: Leg | None = None, dossier_code: str | None = None, limit: int = 200
) -> list[ParcelRow]:
    """Only what the actor may see: an agency its parcels, a courier those on its route or in its hands."""
    query = (
        select(Parcel, ServiceRequest, Agency)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(Agency, col(Agency.id) == col(Procedure.agency_id))
    )
    query = query.where(visible_to(ctx.actor))
    if status:
        query = query.where(Parcel.status == status)
    if leg:
        query = query.where(Parcel.leg == leg.value)
    if dossier_code:
        query = query.where(ServiceRequest.dossier_code == dossier_code)
    rows = ctx.session.exec(query.order_by(col(Parcel.updated_at).desc()).limit(limit)).all()
    disclose_listing(ctx, list(rows), "list_parcels")
    return [
        ParcelRow(
            tracking_number=p.tracking_number,
            reference=r.reference,
            leg=p.leg,
            status=p.status,
            holder=p.holder,
            courier_id=p.courier_id,
            agency_code=a.code,
            dossier_code=r.dossier_code,
        )
        for p, r, a in rows
    ]


def describe(ctx: Context, parcel: Parcel) -> ParcelOut:
    """The parcel as it stands after a step the actor just took (access was checked by that step)."""
    request = ctx.session.get(ServiceRequest, parcel.request_id)
    assert request is not None
    return parcel_out(ctx, parcel, request)


class PublicStatus(BaseModel):
    """What anyone holding the envelope may learn: where it is, not whose it is."""

    tracking_number: str
    reference: str  # lets the page offer the sign-in; useless without the phone that booked
    leg: str
    status: str
    updated_at: str
    steps: list[tuple[str, str]]


def public_status(ctx: Context, tracking_number: str) -> PublicStatus:
    bundle = parcel_bundle(ctx.session, tracking_number)
    steps = [
        (e.occurred_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M"), e.to_status)
        for e in events_of(ctx.session, bundle.parcel)
    ]
    return PublicStatus(
        tracking_number=tracking_number,
        reference=bundle.request.reference,
        leg=bundle.parcel.leg,
        status=bundle.parcel.status,
        updated_at=bundle.parcel.updated_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M"),
        steps=steps,
    )
