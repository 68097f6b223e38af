"""Load a request aggregate from its rows under a lock, and write its decided state back.

Why a mapper instead of handing rows to the domain: the domain stays plain Python and is tested without a
database; the rows stay the one description of the schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from postal_service.domain import request as domain
from postal_service.domain.aggregate import Request
from postal_service.domain.custody import chain_month
from postal_service.domain.errors import NotFound
from postal_service.domain.holders import HOLDER_AFTER
from postal_service.domain.lifecycle import INITIAL_STATUS, Leg
from postal_service.domain.money import Exemption, PaymentKind, PaymentMethod
from postal_service.domain.roles import user_principal
from postal_service.domain.timeslots import Slot

from .queries import expected_documents, procedure_and_agency
from .tables import Agency, Bag, CashHandover, Claim, Parcel, Payment, PostOffice, Procedure, ServiceRequest, User


@dataclass
class Loaded:
    """The rows of one request and the aggregate built from them."""

    request: ServiceRequest
    parcels: dict[str, Parcel]
    payments: list[Payment]
    procedure: Procedure
    agency: Agency
    aggregate: Request


def lock_post_office(session: Session, office_id: int | None) -> None:
    """Bookings into one office's slots queue here, so the last place of a slot is sold once."""
    lock_row(session, PostOffice, office_id)


def lock_row(
    session: Session,
    table: type[PostOffice] | type[Agency] | type[CashHandover] | type[Claim] | type[Bag] | type[User],
    row_id: int | None,
) -> None:
    """Writers that must see each other's commits queue on one row: PostgreSQL locks it; SQLite takes the
    database write lock first (a no-op UPDATE), so what is read next includes every earlier commit."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(table).where(col(table.id) == row_id).values(id=table.id))
    else:
        session.exec(select(table.id).where(col(table.id) == row_id).with_for_update()).first()


def request_id_of(session: Session, tracking_number: str) -> int:
    found = session.exec(select(Parcel.request_id).where(Parcel.tracking_number == tracking_number)).first()
    if found is None:
        raise NotFound(f"no parcel {tracking_number}")
    return found


def load_request(session: Session, request_id: int) -> Loaded:
    """Lock the request and every parcel of it first, so two steps on one request queue instead of racing.

    PostgreSQL locks the request row, then the parcels (in id order): the parcels are read by a
    statement that starts once the request is ours, so it sees an envelope another writer just added (a
    supplement). SQLite has no row locks: a no-op UPDATE takes the database write lock first, and the second
    writer waits and then reads the first one's committed state.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(Parcel).where(col(Parcel.request_id) == request_id).values(event_count=Parcel.event_count)
        )
    # FOR NO KEY UPDATE: rows that only refer to the request (an access log written before) do not block it.
    session.exec(
        select(ServiceRequest.id).where(col(ServiceRequest.id) == request_id).with_for_update(key_share=True)
    ).first()
    query = select(Parcel).where(Parcel.request_id == request_id).order_by(col(Parcel.id)).with_for_update()
    parcels = {p.tracking_number: p for p in session.exec(query).all()}
    request = session.get(ServiceRequest, request_id, populate_existing=True)
    if request is None or not parcels:
        raise NotFound(f"no request {request_id}")
    procedure, agency = procedure_and_agency(session, request.procedure_id)
    payments = list(session.exec(select(Payment).where(Payment.request_id == request_id).order_by(col(Payment.id))))
    aggregate = aggregate_of(session, request, list(parcels.values()), payments, procedure, agency)
    return Loaded(request, parcels, payments, procedure, agency, aggregate)


def aggregate_of(
    session: Session,
    request: ServiceRequest,
    parcels: list[Parcel],
    payments: list[Payment],
    procedure: Procedure,
    agency: Agency,
) -> Request:
    """The aggregate of these rows; `load_request` gives them locked, a check before taking a lock reads them as
    they are."""
    couriers = _usernames(session, {p.courier_id for p in parcels if p.courier_id is not None})
    return Request(
        reference=request.reference,
        contact_id_number=request.contact_id_number,
        post_office_id=request.post_office_id,
        agency_code=agency.code,
        documents=tuple(d["name"] for d in expected_documents(request, procedure)),
        postal_charge=request.postal_charge,
        procedure_fee=request.procedure_fee,
        exemption=Exemption(request.exemption),
        leg_charges={str(leg["leg"]): int(leg["charge"]) for leg in request.quote.get("legs", [])},
        parcels=[_parcel(p, couriers) for p in parcels],
        payments=[_payment(p) for p in payments],
        national_status=request.national_status,
        dossier_code=request.dossier_code,
        appointment_date=request.appointment_date,
        missing_documents=tuple(request.missing_documents),
        paused_since=request.paused_since,
        pickup=Slot(request.slot_start, request.slot_end) if request.slot_start and request.slot_end else None,
        result_receiver_id_number=request.result_contact_id_number,
    )


