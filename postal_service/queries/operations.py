"""The running service as its operator watches it: what is waiting to leave (messages, webhook deliveries), what
died, which plans wait for a worker or failed, and how the S10 ranges stand. Each count reads open work through
an index (status, or the plan's day), never the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

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
    messages, webhooks = _pending(ctx, Notification), _pending(ctx, WebhookDelivery)
    queued = ctx.session.exec(
        select(func.count(), func.min(PlanRun.started_at)).where(
            col(PlanRun.day) >= ctx.today - timedelta(days=1), PlanRun.status == "queued"
        )
    ).one()
    failed = ctx.session.exec(select(func.count()).where(PlanRun.day == ctx.today, PlanRun.status == "failed")).one()
    plans = Waiting(queued[0], queued[1])
    return Operations(
        readiness=readiness(ctx),
        scheduler=scheduler_state(ctx),
        messages=messages,
        webhooks=webhooks,
        dead_webhooks=_dead_webhooks(ctx),
        plans_queued=plans,
        plans_failed_today=failed,
        numbers=serial_ranges(ctx),
        messages_late=messages.late(ctx.now, LATE_MESSAGE_MINUTES) or webhooks.late(ctx.now, LATE_MESSAGE_MINUTES),
        plans_late=plans.late(ctx.now, LATE_PLAN_MINUTES),
    )


def _pending(ctx: Context, table: type[Notification] | type[WebhookDelivery]) -> Waiting:
    count, oldest = ctx.session.exec(
        select(func.count(), func.min(table.created_at)).where(table.status == MessageStatus.PENDING.value)
    ).one()
    return Waiting(count, oldest)


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
