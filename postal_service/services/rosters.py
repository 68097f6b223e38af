"""A dispatcher keeps the office's couriers' rosters: each one's weekly pattern, and leave, sick days, half days
and swaps for the coming weeks. Every plan made after reads them (planning_inputs), and the board says who is
off. Two dispatchers changing one courier at once are taken one after the other (the courier's row is locked),
so two changes can never claim the same day."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.repository import lock_row
from postal_service.db.tables import CourierWeek, PostOffice, RosterChange, User
from postal_service.domain.errors import InvalidField, InvalidTransition, NotFound
from postal_service.domain.roles import Role
from postal_service.domain.rosters import (
    Change,
    ChangeKind,
    DayOff,
    Week,
    WorkingDay,
    change_errors,
    day_of,
    week_errors,
)
from postal_service.domain.timeslots import WEEKDAYS
from postal_service.queries.rosters import change_of, changes_from, require_roster_keeper, week_of

from .schemas.rosters import ChangeIn, WeekIn


def set_week(ctx: Context, courier_id: int, data: WeekIn) -> CourierWeek:
    """The pattern every coming week follows. Refused (422 naming the day) where it breaks the office's hours
    or a change already made: a swap onto a day the new week works, a half day or swap from a day it leaves off."""
    office = _rostered(ctx, courier_id)
    week = Week(data.shifts, data.lunch, data.lunch_minutes)
    errors = week_errors(week, office.opening_hours)
    for change in (change_of(row) for row in changes_from(ctx.session, [courier_id], ctx.today)):
        errors.update(_broken_by(week, change))
    if errors:
        raise InvalidField(errors)
    row = ctx.session.get(CourierWeek, courier_id) or CourierWeek(
        courier_id=courier_id, shifts={}, lunch={}, lunch_minutes=data.lunch_minutes, set_by=ctx.actor.principal
    )
    row.shifts, row.lunch, row.lunch_minutes = dict(data.shifts), dict(data.lunch), data.lunch_minutes
    row.set_by, row.set_at = ctx.actor.principal, ctx.now
    ctx.session.add(row)
    ctx.session.flush()
    return row


def _broken_by(week: Week, change: Change) -> dict[str, str]:
    """A change the new week would leave meaningless, named by the weekday that breaks it."""
    broken = None
    if change.kind is ChangeKind.SWAP and change.works_on is not None:
        if isinstance(day_of(week, [], change.works_on), WorkingDay):
            broken = change.works_on
        elif isinstance(day_of(week, [], change.first_day), DayOff):
            broken = change.first_day
    if change.kind is ChangeKind.HALF_DAY:
        broken = next((d for d in sorted(change.days()) if isinstance(day_of(week, [], d), DayOff)), None)
    return {} if broken is None else {_weekday(broken): "a change already made depends on this day: withdraw it first"}


def _weekday(day: date) -> str:
    return f"shifts.{WEEKDAYS[day.weekday()]}"


def add_change(ctx: Context, courier_id: int, data: ChangeIn) -> RosterChange:
    """Leave, a sick day, a half day or a swap, checked against the courier's week and other changes."""
    office = _rostered(ctx, courier_id)
    hours = (time.fromisoformat(data.hours[0]), time.fromisoformat(data.hours[1])) if data.hours else None
    change = Change(data.kind, data.first_day, data.last_day or data.first_day, data.works_on, hours)
    week = week_of(ctx.session.get(CourierWeek, courier_id), office)
    others = [change_of(row) for row in changes_from(ctx.session, [courier_id], ctx.today)]
    errors = change_errors(change, week, office.opening_hours, others, ctx.today)
    if errors:
        raise InvalidField(errors)
    row = RosterChange(
        courier_id=courier_id,
        kind=data.kind.value,
        first_day=change.first_day,
        last_day=change.last_day,
        works_on=change.works_on,
        until=max(change.days()),
        starts=data.hours[0] if data.hours else None,
        ends=data.hours[1] if data.hours else None,
        note=data.note,
        made_by=ctx.actor.principal,
        made_at=ctx.now,
    )
    ctx.session.add(row)
    ctx.session.flush()
    return row


def withdraw_change(ctx: Context, courier_id: int, change_id: int) -> None:
    """A change made in error, or no longer true, goes; one already over stays as the record of what was."""
    _rostered(ctx, courier_id)
    row = ctx.session.get(RosterChange, change_id)
    if row is None or row.courier_id != courier_id:
        raise NotFound(f"courier {courier_id} has no roster change {change_id}")
    if row.until < ctx.today:
        raise InvalidTransition(f"the change ended on {row.until.isoformat()}: it is the record of what was")
    ctx.session.delete(row)
    ctx.session.flush()


def _rostered(ctx: Context, courier_id: int) -> PostOffice:
    """The courier's office, the courier's row locked for the rest of the unit of work; only the office's
    keepers may."""
    lock_row(ctx.session, User, courier_id)
    courier = ctx.session.exec(select(User).where(col(User.id) == courier_id, User.role == Role.COURIER.value)).first()
    if courier is None:
        raise NotFound(f"no courier {courier_id}")
    require_roster_keeper(ctx, courier.post_office_id)
    office = ctx.session.get(PostOffice, courier.post_office_id) if courier.post_office_id else None
    if office is None:
        raise NotFound(f"courier {courier.username} belongs to no post office")
    return office
