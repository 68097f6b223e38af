"""Webhooks to agency systems: the endpoints, the outbox of deliveries, and a log line per attempt."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from postal_service.domain.webhooks import URL_MAX_LENGTH

from .columns import json_column, utc


class WebhookEndpoint(SQLModel, table=True):
    __tablename__ = "webhook_endpoint"
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int | None = Field(default=None, foreign_key="agency.id", index=True)  # None: the national portal
    url: str = Field(max_length=URL_MAX_LENGTH)
    events: list[str] = json_column()
    secret: str = Field(max_length=64)  # signs every POST; shown once when made or rotated
    previous_secret: str | None = Field(default=None, max_length=64)  # still signs until previous_until
    previous_until: datetime | None = utc(nullable=True)
    active: bool = True
    created_at: datetime = utc()


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint, written with the change it tells of; workers send it until it is taken."""

    __tablename__ = "webhook_delivery"
    id: int | None = Field(default=None, primary_key=True)
    endpoint_id: int = Field(foreign_key="webhook_endpoint.id", index=True)
    event_id: str = Field(max_length=36, index=True)  # X-Event-Id: the receiver drops a repeat by it
    event_type: str = Field(max_length=64)
    body: str  # the exact bytes signed and sent
    status: str = Field(default="pending", max_length=8, index=True)  # pending | sent | dead
    attempts: int = 0
    next_attempt_at: datetime | None = utc(nullable=True)
    last_error: str = Field(default="", max_length=500)
    created_at: datetime = utc()
    sent_at: datetime | None = utc(nullable=True)


class WebhookAttempt(SQLModel, table=True):
    """The delivery log: every POST tried, with the answer or the failure."""

    __tablename__ = "webhook_attempt"
    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="webhook_delivery.id", index=True)
    at: datetime = utc()
    status_code: int | None = None
    error: str = Field(default="", max_length=500)
    milliseconds: int = 0
