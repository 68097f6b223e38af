"""Rules of messages to citizens: the SMS alphabet and length, quiet hours, the wait between tries."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from postal_service.domain.messages import backoff, parse_quiet_hours, quiet_until, segments, sms_text
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.domain.vietnamese import strip_diacritics

QUIET = (time(21), time(7))


def test_vietnamese_loses_its_marks_and_keeps_its_letters():
    assert strip_diacritics("Hồ sơ đã được niêm phong. ĐỦ giấy tờ") == "Ho so da duoc niem phong. DU giay to"


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ .,:0123456789"


@given(st.text(alphabet=VIETNAMESE, max_size=600))
def test_an_sms_never_takes_more_than_two_parts(body):
    for plain in (True, False):
        assert segments(sms_text(body, plain)) <= 2


def test_a_short_message_is_sent_whole_and_a_long_one_is_cut_with_an_ellipsis():
    assert sms_text("Ma xac thuc: 123456", True) == "Ma xac thuc: 123456"
    long = sms_text("Hồ sơ " * 100, False)
    assert 2 * 67 - 4 <= len(long) <= 2 * 67 and long.endswith("...")
    assert 2 * 153 - 4 <= len(sms_text("Ho so " * 100, True)) <= 2 * 153


def test_quiet_hours_run_across_midnight_and_end_in_the_morning():
    at = lambda h, m=0, day=23: datetime(2026, 11, day, h, m, tzinfo=LOCAL_TZ)  # noqa: E731
    assert quiet_until(at(22, 30), QUIET) == at(7, day=24)
    assert quiet_until(at(6, 59), QUIET) == at(7)
    assert quiet_until(at(7), QUIET) is None and quiet_until(at(20, 59), QUIET) is None
    assert quiet_until(at(13), (time(12), time(14))) == at(14)
    assert parse_quiet_hours("") is None and parse_quiet_hours("21:00-07:00") == QUIET


def test_the_wait_between_tries_doubles_from_half_a_minute_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(20) == timedelta(hours=1)
