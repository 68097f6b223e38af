"""Background jobs: entry points that call services, each in one unit of work on the real clock.

The scheduler (`postal_service.scheduler`) only decides when; a Celery worker (`postal_service.worker`) runs
them. Every job is idempotent: run twice (a redelivered task, a second scheduler), it does no double work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlmodel import Session, col, select

from postal_service.config import Settings
from postal_service.context import Actor, Context
from postal_service.db.engine import make_engine
from postal_service.db.tables import Notification, PostOffice, WebhookDelivery
from postal_service.domain.timeslots import shift_on
from postal_service.queries import routes
from postal_service.services import (
    bag_delays,
    claims,
    courier_notices,
    custody_months,
    deadlines,
    figure_roll_up,
    holds,
    idempotency,
    outbox,
    plan_requests,
    planning,
    retention,
    serial_usage,
    webhooks,
)
from postal_service.services.custody_audit import write_anchor
from postal_service.services.planning_problem import SCHEDULER
from postal_service.services.unit_of_work import unit_of_work

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


PLAN, MESSAGE, WEBHOOK = "plan", "message", "webhook"
T = TypeVar("T")


@dataclass(frozen=True)
class Followup:
    """Work a job found for the workers, one task each: a plan it queued, a message it wrote or found due."""

    task: str  # PLAN | MESSAGE | WEBHOOK
    id: int
    about: str  # the office, the kind of message (never its recipient: logs carry it), or the event


def _ask(ctx: Context, office: PostOffice) -> Followup | None:
    """Queue a plan of the office's day, unless one is already waiting for a worker."""
    fresh = ctx.now - timedelta(minutes=ctx.settings.planning_lead_minutes)
    if plan_requests.waiting(ctx, office.id or 0, ctx.today, since=fresh):
        return None
    run = plan_requests.request_plan(ctx, office, ctx.today, trigger=SCHEDULER)
    return Followup(PLAN, run.id or 0, office.code)


def plan_due_shifts(session: Session, settings: Settings, now: datetime) -> list[Followup]:
    """Ask for a plan of each office's day a configured time before it opens, once. Each plan goes to the queue
    on its own, so a national morning spreads over every worker instead of running in this one job."""
    ctx = Context(session, settings, Actor.system(), now)
    asked = []
    for office in session.exec(select(PostOffice).order_by(col(PostOffice.id))):
        shift = shift_on(office.opening_hours, ctx.today)
        if shift is None or now < shift[0] - timedelta(minutes=settings.planning_lead_minutes):
            continue
        if routes.current_run(ctx, office.id, ctx.today) is None and (plan := _ask(ctx, office)):
            asked.append(plan)
    return asked


def replan_changed(session: Session, settings: Settings, now: datetime) -> list[Followup]:
    """Ask for a new plan of an office whose bookings changed since its last plan, while its day is running."""
    ctx = Context(session, settings, Actor.system(), now)
    asked = []
    for office in session.exec(select(PostOffice).order_by(col(PostOffice.id))):
        run, shift = routes.current_run(ctx, office.id, ctx.today), shift_on(office.opening_hours, ctx.today)
        if run is None or shift is None or now >= shift[1]:
            continue
        changed = planning.digest(planning.collect(ctx, office, ctx.today)) != run.inputs_digest
        if changed and (plan := _ask(ctx, office)):
            asked.append(plan)
    return asked


def as_system(use_case: Callable[[Context], T]) -> Callable[[Session, Settings, datetime], T]:
    """A job that is one use case run by the system, on the job's session and clock."""
    return lambda session, settings, now: use_case(Context(session, settings, Actor.system(), now))


watch_deadlines = as_system(deadlines.flag_at_risk)
warn_due_claims = as_system(claims.warn_due_claims)
apply_retention = as_system(retention.apply_retention)
expire_holds = as_system(holds.expire_holds)
announce_arrivals = as_system(courier_notices.announce_arrivals)
forget_idempotency_keys = as_system(idempotency.purge_expired)
anchor_custody = as_system(lambda ctx: len(write_anchor(ctx).heads))
reroute_missed_runs = as_system(bag_delays.reroute_missed_runs)
count_serial_usage = as_system(serial_usage.count_usage)
roll_up_figures = as_system(figure_roll_up.roll_up_figures)
prepare_custody_months = as_system(custody_months.prepare_coming_months)


def deliver_messages(session: Session, settings: Settings, now: datetime) -> list[Followup]:
    """The sweep: messages and webhooks whose task was lost (the broker was down) or whose next try is due."""
    ctx = Context(session, settings, Actor.system(), now)
    return [Followup(MESSAGE, message.id or 0, message.kind) for message in outbox.due(ctx)] + [
        Followup(WEBHOOK, delivery.id or 0, delivery.event_id) for delivery in outbox.due_rows(ctx, WebhookDelivery)
    ]


