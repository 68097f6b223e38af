"""The open envelopes a worklist shows, read as the columns it needs.

A busy office has hundreds or thousands of open envelopes, and every worklist (the board, a courier's day, the
desks) reads them all; building an ORM object for each envelope and its request cost more than the rest of the
board together. Each is disclosed in the access log as a listing of its request, once per view.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import select as columns
from sqlmodel import col

from postal_service.context import Context
from postal_service.db.tables import Agency, Parcel, Procedure, ServiceRequest
from postal_service.domain.lifecycle import OPEN, Leg, is_closed

from .access import disclose_listed

OpenColumns = (
    Parcel.tracking_number, Parcel.leg, Parcel.status, Parcel.holder, Parcel.courier_id, Parcel.attempts,
    Parcel.hold_until, Parcel.started_on,
    ServiceRequest.id, ServiceRequest.reference, ServiceRequest.slot_start, ServiceRequest.slot_end,
    ServiceRequest.contact_name, ServiceRequest.contact_phone, ServiceRequest.contact_id_number,
    ServiceRequest.result_contact_name, ServiceRequest.result_contact_phone, ServiceRequest.result_contact_id_number,
    ServiceRequest.order_note,
    ServiceRequest.pickup_street, ServiceRequest.pickup_commune_code, ServiceRequest.pickup_latitude,
    ServiceRequest.pickup_longitude, ServiceRequest.delivery_street, ServiceRequest.delivery_commune_code,
    ServiceRequest.delivery_latitude, ServiceRequest.delivery_longitude, ServiceRequest.quote,
    Procedure.name, Agency.name, Agency.street, Agency.latitude, Agency.longitude,
)  # fmt: skip


class OpenEnvelope(NamedTuple):
    """One open envelope with its request's contact and places, its procedure's and agency's names: the columns
    of OpenColumns, in their order."""

    tracking_number: str
    leg: str
    status: str
    holder: str
    courier_id: int | None
    attempts: int
    hold_until: date | None
    started_on: date | None
    request_id: int
    reference: str
    slot_start: datetime | None
    slot_end: datetime | None
    contact_name: str
    contact_phone: str
    contact_id_number: str
    result_contact_name: str | None
    result_contact_phone: str | None
    result_contact_id_number: str | None
    order_note: str | None
    pickup_street: str | None
    pickup_commune_code: int | None
    pickup_latitude: float | None
    pickup_longitude: float | None
    delivery_street: str | None
    delivery_commune_code: int | None
    delivery_latitude: float | None
    delivery_longitude: float | None
    quote: dict[str, Any]
    procedure: str
    agency: str
    agency_street: str
    agency_latitude: float | None
    agency_longitude: float | None


def open_envelopes(ctx: Context, *conditions: Any) -> list[OpenEnvelope]:
    """The open envelopes meeting `conditions` (on the parcel, its request or procedure), each request disclosed
    once as listed."""
    query = (
        columns(*(col(c) for c in OpenColumns))
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(Agency, col(Agency.id) == col(Procedure.agency_id))
        .where(col(Parcel.status).in_(OPEN), *conditions)
    )
    found = [OpenEnvelope._make(row) for row in ctx.session.execute(query)]
    found = [e for e in found if not is_closed(Leg(e.leg), e.status)]
    disclose_listed(ctx, (e.request_id for e in found), "list_worklist")
    return found
