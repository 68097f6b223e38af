"""Working-day arithmetic for legal deadlines, attempts and holds (DOMAIN.md, "Deadlines")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .money import Zone

SUNDAY = 6
SATURDAY = 5


PublicHolidays = Callable[[int], frozenset[date]]  # a year's days off by law


def no_public_holidays(year: int) -> frozenset[date]:
    return frozenset()


@dataclass(frozen=True)
class WorkingCalendar:
    """Sundays and days off are never working days, Saturdays are a setting; a day declared working (the
    government's announced swap: a Saturday worked for a Monday off) is one whatever its weekday.

    The days off are the law's for any year (`public_holidays`, lunar Tết included) and the days declared off
    (`holidays`: the announced swaps' days off and the operator's own)."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    saturday_is_working: bool = False
    public_holidays: PublicHolidays = no_public_holidays
    working_days: frozenset[date] = field(default_factory=frozenset)

    def declaring(self, days_off: Iterable[date], working_days: Iterable[date]) -> WorkingCalendar:
        """This calendar with the days announced off or working added."""
        return replace(self, holidays=self.holidays | set(days_off), working_days=self.working_days | set(working_days))

    def is_holiday(self, day: date) -> bool:
        """A day off on a weekday's footing: by law or declared, unless declared working."""
        if day in self.working_days:
            return False
        return day in self.holidays or day in self.public_holidays(day.year)

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        if day.weekday() == SUNDAY or self.is_holiday(day):
            return False
        return self.saturday_is_working or day.weekday() != SATURDAY

    def add_working_days(self, start: date, days: int) -> date:
        """J + n: the n-th working day after `start` (start itself does not count)."""
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; 0 when end <= start."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count


def parse_holidays(values: Iterable[str]) -> frozenset[date]:
    return frozenset(date.fromisoformat(v.strip()) for v in values if v.strip())


TRANSIT_DAYS: dict[Zone, int] = {Zone.SAME_COMMUNE: 1, Zone.SAME_PROVINCE: 2, Zone.OTHER_PROVINCE: 3}


def transit_deadline(calendar: WorkingCalendar, start: date, zone: Zone, table: dict[Zone, int]) -> date:
    """Latest day a leg that started on `start` must arrive: J+1 / J+2 / J+3 by default."""
    return calendar.add_working_days(start, table[zone])
