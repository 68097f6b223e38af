"""Pickup slots: which post office serves a commune, which slots it offers on a day, and places left."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import Parcel, PostOffice, ServedCommune, ServiceRequest
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, DossierStatus
from postal_service.domain.timeslots import Slot, slots_on


def serving_post_office(ctx: Context, commune_code: int) -> PostOffice | None:
    """The office whose couriers reach the commune (a citizen's door, an agency's desk), through the commune's
    index; when two offices list it, the first by code."""
    return ctx.session.exec(
        select(PostOffice)
        .join(ServedCommune, col(ServedCommune.post_office_id) == col(PostOffice.id))
        .where(ServedCommune.commune_code == commune_code)
        .order_by(col(PostOffice.code))
        .limit(1)
    ).first()


def slot_length(ctx: Context) -> timedelta:
    return timedelta(minutes=ctx.settings.slot_minutes)


def booked_in_slot(ctx: Context, office: PostOffice, slot: Slot) -> int:
    query = (
        select(func.count(func.distinct(ServiceRequest.id)))
        .select_from(ServiceRequest)
        .join(Parcel, col(Parcel.request_id) == col(ServiceRequest.id))
        .where(
            ServiceRequest.post_office_id == office.id,
            ServiceRequest.slot_start == slot.start,
            col(Parcel.leg).in_([leg.value for leg in FROM_THE_CITIZEN]),
            Parcel.status != DossierStatus.CANCELLED.value,
        )
    )
    return ctx.session.exec(query).one()


def coming_slots(ctx: Context, office: PostOffice, days: int = 8) -> list[Slot]:
    """Slots with a place left over the coming days, for a pickup booked or moved from the tracking page."""
    slots: list[Slot] = []
    for offset in range(days):
        slots += [s for s, left in offered_slots(ctx, office, ctx.today + timedelta(days=offset)) if left > 0]
    return slots


def offered_slots(ctx: Context, office: PostOffice, day: date) -> list[tuple[Slot, int]]:
    """Slots of that day that start late enough to be reached, with the places left in each."""
    if ctx.calendar.is_holiday(day):
        return []
    earliest = ctx.now + timedelta(minutes=ctx.settings.slot_lead_minutes)
    result = []
    for slot in slots_on(office.opening_hours, day, slot_length(ctx)):
        if slot.start >= earliest:
            result.append((slot, office.slot_capacity - booked_in_slot(ctx, office, slot)))
    return result
