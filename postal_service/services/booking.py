"""Quote, book, reschedule and cancel a request for one of the three Decision 45 services."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import col, func, select

from postal_service.db.queries import by_code, parcels_of, procedure_and_agency, request_by_reference
from postal_service.db.repository import load_request
from postal_service.db.tables import Agency, Parcel, PostOffice, Procedure, SerialCounter, ServiceRequest
from postal_service.domain.errors import InvalidField, InvalidTransition, NotFound
from postal_service.domain.identifiers import TrackingNumber
from postal_service.domain.lifecycle import HOLDER_AFTER, INITIAL_STATUS, DossierStatus, Leg
from postal_service.domain.money import Quote, Zone, make_quote, zone_between
from postal_service.domain.timeslots import LOCAL_TZ, Slot, is_offered, slots_on

from .access import require_request
from .context import Context
from .custody import Where, append_event, notify
from .custody_steps import record
from .schemas import Address, BookingCreate, Intake, Reschedule, Service

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read out on the phone


@dataclass(frozen=True)
class Plan:
    """Everything a booking resolves to before anything is written."""

    procedure: Procedure
    agency: Agency
    post_office: PostOffice
    slot: Slot | None
    delivery: Address | None
    quote: Quote


def serving_post_office(ctx: Context, commune_code: int) -> PostOffice | None:
    for office in ctx.session.exec(select(PostOffice).order_by(col(PostOffice.code))):
        if commune_code in office.communes_served:
            return office
    return None


def slot_length(ctx: Context) -> timedelta:
    return timedelta(minutes=ctx.settings.slot_minutes)


def booked_in_slot(ctx: Context, office: PostOffice, slot: Slot) -> int:
    query = (
        select(func.count())
        .select_from(ServiceRequest)
        .join(Parcel, col(Parcel.request_id) == col(ServiceRequest.id))
        .where(
            ServiceRequest.post_office_id == office.id,
            ServiceRequest.slot_start == slot.start,
            Parcel.leg == Leg.DOSSIER.value,
            Parcel.status != DossierStatus.CANCELLED.value,
        )
    )
    return ctx.session.exec(query).one()


def offered_slots(ctx: Context, office: PostOffice, day: date) -> list[tuple[Slot, int]]:
    """Slots of that day that start late enough to be reached, with the places left in each."""
    if day in ctx.settings.calendar.holidays:
        return []
    earliest = ctx.now + timedelta(minutes=ctx.settings.slot_lead_minutes)
    result = []
    for slot in slots_on(office.opening_hours, day, slot_length(ctx)):
        if slot.start >= earliest:
            result.append((slot, office.slot_capacity - booked_in_slot(ctx, office, slot)))
    return result


def _check_slot(ctx: Context, office: PostOffice, start: datetime, errors: dict[str, str]) -> Slot | None:
    slot = Slot(start, start + slot_length(ctx))
    day = start.astimezone(LOCAL_TZ).date()
    if start < ctx.now + timedelta(minutes=ctx.settings.slot_lead_minutes):
        errors["slot_start"] = "choose a slot in the future, at least an hour from now"
    elif day > ctx.today + timedelta(days=ctx.settings.booking_horizon_days):
        errors["slot_start"] = f"slots can be booked at most {ctx.settings.booking_horizon_days} days ahead"
    elif day in ctx.settings.calendar.holidays or not is_offered(office.opening_hours, slot, slot_length(ctx)):
        errors["slot_start"] = "this is not one of the slots offered by the post office (opening hours)"
    elif booked_in_slot(ctx, office, slot) >= office.slot_capacity:
        errors["slot_start"] = "this slot is full; choose another"
    else:
        return slot
    return None


def _resolve_office(ctx: Context, data: BookingCreate, errors: dict[str, str]) -> PostOffice | None:
    if data.intake is Intake.DROP_OFF:
        if data.drop_off_post_office_code is None:
            errors["drop_off_post_office_code"] = "choose the post office where you will drop off the dossier"
            return None
        try:
            return by_code(ctx.session, PostOffice, data.drop_off_post_office_code)
        except NotFound:
            errors["drop_off_post_office_code"] = "no such post office"
            return None
    address, field = (
        (data.pickup_address, "pickup_address")
        if data.intake is Intake.PICKUP
        else (data.delivery_address, "delivery_address")
    )
    if address is None:
        return None
    office = serving_post_office(ctx, address.commune_code)
    if office is None:
        errors[f"{field}.commune_code"] = "no post office offers this service in this commune yet"
    return office


def plan_booking(ctx: Context, data: BookingCreate) -> Plan:
    """Check every rule that needs the database, collecting all errors so the citizen fixes them at once."""
    errors: dict[str, str] = {}
    procedure = ctx.session.exec(select(Procedure).where(Procedure.code == data.procedure_code)).first()
    if procedure is None:
        errors["procedure_code"] = "no such procedure"
    elif not procedure.postal_eligible:
        errors["procedure_code"] = "this procedure requires you to come in person; it cannot go by post"
    if not data.consent:
        errors["consent"] = "we need your consent to handle your personal data for this service"
    sends = Leg.DOSSIER in data.service.legs
    receives = Leg.RESULT in data.service.legs
    if sends and data.intake is None:
        errors["intake"] = "choose pickup at your address or drop-off at a post office"
    if not sends and data.intake is not None:
        errors["intake"] = "the receive-only service has no dossier to pick up"
    if data.intake is Intake.PICKUP:
        if data.pickup_address is None:
            errors["pickup_address"] = "give the address where the courier picks up the dossier"
        if data.slot_start is None:
            errors["slot_start"] = "choose a pickup time slot"
    delivery = data.delivery_address or (data.pickup_address if receives else None)
    if receives and delivery is None:
        errors["delivery_address"] = "give the address where the result is delivered"
    if data.service is Service.RECEIVE and data.dossier_code is None:
        errors["dossier_code"] = "give the dossier code the agency gave you"
    office = _resolve_office(ctx, data.model_copy(update={"delivery_address": delivery}), errors)
    slot = None
    if office is not None and data.intake is Intake.PICKUP and data.slot_start is not None:
        slot = _check_slot(ctx, office, data.slot_start, errors)
    if procedure is not None and data.dossier_code is not None:
        agency_code = procedure_and_agency(ctx.session, procedure.id or 0)[1].code
        if not data.dossier_code.startswith(agency_code + "-"):
            errors["dossier_code"] = f"a dossier code of this agency starts with {agency_code}"
    if errors or procedure is None or office is None:
        raise InvalidField(errors or {"intake": "choose how the dossier reaches the post"})
    agency = procedure_and_agency(ctx.session, procedure.id or 0)[1]
    return Plan(procedure, agency, office, slot, delivery, _quote(ctx, data, procedure, agency, office, delivery))


def _quote(
    ctx: Context,
    data: BookingCreate,
    procedure: Procedure,
    agency: Agency,
    office: PostOffice,
    delivery: Address | None,
) -> Quote:
    legs: list[tuple[str, Zone]] = []
    if Leg.DOSSIER in data.service.legs:
        origin = data.pickup_address if data.intake is Intake.PICKUP else None
        province, commune = (
            (origin.province_code, origin.commune_code) if origin else (office.province_code, office.commune_code)
        )
        legs.append((Leg.DOSSIER.value, zone_between(province, commune, agency.province_code, agency.commune_code)))
    if delivery is not None:
        zone = zone_between(agency.province_code, agency.commune_code, delivery.province_code, delivery.commune_code)
        legs.append((Leg.RESULT.value, zone))
    fee = procedure.procedure_fee if Leg.DOSSIER in data.service.legs else 0
    return make_quote(ctx.settings.tariff, legs, fee, data.exemption)


def quote_to_json(quote: Quote) -> dict[str, object]:
    return {
        "legs": [
            {"leg": p.leg, "zone": p.zone.value, "list_price": p.list_price, "charge": p.charge} for p in quote.legs
        ],
        "postal_charge": quote.postal_charge,
        "procedure_fee": quote.procedure_fee,
        "exemption": quote.exemption.value,
        "total": quote.total,
        "currency": "VND",
    }


def issue_tracking_number(ctx: Context, prefix: str) -> str:
    """Take the next serial under a row lock; serials only go up, so no number is ever reused."""
    counter = ctx.session.exec(select(SerialCounter).where(SerialCounter.prefix == prefix).with_for_update()).first()
    if counter is None:
        counter = SerialCounter(prefix=prefix, next_serial=1)
    serial = counter.next_serial
    counter.next_serial = serial + 1
    ctx.session.add(counter)
    return TrackingNumber.issue(prefix, serial).value


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


def book(ctx: Context, data: BookingCreate) -> ServiceRequest:
    plan = plan_booking(ctx, data)
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
        exemption=data.exemption.value,
        postal_charge=plan.quote.postal_charge,
        procedure_fee=plan.quote.procedure_fee,
        quote=quote_to_json(plan.quote),
        dossier_code=data.dossier_code,
        national_status=1 if data.dossier_code else None,
        consent_at=ctx.now,
        created_at=ctx.now,
    )
    ctx.session.add(request)
    ctx.session.flush()
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
        append_event(ctx, parcel, "book", status, {"reference": request.reference, "service": data.service.value})
        numbers.append(parcel.tracking_number)
    notify(
        ctx,
        request,
        f"Da dat dich vu buu chinh cong ich {request.reference}, so hieu {', '.join(numbers)}, "
        f"cuoc {plan.quote.total:,} dong.".replace(",", "."),
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
    """Move the pickup to another offered slot while the dossier is still with the citizen."""
    request = request_by_reference(ctx.session, reference)
    parcels = parcels_of(ctx.session, request.id)
    procedure, _ = procedure_and_agency(ctx.session, request.procedure_id)
    require_request(ctx, request, procedure, parcels, "reschedule")
    dossier = next((p for p in parcels if p.leg == Leg.DOSSIER.value), None)
    if dossier is None or request.intake != Intake.PICKUP.value:
        raise InvalidField.single("slot_start", "this request has no pickup to reschedule")
    if dossier.status not in (DossierStatus.BOOKED, DossierStatus.INTAKE_INCOMPLETE):
        raise InvalidTransition(f"the dossier is already {dossier.status}; the pickup can no longer move")
    office = ctx.session.get(PostOffice, request.post_office_id)
    assert office is not None
    errors: dict[str, str] = {}
    slot = _check_slot(ctx, office, data.slot_start, errors)
    if slot is None:
        raise InvalidField(errors)
    request.slot_start, request.slot_end = slot.start, slot.end
    ctx.session.add(request)
    notify(ctx, request, f"Lich lay ho so {request.reference} doi sang {slot.local_label()}.")
    ctx.session.flush()
    return request
