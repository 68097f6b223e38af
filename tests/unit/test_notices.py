"""The notices to citizens: every handover has its text in both languages, and each fits two SMS parts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postal_service.domain.errors import InvalidField
from postal_service.domain.lifecycle import Leg
from postal_service.domain.messages import SEGMENTS, segments, sms_text
from postal_service.domain.national_status import NationalStatus
from postal_service.domain.notices import LANGUAGES, Dong, FailureReason, Notice, Topic
from postal_service.domain.route_stops import ETA_MARGIN, eta_window
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.domain.vietnamese import strip_diacritics

from .aggregate_fixtures import CLERK, MONDAY, at, request

LONGEST_REASON = "x" * 60  # the reasons and names a clerk or courier types are cut to fit, never the rest
WORST_CASE = {  # the longest value each placeholder takes in practice
    "reference": "D45-XXXXXX",
    "link": "https://buudien.example.gov.vn/track/D45-XXXXXX",
    "numbers": "RH000000015VN, RK000000029VN",
    "number": "RH000000032VN",
    "total": Dong(1_234_000),
    "code": "123456",
    "minutes": 10,
    "start": datetime(2026, 11, 23, 9, 30, tzinfo=LOCAL_TZ),
    "end": datetime(2026, 11, 23, 11, 30, tzinfo=LOCAL_TZ),
    "seal": "S-20261123-0001",
    "missing": "Bản sao CCCD; Tờ khai",
    "dossier_code": "000.00.15.G02-261123-0001",
    "appointment": date(2026, 12, 7),
    "reason": LONGEST_REASON,
    "receiver": "Nguyễn Thị Minh Khai",
    "until": date(2026, 12, 7),
    "tracking": "RH000000032VN",
    "city": "Thành phố Hồ Chí Minh",
    "expected": datetime(2026, 11, 24, 9, 30, tzinfo=LOCAL_TZ),
    "bag": "TUI000000123",
    "origin": "KTHCM-1",
    "destination": "KTHN-1",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("topic", list(Topic))
def test_every_notice_has_a_text_in_each_language_that_fits_two_plain_sms_parts(topic, language):
    values = {**WORST_CASE, "reason": FailureReason.WRONG_ADDRESS} if "attempt" in topic else WORST_CASE
    text = Notice(topic, values).text(language)
    assert "{" not in text and text == text.strip()
    plain = strip_diacritics(text)
    assert plain.isascii(), "punctuation outside GSM would halve what fits"
    assert segments(plain) <= SEGMENTS and sms_text(text, True) == plain  # never cut


def test_vietnamese_notices_keep_their_diacritics_and_english_ones_are_english():
    notice = Notice(Topic.RECEIVED_BY_AGENCY, {"dossier_code": "G02-1", "appointment": date(2026, 12, 7)})
    assert (
        notice.text("vi", reference="D45-A") == "Cơ quan đã tiếp nhận hồ sơ D45-A: mã hồ sơ G02-1, hẹn trả 07/12/2026."
    )
    assert notice.text("en", reference="D45-A").startswith("The agency received dossier D45-A")
    assert notice.title("vi") == "Cơ quan đã tiếp nhận" and notice.title("en") == "Received by the agency"


def test_amounts_and_failure_reasons_are_written_in_the_citizens_language():
    assert f"{Dong(120_000):vi}" == "120.000 đồng" and f"{Dong(120_000):en}" == "120,000 VND"
    assert f"{FailureReason.NOBODY_HOME:vi}" == "không có người nhận" and f"{FailureReason.NOBODY_HOME:en}" == (
        "nobody at home"
    )


@given(st.integers(min_value=0, max_value=16 * 60), st.integers(min_value=6, max_value=48))
def test_the_window_told_holds_the_planned_arrival_on_five_minute_marks(minutes, slot_fives):
    """Slots start on the hour and last a multiple of five minutes, as offices define them."""
    opens = datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ)
    eta = opens + timedelta(minutes=minutes, seconds=17)
    slot_start = opens + timedelta(minutes=(minutes // 60) * 60)
    slot_end = slot_start + timedelta(minutes=5 * slot_fives)
    start, end = eta_window(eta, slot_start, slot_end)
    assert start <= eta <= end and end - start <= 2 * ETA_MARGIN + timedelta(minutes=10)
    assert start.minute % 5 == 0 and end.minute % 5 == 0 and start.second == end.second == 0
    if slot_start <= eta <= slot_end:
        assert slot_start <= start and end <= slot_end


@dataclass
class Report:
    code: NationalStatus
    note: str | None = None
    appointment_date: date | None = None


def test_processing_completed_from_the_agency_system_marks_the_waiting_result_ready():
    booking = request(Leg.RESULT)
    outcome = booking.report_national_status(at(CLERK), Report(NationalStatus.PROCESSING_COMPLETED))
    assert booking.parcel("RK000000029VN").status == "ready_at_agency"
    assert [e.action for e in outcome.events] == ["mark_result_ready"]
    assert outcome.message == Notice(Topic.RESULT_READY)


def test_processing_completed_before_the_dossier_arrived_only_records_the_status():
    booking = request(Leg.DOSSIER, Leg.RESULT)
    outcome = booking.report_national_status(at(CLERK), Report(NationalStatus.PROCESSING_COMPLETED))
    assert outcome.events == () and booking.parcel("RK000000029VN").status == "awaiting_result"
    assert booking.national_status is NationalStatus.PROCESSING_COMPLETED


def test_a_new_appointment_date_is_kept_and_texted_and_a_past_one_is_refused():
    booking = request(Leg.RESULT)
    later = MONDAY + timedelta(days=14)
    outcome = booking.report_national_status(at(CLERK), Report(NationalStatus.IN_PROCESS, appointment_date=later))
    assert booking.appointment_date == later
    assert outcome.message == Notice(Topic.APPOINTMENT_CHANGED, {"appointment": later})
    same = booking.report_national_status(at(CLERK), Report(NationalStatus.IN_PROCESS, appointment_date=later))
    assert same.message is None  # the same date again is not news
    with pytest.raises(InvalidField) as refused:
        booking.report_national_status(
            at(CLERK), Report(NationalStatus.IN_PROCESS, appointment_date=MONDAY - timedelta(1))
        )
    assert "appointment_date" in refused.value.errors


def test_processing_stopped_is_texted_with_the_agencys_note():
    booking = request(Leg.RESULT)
    outcome = booking.report_national_status(at(CLERK), Report(NationalStatus.PROCESSING_STOPPED, note="rút hồ sơ"))
    assert outcome.message == Notice(Topic.PROCESSING_STOPPED, {"reason": "rút hồ sơ"})
