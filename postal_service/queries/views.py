"""What callers see of requests and parcels: one shape for the API and the pages, masked by role."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from postal_service.context import Context
from postal_service.db.queries import ParcelBundle, events_of, receiver_of
from postal_service.db.tables import CustodyEvent, Parcel, PostOffice, ServiceRequest
from postal_service.domain.identifiers import mask_id_number
from postal_service.domain.lifecycle import NOTHING_DUE, Leg, next_actions
from postal_service.domain.money import amount_owed
from postal_service.domain.roles import Role
from postal_service.queries.geography import commune_label

from .dossier_history import NationalStatusOut, hours_at_points, hours_held, national_history
from .leg_deadlines import deadline_of
from .network import PathOut, paths_of
from .receipts import ReceiptOut, receipts_of


class EventOut(BaseModel):
    sequence: int
    action: str
    from_status: str
    to_status: str
    actor: str
    actor_role: str
    counterparty: str | None
    occurred_at: datetime
    latitude: float | None
    longitude: float | None
    evidence: dict[str, Any]
    hash: str


class ParcelOut(BaseModel):
    tracking_number: str
    leg: str
    status: str
    holder: str
    courier_id: int | None
    seal_number: str | None
    attempts: int
    hold_until: date | None
    started_on: date | None
    deadline: date | None
    overdue: bool
    next_actions: list[str]
    events: list[EventOut]
    dossier_pdf: str | None = None  # the digitised dossier, when the pages were photographed at intake
    path: PathOut | None = None  # the hops between offices, when the two ends of the leg are different offices


class AddressOut(BaseModel):
    street: str | None
    province_code: int | None
    commune_code: int | None
    label: str
    latitude: float | None
    longitude: float | None


class PersonOut(BaseModel):
    name: str
    phone: str
    id_number: str  # masked for couriers, as the contact's


class RequestOut(BaseModel):
    reference: str
    service: str
    intake: str | None
    procedure_code: str
    procedure_name: str
    agency_code: str
    agency_name: str
    pickup_address: AddressOut | None
    slot_start: datetime | None
    slot_end: datetime | None
    delivery_address: AddressOut | None
    post_office_code: str  # the office that handles the request: where a drop-off is brought
    post_office_name: str
    post_office_street: str
    contact_name: str
    contact_phone: str
    contact_id_number: str
    result_receiver: PersonOut | None  # whom the one-stop order sends the result to, when not the sender
    order_note: str | None  # the one-stop order's note for the courier and the clerk
    expected_documents: list[str]  # the one-stop order's list of the dossier's documents; empty: the procedure's
    quote: dict[str, Any]
    dossier_code: str | None
    appointment_date: date | None
    missing_documents: list[str]  # what the agency asked for in a supplement still to come
    paused_since: date | None  # the agency's clock waits for the supplement since then
    paid: int  # everything paid on the request, less refunds, in đồng
    owed: int  # still to pay, at the price after any refund
    receipts: list[ReceiptOut]  # one per payment
    national_status: int | None
    national_history: list[NationalStatusOut]
    hours_held: dict[str, float]  # {"agency": …, "post": …, "citizen": …}: whose time it has been
    hours_at_points: dict[str, float]  # the post's hours by office, hub and trunk run ("run C1-DN-HN")
    created_at: datetime
    parcels: list[ParcelOut]


def event_out(event: CustodyEvent) -> EventOut:
    return EventOut.model_validate(event, from_attributes=True)


def parcel_out(ctx: Context, parcel: Parcel, request: ServiceRequest) -> ParcelOut:
    return parcels_out(ctx, [parcel], request)[0]


def parcels_out(ctx: Context, parcels: list[Parcel], request: ServiceRequest) -> list[ParcelOut]:
    """A request's envelopes, their events and paths read in one statement each, not one per envelope."""
    ids = [p.id or 0 for p in parcels]
    events: dict[int, list[CustodyEvent]] = {parcel_id: [] for parcel_id in ids}
    for e in events_of(ctx.session, *parcels):
        events[e.parcel_id].append(e)
    paths = paths_of(ctx, ids)
    return [_parcel_out(ctx, p, request, events[p.id or 0], paths.get(p.id or 0)) for p in parcels]


