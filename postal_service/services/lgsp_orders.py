"""Orders from one-stop systems (services/schemas/lgsp.py) become bookings through the same use case as a
citizen's; an order number already registered by the agency answers with what it registered then."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import by_code, parcels_of, procedure_and_agency
from postal_service.db.repository import lock_row
from postal_service.db.tables import Agency, Procedure, ServiceRequest
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Conflict, Forbidden, InvalidField, NotFound
from postal_service.domain.lifecycle import Leg
from postal_service.domain.timeslots import Slot
from postal_service.queries.slots import offered_slots, serving_post_office

from . import booking
from .booking_store import OrderTerms
from .schemas import lgsp
from .schemas.booking import BookingCreate, Contact, Service
from .schemas.lgsp import LgspOrder

PARTIES = {
    "sender": ("SenderFullname", "SenderTel", "SenderIdentityNumber", "SenderAddress", "SenderProvince", "SenderWard"),
    "receiver": (
        "ReceiverFullname",
        "ReceiverTel",
        "ReceiverIdentityNumber",
        "ReceiverAddress",
        "ReceiverProvince",
        "ReceiverWard",
    ),
}
ROW_STATUS = {Forbidden: lgsp.NOT_YOURS, Conflict: lgsp.NO_SLOT, NotFound: lgsp.NOT_FOUND}
BOOKING_FIELDS = {"procedure_code": "ProcedureCode", "slot_start": "SenderWard", "dossier_code": "OrderNumber"}


def register(ctx: Context, order: LgspOrder) -> tuple[bool, ServiceRequest, str]:
    """(registered now?, the request, its item code): the first leg's tracking number."""
    require(ctx.actor, Capability.PLACE_ORDERS)
    procedure = by_code(ctx.session, Procedure, order.procedure_code)
    _, agency = procedure_and_agency(ctx.session, procedure.id or 0)
    if ctx.actor.agency_id is not None and ctx.actor.agency_id != agency.id:
        raise Forbidden(f"procedure {order.procedure_code} belongs to another agency")
    lock_row(ctx.session, Agency, agency.id)  # two sends of one order at once: the second finds the first
    earlier = ctx.session.exec(
        select(ServiceRequest)
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .where(ServiceRequest.dossier_code == order.order_number, Procedure.agency_id == agency.id)
    ).first()
    if earlier is not None:
        registered = _item_code(ctx, earlier)
        if order.item_code and order.item_code != registered:
            raise InvalidField({"ItemCode": f"this order was registered as {registered}"})
        return False, earlier, registered
    if order.item_code:
        raise InvalidField({"ItemCode": "the post issues the item code: send a new order without it"})
    try:
        request = booking.book(ctx, _booking(ctx, order), terms=_terms(order))
    except InvalidField as error:
        raise InvalidField({BOOKING_FIELDS.get(k.split(".")[0], k): v for k, v in error.errors.items()}) from error
    return True, request, _item_code(ctx, request)


def _item_code(ctx: Context, request: ServiceRequest) -> str:
    legs = {parcel.leg: parcel.tracking_number for parcel in parcels_of(ctx.session, request.id)}
    return legs.get(Leg.DOSSIER.value) or legs[Leg.RESULT.value]


def _party(order: LgspOrder, who: str) -> dict[str, Any]:
    """The contact and address of the sender or receiver; every missing field is named, in their names."""
    names = PARTIES[who]
    values = order.model_dump(by_alias=True)
    missing = {name: "required for this ServiceType" for name in names if values.get(name) is None}
    if missing:
        raise InvalidField(missing)
    name, phone, id_number, street, province, ward = (values[n] for n in names)
    address = {"street": street, "province_code": province, "commune_code": ward}
    return {"contact": {"name": name, "phone": phone, "id_number": id_number}, "address": address}


