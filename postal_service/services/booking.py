"""Book, reschedule and cancel a request for one of the three Decision 45 services."""

from __future__ import annotations

import secrets
from typing import Any

from sqlmodel import select

from postal_service.context import Context
from postal_service.db.queries import request_by_reference
from postal_service.db.repository import load_request
from postal_service.db.serials import next_serial
from postal_service.db.tables import Parcel, PostOffice, ServiceRequest
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import InvalidField, InvalidTransition
from postal_service.domain.holders import HOLDER_AFTER
from postal_service.domain.identifiers import TrackingNumber
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, INITIAL_STATUS, WITH_THE_CITIZEN, Leg
from postal_service.domain.national_status import starting_status
from postal_service.domain.notices import Dong, Notice, Topic
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.queries.access import request_for, require_request

from . import evidence, national_history
from .custody import Where, append_event
from .custody_steps import record
from .notices import notify
from .quoting import check_slot, plan_booking, quote_to_json
from .schemas import Address, BookingCreate, Intake, Reschedule

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read out on the phone


def issue_tracking_number(ctx: Context, prefix: str) -> str:
    """Serials only go up, so no number is ever reused (db/serials.py: without a lock on PostgreSQL)."""
    return TrackingNumber.issue(prefix, next_serial(ctx.session, prefix)).value


def new_reference(ctx: Context) -> str:
    while True:
        reference = "D45-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if ctx.session.exec(select(ServiceRequest.id).where(ServiceRequest.reference == reference)).first() is None:
            return reference


def _address_columns(prefix: str, address: Address | None) -> dict[str, Any]:
    if address is None:
        return {}
    fields = ("street", "province_code", "commune_code", "latitude", "longitude")
    return {f"{prefix}_{name}": getattr(address, name) for name in fields}


def book(ctx: Context, data: BookingCreate, witnessed: dict[str, str] | None = None) -> ServiceRequest:
    """Book for the citizen; `witnessed` is what staff booking at the counter record with it (who, and the
    citizen's consent signature), kept in the booking's custody event."""
    plan = plan_booking(ctx, data, reserve=True)
    pickup, delivery = data.pickup_address if data.intake is Intake.PICKUP else None, plan.delivery
    request = ServiceRequest(
        reference=new_reference(ctx),
        service=data.service.value,
        procedure_id=plan.procedure.id or 0,
        post_office_id=plan.post_office.id or 0,
        intake=data.intake.value if data.intake else None,
        slot_start=plan.slot.start if plan.slot else None,
        slot_end=plan.slot.end if plan.slot else None,
        **_address_columns("pickup", pickup),
        **_address_columns("delivery", delivery),
        contact_name=data.contact.name,
        contact_phone=data.contact.phone,
        contact_id_number=data.contact.id_number,
        contact_email=data.contact.email,
        language=data.language.value,
        exemption=data.exemption.value,
        postal_charge=plan.quote.postal_charge,
        procedure_fee=plan.quote.procedure_fee,
        quote=quote_to_json(plan.quote),
        dossier_code=data.dossier_code,
        national_status=starting_status(data.service.value, data.dossier_code is not None),
        consent_at=ctx.now,
        created_at=ctx.now,
    )
    ctx.session.add(request)
    ctx.session.flush()
    if request.national_status is not None:
        national_history.record(ctx, request.id or 0, request.national_status)
    numbers = []
    for leg in data.service.legs:
        prefix = ctx.settings.s10_prefix_dossier if leg is Leg.DOSSIER else ctx.settings.s10_prefix_result
        status = INITIAL_STATUS[leg]
        parcel = Parcel(
            tracking_number=issue_tracking_number(ctx, prefix),
            request_id=request.id or 0,
            leg=leg.value,
            status="",
            holder=HOLDER_AFTER[status].value,
            updated_at=ctx.now,
        )
        ctx.session.add(parcel)
        ctx.session.flush()
        evidence = {"reference": request.reference, "service": data.service.value, **(witnessed or {})}
        append_event(ctx, parcel, "book", status, evidence)
        numbers.append(parcel.tracking_number)
    notify(
        ctx,
        request,
        Notice(Topic.BOOKED, {"numbers": ", ".join(numbers), "total": Dong(plan.quote.total)}),
    )
    ctx.session.flush()
    return request


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
    waiting = [p for p in parcels if Leg(p.leg) in FROM_THE_CITIZEN]
    if not waiting or request.intake != Intake.PICKUP.value:
        raise InvalidField.single("slot_start", "this request has no pickup to reschedule")
    envelope = max(waiting, key=lambda p: p.id or 0)
    if envelope.status not in WITH_THE_CITIZEN:
        raise InvalidTransition(f"the dossier is already {envelope.status}; the pickup can no longer move")
    office = ctx.session.get(PostOffice, request.post_office_id)
    assert office is not None
    errors: dict[str, str] = {}
    slot = check_slot(ctx, office, data.slot_start, errors, reserve=True)
    if slot is None:
        raise InvalidField(errors)
    request.slot_start, request.slot_end = slot.start, slot.end
    ctx.session.add(request)
    start, end = slot.start.astimezone(LOCAL_TZ), slot.end.astimezone(LOCAL_TZ)
    notify(ctx, request, Notice(Topic.RESCHEDULED, {"start": start, "end": end}))
    ctx.session.flush()
    return request


def book_at_counter(ctx: Context, data: BookingCreate, signature: bytes | None) -> ServiceRequest:
    """Post office staff book for a citizen standing at the counter: the same booking, messages and tracking,
    with the citizen's consent signed on the staff's screen (an image kept as evidence) and who booked."""
    require(ctx.actor, Capability.BOOK_FOR_CITIZENS)
    if signature is None:
        raise InvalidField.single("consent", "the citizen signs on the screen to consent")
    witnessed = {"assisted_by": ctx.actor.principal, "consent_signature": evidence.store(ctx, signature)}
    return book(ctx, data, witnessed)
