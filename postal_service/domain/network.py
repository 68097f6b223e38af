"""The network's words and clock: how hubs and runs are named, how a run's times are written, and the week of the
timetable (whole minutes from a local Monday 00:00) that the path search works on."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from .timeslots import LOCAL_TZ, WEEKDAYS

HUB_CODE_FORMAT = r"^[A-Z][A-Z0-9-]{2,15}$"  # an exchange centre: a letter first, never a postcode (e.g. KTHN-1)
RUN_CODE_FORMAT = r"^[A-Z0-9][A-Z0-9.-]{1,15}$"  # a trunk run's number on the timetable (e.g. C1-DN-HN-1)
POINT_CODE_FORMAT = r"^([0-9]{5,6}|[A-Z][A-Z0-9-]{2,15})$"  # an office's postcode or a hub's code
RUN_TIME_FORMAT = r"^([01][0-9]|2[0-3]):[0-5][0-9](\+[1-3])?$"  # 22:30, or 05:10+1 for the next morning
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
LEVELS = (1, 2, 3)  # đường thư cấp 1 between provinces, cấp 2 within a province, cấp 3 to communes


def minutes_of(written: str) -> int:
    """'05:10+1' -> minutes after the run's day's midnight (1750)."""
    if not re.fullmatch(RUN_TIME_FORMAT, written):
        raise ValueError(f"write a time as HH:MM, or HH:MM+1 for the next day, not {written!r}")
    clock, _, later = written.partition("+")
    hours, minutes = clock.split(":")
    return int(later or 0) * DAY_MINUTES + int(hours) * 60 + int(minutes)


def written_time(minutes: int) -> str:
    """The inverse of `minutes_of`."""
    days, within = divmod(minutes, DAY_MINUTES)
    return f"{within // 60:02d}:{within % 60:02d}" + (f"+{days}" if days else "")


def weekday_numbers(names: list[str]) -> str:
    """['mon', 'wed'] -> '02' (Monday is 0), in week order, each day once."""
    unknown = [name for name in names if name not in WEEKDAYS]
    if unknown or not names:
        raise ValueError(f"name days from {', '.join(WEEKDAYS)}")
    return "".join(str(WEEKDAYS.index(day)) for day in WEEKDAYS if day in names)


def weekday_names(numbers: str) -> list[str]:
    return [WEEKDAYS[int(digit)] for digit in numbers]


def week_of(moment: datetime) -> datetime:
    """The local Monday 00:00 that starts the timetable's week holding `moment`."""
    local = moment.astimezone(LOCAL_TZ)
    return (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)


def minute_in(week: datetime, moment: datetime) -> int:
    """Whole minutes from the week's start to `moment`, rounded up: an envelope is ready in the minute after."""
    seconds = (moment - week).total_seconds()
    return int(-(-seconds // 60))


def moment_at(week: datetime, minute: int) -> datetime:
    """The moment, in UTC as every stored time is."""
    return (week + timedelta(minutes=minute)).astimezone(UTC)


def next_departure(weekdays: str, departs: int, cutoff: int, now: datetime) -> tuple[datetime, datetime]:
    """(bags close, run leaves) of a weekly run's first departure whose bags have not closed at `now`."""
    week = week_of(now)
    ready = minute_in(week, now)
    for day in range(15):
        if str(day % 7) in weekdays:
            leaves = day * DAY_MINUTES + departs
            if leaves - cutoff >= ready:
                return moment_at(week, leaves - cutoff), moment_at(week, leaves)
    raise ValueError("the run has no weekday")
