"""Every table of the service. Status columns hold the values of the domain enums."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


def _utc(nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


def _json() -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=False))


class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    name: str = Field(max_length=255)
    street: str = Field(max_length=255)
    province_code: int
    commune_code: int = Field(index=True)
    latitude: float
    longitude: float
    office_hours: dict[str, list[str]] = _json()


class Procedure(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name: str = Field(max_length=500)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    documents: list[dict[str, Any]] = _json()  # [{"name", "original": bool, "count": int}]
    procedure_fee: int = Field(ge=0)
    postal_eligible: bool = True
    processing_days: int = Field(ge=0)


class PostOffice(SQLModel, table=True):
    __tablename__ = "post_office"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    name: str = Field(max_length=255)
    street: str = Field(max_length=255)
    province_code: int
    commune_code: int
    latitude: float
    longitude: float
    communes_served: list[int] = _json()
    opening_hours: dict[str, list[str]] = _json()
    slot_capacity: int = Field(default=8, ge=1)


class User(SQLModel, table=True):
    """Staff accounts: couriers, agency clerks, dispatchers, admins."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=64)
    password_hash: str
    role: str = Field(max_length=16)
    full_name: str = Field(max_length=255)
    phone: str | None = Field(default=None, max_length=10)
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    post_office_id: int | None = Field(default=None, foreign_key="post_office.id")
    may_carry_cash: bool = True
    active: bool = True


class ApiKey(SQLModel, table=True):
    """A key for one agency's information system; only its hash is kept."""

    __tablename__ = "api_key"
    id: int | None = Field(default=None, primary_key=True)
    key_id: str = Field(unique=True, max_length=16)
    secret_hash: str
    agency_id: int = Field(foreign_key="agency.id")
    label: str = Field(max_length=255)
    created_at: datetime = _utc()
    revoked_at: datetime | None = _utc(nullable=True)


class ServiceRequest(SQLModel, table=True):
    __tablename__ = "service_request"
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
    slot_start: datetime | None = _utc(nullable=True)
    slot_end: datetime | None = _utc(nullable=True)
    delivery_street: str | None = None
    delivery_province_code: int | None = None
    delivery_commune_code: int | None = None
    delivery_latitude: float | None = None
    delivery_longitude: float | None = None
    contact_name: str = Field(max_length=255)
    contact_phone: str = Field(max_length=10)
    contact_id_number: str = Field(max_length=12)
    exemption: str = Field(default="none", max_length=16)
    postal_charge: int
    procedure_fee: int
    quote: dict[str, Any] = _json()
    dossier_code: str | None = Field(default=None, max_length=32, index=True)
    appointment_date: date | None = None
    national_status: int | None = None  # national one-stop status code 1..10, set by the agency
    consent_at: datetime = _utc()
    created_at: datetime = _utc()


class Parcel(SQLModel, table=True):
    """One leg of a request: the physical envelope that carries a tracking number."""

    id: int | None = Field(default=None, primary_key=True)
    tracking_number: str = Field(unique=True, max_length=13)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    leg: str = Field(max_length=8)
    status: str = Field(max_length=32, index=True)
    holder: str = Field(max_length=16)
    courier_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    seal_number: str | None = Field(default=None, max_length=32)
    attempts: int = 0
    last_attempt_on: date | None = None
    hold_until: date | None = None
    started_on: date | None = None  # J: the day the leg left the citizen or the agency
    event_count: int = 0
    updated_at: datetime = _utc()


class CustodyEvent(SQLModel, table=True):
    """Append-only: a row is never updated; (parcel, sequence) is unique so two writers cannot both win."""

    __tablename__ = "custody_event"
    __table_args__ = (UniqueConstraint("parcel_id", "sequence"),)
    id: int | None = Field(default=None, primary_key=True)
    parcel_id: int = Field(foreign_key="parcel.id", index=True)
    sequence: int
    action: str = Field(max_length=32)
    from_status: str = Field(max_length=32)
    to_status: str = Field(max_length=32)
    actor: str = Field(max_length=64)
    actor_role: str = Field(max_length=16)
    counterparty: str | None = Field(default=None, max_length=64)
    occurred_at: datetime = _utc()
    latitude: float | None = None
    longitude: float | None = None
    evidence: dict[str, Any] = _json()
    previous_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class Payment(SQLModel, table=True):
    """Who paid whom, how and when; procedure fees are forwarded to the agency later."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    kind: str = Field(max_length=16)  # postal_charge | procedure_fee
    amount: int = Field(ge=0)
    method: str = Field(max_length=16)  # cash_to_courier | counter | online
    collected_by: str = Field(max_length=64)
    collected_at: datetime = _utc()
    forwarded_at: datetime | None = _utc(nullable=True)


class Notification(SQLModel, table=True):
    """Outbox of messages to citizens (SMS); a sender drains it, tests read it."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    channel: str = Field(default="sms", max_length=8)
    recipient: str = Field(max_length=64)
    body: str
    created_at: datetime = _utc()
    sent_at: datetime | None = _utc(nullable=True)


