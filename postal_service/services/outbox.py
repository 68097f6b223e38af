"""Deliver the outbox: each message once, with retries and backoff, quiet hours and a limit per phone.

A message is written in the transaction of the change it announces (custody.notify); after that commit a task
is sent for it, and a sweep every minute finds whatever was not delivered (the broker was down, a try failed
and its next try is due). The row is locked while it is sent, so two workers never send it twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlmodel import col, func, or_, select

from postal_service import metrics
from postal_service.context import Context
from postal_service.db.tables import Notification, WebhookDelivery
from postal_service.domain.messages import (
    DeliveryFailed,
    MessageKind,
    MessageStatus,
    backoff,
    parse_quiet_hours,
    quiet_until,
)
from postal_service.domain.timeslots import LOCAL_TZ

Send = Callable[[Notification], str]
Row = TypeVar("Row", Notification, WebhookDelivery)
SWEEP_BATCH = 500


def due(ctx: Context, limit: int = SWEEP_BATCH) -> list[Notification]:
    """Pending messages whose (next) try is due, oldest first."""
    return due_rows(ctx, Notification, limit)


def due_rows(ctx: Context, table: type[Row], limit: int = SWEEP_BATCH) -> list[Row]:
    """Rows of an outbox (messages, webhook deliveries) still pending whose (next) try is due, oldest first."""
    pending = col(table.status) == MessageStatus.PENDING.value  # type: ignore[attr-defined]
    next_try = col(table.next_attempt_at)  # type: ignore[attr-defined]
    query = select(table).where(pending, or_(next_try.is_(None), next_try <= ctx.now))
    return list(ctx.session.exec(query.order_by(col(table.id)).limit(limit)))  # type: ignore[attr-defined]


def deliver(ctx: Context, message_id: int, send: Send) -> str:
    """Try one message now if it is due; returns what became of it."""
    message = ctx.session.exec(
        select(Notification).where(Notification.id == message_id).with_for_update(skip_locked=True)
    ).first()
    if message is None:
        return "taken"  # another worker holds it, or it is not committed yet: the sweep comes back to it
    if message.status != MessageStatus.PENDING.value:
        return message.status
    if message.next_attempt_at is not None and message.next_attempt_at > ctx.now:
        return "later"
    wait = _wait(ctx, message)
    if wait is not None:
        message.next_attempt_at = wait
        ctx.session.add(message)
        return "deferred"
    message.attempts += 1
    try:
        message.provider = send(message)[:64]
    except DeliveryFailed as failure:
        _failed(ctx, message, failure)
    else:
        message.status, message.sent_at, message.next_attempt_at = MessageStatus.SENT.value, ctx.now, None
    ctx.session.add(message)
    metrics.MESSAGE_ATTEMPTS.labels(message.channel, metrics.outcome_of(message.status)).inc()
    return message.status


def _wait(ctx: Context, message: Notification) -> datetime | None:
    """Until when a notice must wait: quiet hours, or too many messages to this phone in the last hour."""
    if message.kind == MessageKind.SIGN_IN_CODE.value:
        return None
    quiet = quiet_until(ctx.now.astimezone(LOCAL_TZ), parse_quiet_hours(ctx.settings.quiet_hours))
    if quiet is not None:
        return quiet
    hour_ago = ctx.now - timedelta(hours=1)
    sent = ctx.session.exec(
        select(func.count(), func.min(Notification.sent_at)).where(
            Notification.recipient == message.recipient,
            Notification.status == MessageStatus.SENT.value,
            col(Notification.sent_at) > hour_ago,
        )
    ).one()
    if sent[0] >= ctx.settings.messages_per_phone_per_hour and sent[1] is not None:
        return sent[1] + timedelta(hours=1)
    return None


def _failed(ctx: Context, message: Notification, failure: DeliveryFailed) -> None:
    message.last_error = str(failure)[:500]
    if failure.permanent or message.attempts >= ctx.settings.message_max_attempts:
        message.status, message.next_attempt_at = MessageStatus.DEAD.value, None
    else:
        message.next_attempt_at = ctx.now + backoff(message.attempts)
