"""Read-side queries shared by the use cases and the pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, and_
from sqlmodel import Session, col, func, select

from postal_service.domain.errors import InvalidField, NotFound
from postal_service.domain.lifecycle import Leg
from postal_service.domain.money import Owed, PaymentKind, amount_owed

from .tables import Agency, CustodyEvent, Parcel, Payment, PostOffice, Procedure, ServiceRequest, User

Coded = TypeVar("Coded", Agency, PostOffice, Procedure)


@dataclass
class ParcelBundle:
    """A parcel with the rows every rule about it needs."""

    parcel: Parcel
    request: ServiceRequest
    procedure: Procedure
    agency: Agency

    @property
    def documents(self) -> list[dict[str, Any]]:
        return expected_documents(self.request, self.procedure)


def parcel_bundle(session: Session, tracking_number: str) -> ParcelBundle:
    """A parcel with its request, procedure and agency, in one statement (reads; steps lock in the repository)."""
    row = session.exec(
        select(Parcel, ServiceRequest, Procedure, Agency)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(Agency, col(Agency.id) == col(Procedure.agency_id))
        .where(Parcel.tracking_number == tracking_number)
    ).first()
    if row is None:
        raise NotFound(f"no parcel {tracking_number}")
    return ParcelBundle(*row)


def procedure_and_agency(session: Session, procedure_id: int) -> tuple[Procedure, Agency]:
    procedure = session.get(Procedure, procedure_id)
    assert procedure is not None
    agency = session.get(Agency, procedure.agency_id)
    assert agency is not None
    return procedure, agency


def request_by_reference(session: Session, reference: str) -> ServiceRequest:
    request = session.exec(select(ServiceRequest).where(ServiceRequest.reference == reference.upper())).first()
    if request is None:
        raise NotFound(f"no request {reference}")
    return request


def parcels_of(session: Session, request_id: int | None) -> list[Parcel]:
    return list(session.exec(select(Parcel).where(Parcel.request_id == request_id).order_by(col(Parcel.id))))


def chain_of(*parcels: Parcel) -> ColumnElement[bool]:
    """The envelopes' custody events, looked for only in the months their chains opened: on PostgreSQL the log is
    partitioned by that month (db/partitions.py), so a read of one chain touches one partition, not every month
    of the past."""
    return and_(
        col(CustodyEvent.parcel_id).in_([p.id for p in parcels]),
        col(CustodyEvent.chain_month).in_({p.chain_month for p in parcels}),
    )


# an envelope joined to its events, in the one partition they live in
CHAIN_JOIN = and_(
    col(CustodyEvent.parcel_id) == col(Parcel.id), col(CustodyEvent.chain_month) == col(Parcel.chain_month)
)


def events_of(session: Session, *parcels: Parcel) -> Sequence[CustodyEvent]:
    """The envelopes' custody events, each envelope's in the order they were taken."""
    return session.exec(
        select(CustodyEvent).where(chain_of(*parcels)).order_by(col(CustodyEvent.parcel_id), col(CustodyEvent.sequence))
    ).all()


def by_code(session: Session, table: type[Coded], code: str) -> Coded:
    row = session.exec(select(table).where(table.code == code)).first()
    if row is None:
        raise NotFound(f"no {table.__name__.lower()} with code {code}")
    return row


def by_code_in_field(session: Session, table: type[Coded], code: str, field: str) -> Coded:
    """A code given in a body that names nothing is a bad field (422), not a missing page (404)."""
    try:
        return by_code(session, table, code)
    except NotFound as error:
        raise InvalidField.single(field, str(error)) from None


def user_by_username(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"no user {username}")
    return user


def paid_on(session: Session, request_id: int | None) -> int:
    """Everything paid on a request, whoever collected it."""
    paid = session.exec(select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.request_id == request_id))
    return int(paid.one())


def amount_owed_on(session: Session, request: ServiceRequest) -> Owed:
    """What the citizen still owes, by the one amount-due rule of the domain."""
    return amount_owed(request.postal_charge, request.procedure_fee, paid_on(session, request.id))


def fees_to_forward(session: Session, request_id: int | None) -> int:
    """Procedure fees collected on the agency's behalf and not yet handed over to it."""
    query = select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.request_id == request_id,
        Payment.kind == PaymentKind.PROCEDURE_FEE.value,
        col(Payment.forwarded_at).is_(None),
    )
    return int(session.exec(query).one())


def result_tracking_for_dossier_code(session: Session, dossier_code: str) -> str:
    """Clerks find a result by the dossier code they issued."""
    query = (
        select(Parcel.tracking_number)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .where(ServiceRequest.dossier_code == dossier_code, Parcel.leg == Leg.RESULT.value)
    )
    tracking = session.exec(query).first()
    if tracking is None:
        raise NotFound(f"no result parcel for dossier {dossier_code}")
    return tracking


def expected_documents(request: ServiceRequest, procedure: Procedure) -> list[dict[str, Any]]:
    """What the dossier must hold: the list the one-stop system sent with its order (names only: whether each is an
    original it does not say), else the procedure's published list."""
    if request.expected_documents:
        return [{"name": name, "original": None, "count": 1} for name in request.expected_documents]
    return list(procedure.documents)


@dataclass(frozen=True)
class Receiver:
    name: str
    phone: str
    id_number: str


class HasContacts(Protocol):
    """A request row, or an open envelope's columns: whatever carries both contacts."""

    @property
    def contact_name(self) -> str: ...
    @property
    def contact_phone(self) -> str: ...
    @property
    def contact_id_number(self) -> str: ...
    @property
    def result_contact_name(self) -> str | None: ...
    @property
    def result_contact_phone(self) -> str | None: ...
    @property
    def result_contact_id_number(self) -> str | None: ...


def receiver_of(request: HasContacts, leg: str) -> Receiver:
    """Whom an envelope is handed to at the door: a result to the person the one-stop order named, if it named one;
    anything else, and any result otherwise, to the person who booked (a request row or an open envelope's)."""
    if leg == Leg.RESULT.value and request.result_contact_name:
        return Receiver(
            request.result_contact_name, request.result_contact_phone or "", request.result_contact_id_number or ""
        )
    return Receiver(request.contact_name, request.contact_phone, request.contact_id_number)