def _parcel_out(
    ctx: Context, parcel: Parcel, request: ServiceRequest, events: list[CustodyEvent], path: PathOut | None
) -> ParcelOut:
    deadline = deadline_of(ctx, parcel, request)
    return ParcelOut(
        tracking_number=parcel.tracking_number,
        leg=parcel.leg,
        status=parcel.status,
        holder=parcel.holder,
        courier_id=parcel.courier_id,
        seal_number=parcel.seal_number,
        attempts=parcel.attempts,
        hold_until=parcel.hold_until,
        started_on=parcel.started_on,
        deadline=deadline,
        overdue=bool(deadline and parcel.status not in NOTHING_DUE and ctx.today > deadline),
        next_actions=[a.value for a in next_actions(Leg(parcel.leg), parcel.status, ctx.actor.role)],
        events=[event_out(e) for e in events],
        dossier_pdf=f"/api/v1/parcels/{parcel.tracking_number}/dossier.pdf" if parcel.dossier_pdf else None,
        path=path,
    )


def _address(
    street: str | None, province: int | None, commune: int | None, lat: float | None, lon: float | None
) -> AddressOut | None:
    if street is None:
        return None
    return AddressOut(
        street=street,
        province_code=province,
        commune_code=commune,
        label=commune_label(commune),
        latitude=lat,
        longitude=lon,
    )


def _result_receiver(ctx: Context, r: ServiceRequest) -> PersonOut | None:
    if not r.result_contact_name:
        return None
    receiver = receiver_of(r, Leg.RESULT.value)
    id_number = mask_id_number(receiver.id_number) if ctx.actor.role is Role.COURIER else receiver.id_number
    return PersonOut(name=receiver.name, phone=receiver.phone, id_number=id_number)


def request_out(
    ctx: Context, bundle: ParcelBundle, parcels: list[Parcel], office: PostOffice | None = None
) -> RequestOut:
    """`office`: the request's, when the caller read it with the request."""
    r = bundle.request
    outs = parcels_out(ctx, parcels, r)
    id_number = mask_id_number(r.contact_id_number) if ctx.actor.role is Role.COURIER else r.contact_id_number
    receipts = receipts_of(ctx, r.id)
    office = office or ctx.session.get(PostOffice, r.post_office_id)
    assert office is not None  # a request's office is never deleted
    return RequestOut(
        reference=r.reference,
        service=r.service,
        intake=r.intake,
        procedure_code=bundle.procedure.code,
        procedure_name=bundle.procedure.name,
        agency_code=bundle.agency.code,
        agency_name=bundle.agency.name,
        pickup_address=_address(
            r.pickup_street, r.pickup_province_code, r.pickup_commune_code, r.pickup_latitude, r.pickup_longitude
        ),
        slot_start=r.slot_start,
        slot_end=r.slot_end,
        delivery_address=_address(
            r.delivery_street,
            r.delivery_province_code,
            r.delivery_commune_code,
            r.delivery_latitude,
            r.delivery_longitude,
        ),
        post_office_code=office.code,
        post_office_name=office.name,
        post_office_street=office.street,
        contact_name=r.contact_name,
        contact_phone=r.contact_phone,
        contact_id_number=id_number,
        result_receiver=_result_receiver(ctx, r),
        order_note=r.order_note,
        expected_documents=r.expected_documents,
        quote=r.quote,
        dossier_code=r.dossier_code,
        appointment_date=r.appointment_date,
        missing_documents=r.missing_documents,
        paused_since=r.paused_since,
        paid=(paid := sum(receipt.amount for receipt in receipts)),  # every payment has its receipt
        owed=amount_owed(r.postal_charge, r.procedure_fee, paid).total,
        receipts=receipts,
        national_status=r.national_status,
        national_history=national_history(ctx, r.id),
        hours_held=hours_held(ctx, [(e.occurred_at, e.to_status) for p in outs for e in p.events]),
        hours_at_points=hours_at_points(
            ctx,
            [
                (
                    p.path.origin if p.path else office.code,
                    [(e.occurred_at, e.action, e.to_status, e.evidence) for e in p.events],
                )
                for p in outs
            ],
        ),
        created_at=r.created_at,
        parcels=outs,
    )