def _usernames(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.username).where(col(User.id).in_(ids))).all()
    return {user_id: username for user_id, username in rows if user_id is not None}


def _parcel(row: Parcel, couriers: dict[int, str]) -> domain.Parcel:
    courier = user_principal(couriers[row.courier_id]) if row.courier_id in couriers else None
    return domain.Parcel(
        tracking_number=row.tracking_number,
        leg=Leg(row.leg),
        status=row.status,
        courier_id=row.courier_id,
        courier=courier,
        attempts=row.attempts,
        last_attempt_on=row.last_attempt_on,
        hold_until=row.hold_until,
        seal_number=row.seal_number,
        started_on=row.started_on,
    )


def _payment(row: Payment) -> domain.Payment:
    return domain.Payment(
        PaymentKind(row.kind),
        row.amount,
        PaymentMethod(row.method),
        row.collected_by,
        row.collected_at,
        row.forwarded_at,
        row.id,
        row.reason,
    )


def add_request(
    session: Session, row: ServiceRequest, aggregate: Request, procedure: Procedure, agency: Agency
) -> Loaded:
    """A request just booked: its row, beside the aggregate that decided it. Its envelopes' rows are made by
    `save`, like a supplement's."""
    session.add(row)
    session.flush()
    return Loaded(row, {}, [], procedure, agency, aggregate)


def reference_taken(session: Session, reference: str) -> bool:
    return session.exec(select(ServiceRequest.id).where(ServiceRequest.reference == reference)).first() is not None


def save(session: Session, loaded: Loaded, now: datetime) -> None:
    """Copy what the aggregate decided onto the rows, making the row of an envelope it opened (a booking's, a
    supplement's); events are appended separately (see services.custody)."""
    _add_opened_envelopes(session, loaded, now)
    state, request = loaded.aggregate, loaded.request
    request.national_status = int(state.national_status) if state.national_status is not None else None
    request.dossier_code, request.appointment_date = state.dossier_code, state.appointment_date
    request.missing_documents, request.paused_since = list(state.missing_documents), state.paused_since
    request.slot_start, request.slot_end = (state.pickup.start, state.pickup.end) if state.pickup else (None, None)
    request.postal_charge, request.procedure_fee = state.postal_charge, state.procedure_fee  # lowered by refunds
    session.add(request)
    for parcel in state.parcels:
        row = loaded.parcels[parcel.tracking_number]
        row.courier_id, row.attempts, row.seal_number = parcel.courier_id, parcel.attempts, parcel.seal_number
        row.last_attempt_on, row.hold_until, row.started_on = (
            parcel.last_attempt_on,
            parcel.hold_until,
            parcel.started_on,
        )
        session.add(row)
    stored = {p.id: p for p in loaded.payments}
    for payment in state.payments:
        if payment.id is None:
            session.add(
                Payment(
                    request_id=request.id or 0,
                    kind=payment.kind.value,
                    amount=payment.amount,
                    method=payment.method.value,
                    collected_by=payment.collected_by,
                    collected_at=payment.collected_at,
                    reason=payment.reason,
                )
            )
        elif stored[payment.id].forwarded_at != payment.forwarded_at:
            stored[payment.id].forwarded_at = payment.forwarded_at
            session.add(stored[payment.id])


def _add_opened_envelopes(session: Session, loaded: Loaded, now: datetime) -> None:
    opened = [p for p in loaded.aggregate.parcels if p.tracking_number not in loaded.parcels]
    for parcel in opened:
        row = Parcel(
            tracking_number=parcel.tracking_number,
            request_id=loaded.request.id or 0,
            leg=parcel.leg.value,
            status="",  # the opening event moves it to the leg's first status
            holder=HOLDER_AFTER[INITIAL_STATUS[parcel.leg]].value,
            chain_month=chain_month(now),
            updated_at=now,
        )
        session.add(row)
        loaded.parcels[parcel.tracking_number] = row
    if opened:
        session.flush()  # the events chained next need the envelopes' ids
