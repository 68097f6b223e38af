"""Couriers' rosters as the plans, the board and the roster page read them: who works which day, and when.

A plan reads the couriers of one office for one day: their weekly patterns, and only the changes not yet over
(through the index on the last day a change decides), so the years of leave behind do not slow it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from pydantic import BaseModel
from sqlmodel import Session, col, select

from postal_service.context import Context
from postal_service.db.tables import CourierWeek, PostOffice, RosterChange, User
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Forbidden
from postal_service.domain.roles import Role
from postal_service.domain.rosters import Change, ChangeKind, DayOff, Week, WorkingDay, day_of, usual_week

Rostered = WorkingDay | DayOff


def week_of(row: CourierWeek | None, office: PostOffice) -> Week:
    return usual_week(office.opening_hours) if row is None else Week(row.shifts, row.lunch, row.lunch_minutes)


def change_of(row: RosterChange) -> Change:
    hours = (time.fromisoformat(row.starts), time.fromisoformat(row.ends)) if row.starts and row.ends else None
    return Change(ChangeKind(row.kind), row.first_day, row.last_day, row.works_on, hours, row.id)


def changes_from(session: Session, courier_ids: Sequence[int], first: date) -> list[RosterChange]:
    """The changes of these couriers that decide some day from `first` on."""
    return list(
        session.exec(
            select(RosterChange)
            .where(col(RosterChange.courier_id).in_(courier_ids), col(RosterChange.until) >= first)
            .order_by(col(RosterChange.first_day))
        )
    )


def rostered_days(
    session: Session,
    couriers: Sequence[User],
    office: PostOffice,
    days: Sequence[date],
    weeks: dict[int, CourierWeek] | None = None,
) -> dict[int, dict[date, Rostered]]:
    """Each courier's answer for each day: two statements, whatever the number of couriers and days (one when the
    caller has already read the couriers' weeks)."""
    ids = [c.id for c in couriers if c.id is not None]
    if not ids or not days:
        return {}
    if weeks is None:
        weeks = weeks_of(session, ids)
    changes: dict[int, list[Change]] = {}
    for row in changes_from(session, ids, min(days)):
        changes.setdefault(row.courier_id, []).append(change_of(row))
    answers: dict[int, dict[date, Rostered]] = {}
    for courier_id in ids:
        week, own = week_of(weeks.get(courier_id), office), changes.get(courier_id, [])
        answers[courier_id] = {day: day_of(week, own, day) for day in days}
    return answers


def weeks_of(session: Session, courier_ids: Sequence[int]) -> dict[int, CourierWeek]:
    rows = session.exec(select(CourierWeek).where(col(CourierWeek.courier_id).in_(courier_ids)))
    return {row.courier_id: row for row in rows}


def office_couriers(session: Session, office_id: int) -> list[User]:
    return list(
        session.exec(
            select(User)
            .where(User.role == Role.COURIER.value, col(User.active).is_(True), User.post_office_id == office_id)
            .order_by(col(User.username))
        )
    )


def require_roster_keeper(ctx: Context, office_id: int | None) -> None:
    """The office's own dispatchers and managers, or an administrator."""
    require(ctx.actor, Capability.KEEP_ROSTERS)
    if ctx.actor.role is not Role.ADMIN and ctx.actor.post_office_id != office_id:
        raise Forbidden("another post office's couriers are rostered by that office")


class RosterDayOut(BaseModel):
    day: date
    works: bool
    hours: list[str] | None  # ["07:30", "12:00"]
    lunch: list[str] | None
    because: ChangeKind | None  # leave, sick, half day, swap; None: the weekly pattern


class ChangeOut(BaseModel):
    id: int
    kind: ChangeKind
    first_day: date
    last_day: date
    works_on: date | None
    hours: list[str] | None
    note: str | None
    made_by: str
    made_at: datetime


class WeekOut(BaseModel):
    shifts: dict[str, list[str]]
    lunch: dict[str, list[str]]
    lunch_minutes: int
    usual: bool  # nobody set a pattern: the office's opening hours


