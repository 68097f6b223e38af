"""Agency systems are told of every status change of their parcels by signed webhooks (domain/webhooks.py).

A change writes one delivery per interested endpoint in its own transaction (the outbox); once it commits, a
task is sent for each, and the minute's sweep picks up the rest and each retry that falls due. The worker locks
the delivery while it POSTs, logs every attempt, and retries with backoff until the receiver answers 2xx or the
tries run out. The event id (tracking number and event sequence) lets a receiver drop a repeat.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from time import monotonic

from sqlmodel import col, select

from postal_service import metrics
from postal_service.context import Context
from postal_service.db.queries import procedure_and_agency
from postal_service.db.tables import (
    Agency,
    CustodyEvent,
    Parcel,
    ServiceRequest,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from postal_service.domain.messages import DeliveryFailed, MessageStatus, backoff
from postal_service.domain.national_status import POSTAL_CHANNEL
from postal_service.domain.webhooks import DOSSIER_DIGITISED, DOSSIER_INBOUND, STATUS_CHANGED, signature, wants

Post = Callable[[str, bytes, dict[str, str]], int]  # url, body, headers -> the receiver's status code


def announce(ctx: Context, parcel: Parcel, event: CustodyEvent) -> None:
    """A delivery for each endpoint of the parcel's agency that wants status changes (in this transaction)."""
    data: dict[str, object] = {"action": event.action, "from_status": event.from_status, "status": event.to_status}
    _publish(ctx, parcel, f"{parcel.tracking_number}.{event.sequence}", STATUS_CHANGED, data)


def announce_inbound(ctx: Context, parcel: Parcel, expected: datetime, bag: str) -> None:
    """An envelope for the agency is on its way from another province: when it is expected at the office that
    hands it over (again, with the new time, whenever a missed run moves it)."""
    data: dict[str, object] = {"expected_arrival": expected.isoformat(), "bag": bag}
    _publish(ctx, parcel, f"{parcel.tracking_number}.inbound.{parcel.event_count}", DOSSIER_INBOUND, data)


def announce_digitised(ctx: Context, parcel: Parcel, pages: int) -> None:
    """The dossier's pages can be read before the envelope arrives: where to fetch the PDF, and how many pages."""
    url = f"{ctx.settings.public_base_url.rstrip('/')}/api/v1/parcels/{parcel.tracking_number}/dossier.pdf"
    _publish(ctx, parcel, f"{parcel.tracking_number}.pdf", DOSSIER_DIGITISED, {"pdf_url": url, "pages": pages})


def _publish(ctx: Context, parcel: Parcel, event_id: str, event_type: str, data: dict[str, object]) -> None:
    """One signed body for the agency's endpoints and the national portal's feed that want this event type."""
    request = ctx.session.get(ServiceRequest, parcel.request_id)
    assert request is not None
    _, agency = procedure_and_agency(ctx.session, request.procedure_id)
    theirs_or_portal = (col(WebhookEndpoint.agency_id) == agency.id) | col(WebhookEndpoint.agency_id).is_(None)
    endpoints = ctx.session.exec(
        select(WebhookEndpoint).where(theirs_or_portal, col(WebhookEndpoint.active).is_(True))
    ).all()
    about = {
        "tracking_number": parcel.tracking_number,
        "leg": parcel.leg,
        "reference": request.reference,
        "dossier_code": request.dossier_code,
        "agency_code": agency.code,
        "channel": POSTAL_CHANNEL,
    }
    body = json.dumps(
        {"id": event_id, "type": event_type, "occurred_at": ctx.now.isoformat(), "data": about | data},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    for endpoint in endpoints:
        if wants(endpoint.events, event_type):
            delivery = WebhookDelivery(
                endpoint_id=endpoint.id or 0, event_id=event_id, event_type=event_type, body=body, created_at=ctx.now
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
    metrics.WEBHOOK_ATTEMPTS.labels(_agency_label(ctx, endpoint), metrics.outcome_of(delivery.status)).inc()
    return delivery.status


def _agency_label(ctx: Context, endpoint: WebhookEndpoint) -> str:
    """The agency's code, or "portal" for the national portal's endpoints."""
    agency = ctx.session.get(Agency, endpoint.agency_id) if endpoint.agency_id is not None else None
    return agency.code if agency is not None else "portal"
