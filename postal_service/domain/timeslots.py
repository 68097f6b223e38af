"""Opening hours and the pickup time slots offered inside them (local time, Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CLOCK_TIME_FORMAT = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"  # 07:30
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

OpeningHours = dict[str, list[str]]  # {"mon": ["07:30", "17:30"], ...}; a missing day is closed


def validate_opening_hours(hours: OpeningHours) -> OpeningHours:
    """Reject unknown days, bad clock times and days that close before they open."""
    for day, span in hours.items():
        if day not in WEEKDAYS:
            raise ValueError(f"unknown day {day!r}; use {', '.join(WEEKDAYS)}")
        if len(span) != 2 or not all(re.fullmatch(CLOCK_TIME_FORMAT, t) for t in span):
            raise ValueError(f'{day}: give opening and closing time as ["HH:MM", "HH:MM"]')
        if span[0] >= span[1]:
            raise ValueError(f"{day}: closing time must be after opening time")
    return hours


def hours_on(hours: OpeningHours, day: date) -> tuple[time, time] | None:
    span = hours.get(WEEKDAYS[day.weekday()])
    if not span:
        return None
    return time.fromisoformat(span[0]), time.fromisoformat(span[1])


def shift_on(hours: OpeningHours, day: date) -> tuple[datetime, datetime] | None:
    """The moments an office opens and closes on the day, or None when it is closed."""
    span = hours_on(hours, day)
    return (datetime.combine(day, span[0], LOCAL_TZ), datetime.combine(day, span[1], LOCAL_TZ)) if span else None


@dataclass(frozen=True)
class Slot:
    """A pickup window; stored in UTC, shown in local time."""

    start: datetime
    end: datetime

    def local_label(self) -> str:
        start, end = self.start.astimezone(LOCAL_TZ), self.end.astimezone(LOCAL_TZ)
        return f"{start:%d/%m/%Y %H:%M}–{end:%H:%M}"


def slots_on(hours: OpeningHours, day: date, length: timedelta) -> list[Slot]:
    """Consecutive slots of `length` that fit wholly inside the day's opening hours."""
    span = hours_on(hours, day)
    if span is None:
        return []
    opening = datetime.combine(day, span[0], LOCAL_TZ)
    closing = datetime.combine(day, span[1], LOCAL_TZ)
    slots, start = [], opening
    while start + length <= closing:
        slots.append(Slot(start.astimezone(ZoneInfo("UTC")), (start + length).astimezone(ZoneInfo("UTC"))))
        start += length
    return slots


def is_offered(hours: OpeningHours, slot: Slot, length: timedelta) -> bool:
    """A booked slot must be exactly one of the slots we offer that day."""
    local_day = slot.start.astimezone(LOCAL_TZ).date()
    return slot in slots_on(hours, local_day, length)


def local_days(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants from the start of `first` to the end of `last`, local time: [start, end)."""
    return datetime.combine(first, time(0), LOCAL_TZ), datetime.combine(last + timedelta(days=1), time(0), LOCAL_TZ)