def _booking(ctx: Context, order: LgspOrder) -> BookingCreate:
    body: dict[str, Any] = {
        "service": order.service_type.value,
        "procedure_code": order.procedure_code,
        "consent": True,  # given by the citizen in the one-stop system when choosing the postal channel
    }
    if order.service_type in (Service.SEND, Service.BOTH):
        sender = _party(order, "sender")
        slot = _first_free_slot(ctx, sender["address"]["commune_code"])
        body |= {"intake": "pickup", "pickup_address": sender["address"], "contact": sender["contact"]}
        body |= {"slot_start": slot.start.isoformat()}
    if order.service_type in (Service.RECEIVE, Service.BOTH):
        receiver = _party(order, "receiver")
        body |= {"delivery_address": receiver["address"], "contact": body.get("contact", receiver["contact"])}
    if order.service_type is Service.RECEIVE:
        body["dossier_code"] = order.order_number
    try:
        data = BookingCreate.model_validate(body)
    except ValidationError as error:
        raise InvalidField({_their_name(e["loc"]): str(e["msg"]) for e in error.errors()}) from error
    data.dossier_code = order.order_number  # the order number is the dossier code, whatever the service
    return data


def _terms(order: LgspOrder) -> OrderTerms:
    """What the order says beyond a citizen's booking; for "both", a receiver other than the sender is kept as
    whom the result goes to."""
    receiver = None
    if order.service_type is Service.BOTH:
        given = _party(order, "receiver")["contact"]
        if given != _party(order, "sender")["contact"]:
            receiver = Contact.model_validate(given)
    documents = tuple(dict.fromkeys(order.documents))  # each named once, in the order's order
    return OrderTerms(procedure_fee=order.cod_amount, documents=documents, note=order.note, result_receiver=receiver)


def _their_name(loc: tuple[Any, ...]) -> str:
    """A booking field's name in the order's terms (pickup_address.commune_code -> SenderWard)."""
    parts = [str(p) for p in loc]
    side = "receiver" if parts and parts[0] == "delivery_address" else "sender"
    position = {"name": 0, "phone": 1, "id_number": 2, "street": 3, "province_code": 4, "commune_code": 5}
    last = parts[-1] if parts else ""
    return PARTIES[side][position[last]] if last in position else BOOKING_FIELDS.get(parts[0], ".".join(parts))


def _first_free_slot(ctx: Context, ward: int) -> Slot:
    """The order carries no time: the earliest pickup slot with a place left, within the booking horizon."""
    office = serving_post_office(ctx, ward)
    if office is None:
        raise InvalidField({"SenderWard": "no post office picks up in this ward"})
    for days in range(ctx.settings.booking_horizon_days + 1):
        for slot, places in offered_slots(ctx, office, ctx.today + timedelta(days=days)):
            if places > 0:
                return slot
    raise Conflict(f"no pickup slot is free at {office.name} in the next {ctx.settings.booking_horizon_days} days")


def import_csv(ctx: Context, text: str) -> list[dict[str, Any]]:
    """The same orders as rows of a CSV file, with the same field names as its header, for agencies without an
    API: each row registered (100), found registered before (101) or refused with its fields named (102…)."""
    outcomes = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):  # row 1 is the header
        values = {key.strip(): value.strip() for key, value in row.items() if key and value and value.strip()}
        if "Documents" in values:
            values["Documents"] = [d.strip() for d in values["Documents"].split(";") if d.strip()]  # type: ignore[assignment]
        try:
            registered, request, item_code = register(ctx, LgspOrder.model_validate(values))
        except ValidationError as error:
            fields = {".".join(str(p) for p in e["loc"]): str(e["msg"]) for e in error.errors()}
            outcomes.append({"Row": number, "Status": lgsp.INVALID, "Errors": fields})
        except InvalidField as error:
            outcomes.append({"Row": number, "Status": lgsp.INVALID, "Errors": dict(error.errors)})
        except (Forbidden, Conflict, NotFound) as error:
            outcomes.append({"Row": number, "Status": ROW_STATUS[type(error)], "Errors": {"": str(error)}})
        else:
            status = lgsp.REGISTERED if registered else lgsp.ALREADY_REGISTERED
            outcomes.append({"Row": number, "Status": status, "ItemCode": item_code, "Reference": request.reference})
    return outcomes
