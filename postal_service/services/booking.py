"""Book, reschedule and cancel a request for one of the three Decision 45 services."""

from __future__ import annotations

from dataclasses import replace

from postal_service.context import Context
from postal_service.db.queries import procedure_and_agency, request_by_reference
from postal_service.db.repository import aggregate_of, load_request
from postal_service.db.tables import PostOffice, ServiceRequest
from postal_service.domain.access import Capability, require
from postal_service.domain.aggregate import Request
from postal_service.domain.booking import Booking
from postal_service.domain.errors import InvalidField
from postal_service.queries.access import request_for, require_request

from . import evidence
from .booking_store import BookingStore, OrderTerms, SqlBookingStore
from .custody import Where
from .custody_steps import record
from .quoting import check_slot
from .schemas import BookingCreate, Reschedule


def book(
    ctx: Context,
    data: BookingCreate,
    witnessed: dict[str, str] | None = None,
    store: BookingStore | None = None,
    terms: OrderTerms | None = None,
) -> ServiceRequest:
    """Book for the citizen: the store resolves the catalogue, the quote and the slot, the aggregate decides the
    new request and its first events, the store keeps them. `witnessed` is what staff booking at the counter
    record with it (who, and the citizen's consent signature), kept in the booking's custody events; `terms`
    what a one-stop order adds."""
    store, terms = store or SqlBookingStore(ctx), terms or OrderTerms()
    plan = store.plan(data)
    if terms.procedure_fee is not None:  # the one-stop system states this dossier's fee: the courier collects it
        plan = replace(plan, quote=replace(plan.quote, procedure_fee=terms.procedure_fee))
    quote = plan.quote
    booking = Booking(
        reference=store.new_reference(),
        service=data.service.value,
        envelopes={leg: store.tracking_number(leg) for leg in data.service.legs},
        post_office_id=plan.post_office.id or 0,
        agency_code=plan.agency.code,
        documents=terms.documents or tuple(d["name"] for d in plan.procedure.documents),
        postal_charge=quote.postal_charge,
        procedure_fee=quote.procedure_fee,
        leg_charges={part.leg: part.charge for part in quote.legs},
        exemption=data.exemption,
        contact_id_number=data.contact.id_number,
        dossier_code=data.dossier_code,
        pickup=plan.slot,
        witnessed=witnessed or {},
        result_receiver_id_number=terms.result_receiver.id_number if terms.result_receiver else None,
    )
    request, outcome = Request.book(booking)
    return store.add(data, plan, request, outcome, terms)


def cancel(ctx: Context, reference: str, reason: str | None) -> ServiceRequest:
    """Cancel before pickup: every leg that can still be cancelled is; a dossier already on its way stops it."""
    loaded = load_request(ctx.session, request_by_reference(ctx.session, reference).id or 0)
    require_request(ctx, loaded.request, loaded.procedure, list(loaded.parcels.values()), "cancel")
    record(ctx, loaded, loaded.aggregate.cancel(ctx.moment, reason), {}, Where(), tracking="")
    return loaded.request


def reschedule(ctx: Context, reference: str, data: Reschedule) -> ServiceRequest:
    """Move the pickup to another offered slot while the envelope (the dossier, or a supplement) is still with the
    citizen."""
    request, parcels = request_for(ctx, reference, "reschedule")
    procedure, agency = procedure_and_agency(ctx.session, request.procedure_id)
    aggregate_of(ctx.session, request, parcels, [], procedure, agency).check_reschedulable()  # 422 / 409, unlocked
    office = ctx.session.get(PostOffice, request.post_office_id)
    assert office is not None
    errors: dict[str, str] = {}
    slot = check_slot(ctx, office, data.slot_start, errors, reserve=True)  # the office first, then the request
    if slot is None:
        raise InvalidField(errors)
    loaded = load_request(ctx.session, request.id or 0)
    record(ctx, loaded, loaded.aggregate.reschedule(ctx.moment, slot), {}, Where(), tracking="")
    return loaded.request


def book_at_counter(ctx: Context, data: BookingCreate, signature: bytes | None) -> ServiceRequest:
    """Post office staff book for a citizen standing at the counter: the same booking, messages and tracking,
    with the citizen's consent signed on the staff's screen (an image kept as evidence) and who booked."""
    require(ctx.actor, Capability.BOOK_FOR_CITIZENS)
    if signature is None:
        raise InvalidField.single("consent", "the citizen signs on the screen to consent")
    witnessed = {"assisted_by": ctx.actor.principal, "consent_signature": evidence.store(ctx, signature)}
    return book(ctx, data, witnessed)
