"""Who works which day, and when: a courier's weekly pattern and the changes a dispatcher makes to it.

A courier without a pattern works the office's opening hours, with the usual lunch, on every day it is open.
A pattern gives each weekday worked a shift (the days it leaves out are off) and, where the courier eats on the
route, the window lunch falls in. A change overrides the pattern for some days: leave and sick days are off, a
half day works part of the shift (the morning by default: the route ends by noon), and a swap gives up one day
for another the pattern leaves off, working there the hours of the day given up. Changes of one courier never
overlap, so every day has exactly one answer (`day_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum

from .language import VIETNAMESE, Bilingual, in_language
from .timeslots import WEEKDAYS, hours_on

Span = tuple[time, time]
USUAL_LUNCH: Span = (time(11, 30), time(13, 45))  # a 45-minute lunch starting between 11:30 and 13:00
USUAL_LUNCH_MINUTES = 45
NOON = time(12, 0)
LONGEST_CHANGE_DAYS = 366  # a change spans at most a year: a longer absence is the account made inactive


class ChangeKind(StrEnum):
    LEAVE = "leave"
    SICK = "sick"
    HALF_DAY = "half_day"
    SWAP = "swap"

    def label(self, language: str = VIETNAMESE) -> str:
        return in_language(CHANGE_LABELS[self], language)


CHANGE_LABELS: dict[ChangeKind, Bilingual] = {
    ChangeKind.LEAVE: ("nghỉ phép", "leave"),
    ChangeKind.SICK: ("nghỉ ốm", "sick"),
    ChangeKind.HALF_DAY: ("làm nửa ngày", "half day"),
    ChangeKind.SWAP: ("đổi ngày làm", "swap"),
}
OFF_KINDS = frozenset({ChangeKind.LEAVE, ChangeKind.SICK})


@dataclass(frozen=True)
class Week:
    """A courier's weekly pattern: shifts and lunch windows as opening hours are written ({"mon": [from, to]})."""

    shifts: Mapping[str, list[str]]
    lunch: Mapping[str, list[str]]
    lunch_minutes: int = USUAL_LUNCH_MINUTES


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    first_day: date
    last_day: date
    works_on: date | None = None  # a swap: the day worked instead
    hours: Span | None = None  # a half day's or a swapped day's hours, when not the default
    id: int | None = None

    def days(self) -> set[date]:
        """Every day the change decides: its span, and the day a swap works instead."""
        span = {self.first_day + timedelta(days=n) for n in range((self.last_day - self.first_day).days + 1)}
        return span | ({self.works_on} if self.works_on else set())


@dataclass(frozen=True)
class WorkingDay:
    start: time
    end: time
    lunch: Span | None  # the window lunch falls in, or None on a day too short for one
    lunch_minutes: int
    because: ChangeKind | None = None  # a half day or a swap; None: the pattern


@dataclass(frozen=True)
class DayOff:
    because: ChangeKind | None = None  # leave, sick, a swap's given-up day; None: the pattern (or the office) is off


def usual_week(opening_hours: Mapping[str, list[str]]) -> Week:
    """The week of a courier nobody rostered: the office's hours, lunch where the day spans it."""
    lunch = {day: [f"{USUAL_LUNCH[0]:%H:%M}", f"{USUAL_LUNCH[1]:%H:%M}"] for day in opening_hours}
    return Week(opening_hours, {day: span for day, span in lunch.items() if _covers(opening_hours[day], span)})


def _covers(shift: list[str], span: list[str]) -> bool:
    return shift[0] <= span[0] and span[1] <= shift[1]


def day_of(week: Week, changes: Iterable[Change], day: date) -> WorkingDay | DayOff:
    """What the courier works on the day, the changes first."""
    for change in changes:
        if change.kind is ChangeKind.SWAP and change.works_on == day:
            given_up = _pattern_day(week, change.first_day)
            hours = change.hours or ((given_up.start, given_up.end) if isinstance(given_up, WorkingDay) else None)
            if hours is None:
                return DayOff()
            return _shift(week, change.first_day, hours, ChangeKind.SWAP)
        if change.first_day <= day <= change.last_day:
            if change.kind is ChangeKind.HALF_DAY:
                usual = _pattern_day(week, day)
                if isinstance(usual, DayOff):
                    return usual
                return _shift(week, day, change.hours or (usual.start, min(NOON, usual.end)), ChangeKind.HALF_DAY)
            return DayOff(change.kind)
    return _pattern_day(week, day)


def _pattern_day(week: Week, day: date) -> WorkingDay | DayOff:
    span = hours_on(dict(week.shifts), day)
    return DayOff() if span is None else _shift(week, day, span, None)


