"""Running the service: idempotency keys, serials, the access log, evidence files, route plans, alerts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from .columns import json_column, utc


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
    created_at: datetime = utc()
    expires_at: datetime = utc(index=True)


# On PostgreSQL one sequence issues the S10 serials of every prefix, without a lock (db/serials.py).
class SerialCounter(SQLModel, table=True):
    """A prefix's range of serials on SQLite: the next one, incremented under the write lock so no number is
    issued twice, and the last one it may issue (on PostgreSQL each prefix has a sequence, `db/serials.py`)."""

    __tablename__ = "serial_counter"
    prefix: str = Field(primary_key=True, max_length=3)
    next_serial: int
    last_serial: int = Field(default=99_999_999, sa_column_kwargs={"server_default": "99999999"})


class SerialUsage(SQLModel, table=True):
    """How many of a prefix's serials were issued, once a day: the rate that forecasts the range's end."""

    __tablename__ = "serial_usage"
    __table_args__ = (UniqueConstraint("prefix", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    prefix: str = Field(max_length=3)
    day: date
    used: int
    last_serial: int


class AccessLog(SQLModel, table=True):
    """Every read or write of a dossier by whom (Decree 13/2023: log access to personal data)."""

    __tablename__ = "access_log"
    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(max_length=64)
    actor_role: str = Field(max_length=16)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    purpose: str = Field(max_length=64)
    at: datetime = utc()


class Evidence(SQLModel, table=True):
    """A signature drawing, a photo taken at a handover or a paper the service made; custody events refer to it by
    its digest, and its bytes are the file of that digest in the file store (`db.files`)."""

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(unique=True, max_length=64)
    content_type: str = Field(max_length=32)
    size: int  # bytes
    uploaded_by: str = Field(max_length=64)
    uploaded_at: datetime = utc()


class EvidenceUse(SQLModel, table=True):
    """Which envelope's record refers to a stored file: retention erases a file no other envelope refers to by
    looking it up here (by digest), never by searching the custody log's text."""

    __tablename__ = "evidence_use"
    __table_args__ = (UniqueConstraint("digest", "parcel_id"),)
    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(max_length=64, index=True)
    parcel_id: int = Field(foreign_key="parcel.id", index=True)


class PlanRun(SQLModel, table=True):
    """One planning of one post office's day: what went in (digest), what came out, what could not be served."""

    __tablename__ = "plan_run"
    id: int | None = Field(default=None, primary_key=True)
    post_office_id: int = Field(foreign_key="post_office.id", index=True)
    day: date = Field(index=True)
    started_at: datetime = utc()
    finished_at: datetime | None = utc(nullable=True)
    status: str = Field(default="running", max_length=16)  # running | done | failed
    trigger: str = Field(default="dispatcher", max_length=16)  # dispatcher | scheduler
    inputs_digest: str = Field(default="", max_length=64)
    vehicles: int = 0
    distance_m: int = 0
    seconds: float = 0.0
    unassigned: list[dict[str, Any]] = json_column()  # [{"tracking_number", "reason"}]
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
    eta: datetime = utc()
    window_start: datetime = utc()
    window_end: datetime = utc()
    done: bool = False


class DeadlineAlert(SQLModel, table=True):
    """A parcel flagged before its legal deadline; one row per parcel and deadline, so flagging is idempotent."""

    __tablename__ = "deadline_alert"
    __table_args__ = (UniqueConstraint("parcel_id", "deadline"),)
    id: int | None = Field(default=None, primary_key=True)
    parcel_id: int = Field(foreign_key="parcel.id", index=True)
    deadline: date
    raised_at: datetime = utc()
    resolved_at: datetime | None = utc(nullable=True)


class CustodyAnchor(SQLModel, table=True):
    """The last (sequence, hash) of every custody chain that moved since the anchors before, signed; written daily
    and exportable. Together the anchors pin every chain's head as last anchored."""

    __tablename__ = "custody_anchor"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = utc(index=True)
    key_id: str = Field(max_length=16)
    heads: dict[str, Any] = json_column()  # tracking number -> [sequence, hash]
    signature: str = Field(max_length=64)
    through_event_id: int | None = None  # the newest custody event when it was written (None: an anchor of all)


class CashHandover(SQLModel, table=True):
    """A courier's cash of one day handed in at the post office: expected (from the payments), declared by the
    courier, counted by the office, and signed off by a manager; one row per courier and day."""

    __tablename__ = "cash_handover"
    __table_args__ = (UniqueConstraint("courier_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    post_office_id: int = Field(foreign_key="post_office.id", index=True)
    courier_id: int = Field(foreign_key="app_user.id", index=True)
    day: date
    expected: int = Field(ge=0)
    declared: int = Field(ge=0)
    counted: int = Field(ge=0)
    counted_by: str = Field(max_length=64)
    counted_at: datetime = utc()
    note: str = Field(default="", max_length=2000)
    signed_off_by: str | None = Field(default=None, max_length=64)
    signed_off_at: datetime | None = utc(nullable=True)


class FeeStatement(SQLModel, table=True):
    """The remittance record: the procedure fees an office collected for an agency over a period, closed by a
    manager with the totals as they stood; one per office, agency and period."""

    __tablename__ = "fee_statement"
    __table_args__ = (UniqueConstraint("post_office_id", "agency_id", "period_start", "period_end"),)
    id: int | None = Field(default=None, primary_key=True)
    post_office_id: int = Field(foreign_key="post_office.id", index=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    period_start: date
    period_end: date
    payments: int = Field(ge=0)
    collected: int = Field(ge=0)
    forwarded: int = Field(ge=0)  # handed to the agency's desk with the dossiers
    issued_by: str = Field(max_length=64)
    issued_at: datetime = utc()


class Claim(SQLModel, table=True):
    """A complaint about one envelope: the custody events up to `event_sequence` are the ones it is about; the
    legal answer date is fixed when it is filed."""

    __tablename__ = "claim"
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    parcel_id: int = Field(foreign_key="parcel.id", index=True)
    post_office_id: int = Field(foreign_key="post_office.id", index=True)
    kind: str = Field(max_length=16)  # claims.ClaimKind
    description: str = Field(max_length=2000)
    event_sequence: int  # the last custody event of the envelope when the claim was filed
    filed_by: str = Field(max_length=64)
    filed_at: datetime = utc()
    resolve_by: date
    status: str = Field(default="open", max_length=16, index=True)  # claims.ClaimStatus
    assignee_id: int | None = Field(default=None, foreign_key="app_user.id")
    verdict: str | None = Field(default=None, max_length=16)  # claims.Verdict
    resolution: str = Field(default="", max_length=2000)
    compensation: int = Field(default=0, ge=0)
    resolved_by: str | None = Field(default=None, max_length=64)
    resolved_at: datetime | None = utc(nullable=True)
    warned_at: datetime | None = utc(nullable=True)  # the office was texted that the answer date is near