JOBS: dict[str, Callable[[Session, Settings, datetime], object]] = {
    "plan_due_shifts": plan_due_shifts,
    "replan_changed": replan_changed,
    "watch_deadlines": watch_deadlines,
    "warn_due_claims": warn_due_claims,
    "apply_retention": apply_retention,
    "expire_holds": expire_holds,
    "deliver_messages": deliver_messages,
    "announce_arrivals": announce_arrivals,
    "forget_idempotency_keys": forget_idempotency_keys,
    "anchor_custody": anchor_custody,
    "reroute_missed_runs": reroute_missed_runs,
    "count_serial_usage": count_serial_usage,
    "roll_up_figures": roll_up_figures,
    "prepare_custody_months": prepare_custody_months,
}


def run_job(
    name: str, send: Callable[[list[Followup]], None], settings: Settings | None = None, now: datetime | None = None
) -> None:
    """What a worker runs: a fresh session, the real clock, one job, and the engine closed again. (A simulation
    passes its own settings and clock.)

    The work a job found is sent before it commits: a job that fails to send it is rolled back and runs again;
    a task that arrives before the commit waits for it (plan_requests.NotYetCommitted) or is swept up later.
    Messages the job wrote go once it has committed."""
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    try:
        now = now or _utc_now()
        with unit_of_work(engine, settings, Actor.system(), now) as ctx:
            done = JOBS[name](ctx.session, settings, now)
            send([followup for followup in done if isinstance(followup, Followup)] if isinstance(done, list) else [])
        send([followup_of(written) for written in ctx.outbox])
        log.info("%s: %s", name, done or "nothing to do")
    finally:
        engine.dispose()


def followup_of(written: Notification | WebhookDelivery) -> Followup:
    """The task for a message or a webhook delivery a unit of work wrote."""
    if isinstance(written, WebhookDelivery):
        return Followup(WEBHOOK, written.id or 0, written.event_id)
    return Followup(MESSAGE, written.id or 0, written.kind)


def deliver_webhooks_now(
    delivery_ids: list[int], post: Callable[[Settings, str, bytes, dict[str, str]], int]
) -> list[str]:
    """What a worker runs for a batch of webhook deliveries (one agency's failing server costs only its own
    delivery a retry)."""
    return _each_in_its_own_unit(
        delivery_ids,
        "webhook delivery",
        lambda ctx, delivery_id: webhooks.deliver(
            ctx, delivery_id, lambda url, body, headers: post(ctx.settings, url, body, headers)
        ),
    )


def deliver_messages_now(message_ids: list[int], channel_for: Callable[[Settings, str], outbox.Send]) -> list[str]:
    """What a worker runs for a batch of messages: each tried now if it is due (services/outbox.py)."""
    return _each_in_its_own_unit(
        message_ids,
        "message",
        lambda ctx, message_id: outbox.deliver(
            ctx, message_id, lambda message: channel_for(ctx.settings, message.channel)(message)
        ),
    )


def _each_in_its_own_unit(ids: list[int], what: str, deliver: Callable[[Context, int], str]) -> list[str]:
    """Each item of a batch in a unit of work of its own: one that fails is rolled back, stays due and is tried
    again by the sweep, and the others go on."""
    settings = Settings()
    engine = make_engine(settings.database_url)
    outcomes = []
    try:
        for item in ids:
            try:
                with unit_of_work(engine, settings, Actor.system(), _utc_now()) as ctx:
                    outcomes.append(deliver(ctx, item))
            except Exception:  # rolled back and still due: the sweep tries it again; the batch goes on
                log.exception("%s %s failed; the sweep retries it", what, item)
                outcomes.append(f"{what} {item}: failed")
        return outcomes
    finally:
        engine.dispose()


def carry_out_plan(run_id: int) -> str:
    """What a worker runs for a plan a dispatcher asked for; NotYetCommitted means: retry shortly."""
    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        with unit_of_work(engine, settings, Actor.system(), _utc_now()) as ctx:
            run = plan_requests.carry_out(ctx, run_id)
        return f"plan {run_id}: {run.status}"
    except plan_requests.NotYetCommitted:
        raise
    except Exception as error:
        with unit_of_work(engine, settings, Actor.system(), _utc_now()) as ctx:
            plan_requests.mark_failed(ctx, run_id, f"{type(error).__name__}: {error}")
        raise
    finally:
        engine.dispose()
