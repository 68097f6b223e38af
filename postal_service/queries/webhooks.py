"""An agency's webhook endpoints and the delivery log of one of them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import by_code
from postal_service.db.tables import Agency, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Forbidden, NotFound

LOG_PAGE = 100


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    active: bool
    created_at: datetime


class AttemptOut(BaseModel):
    at: datetime
    status_code: int | None
    error: str
    milliseconds: int


class DeliveryOut(BaseModel):
    id: int
    event_id: str
    event_type: str
    status: str  # pending | sent | dead
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    log: list[AttemptOut]


def agency_to_manage(ctx: Context, code: str) -> Agency:
    """The agency whose webhooks this actor may manage: an agency's own system or clerk, or an administrator."""
    require(ctx.actor, Capability.MANAGE_WEBHOOKS)
    agency = by_code(ctx.session, Agency, code)
    if ctx.actor.agency_id is not None and ctx.actor.agency_id != agency.id:
        raise Forbidden("an agency manages only its own webhooks")
    return agency


def endpoint_of(ctx: Context, code: str, endpoint_id: int) -> WebhookEndpoint:
    endpoint = ctx.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.agency_id != agency_to_manage(ctx, code).id or not endpoint.active:
        raise NotFound(f"no webhook {endpoint_id} for agency {code}")
    return endpoint


def endpoints(ctx: Context, code: str) -> list[WebhookOut]:
    agency = agency_to_manage(ctx, code)
    rows = ctx.session.exec(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.agency_id == agency.id, col(WebhookEndpoint.active).is_(True))
        .order_by(col(WebhookEndpoint.id))
    )
    return [WebhookOut.model_validate(row, from_attributes=True) for row in rows]


def deliveries(ctx: Context, code: str, endpoint_id: int) -> list[DeliveryOut]:
    """The newest deliveries first, each with every attempt made."""
    endpoint = endpoint_of(ctx, code, endpoint_id)
    rows = ctx.session.exec(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(col(WebhookDelivery.id).desc())
        .limit(LOG_PAGE)
    ).all()
    attempts = ctx.session.exec(
        select(WebhookAttempt)
        .where(col(WebhookAttempt.delivery_id).in_([row.id for row in rows]))
        .order_by(col(WebhookAttempt.id))
    ).all()
    log: dict[int, list[AttemptOut]] = {}
    for attempt in attempts:
        log.setdefault(attempt.delivery_id, []).append(AttemptOut.model_validate(attempt, from_attributes=True))
    return [DeliveryOut.model_validate(row.model_dump() | {"log": log.get(row.id or 0, [])}) for row in rows]


def portal_endpoint(ctx: Context) -> WebhookOut | None:
    """The national portal's feed in force, if an administrator set one."""
    row = ctx.session.exec(
        select(WebhookEndpoint)
        .where(col(WebhookEndpoint.agency_id).is_(None), col(WebhookEndpoint.active).is_(True))
        .order_by(col(WebhookEndpoint.id).desc())
    ).first()
    return WebhookOut.model_validate(row, from_attributes=True) if row else None
