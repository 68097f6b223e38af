"""An agency's webhook endpoints, managed by its system (API) or its clerk (page): register one with its own secret,
rotate the secret (the old one signs too for a while), remove it, send a delivery again; and the national
portal's feed, set by an administrator. What is sent to them is services/webhooks.py."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlmodel import col, select

from postal_service import receivers
from postal_service.context import Context
from postal_service.db.tables import WebhookDelivery, WebhookEndpoint
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import InvalidField, NotFound
from postal_service.domain.messages import MessageStatus
from postal_service.domain.webhooks import STATUS_CHANGED
from postal_service.queries.webhooks import agency_to_manage, endpoint_of

from .schemas.webhooks import WebhookCreate


def receiver_checked(ctx: Context, url: str) -> str:
    """A receiver the service may call (https in production, never inside a private network), or a 422 naming
    the URL; delivery checks it again (postal_service/receivers.py)."""
    settings = ctx.settings
    try:
        receivers.checked(url, settings.environment == "production", settings.private_receivers_allowed)
    except receivers.Refused as refused:
        raise InvalidField.single("url", str(refused)) from refused
    return url


def create_endpoint(ctx: Context, code: str, data: WebhookCreate) -> WebhookEndpoint:
    agency = agency_to_manage(ctx, code)
    receiver_checked(ctx, str(data.url))
    endpoint = WebhookEndpoint(
        agency_id=agency.id or 0,
        url=str(data.url),
        events=list(data.events),
        secret=secrets.token_hex(32),
        created_at=ctx.now,
    )
    ctx.session.add(endpoint)
    ctx.session.flush()
    return endpoint


def rotate_secret(ctx: Context, code: str, endpoint_id: int) -> WebhookEndpoint:
    """A new secret signs from now on; the old one signs too until the overlap ends, so receivers can switch."""
    endpoint = endpoint_of(ctx, code, endpoint_id)
    endpoint.previous_secret, endpoint.secret = endpoint.secret, secrets.token_hex(32)
    endpoint.previous_until = ctx.now + timedelta(hours=ctx.settings.webhook_secret_overlap_hours)
    ctx.session.add(endpoint)
    return endpoint


def set_portal_endpoint(ctx: Context, url: str) -> WebhookEndpoint:
    """The national portal's feed: every agency's status changes, with channel code 3, signed like the rest.
    A new URL replaces the one before (its deliveries stay in the log)."""
    require(ctx.actor, Capability.MANAGE_CATALOGUE)
    receiver_checked(ctx, url)
    for old in ctx.session.exec(select(WebhookEndpoint).where(col(WebhookEndpoint.agency_id).is_(None))):
        old.active = False
        ctx.session.add(old)
    portal = WebhookEndpoint(url=url, events=[STATUS_CHANGED], secret=secrets.token_hex(32), created_at=ctx.now)
    ctx.session.add(portal)
    ctx.session.flush()
    return portal


def remove_endpoint(ctx: Context, code: str, endpoint_id: int) -> None:
    endpoint = endpoint_of(ctx, code, endpoint_id)
    endpoint.active = False
    ctx.session.add(endpoint)


def resend(ctx: Context, code: str, endpoint_id: int, delivery_id: int) -> WebhookDelivery:
    """Send a delivery again, whatever became of it, with a fresh count of tries."""
    endpoint = endpoint_of(ctx, code, endpoint_id)
    delivery = ctx.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.endpoint_id != endpoint.id:
        raise NotFound(f"no delivery {delivery_id} for webhook {endpoint_id}")
    delivery.status, delivery.attempts, delivery.next_attempt_at = MessageStatus.PENDING.value, 0, None
    ctx.session.add(delivery)
    ctx.outbox.append(delivery)
    return delivery
