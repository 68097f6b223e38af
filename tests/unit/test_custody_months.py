"""The months of the custody log: a chain's month in Vietnam's calendar, the months made ahead, their names."""

from datetime import UTC, date, datetime

from postal_service.db import partitions
from postal_service.domain.custody import chain_month


def test_a_chain_opened_late_on_the_last_evening_of_a_month_in_utc_belongs_to_the_next_in_vietnam():
    assert chain_month(datetime(2026, 12, 31, 17, 30, tzinfo=UTC)) == date(2027, 1, 1)  # 00:30 in Hà Nội
    assert chain_month(datetime(2026, 12, 31, 16, 59, tzinfo=UTC)) == date(2026, 12, 1)


def test_the_coming_months_are_this_one_and_three_more_across_the_new_year():
    assert partitions.coming_months(date(2026, 11, 20)) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
    ]
    assert partitions.months_between(date(2025, 12, 31), date(2026, 2, 1)) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_only_the_logs_own_months_and_default_are_taken_for_partitions():
    assert partitions.partition_name(date(2026, 3, 1)) == "custody_event_y2026m03"
    assert partitions.is_partition("custody_event_y2026m03") and partitions.is_partition("custody_event_default")
    assert not partitions.is_partition("custody_event") and not partitions.is_partition("custody_event_y2026m3")
