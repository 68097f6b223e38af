"""Agency systems are told of every status change of their parcels by signed webhooks (domain/webhooks.py).

A change writes one delivery per interested endpoint in its own transaction (the outbox); once it commits, a
task is sent for each, and the minute's sweep picks up the rest and each retry that falls due. The worker locks
the delivery while it POSTs, logs every attempt, and retries with backoff until the receiver answers 2xx or the
tries run out. The event id (tracking number and event sequence) lets a receiver drop a repeat.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import timedelta
from time import monotonic

from sqlmodel import col, select

from postal_service.db.queries import by_code, procedure_and_agency
from postal_service.db.tables import (
    Agency,
    CustodyEvent,
    Parcel,
    ServiceRequest,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Forbidden, NotFound
from postal_service.domain.messages import DeliveryFailed, MessageStatus, backoff
from postal_service.domain.national_status import POSTAL_CHANNEL
from postal_service.domain.webhooks import signature, wants

from .context import Context
from .schemas.webhooks import WebhookCreate

Post = Callable[[str, bytes, dict[str, str]], int]  # url, body, headers -> the receiver's status code
STATUS_CHANGED = "parcel.status_changed"


def agency_to_manage(ctx: Context, code: str) -> Agency:
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


def create_endpoint(ctx: Context, code: str, data: WebhookCreate) -> WebhookEndpoint:
    agency = agency_to_manage(ctx, code)
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


def announce(ctx: Context, parcel: Parcel, event: CustodyEvent) -> None:
    """A delivery for each endpoint of the parcel's agency that wants status changes (in this transaction)."""
    request = ctx.session.get(ServiceRequest, parcel.request_id)
    assert request is not None
    _, agency = procedure_and_agency(ctx.session, request.procedure_id)
    theirs_or_portal = (col(WebhookEndpoint.agency_id) == agency.id) | col(WebhookEndpoint.agency_id).is_(None)
    endpoints = ctx.session.exec(
        select(WebhookEndpoint).where(theirs_or_portal, col(WebhookEndpoint.active).is_(True))
    ).all()
    event_id = f"{parcel.tracking_number}.{event.sequence}"
    body = json.dumps(
        {
            "id": event_id,
            "type": STATUS_CHANGED,
            "occurred_at": ctx.now.isoformat(),
            "data": {
                "tracking_number": parcel.tracking_number,
                "leg": parcel.leg,
                "action": event.action,
                "from_status": event.from_status,
                "status": event.to_status,
                "reference": request.reference,
                "dossier_code": request.dossier_code,
                "agency_code": agency.code,
                "channel": POSTAL_CHANNEL,
            },
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    for endpoint in endpoints:
        if wants(endpoint.events, STATUS_CHANGED):
            delivery = WebhookDelivery(
                endpoint_id=endpoint.id or 0,
                event_id=event_id,
                event_type=STATUS_CHANGED,
                body=body,
                created_at=ctx.now,
            )
            ctx.session.add(delivery)
            ctx.outbox.append(delivery)


def deliver(ctx: Context, delivery_id: int, post: Post) -> str:
    """POST one delivery if it is due, signed with every valid secret; log the attempt; returns its status."""
    delivery = ctx.session.exec(
        select(WebhookDelivery).where(WebhookDelivery.id == delivery_id).with_for_update(skip_locked=True)
    ).first()
    if delivery is None:
        return "taken"
    if delivery.status != MessageStatus.PENDING.value:
        return delivery.status
    if delivery.next_attempt_at is not None and delivery.next_attempt_at > ctx.now:
        return "later"
    endpoint = ctx.session.get(WebhookEndpoint, delivery.endpoint_id)
    assert endpoint is not None
    keys = [endpoint.secret] + (
        [endpoint.previous_secret]
        if endpoint.previous_secret and (endpoint.previous_until or ctx.now) > ctx.now
        else []
    )
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "X-Event-Id": delivery.event_id,
        "X-Event-Type": delivery.event_type,
        "X-Signature": signature([k.encode() for k in keys], int(ctx.now.timestamp()), body),
    }
    delivery.attempts += 1
    began, code, error = monotonic(), None, ""
    try:
        code = post(endpoint.url, body, headers)
    except DeliveryFailed as failure:
        error = str(failure)
    attempt = WebhookAttempt(delivery_id=delivery.id or 0, at=ctx.now, status_code=code, error=error[:500])
    attempt.milliseconds = round((monotonic() - began) * 1000)
    ctx.session.add(attempt)
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.sent_at, delivery.next_attempt_at = MessageStatus.SENT.value, ctx.now, None
    else:
        delivery.last_error = (error or f"the receiver answered {code}")[:500]
        exhausted = delivery.attempts >= ctx.settings.webhook_max_attempts
        delivery.status = MessageStatus.DEAD.value if exhausted else delivery.status
        delivery.next_attempt_at = None if exhausted else ctx.now + backoff(delivery.attempts)
    ctx.session.add(delivery)
    return delivery.status
