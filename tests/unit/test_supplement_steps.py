"""The supplement loop in the domain: the dossier stays at the agency, only the missing documents travel, into the
same dossier code, the result leg goes on, nothing is paid twice and the agency's clock stands still."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from postal_service.domain.calendar import WorkingCalendar
from postal_service.domain.errors import Forbidden, InvalidField, InvalidTransition
from postal_service.domain.lifecycle import Leg
from postal_service.domain.notices import Topic
from postal_service.domain.supplement_leg import resumed_appointment

from .aggregate_fixtures import (
    AGENCY,
    CITIZEN,
    CLERK,
    COURIER,
    DISPATCHER,
    DOSSIER,
    MONDAY,
    RESULT,
    SUPPLEMENT,
    Intake,
    Missing,
    Receipt,
    Refusal,
    Supplement,
    at,
    request,
)

CODE = f"{AGENCY}-261123-0001"
WEDNESDAY, FRIDAY = MONDAY + timedelta(days=2), MONDAY + timedelta(days=4)


def asked_for_more():
    """A dossier picked up and paid, then asked for a supplement at the desk on Monday."""
    booking = request(Leg.DOSSIER, Leg.RESULT, dossier="at_agency_desk")
    booking.payments.extend(_paid_at_the_door())
    booking.request_supplement(DOSSIER, at(CLERK), Supplement())
    return booking


def _paid_at_the_door():
    fresh = request(Leg.DOSSIER, Leg.RESULT)
    fresh.pick_up(DOSSIER, at(COURIER), Intake())
    return fresh.payments


def test_the_agency_keeps_the_dossier_under_its_code_and_names_what_is_missing():
    booking = asked_for_more()
    assert booking.parcel(DOSSIER).status == "supplement_requested"
    assert booking.parcel(RESULT).status == "awaiting_result"
    assert booking.dossier_code == CODE and booking.missing_documents == ("Tờ khai",)
    assert booking.paused_since == MONDAY and booking.national_status == 5
    assert not booking.fees_to_forward(), "the fees went with the registered dossier"


def test_a_supplement_request_names_documents_of_the_procedure_and_needs_a_code():
    booking = request(Leg.DOSSIER, dossier="at_agency_desk", fee=0)
    with pytest.raises(InvalidField) as refused:
        booking.request_supplement(
            DOSSIER,
            at(CLERK),
            Supplement(missing_documents=["Sổ hộ khẩu"], dossier_code=None, procedure_fee_received=0),
        )
    assert set(refused.value.errors) == {"missing_documents", "dossier_code"}
    assert booking.parcel(DOSSIER).status == "at_agency_desk" and booking.missing_documents == ()


def test_only_the_citizen_or_the_counter_books_the_supplement_and_only_once():
    booking = asked_for_more()
    with pytest.raises(Forbidden):
        booking.book_supplement(SUPPLEMENT, at(COURIER), pickup=None)
    outcome = booking.book_supplement(SUPPLEMENT, at(CITIZEN), pickup=None)
    assert [(e.tracking_number, e.to_status) for e in outcome.events] == [(SUPPLEMENT, "booked")]
    assert outcome.message is not None and outcome.message.topic is Topic.SUPPLEMENT_BOOKED
    with pytest.raises(InvalidTransition):
        booking.book_supplement("RH000000046VN", at(DISPATCHER), pickup=None)


def test_a_supplement_cannot_be_booked_unless_the_agency_asked_for_one():
    booking = request(Leg.DOSSIER, Leg.RESULT, dossier="received_by_agency")
    with pytest.raises(InvalidTransition):
        booking.book_supplement(SUPPLEMENT, at(CITIZEN), pickup=None)
    assert [p.tracking_number for p in booking.parcels] == [DOSSIER, RESULT]


def test_the_courier_collects_only_the_missing_documents_and_nothing_more_is_paid():
    booking = asked_for_more()
    booking.book_supplement(SUPPLEMENT, at(CITIZEN), pickup=None)
    paid = sum(p.amount for p in booking.payments)
    with pytest.raises(InvalidField) as refused:
        booking.pick_up(SUPPLEMENT, at(COURIER), Intake(documents_present=["Tờ khai"], cash_collected=33_000))
    assert "collect exactly 0" in refused.value.errors["cash_collected"]
    booking.pick_up(SUPPLEMENT, at(COURIER), Intake(documents_present=["Tờ khai"], cash_collected=0))
    assert booking.parcel(SUPPLEMENT).status == "picked_up" and sum(p.amount for p in booking.payments) == paid


def test_a_supplement_missing_its_document_is_an_incomplete_intake_of_that_document_only():
    booking = asked_for_more()
    booking.book_supplement(SUPPLEMENT, at(CITIZEN), pickup=None)
    with pytest.raises(InvalidField):
        booking.pick_up(SUPPLEMENT, at(COURIER), Intake(documents_present=["Bản sao CCCD"], cash_collected=0))
    with pytest.raises(InvalidField):
        booking.record_incomplete_intake(SUPPLEMENT, at(COURIER), Missing(["Bản sao CCCD"]))
    booking.record_incomplete_intake(SUPPLEMENT, at(COURIER), Missing(["Tờ khai"]))


def carried_to_the_desk():
    booking = asked_for_more()
    booking.book_supplement(SUPPLEMENT, at(CITIZEN), pickup=None)
    booking.pick_up(SUPPLEMENT, at(COURIER, WEDNESDAY), Intake(documents_present=["Tờ khai"], cash_collected=0))
    booking.depart_to_agency(SUPPLEMENT, at(COURIER, WEDNESDAY))
    booking.present_at_agency(SUPPLEMENT, at(COURIER, FRIDAY))
    return booking


def test_the_agency_receives_the_supplement_into_the_same_dossier_and_processing_resumes():
    booking = carried_to_the_desk()
    with pytest.raises(InvalidField) as refused:
        booking.confirm_agency_receipt(SUPPLEMENT, at(CLERK, FRIDAY), Receipt(dossier_code=f"{AGENCY}-261127-0009"))
    assert "procedure_fee_received" in refused.value.errors  # the fees went with the dossier: 0 now
    assert CODE in refused.value.errors["dossier_code"]
    appointment = FRIDAY + timedelta(days=14)
    receipt = Receipt(dossier_code=CODE, appointment_date=appointment, procedure_fee_received=0)
    outcome = booking.confirm_agency_receipt(SUPPLEMENT, at(CLERK, FRIDAY), receipt)
    assert [(e.tracking_number, e.to_status) for e in outcome.events] == [
        (SUPPLEMENT, "received_by_agency"),
        (DOSSIER, "received_by_agency"),
    ]
    assert outcome.events[1].evidence["paused_working_days"] == 4  # Tuesday to Friday
    assert booking.appointment_date == appointment and booking.national_status == 4
    assert booking.missing_documents == () and booking.paused_since is None
    assert booking.parcel(RESULT).status == "awaiting_result"
    booking.mark_result_ready(RESULT, at(CLERK, FRIDAY))  # the result leg goes on as if nothing happened


def test_a_dossier_whose_supplement_never_came_is_rejected_and_its_booked_supplement_cancelled():
    booking = asked_for_more()
    booking.book_supplement(SUPPLEMENT, at(CITIZEN), pickup=None)
    outcome = booking.reject_dossier(DOSSIER, at(CLERK), Refusal(reason="Quá hạn bổ sung"))
    assert {(e.tracking_number, e.to_status) for e in outcome.events} == {
        (DOSSIER, "rejected_by_agency"),
        (RESULT, "cancelled"),
        (SUPPLEMENT, "cancelled"),
    }


def test_the_appointment_moves_by_the_working_days_the_agency_waited():
    calendar = WorkingCalendar()
    # asked on Monday 23/11, supplement in on Friday 27/11: four working days; 7/12 (Monday) becomes 11/12.
    assert resumed_appointment(calendar, date(2026, 12, 7), MONDAY, FRIDAY) == date(2026, 12, 11)
    assert resumed_appointment(calendar, date(2026, 12, 7), MONDAY, MONDAY) == date(2026, 12, 7)
