"""The phone's time of a step is believed unless it cannot be right."""

from datetime import UTC, datetime, timedelta

from postal_service.domain.device_clock import Doubt, doubt

RECEIVED = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_a_time_just_before_receipt_or_a_little_off_is_believed():
    assert doubt(RECEIVED - 3 * MINUTE, RECEIVED, RECEIVED - 30 * MINUTE, None) is None
    assert doubt(RECEIVED + 4 * MINUTE, RECEIVED, None, None) is None  # a phone's clock a little fast


def test_a_time_in_the_future_is_doubted():
    assert doubt(RECEIVED + 6 * MINUTE, RECEIVED, None, None) is Doubt.FUTURE


def test_a_time_before_the_envelopes_previous_step_is_doubted():
    assert (
        doubt(RECEIVED - 60 * MINUTE, RECEIVED, RECEIVED - 30 * MINUTE, RECEIVED - 90 * MINUTE) is Doubt.BEFORE_PREVIOUS
    )


def test_a_time_hours_before_receipt_needs_an_offline_period_covering_it():
    four_hours_ago = RECEIVED - 240 * MINUTE
    assert doubt(four_hours_ago, RECEIVED, None, None) is Doubt.NOT_OFFLINE
    assert doubt(four_hours_ago, RECEIVED, None, four_hours_ago + 30 * MINUTE) is Doubt.NOT_OFFLINE  # offline later
    assert doubt(four_hours_ago, RECEIVED, None, four_hours_ago - 10 * MINUTE) is None  # offline since before it
