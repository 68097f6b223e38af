"""How a run's times and days are written, and the week of the timetable the search works on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postal_service.domain import network
from postal_service.domain.timeslots import LOCAL_TZ


@given(st.integers(min_value=0, max_value=4 * network.DAY_MINUTES - 1))
def test_a_written_time_reads_back_as_the_same_minute(minutes):
    assert network.minutes_of(network.written_time(minutes)) == minutes


@pytest.mark.parametrize("written", ["24:00", "7:30", "07:30+4", "07:30+", "07:60"])
def test_a_time_that_is_not_a_clock_time_is_refused(written):
    with pytest.raises(ValueError, match="HH:MM"):
        network.minutes_of(written)


def test_days_are_kept_in_week_order_once_each_and_unknown_days_are_refused():
    assert network.weekday_numbers(["sun", "mon", "wed"]) == "026"
    assert network.weekday_names("026") == ["mon", "wed", "sun"]
    with pytest.raises(ValueError):
        network.weekday_numbers(["monday"])


def test_the_timetable_week_starts_on_the_local_monday_and_a_moment_is_ready_in_the_minute_after():
    sunday_night_utc = datetime(2026, 11, 29, 18, 30, 20, tzinfo=UTC)  # Monday 01:30:20 in Việt Nam
    week = network.week_of(sunday_night_utc)
    assert week == datetime(2026, 11, 30, tzinfo=LOCAL_TZ)
    assert network.minute_in(week, sunday_night_utc) == 91
    assert network.moment_at(week, 91) == datetime(2026, 11, 29, 18, 31, tzinfo=UTC)


def test_the_posts_time_is_split_by_office_trunk_run_and_hub_and_the_agencys_is_left_out():
    from datetime import timedelta

    from postal_service.domain.waiting import time_at_points

    t0 = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    hour = timedelta(hours=1)
    moves = [
        (t0, "accept_at_counter", "post_office", {}),
        (t0 + 2 * hour, "bag", "post_office", {"bag": "TUI1"}),
        (t0 + 3 * hour, "dispatch", "trunk", {"bag": "TUI1", "run": "R1"}),
        (t0 + 5 * hour, "unbag_at_hub", "exchange_hub", {"bag": "TUI1", "at": "KTDN"}),
        (t0 + 9 * hour, "dispatch", "trunk", {"bag": "TUI2", "run": "R2"}),
        (t0 + 19 * hour, "unbag_at_office", "post_office", {"bag": "TUI2", "at": "100000"}),
        (t0 + 20 * hour, "confirm_agency_receipt", "agency", {}),
    ]
    held = time_at_points(moves, "550000", t0 + 30 * hour)
    assert held == {"550000": 3 * hour, "run R1": 2 * hour, "KTDN": 4 * hour, "run R2": 10 * hour, "100000": hour}
