"""The running service as its operator watches it: what is waiting to leave (messages, webhook deliveries), what
died, which plans wait for a worker or failed, and how the S10 ranges stand. Each count reads open work through
an index (status, or the plan's day), never the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, or_
from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import Agency, Notification, PlanRun, WebhookDelivery, WebhookEndpoint
from postal_service.domain.access import Capability, require
from postal_service.domain.messages import MessageStatus

from .health import Readiness, readiness, scheduler_state
from .serial_ranges import RangeOut, serial_ranges

LATE_MESSAGE_MINUTES = 10  # a message still waiting this long: the messenger workers are stopped or failing
LATE_PLAN_MINUTES = 5  # a plan still queued this long: no worker takes plans
DEAD_LOOKBACK_DAYS = 1  # webhook deliveries given up since then, by agency


@dataclass(frozen=True)
class Waiting:
    count: int
    oldest: datetime | None

    def late(self, now: datetime, minutes: int) -> bool:
        return self.oldest is not None and now - self.oldest > timedelta(minutes=minutes)


@dataclass(frozen=True)
class DeadWebhooks:
    agency_code: str
    agency_name: str
    count: int


@dataclass(frozen=True)
class Operations:
    readiness: Readiness
    scheduler: str
    messages: Waiting
    webhooks: Waiting
    dead_webhooks: list[DeadWebhooks]
    plans_queued: Waiting
    plans_failed_today: int
    numbers: list[RangeOut]
    messages_late: bool
    plans_late: bool


def operations(ctx: Context) -> Operations:
    require(ctx.actor, Capability.MANAGE_CATALOGUE)
    by_channel = outbox(ctx)
    messages = Waiting(
        sum(w.count for c, w in by_channel.items() if c != WEBHOOK),
        min((w.oldest for c, w in by_channel.items() if c != WEBHOOK and w.oldest), default=None),
    )
    webhooks, plans = by_channel.get(WEBHOOK, Waiting(0, None)), queued_plans(ctx)
    return Operations(
        readiness=readiness(ctx),
        scheduler=scheduler_state(ctx),
        messages=messages,
        webhooks=webhooks,
        dead_webhooks=_dead_webhooks(ctx),
        plans_queued=plans,
        plans_failed_today=failed_plans_today(ctx),
        numbers=serial_ranges(ctx),
        messages_late=messages.late(ctx.now, LATE_MESSAGE_MINUTES) or webhooks.late(ctx.now, LATE_MESSAGE_MINUTES),
        plans_late=plans.late(ctx.now, LATE_PLAN_MINUTES),
    )


WEBHOOK = "webhook"  # the outbox's channel of webhook deliveries, beside the notices' sms and email


def outbox(ctx: Context) -> dict[str, Waiting]:
    """What waits to leave, by channel (sms, email, webhook), through the index on status: the sent never count.

    `oldest` is since when the longest-waiting message has been due (written, or its retry or quiet hours over):
    a notice held overnight by quiet hours is not late, one due ten minutes ago and not sent is."""
    rows = ctx.session.exec(
        select(Notification.channel, func.count(), _due_since(ctx, Notification))
        .where(Notification.status == MessageStatus.PENDING.value)
        .group_by(Notification.channel)
    ).all()
    waiting = {channel: Waiting(count, oldest) for channel, count, oldest in rows}
    count, oldest = ctx.session.exec(
        select(func.count(), _due_since(ctx, WebhookDelivery)).where(
            WebhookDelivery.status == MessageStatus.PENDING.value
        )
    ).one()
    return waiting | {WEBHOOK: Waiting(count, oldest)}


def _due_since(ctx: Context, table: type[Notification] | type[WebhookDelivery]) -> Any:
    next_try = col(table.next_attempt_at)
    due = or_(next_try.is_(None), next_try <= ctx.now)
    return func.min(case((due, func.coalesce(next_try, col(table.created_at))), else_=None))


def queued_plans(ctx: Context) -> Waiting:
    """Plans asked for and not yet taken by a worker (yesterday's and today's: older ones never run)."""
    count, oldest = ctx.session.exec(
        select(func.count(), func.min(PlanRun.started_at)).where(
            col(PlanRun.day) >= ctx.today - timedelta(days=1), PlanRun.status == "queued"
        )
    ).one()
    return Waiting(count, oldest)


def failed_plans_today(ctx: Context) -> int:
    return ctx.session.exec(select(func.count()).where(PlanRun.day == ctx.today, PlanRun.status == "failed")).one()


def _dead_webhooks(ctx: Context) -> list[DeadWebhooks]:
    since = ctx.now - timedelta(days=DEAD_LOOKBACK_DAYS)
    rows = ctx.session.exec(
        select(Agency.code, Agency.name, func.count())
        .select_from(WebhookDelivery)
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
        .join(Agency, col(Agency.id) == col(WebhookEndpoint.agency_id))
        .where(WebhookDelivery.status == MessageStatus.DEAD.value, col(WebhookDelivery.created_at) >= since)
        .group_by(Agency.code, Agency.name)
        .order_by(func.count().desc())
    ).all()
    return [DeadWebhooks(code, name, count) for code, name, count in rows]
