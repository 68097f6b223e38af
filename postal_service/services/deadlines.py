"""Watch the legal deadlines (DOMAIN.md): flag a parcel before it breaches, once per parcel and deadline, and text
the office's dispatchers; a step that moves the parcel closes its alert."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select, update

from postal_service.context import Context
from postal_service.db.tables import DeadlineAlert, Parcel, ServiceRequest, User
from postal_service.domain.lifecycle import OPEN, Leg, is_terminal
from postal_service.domain.notice_templates import Topic
from postal_service.domain.notices import Notice
from postal_service.domain.roles import Role
from postal_service.queries.leg_deadlines import deadline_of

from .notices import notify_staff

URGENT_WITHIN = 3  # working days: a parcel due within them outranks routine work in a plan that cannot serve all


def dispatchers_of(ctx: Context, post_office_id: int) -> list[User]:
    query = select(User).where(
        User.role == Role.DISPATCHER.value, User.post_office_id == post_office_id, col(User.active).is_(True)
    )
    return list(ctx.session.exec(query))


def close_alerts(ctx: Context, parcel_ids: set[int]) -> None:
    """A parcel that moves closes its open alerts: someone has acted on it (the step's own transaction)."""
    if parcel_ids:
        ctx.session.execute(
            update(DeadlineAlert)
            .where(col(DeadlineAlert.parcel_id).in_(parcel_ids), col(DeadlineAlert.resolved_at).is_(None))
            .values(resolved_at=ctx.now)
        )


def urgency(ctx: Context, day: date, parcel: Parcel, request: ServiceRequest) -> int:
    """The routing priority of a parcel planned for `day`: 3 when due that day or overdue, 2 the working day
    after, 1 the one after that, 0 otherwise (and for a leg whose legal clock has not started)."""
    deadline = deadline_of(ctx, parcel, request)
    if deadline is None:
        return 0
    left = ctx.calendar.working_days_between(day, deadline)
    return max(URGENT_WITHIN - left, 0)


def flag_at_risk(ctx: Context) -> list[str]:
    """Raise an alert for each moving parcel whose deadline is within the warning; running twice adds nothing."""
    horizon = ctx.deadline_horizon
    raised = []
    rows = ctx.session.exec(
        select(Parcel, ServiceRequest)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .where(col(Parcel.status).in_(OPEN), col(Parcel.started_on).is_not(None))
    ).all()
    for parcel, request in rows:
        if is_terminal(Leg(parcel.leg), parcel.status) or parcel.holder == "agency":
            continue
        deadline = deadline_of(ctx, parcel, request)
        if deadline is None or deadline > horizon:
            continue
        known = ctx.session.exec(
            select(DeadlineAlert.id).where(DeadlineAlert.parcel_id == parcel.id, DeadlineAlert.deadline == deadline)
        ).first()
        if known is None:
            ctx.session.add(DeadlineAlert(parcel_id=parcel.id or 0, deadline=deadline, raised_at=ctx.now))
            notice = Notice(Topic.DEADLINE_ALERT, {"number": parcel.tracking_number, "until": deadline})
            notify_staff(ctx, request, notice, dispatchers_of(ctx, request.post_office_id))
            raised.append(parcel.tracking_number)
    return raised
