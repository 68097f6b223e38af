"""The working calendar for any year: the law's days off computed (lunar Tết included), and the government's
announced swaps declared on top."""

from __future__ import annotations

from datetime import date

import pytest

from postal_service.config import Settings
from postal_service.public_holidays import named_public_holidays

CALENDAR = Settings(environment="test", _env_file=None).calendar  # type: ignore[call-arg]


def test_tet_2030_is_a_week_off_and_a_deadline_across_it_waits_for_the_thursday_after():
    tet = [date(2030, 1, 31), date(2030, 2, 1), date(2030, 2, 4), date(2030, 2, 5), date(2030, 2, 6)]
    assert not any(CALENDAR.is_working_day(day) for day in tet)
    assert CALENDAR.add_working_days(date(2030, 1, 30), 1) == date(2030, 2, 7)
    assert CALENDAR.working_days_between(date(2030, 1, 30), date(2030, 2, 8)) == 2


@pytest.mark.parametrize("year", range(2026, 2061))
def test_every_year_has_its_lunar_new_year_hung_kings_and_national_days_off(year):
    names = [name for _, name in named_public_holidays(year, "vi")]
    assert "Tết Nguyên Đán" in names and "Ngày Giỗ Tổ Hùng Vương" in names and "Quốc khánh" in names
    assert not CALENDAR.is_working_day(date(year, 9, 2))


def test_vietnam_culture_day_is_a_day_off_from_2026():
    assert not CALENDAR.is_working_day(date(2027, 11, 24))  # a Wednesday
    assert CALENDAR.is_working_day(date(2025, 11, 24))  # a Monday, before the day was made


def test_a_swapped_saturday_is_worked_and_the_monday_it_pays_for_is_off():
    saturday, monday = date(2030, 4, 27), date(2030, 4, 29)  # a bridge to 30 April, worked on the Saturday before
    swapped = CALENDAR.declaring(days_off=[monday], working_days=[saturday])
    assert swapped.is_working_day(saturday) and not swapped.is_working_day(monday)
    assert not CALENDAR.is_working_day(saturday) and CALENDAR.is_working_day(monday)
    friday = date(2030, 4, 26)
    assert swapped.add_working_days(friday, 1) == saturday
    assert swapped.add_working_days(friday, 2) == date(2030, 5, 2)  # Monday swapped, 30/4 and 1/5 by law


def test_a_holiday_declared_working_is_worked_and_no_longer_a_holiday():
    culture_day = date(2026, 11, 24)
    assert CALENDAR.is_holiday(culture_day)
    declared = CALENDAR.declaring(days_off=[], working_days=[culture_day])
    assert declared.is_working_day(culture_day) and not declared.is_holiday(culture_day)