class CourierRosterOut(BaseModel):
    courier_id: int
    username: str
    full_name: str
    week: WeekOut
    days: list[RosterDayOut]
    changes: list[ChangeOut]  # those not over yet


class RosterOut(BaseModel):
    office_code: str
    office_name: str
    days: list[date]
    couriers: list[CourierRosterOut]


def day_out(day: date, rostered: Rostered) -> RosterDayOut:
    if isinstance(rostered, DayOff):
        return RosterDayOut(day=day, works=False, hours=None, lunch=None, because=rostered.because)
    lunch = [f"{t:%H:%M}" for t in rostered.lunch] if rostered.lunch else None
    hours = [f"{rostered.start:%H:%M}", f"{rostered.end:%H:%M}"]
    return RosterDayOut(day=day, works=True, hours=hours, lunch=lunch, because=rostered.because)


def change_out(row: RosterChange) -> ChangeOut:
    hours = [row.starts, row.ends] if row.starts and row.ends else None
    return ChangeOut.model_validate({**row.model_dump(), "kind": ChangeKind(row.kind), "hours": hours})


def office_roster(ctx: Context, office: PostOffice, first: date, length: int) -> RosterOut:
    """The office's couriers over `length` days from `first`: their weeks, their days and their pending changes."""
    require_roster_keeper(ctx, office.id)
    couriers = office_couriers(ctx.session, office.id or 0)
    days = [first + timedelta(days=n) for n in range(length)]
    ids = [c.id or 0 for c in couriers]
    weeks = weeks_of(ctx.session, ids)
    answers = rostered_days(ctx.session, couriers, office, days, weeks)
    pending: dict[int, list[ChangeOut]] = {}
    for row in changes_from(ctx.session, ids, ctx.today):
        pending.setdefault(row.courier_id, []).append(change_out(row))
    return RosterOut(
        office_code=office.code,
        office_name=office.name,
        days=days,
        couriers=[
            CourierRosterOut(
                courier_id=c.id or 0,
                username=c.username,
                full_name=c.full_name,
                week=_week_out(weeks.get(c.id or 0), office),
                days=[day_out(day, answers[c.id or 0][day]) for day in days],
                changes=pending.get(c.id or 0, []),
            )
            for c in couriers
        ],
    )


def _week_out(row: CourierWeek | None, office: PostOffice) -> WeekOut:
    week = week_of(row, office)
    return WeekOut(
        shifts=dict(week.shifts), lunch=dict(week.lunch), lunch_minutes=week.lunch_minutes, usual=row is None
    )


class AwayOut(BaseModel):
    """A courier the board names for the day: off, or working other hours than usual."""

    username: str
    full_name: str
    day: RosterDayOut


def away_on(ctx: Context, office: PostOffice, day: date) -> list[AwayOut]:
    """Who of the office's couriers is off on the day or works changed hours: the board says so."""
    couriers = office_couriers(ctx.session, office.id or 0)
    answers = rostered_days(ctx.session, couriers, office, [day])
    away = []
    for c in couriers:
        rostered = answers[c.id or 0][day]
        if isinstance(rostered, DayOff) or rostered.because is not None:
            away.append(AwayOut(username=c.username, full_name=c.full_name, day=day_out(day, rostered)))
    return away


COURIER_LOOKS_AHEAD = 7  # the days a courier sees on their route page


def own_days(ctx: Context) -> list[RosterDayOut]:
    """The signed-in courier's coming week as the plans will read it: hours, lunch, and why when not the usual."""
    courier = ctx.session.get(User, ctx.actor.user_id) if ctx.actor.user_id else None
    office = ctx.session.get(PostOffice, courier.post_office_id) if courier and courier.post_office_id else None
    if courier is None or office is None:
        return []
    days = [ctx.today + timedelta(days=n) for n in range(COURIER_LOOKS_AHEAD)]
    answers = rostered_days(ctx.session, [courier], office, days)[courier.id or 0]
    return [day_out(day, answers[day]) for day in days]
