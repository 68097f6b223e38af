"""Requests and their custody: parcels, the hash-chained events, payments, messages, citizen codes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Index, UniqueConstraint, event, false
from sqlmodel import Field, SQLModel

from .. import partitions
from ..append_only import CREATE as APPEND_ONLY
from .columns import json_column, json_list, transaction_order, utc


class ServiceRequest(SQLModel, table=True):
    __tablename__ = "service_request"
    __table_args__ = (
        # the retention job reads the requests due a look today, never the erased or the held past
        Index("ix_service_request_retention", "retention_done", "retention_check_on", "created_at"),
        # a slot's places left are counted among that office's bookings of that slot, never its past
        Index("ix_service_request_slot", "post_office_id", "slot_start"),
    )
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, max_length=16)
    service: str = Field(max_length=16)  # send | receive | both
    procedure_id: int = Field(foreign_key="procedure.id", index=True)
    post_office_id: int = Field(foreign_key="post_office.id", index=True)
    intake: str | None = Field(default=None, max_length=16)  # pickup | drop_off; none for "receive"
    pickup_street: str | None = None
    pickup_province_code: int | None = None
    pickup_commune_code: int | None = None
    pickup_latitude: float | None = None
    pickup_longitude: float | None = None
    slot_start: datetime | None = utc(nullable=True)
    slot_end: datetime | None = utc(nullable=True)
    delivery_street: str | None = None
    delivery_province_code: int | None = None
    delivery_commune_code: int | None = None
    delivery_latitude: float | None = None
    delivery_longitude: float | None = None
    contact_name: str = Field(max_length=255)
    contact_phone: str = Field(max_length=10)
    contact_id_number: str = Field(max_length=12)
    contact_email: str | None = Field(default=None, max_length=254)  # notices go there too when given
    # whom a one-stop order asked the result to be delivered to, when not the sender (none: the contact above)
    result_contact_name: str | None = Field(default=None, max_length=255)
    result_contact_phone: str | None = Field(default=None, max_length=10)
    result_contact_id_number: str | None = Field(default=None, max_length=12)
    expected_documents: list[str] = json_list()  # a one-stop order's list for this dossier; empty: the procedure's
    order_note: str | None = Field(default=None, max_length=2000)  # a one-stop order's note, for courier and clerk
    language: str = Field(default="vi", max_length=2, sa_column_kwargs={"server_default": "vi"})  # of the notices
    exemption: str = Field(default="none", max_length=16)
    postal_charge: int
    procedure_fee: int
    quote: dict[str, Any] = json_column()
    dossier_code: str | None = Field(default=None, max_length=32, index=True)
    appointment_date: date | None = None
    national_status: int | None = None  # national one-stop status code 1..10, set by the agency
    missing_documents: list[str] = json_list()  # a supplement the agency asked for
    paused_since: date | None = None  # the agency's clock waits for the supplement since that day
    erased: list[str] = json_list()  # the kinds of personal data erased on time (retention.PersonalData)
    retention_done: bool = Field(default=False, sa_column_kwargs={"server_default": false()})  # every kind erased
    retention_check_on: date | None = None  # when the retention job looks again (services/retention.py)
    consent_at: datetime = utc()
    created_at: datetime = utc(index=True)  # the nightly figures read one day's work


class Parcel(SQLModel, table=True):
    """One leg of a request: the physical envelope that carries a tracking number."""

    id: int | None = Field(default=None, primary_key=True)
    tracking_number: str = Field(unique=True, max_length=13)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    leg: str = Field(max_length=16)
    status: str = Field(max_length=32, index=True)
    holder: str = Field(max_length=16)
    courier_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    seal_number: str | None = Field(default=None, max_length=32)
    dossier_pdf: str | None = Field(default=None, max_length=80)  # the digitised dossier: evidence:<sha256>
    attempts: int = 0
    last_attempt_on: date | None = None
    hold_until: date | None = None
    started_on: date | None = None  # J: the day the leg left the citizen or the agency
    # The office that works the envelope now, when it is not the request's: the office serving the agency for a
    # result collected there, the office a bag brought it to (postal_service/services/network_paths.py).
    office_id: int | None = Field(default=None, foreign_key="post_office.id", index=True)
    event_count: int = 0
    chain_month: date  # the month its custody chain opened (domain.custody.chain_month): its events' partition
    updated_at: datetime = utc()


class CustodyEvent(SQLModel, table=True):
    """Append-only: a row is never updated; (parcel, sequence) is unique so two writers cannot both win (the
    chain's month, which follows from the parcel, is in the constraint because PostgreSQL partitions by it:
    db/partitions.py)."""

    __tablename__ = "custody_event"
    __table_args__ = (
        UniqueConstraint("parcel_id", "sequence", "chain_month"),
        Index("ix_custody_event_feed", "txid", "id"),  # the portal's pull feed pages through it
        {"postgresql_partition_by": partitions.PARTITION_BY},
    )
    id: int | None = Field(default=None, primary_key=True)
    parcel_id: int = Field(foreign_key="parcel.id", index=True)
    sequence: int
    action: str = Field(max_length=32)
    from_status: str = Field(max_length=32)
    to_status: str = Field(max_length=32)
    actor: str = Field(max_length=64)
    actor_role: str = Field(max_length=16)
    counterparty: str | None = Field(default=None, max_length=64)
    occurred_at: datetime = utc(index=True)  # the nightly figures read one day's work
    latitude: float | None = None
    longitude: float | None = None
    evidence: dict[str, Any] = json_column()
    previous_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    key_id: str = Field(default="", max_length=16)  # the custody key that sealed this event
    seal: str = Field(default="", max_length=64)  # HMAC of `hash` under that key
    txid: int | None = transaction_order()  # the writing transaction: the pull feed's order
    chain_month: date  # its parcel's: the partition it lives in on PostgreSQL


def _partition_custody(target: Any, connection: Connection, **kw: Any) -> None:
    """Tables built without Alembic (tests, create_all) get the partitions and the trigger too."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(partitions.CREATE_DEFAULT)
        partitions.prepare_months(connection, partitions.coming_months(date.today()))
        for statement in APPEND_ONLY:
            connection.exec_driver_sql(statement)


