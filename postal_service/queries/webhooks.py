"""An agency's webhook endpoints and the delivery log of one of them."""

from __future__ import annotations

from sqlmodel import col, select

from postal_service.db.tables import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from postal_service.services.context import Context
from postal_service.services.schemas.webhooks import AttemptOut, DeliveryOut, WebhookOut
from postal_service.services.webhook_endpoints import agency_to_manage, endpoint_of

LOG_PAGE = 100


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