class CitizenCode(SQLModel, table=True):
    """A one-time code sent to the request's phone; only its hash is kept."""

    __tablename__ = "citizen_code"
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    code_hash: str
    expires_at: datetime = _utc()
    tries: int = 0
    used_at: datetime | None = _utc(nullable=True)


class IdempotencyKey(SQLModel, table=True):
    """An Idempotency-Key reserved by the transaction doing the work; the answer is stored before its commit.

    The unique key makes a concurrent twin wait on this row (PostgreSQL) or on the write lock (SQLite) and
    then read the committed answer. Rows live until `expires_at`; a job removes them.
    """

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("scope", "method", "path", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=160)  # the caller: user:…, apikey:…, citizen:…, anonymous@<address>
    method: str = Field(max_length=8)
    path: str = Field(max_length=255)
    key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)
    status_code: int | None = None
    body: str | None = None
    created_at: datetime = _utc()
    expires_at: datetime = _utc(index=True)


class SerialCounter(SQLModel, table=True):
    """Next S10 serial per prefix; incremented under a row lock so no number is ever issued twice."""

    __tablename__ = "serial_counter"
    prefix: str = Field(primary_key=True, max_length=2)
    next_serial: int


class AccessLog(SQLModel, table=True):
    """Every read or write of a dossier by whom (Decree 13/2023: log access to personal data)."""

    __tablename__ = "access_log"
    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(max_length=64)
    actor_role: str = Field(max_length=16)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    purpose: str = Field(max_length=64)
    at: datetime = _utc()


class Evidence(SQLModel, table=True):
    """A signature drawing or photo taken at a handover; custody events refer to it by its digest."""

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(unique=True, max_length=64)
    content_type: str = Field(max_length=32)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by: str = Field(max_length=64)
    uploaded_at: datetime = _utc()


class PlanRun(SQLModel, table=True):
    """One planning of one post office's day: what went in (digest), what came out, what could not be served."""

    __tablename__ = "plan_run"
    id: int | None = Field(default=None, primary_key=True)
    post_office_id: int = Field(foreign_key="post_office.id", index=True)
    day: date = Field(index=True)
    started_at: datetime = _utc()
    finished_at: datetime | None = _utc(nullable=True)
    status: str = Field(default="running", max_length=16)  # running | done | failed
    trigger: str = Field(default="dispatcher", max_length=16)  # dispatcher | scheduler
    inputs_digest: str = Field(default="", max_length=64)
    vehicles: int = 0
    distance_m: int = 0
    seconds: float = 0.0
    unassigned: list[dict[str, Any]] = _json()  # [{"tracking_number", "reason"}]
    note: str = Field(default="", max_length=500)


class RouteStop(SQLModel, table=True):
    """A stop of a published route, in the courier's order; done stops are carried into every re-plan."""

    __tablename__ = "route_stop"
    __table_args__ = (UniqueConstraint("plan_run_id", "courier_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_run_id: int = Field(foreign_key="plan_run.id", index=True)
    courier_id: int = Field(foreign_key="app_user.id", index=True)
    position: int
    parcel_id: int = Field(foreign_key="parcel.id", index=True)
    kind: str = Field(max_length=24)  # pickup_dossier | deliver_to_agency | collect_result | deliver_result
    latitude: float
    longitude: float
    eta: datetime = _utc()
    window_start: datetime = _utc()
    window_end: datetime = _utc()
    done: bool = False


class DeadlineAlert(SQLModel, table=True):
    """A parcel flagged before its legal deadline; one row per parcel and deadline, so flagging is idempotent."""

    __tablename__ = "deadline_alert"
    __table_args__ = (UniqueConstraint("parcel_id", "deadline"),)
    id: int | None = Field(default=None, primary_key=True)
    parcel_id: int = Field(foreign_key="parcel.id", index=True)
    deadline: date
    raised_at: datetime = _utc()
    resolved_at: datetime | None = _utc(nullable=True)
