"""A firm quote before booking: every rule that needs the database, checked at once, and the price."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel import select

from postal_service.context import Context
from postal_service.db.queries import by_code, procedure_and_agency
from postal_service.db.repository import lock_post_office
from postal_service.db.tables import Agency, PostOffice, Procedure
from postal_service.domain.errors import InvalidField, NotFound
from postal_service.domain.lifecycle import Leg
from postal_service.domain.money import Quote, Zone, make_quote, zone_between
from postal_service.domain.tariffs import PriceTable
from postal_service.domain.timeslots import LOCAL_TZ, Slot, is_offered
from postal_service.queries import tariffs
from postal_service.queries.slots import booked_in_slot, serving_post_office, slot_length

from .schemas import Address, BookingCreate, Intake, Service

CONSENT_NEEDED = "we need your consent to handle your personal data for this service"


@dataclass(frozen=True)
class Plan:
    """Everything a booking resolves to before anything is written."""

    procedure: Procedure
    agency: Agency
    post_office: PostOffice
    slot: Slot | None
    delivery: Address | None
    quote: Quote


def check_slot(
    ctx: Context, office: PostOffice, start: datetime, errors: dict[str, str], *, reserve: bool = False
) -> Slot | None:
    """An offered slot with a place left; `reserve` (booking, rescheduling) counts under the office lock."""
    if reserve:
        lock_post_office(ctx.session, office.id)
    slot = Slot(start, start + slot_length(ctx))
    day = start.astimezone(LOCAL_TZ).date()
    if start < ctx.now + timedelta(minutes=ctx.settings.slot_lead_minutes):
        errors["slot_start"] = "choose a slot in the future, at least an hour from now"
    elif day > ctx.today + timedelta(days=ctx.settings.booking_horizon_days):
        errors["slot_start"] = f"slots can be booked at most {ctx.settings.booking_horizon_days} days ahead"
    elif ctx.calendar.is_holiday(day) or not is_offered(office.opening_hours, slot, slot_length(ctx)):
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


def plan_booking(ctx: Context, data: BookingCreate, *, reserve: bool = False) -> Plan:
    """Check every rule that needs the database, collecting all errors so the citizen fixes them at once."""
    errors: dict[str, str] = {}
    procedure = ctx.session.exec(select(Procedure).where(Procedure.code == data.procedure_code)).first()
    if procedure is None:
        errors["procedure_code"] = "no such procedure"
    elif not procedure.postal_eligible:
        errors["procedure_code"] = "this procedure requires you to come in person; it cannot go by post"
    if not data.consent:
        errors["consent"] = CONSENT_NEEDED
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
        slot = check_slot(ctx, office, data.slot_start, errors, reserve=reserve)
    agency = procedure_and_agency(ctx.session, procedure.id or 0)[1] if procedure is not None else None
    if agency is not None and data.dossier_code is not None and not data.dossier_code.startswith(agency.code + "-"):
        errors["dossier_code"] = f"a dossier code of this agency starts with {agency.code}"
    if errors or procedure is None or agency is None or office is None:
        raise InvalidField(errors or {"intake": "choose how the dossier reaches the post"})
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
    pricing = tariffs.pricing_on(ctx, ctx.today, office.province_code)
    quote = make_quote(pricing, legs, fee, data.exemption, data.weight_grams)
    if isinstance(pricing, PriceTable):
        quote = replace(quote, tariff_id=pricing.id, tariff_from=pricing.effective_from)
    return quote


def quote_to_json(quote: Quote) -> dict[str, object]:
    return {
        "legs": [
            {"leg": p.leg, "zone": p.zone.value, "list_price": p.list_price, "charge": p.charge} for p in quote.legs
        ],
        "postal_charge": quote.postal_charge,
        "procedure_fee": quote.procedure_fee,
        "exemption": quote.exemption.value,
        "weight_grams": quote.weight_grams,
        "tariff": {"id": quote.tariff_id, "from": quote.tariff_from.isoformat()} if quote.tariff_from else None,
        "total": quote.total,
        "currency": "VND",
    }