event.listen(CustodyEvent.__table__, "after_create", _partition_custody)  # type: ignore[attr-defined]


class Payment(SQLModel, table=True):
    """Who paid whom, how and when; procedure fees are forwarded to the agency later."""

    __table_args__ = (Index("ix_payment_feed", "txid", "id"),)  # the portal's pull feed pages through it
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    kind: str = Field(max_length=16)  # postal_charge | procedure_fee
    amount: int  # đồng; negative for a refund (method "refund")
    method: str = Field(max_length=16)  # cash_to_courier | counter | online | refund
    collected_by: str = Field(max_length=64)
    collected_at: datetime = utc()
    forwarded_at: datetime | None = utc(nullable=True)
    reason: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})  # why a refund
    txid: int | None = transaction_order()  # the writing transaction: the pull feed's order


class OnlinePayment(SQLModel, table=True):
    """A payment started online: the amount owed when it started, confirmed by the provider's signed callback
    (one transaction per payment: a repeated callback finds it paid)."""

    __tablename__ = "online_payment"
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    intent_ref: str = Field(unique=True, max_length=24)  # what the transfer carries besides the booking reference
    provider: str = Field(max_length=16)
    amount: int = Field(ge=0)
    status: str = Field(default="pending", max_length=8)  # online_payment.IntentStatus
    created_at: datetime = utc()
    provider_txn: str | None = Field(default=None, unique=True, max_length=64)
    paid_at: datetime | None = utc(nullable=True)
    client_ip: str = Field(default="", max_length=45, sa_column_kwargs={"server_default": ""})  # the payer's
    refunded_at: datetime | None = utc(nullable=True)  # given back through the provider (IntentStatus.REFUNDED)


class Notification(SQLModel, table=True):
    """The outbox of messages to citizens (and alerts to staff), written with the change it announces; workers
    deliver it."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    # Set for an alert to a member of staff about the request (not to its citizen).
    staff_id: int | None = Field(default=None, foreign_key="app_user.id")
    channel: str = Field(default="sms", max_length=8)  # sms | email
    kind: str = Field(default="notice", max_length=8)  # notice | code (a sign-in code ignores quiet hours)
    topic: str = Field(default="", max_length=32, sa_column_kwargs={"server_default": ""})  # notices.Topic
    subject: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})  # an e-mail's
    once_key: str | None = Field(default=None, max_length=80, unique=True)  # a notice that goes at most once
    recipient: str = Field(max_length=254)
    body: str
    created_at: datetime = utc()
    status: str = Field(default="pending", max_length=8, index=True)  # pending | sent | dead
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    next_attempt_at: datetime | None = utc(nullable=True)
    last_error: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    provider: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})  # who took it
    sent_at: datetime | None = utc(nullable=True)


class CitizenCode(SQLModel, table=True):
    """A one-time code sent to the request's phone; only its hash is kept."""

    __tablename__ = "citizen_code"
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    code_hash: str
    expires_at: datetime = utc()
    tries: int = 0
    used_at: datetime | None = utc(nullable=True)


class NationalStatusReport(SQLModel, table=True):
    """Every national status an agency system reported for a request's dossier, with its note: the history."""

    __tablename__ = "national_status_report"
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    code: int
    note: str = Field(default="", max_length=2000)
    reported_at: datetime = utc()
    reported_by: str = Field(max_length=64)
