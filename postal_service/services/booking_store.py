"""Where a booking reads and writes (the repository of `booking.book`): the catalogue and the slot, fresh numbers,
and the new request's rows, events and messages. The use case sees only the `BookingStore` protocol, so it is
unit-tested with a fake store and no database (tests/unit/test_booking_use_case.py)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from postal_service.context import Context
from postal_service.db.repository import add_request, reference_taken
from postal_service.db.serials import next_serial
from postal_service.db.tables import ServiceRequest
from postal_service.domain.aggregate import Request
from postal_service.domain.identifiers import TrackingNumber
from postal_service.domain.lifecycle import Leg
from postal_service.domain.request import Outcome

from . import national_history
from .custody import Where
from .custody_steps import record
from .network_paths import place_result
from .quoting import Plan, plan_booking, quote_to_json
from .schemas import Address, BookingCreate, Contact, Intake

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read out on the phone


@dataclass(frozen=True)
class OrderTerms:
    """What a one-stop system's order adds to a booking (services/lgsp_orders.py): the procedure fee it asks the
    courier to collect (its CODAmount), the dossier's own list of documents, a note for the courier and the clerk,
    and whom the result goes to when not the sender."""

    procedure_fee: int | None = None
    documents: tuple[str, ...] = ()
    note: str | None = None
    result_receiver: Contact | None = None


class BookingStore(Protocol):
    def plan(self, data: BookingCreate) -> Plan:
        """Every rule that needs the catalogue and the calendar (422 naming each field), the firm quote, and the
        slot's place, claimed under the office's lock."""
        ...

    def new_reference(self) -> str: ...

    def tracking_number(self, leg: Leg) -> str: ...

    def add(
        self, data: BookingCreate, plan: Plan, request: Request, outcome: Outcome, terms: OrderTerms
    ) -> ServiceRequest:
        """Keep the new request: its row (with what was given that the aggregate does not hold: contact,
        addresses, language, the quote, a one-stop order's terms), its envelopes, their first events, the
        citizen's message."""
        ...


def issue_tracking_number(ctx: Context, prefix: str) -> str:
    """Serials only go up, so no number is ever reused (db/serials.py: without a lock on PostgreSQL)."""
    return TrackingNumber.issue(prefix, next_serial(ctx.session, prefix)).value


class SqlBookingStore:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def plan(self, data: BookingCreate) -> Plan:
        return plan_booking(self.ctx, data, reserve=True)

    def new_reference(self) -> str:
        while True:
            reference = "D45-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
            if not reference_taken(self.ctx.session, reference):
                return reference

    def tracking_number(self, leg: Leg) -> str:
        settings = self.ctx.settings
        return issue_tracking_number(
            self.ctx, settings.s10_prefix_dossier if leg is Leg.DOSSIER else settings.s10_prefix_result
        )

    def add(
        self, data: BookingCreate, plan: Plan, request: Request, outcome: Outcome, terms: OrderTerms
    ) -> ServiceRequest:
        row = _request_row(data, plan, request, self.ctx.now)
        row.expected_documents, row.order_note = list(terms.documents), terms.note
        if terms.result_receiver is not None:
            receiver = terms.result_receiver
            row.result_contact_name, row.result_contact_phone = receiver.name, receiver.phone
            row.result_contact_id_number = receiver.id_number
        loaded = add_request(self.ctx.session, row, request, plan.procedure, plan.agency)
        if request.national_status is not None:
            national_history.record(self.ctx, row.id or 0, request.national_status)
        record(self.ctx, loaded, outcome, {}, Where(), tracking="")
        place_result(self.ctx, loaded)
        return row


def _request_row(data: BookingCreate, plan: Plan, request: Request, now: datetime) -> ServiceRequest:
    quote = plan.quote
    return ServiceRequest(
        reference=request.reference,
        service=data.service.value,
        procedure_id=plan.procedure.id or 0,
        post_office_id=request.post_office_id,
        intake=data.intake.value if data.intake else None,
        slot_start=request.pickup.start if request.pickup else None,
        slot_end=request.pickup.end if request.pickup else None,
        **_address_columns("pickup", data.pickup_address if data.intake is Intake.PICKUP else None),
        **_address_columns("delivery", plan.delivery),
        contact_name=data.contact.name,
        contact_phone=data.contact.phone,
        contact_email=data.contact.email,
        contact_id_number=data.contact.id_number,
        language=data.language.value,
        exemption=data.exemption.value,
        postal_charge=request.postal_charge,
        procedure_fee=request.procedure_fee,
        quote=quote_to_json(quote),
        dossier_code=request.dossier_code,
        national_status=request.national_status,
        consent_at=now,
        created_at=now,
    )


def _address_columns(prefix: str, address: Address | None) -> dict[str, Any]:
    if address is None:
        return {}
    fields = ("street", "province_code", "commune_code", "latitude", "longitude")
    return {f"{prefix}_{name}": getattr(address, name) for name in fields}