def _shift(week: Week, pattern_day: date, hours: Span, because: ChangeKind | None) -> WorkingDay:
    """The hours worked, with the pattern day's lunch when it still fits inside them."""
    lunch = hours_on(dict(week.lunch), pattern_day)
    fits = lunch is not None and hours[0] <= lunch[0] and lunch[1] <= hours[1]
    return WorkingDay(hours[0], hours[1], lunch if fits else None, week.lunch_minutes, because)


def week_errors(week: Week, opening_hours: Mapping[str, list[str]]) -> dict[str, str]:
    """A pattern's mistakes by field: a shift on a day the office is closed or outside its hours, a lunch on a
    day not worked, outside the shift, or shorter than the lunch itself."""
    errors: dict[str, str] = {}
    for day in WEEKDAYS:
        shift, opening = week.shifts.get(day), opening_hours.get(day)
        if shift and not opening:
            errors[f"shifts.{day}"] = "the post office is closed that day"
        elif shift and opening and not _covers(opening, shift):
            errors[f"shifts.{day}"] = "a shift falls within the post office's opening hours that day"
        lunch = week.lunch.get(day)
        if not lunch:
            continue
        if not shift:
            errors[f"lunch.{day}"] = "a lunch needs a shift that day"
        elif not _covers(shift, lunch):
            errors[f"lunch.{day}"] = "the lunch falls inside the shift"
        elif _minutes(lunch) < week.lunch_minutes:
            errors[f"lunch.{day}"] = "the lunch window is shorter than the lunch itself"
    return errors


def _minutes(span: list[str]) -> int:
    start, end = (time.fromisoformat(t) for t in span)
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def change_errors(
    change: Change, week: Week, opening_hours: Mapping[str, list[str]], others: Iterable[Change], today: date
) -> dict[str, str]:
    """A change's mistakes by field: days in the past or in the wrong order, hours out of place, a swap onto a day
    already worked, or days another change of the courier already decides."""
    errors: dict[str, str] = {}
    if change.first_day < today:
        errors["first_day"] = "a change starts today at the earliest"
    if change.last_day < change.first_day:
        errors["last_day"] = "the last day must not be before the first day"
    elif (change.last_day - change.first_day).days >= LONGEST_CHANGE_DAYS:
        errors["last_day"] = "a change spans a year at most"
    if change.hours and change.hours[1] <= change.hours[0]:
        errors["hours"] = "the hours end after they start"
    if change.hours and change.kind in OFF_KINDS:
        errors["hours"] = "a day of leave or sickness has no hours"
    if change.kind is ChangeKind.SWAP:
        errors.update(_swap_errors(change, week, opening_hours, today))
    elif change.works_on is not None:
        errors["works_on"] = "only a swap works another day"
    if change.kind is ChangeKind.HALF_DAY and "hours" not in errors and "last_day" not in errors:
        errors.update(_half_day_errors(change, week))
    if not errors:
        taken = next((other for other in others if other.id != change.id and other.days() & change.days()), None)
        if taken is not None:
            errors["first_day"] = "another change of the courier already covers one of these days: withdraw it first"
    return errors


def _swap_errors(change: Change, week: Week, opening_hours: Mapping[str, list[str]], today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if change.last_day != change.first_day:
        errors["last_day"] = "a swap gives up one day"
    elif isinstance(_pattern_day(week, change.first_day), DayOff):
        errors["first_day"] = "the courier's week does not work that day: nothing to give up"
    if change.works_on is None:
        errors["works_on"] = "a swap names the day worked instead"
    elif change.works_on < today:
        errors["works_on"] = "the day worked instead must not be in the past"
    elif isinstance(_pattern_day(week, change.works_on), WorkingDay):
        errors["works_on"] = "the courier's week already works that day"
    else:
        worked = day_of(week, [change], change.works_on)
        opening = hours_on(dict(opening_hours), change.works_on)
        if opening is None:
            errors["works_on"] = "the post office is closed that day"
        elif isinstance(worked, WorkingDay) and not opening[0] <= worked.start <= worked.end <= opening[1]:
            errors["works_on"] = "the post office is not open those hours that day: give the hours worked"
    return errors


def _half_day_errors(change: Change, week: Week) -> dict[str, str]:
    for day in sorted(change.days()):
        usual = _pattern_day(week, day)
        if isinstance(usual, DayOff):
            return {"first_day": "a half day falls on a working day of the courier's week"}
        if change.hours is None and usual.start >= NOON:
            return {"hours": "the shift starts after noon: give the half day's hours"}
        if change.hours and not (usual.start <= change.hours[0] and change.hours[1] <= usual.end):
            return {"hours": "the hours fall inside the courier's shift that day"}
    return {}
