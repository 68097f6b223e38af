"""Every rule of the result leg and of the request as a whole, decided by the aggregate alone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from postal_service.domain.errors import InvalidField, InvalidTransition
from postal_service.domain.lifecycle import Leg
from postal_service.domain.money import amount_owed
from postal_service.domain.national_status import NationalStatus
from postal_service.domain.notices import Topic

from .aggregate_fixtures import (
    CITIZEN,
    CLERK,
    COURIER,
    DISPATCHER,
    DOSSIER,
    MONDAY,
    RESULT,
    SYSTEM,
    Courier,
    Failure,
    Receiver,
    at,
    request,
)


def test_a_result_cannot_be_ready_before_the_agency_received_the_dossier():
    booking = request(Leg.DOSSIER, Leg.RESULT, dossier="at_agency_desk")
    with pytest.raises(InvalidTransition):
        booking.mark_result_ready(RESULT, at(CLERK))
    booking.parcel(DOSSIER).status = "received_by_agency"
    booking.mark_result_ready(RESULT, at(CLERK))
    assert booking.national_status == NationalStatus.PROCESSING_COMPLETED


def test_the_result_handover_takes_two_parties_and_starts_the_clock_on_collection():
    booking = request(Leg.RESULT, result="ready_at_agency")
    offered = booking.offer_result(RESULT, at(CLERK), Courier())
    assert offered.events[0].counterparty == "user:courier1" and booking.parcel(RESULT).courier_id == 7
    booking.retract_offer(RESULT, at(CLERK))
    assert booking.parcel(RESULT).courier_id is None
    booking.offer_result(RESULT, at(CLERK), Courier())
    collected = booking.confirm_result_collection(RESULT, at(COURIER))
    assert collected.events[0].counterparty == "agency:000.00.15.G02"
    assert booking.parcel(RESULT).started_on == MONDAY


def test_a_second_attempt_waits_a_working_day_and_a_third_is_refused():
    booking = request(Leg.RESULT, result="out_for_delivery")
    booking.record_failed_attempt(RESULT, at(COURIER), Failure())
    with pytest.raises(InvalidTransition, match="working day"):
        booking.start_delivery(RESULT, at(COURIER, hour=15))
    tuesday = MONDAY + timedelta(days=1)
    booking.start_delivery(RESULT, at(COURIER, tuesday))
    last = booking.record_failed_attempt(RESULT, at(COURIER, tuesday), Failure())
    assert booking.parcel(RESULT).attempts == 2 and last.message is not None
    assert last.message.topic is Topic.LAST_ATTEMPT_FAILED
    with pytest.raises(InvalidTransition, match="hold the result"):
        booking.start_delivery(RESULT, at(COURIER, MONDAY + timedelta(days=3)))


def test_a_hold_needs_every_attempt_and_lasts_ten_working_days():
    booking = request(Leg.RESULT, result="attempt_failed")
    booking.parcel(RESULT).attempts = 1
    with pytest.raises(InvalidTransition):
        booking.hold_at_post_office(RESULT, at(DISPATCHER))
    booking.parcel(RESULT).attempts = 2
    booking.hold_at_post_office(RESULT, at(DISPATCHER))
    assert booking.parcel(RESULT).hold_until == MONDAY + timedelta(days=14)  # two weekends skipped


def test_a_held_result_goes_back_only_after_its_hold():
    booking = request(Leg.RESULT, result="held_at_post_office")
    booking.parcel(RESULT).hold_until = MONDAY + timedelta(days=14)
    with pytest.raises(InvalidTransition):
        booking.return_to_agency(RESULT, at(SYSTEM, MONDAY + timedelta(days=14)))
    outcome = booking.return_to_agency(RESULT, at(SYSTEM, MONDAY + timedelta(days=15)))
    assert outcome.events[0].counterparty == "agency:000.00.15.G02"


def test_a_delivery_needs_proof_collects_what_is_owed_and_returns_the_result():
    booking = request(Leg.RESULT, result="out_for_delivery", fee=0)
    with pytest.raises(InvalidField):
        booking.deliver(RESULT, at(COURIER), Receiver(signature_ref=None, cash_collected=22_000))
    with pytest.raises(InvalidField, match="collect exactly 22000"):
        booking.deliver(RESULT, at(COURIER), Receiver())
    booking.deliver(RESULT, at(COURIER), Receiver(cash_collected=22_000))
    assert sum(p.amount for p in booking.payments) == 22_000
    assert booking.national_status == NationalStatus.RESULT_RETURNED


def test_a_held_result_is_collected_at_the_counter():
    booking = request(Leg.RESULT, result="held_at_post_office", fee=0)
    booking.collect_at_counter(RESULT, at(DISPATCHER), Receiver(cash_collected=22_000))
    assert booking.parcel(RESULT).status == "delivered" and booking.payments[0].method == "counter"


def test_cancelling_cancels_every_leg_or_none():
    both = request(Leg.DOSSIER, Leg.RESULT)
    outcome = both.cancel(at(CITIZEN), "changed my mind")
    assert [e.to_status for e in outcome.events] == ["cancelled", "cancelled"]
    moved = request(Leg.DOSSIER, Leg.RESULT, dossier="picked_up")
    with pytest.raises(InvalidTransition):
        moved.cancel(at(CITIZEN), None)
    assert moved.parcel(RESULT).status == "awaiting_result"


def test_a_parcel_in_a_couriers_hands_or_finished_cannot_be_reassigned():
    for status in ("picked_up", "returned_to_citizen"):
        with pytest.raises(InvalidTransition):
            request(Leg.DOSSIER, dossier=status).reassign(DOSSIER, Courier(id=8, username="courier2"))
    booking = request(Leg.DOSSIER)
    outcome = booking.reassign(DOSSIER, Courier(id=8, username="courier2"))
    assert outcome.events[0].to_status == "booked" and outcome.events[0].evidence == {"courier": "user:courier2"}


def test_money_already_paid_settles_the_agencys_fee_first():
    assert amount_owed(22_000, 11_000, 0).by_kind()[0][1] == 11_000
    owed = amount_owed(22_000, 11_000, 15_000)
    assert (owed.procedure_fee, owed.postal_charge, owed.total) == (0, 18_000, 18_000)


def test_every_national_status_has_a_vietnamese_and_an_english_label():
    assert [s.value for s in NationalStatus] == list(range(1, 11))
    assert NationalStatus.ACCEPTED.label() == "Đã tiếp nhận" and NationalStatus.ACCEPTED.label("en") == "Accepted"
    assert all(s.label("vi") != s.label("en") for s in NationalStatus)
