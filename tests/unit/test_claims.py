"""The legal clocks of a claim: six months to file, 5 working days within a province and 7 across to answer."""

from __future__ import annotations

from datetime import date

import pytest

from postal_service.domain.calendar import WorkingCalendar
from postal_service.domain.claims import (
    ClaimKind,
    ClaimStatus,
    CompensationTariff,
    check_filing,
    filing_closes,
    move,
    resolve_by,
)
from postal_service.domain.errors import InvalidField, InvalidTransition
from postal_service.domain.money import Zone

CALENDAR = WorkingCalendar(frozenset({date(2026, 12, 1)}), saturday_is_working=False)


def test_a_claim_filed_on_monday_within_the_province_is_answered_by_the_next_monday():
    assert resolve_by(CALENDAR, date(2026, 11, 23), Zone.SAME_PROVINCE) == date(2026, 11, 30)
    assert resolve_by(CALENDAR, date(2026, 11, 23), Zone.SAME_COMMUNE) == date(2026, 11, 30)


def test_across_provinces_it_has_seven_working_days_and_skips_the_holiday():
    # Tue 24, Wed 25, Thu 26, Fri 27, Mon 30, (Tue 1 is a holiday), Wed 2, Thu 3
    assert resolve_by(CALENDAR, date(2026, 11, 23), Zone.OTHER_PROVINCE) == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("event", "closes"),
    [
        (date(2026, 5, 10), date(2026, 11, 10)),
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2026, 12, 4), date(2027, 6, 4)),
    ],
)
def test_the_six_months_end_on_the_same_day_of_the_month_or_its_last_day(event, closes):
    assert filing_closes(event) == closes


def test_a_claim_after_six_months_is_refused_naming_the_envelope():
    check_filing(date(2026, 5, 10), date(2026, 11, 10))
    with pytest.raises(InvalidField) as refused:
        check_filing(date(2026, 5, 10), date(2026, 11, 11))
    assert "tracking_number" in refused.value.errors


def test_a_claim_is_assigned_before_it_is_answered_and_answered_once():
    with pytest.raises(InvalidTransition):
        move(ClaimStatus.OPEN, "resolve")
    assert move(ClaimStatus.ASSIGNED, "resolve") is ClaimStatus.RESOLVED
    with pytest.raises(InvalidTransition):
        move(ClaimStatus.RESOLVED, "assign")


def test_compensation_is_a_multiple_of_the_postal_charge_by_kind():
    tariff = CompensationTariff()
    assert [tariff.amount(kind, 33_000) for kind in ClaimKind] == [132_000, 66_000, 33_000, 0]
