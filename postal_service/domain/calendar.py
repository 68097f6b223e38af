"""Working-day arithmetic for legal deadlines, attempts and holds (DOMAIN.md, "Deadlines")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .money import Zone

SUNDAY = 6
SATURDAY = 5


@dataclass(frozen=True)
class WorkingCalendar:
    """Sundays and public holidays are never working days; Saturdays are a setting."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    saturday_is_working: bool = False

    def is_working_day(self, day: date) -> bool:
        if day.weekday() == SUNDAY or day in self.holidays:
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
