"""Vietnam's public holidays by law (Labour Code art. 112: Tết Dương lịch, lunar Tết, Giỗ Tổ Hùng Vương, 30/4,
1/5, Quốc khánh, Ngày Văn hóa Việt Nam from 2026, with their days in lieu), for any year, from the `holidays`
package, which computes the lunar dates. The government's yearly swaps that the package does not know are
declared by an administrator (`services/calendar_days.py`)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

COUNTRY = "VN"
FIRST_YEAR, LAST_YEAR = 2000, 2099  # the years the calendar pages and API offer


@lru_cache(maxsize=64)
def _year(year: int, language: str) -> tuple[tuple[date, str], ...]:
    found = holidays.country_holidays(COUNTRY, years=year, language=language)
    return tuple(sorted(found.items()))


@lru_cache(maxsize=64)
def vietnam_public_holidays(year: int) -> frozenset[date]:
    """The days off by law of `year` (asked once for every day a working-day count passes: kept, not rebuilt)."""
    return frozenset(day for day, _ in _year(year, "vi"))


def named_public_holidays(year: int, language: str) -> list[tuple[date, str]]:
    """The year's days off with their names, in Vietnamese or English."""
    return list(_year(year, "vi" if language == "vi" else "en_US"))
