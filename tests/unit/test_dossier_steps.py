"""Every rule of the dossier leg, decided by the aggregate alone: no database, no HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from postal_service.domain.errors import Forbidden, InvalidField, InvalidTransition
from postal_service.domain.lifecycle import Leg
from postal_service.domain.money import PaymentKind
from postal_service.domain.notices import Notice, Topic

from .aggregate_fixtures import (
    AGENCY,
    CLERK,
    COURIER,
    DISPATCHER,
    DOSSIER,
    MONDAY,
    NO_CASH_COURIER,
    RESULT,
    Intake,
    Missing,
    Receipt,
    Receiver,
    Refusal,
    Supplement,
    at,
    request,
)


def test_a_pickup_names_every_missing_document_and_the_unchecked_id_at_once():
    booking = request(Leg.DOSSIER)
    with pytest.raises(InvalidField) as refused:
        booking.pick_up(DOSSIER, at(COURIER), Intake(documents_present=["Tờ khai"], id_checked=False))
    assert set(refused.value.errors) == {"documents_present", "id_checked"}
    assert "Bản sao CCCD" in refused.value.errors["documents_present"]
    assert booking.parcel(DOSSIER).status == "booked" and booking.payments == []


def test_a_pickup_takes_exactly_what_is_owed_and_splits_it_by_payee():
    booking = request(Leg.DOSSIER)
    with pytest.raises(InvalidField) as refused:
        booking.pick_up(DOSSIER, at(COURIER), Intake(cash_collected=30_000))
    assert "collect exactly 33000 đồng" in refused.value.errors["cash_collected"]
    outcome = booking.pick_up(DOSSIER, at(COURIER), Intake())
    assert {(p.kind, p.amount, p.method) for p in booking.payments} == {
        (PaymentKind.PROCEDURE_FEE, 11_000, "cash_to_courier"),
        (PaymentKind.POSTAL_CHARGE, 22_000, "cash_to_courier"),
    }
    parcel = booking.parcel(DOSSIER)
    assert (parcel.status, parcel.seal_number, parcel.started_on, parcel.courier) == (
        "picked_up",
        "S-1",
        MONDAY,
        "user:courier1",
    )
    assert outcome.events[0].evidence["seal_number"] == "S-1" and outcome.message == Notice(
        Topic.SEALED, {"seal": "S-1"}
    )


def test_a_courier_without_cash_permission_cannot_collect_cash_but_can_pick_up_a_paid_dossier():
    with pytest.raises(Forbidden):
        request(Leg.DOSSIER).pick_up(DOSSIER, at(NO_CASH_COURIER), Intake())
    free = request(Leg.DOSSIER, fee=0)
    free.postal_charge = 0
    free.pick_up(DOSSIER, at(NO_CASH_COURIER), Intake(cash_collected=0))
    assert free.parcel(DOSSIER).status == "picked_up"


def test_the_counter_takes_the_money_as_counter_payments():
    booking = request(Leg.DOSSIER)
    booking.accept_at_counter(DOSSIER, at(DISPATCHER), Intake())
    assert {p.method for p in booking.payments} == {"counter"}
    assert booking.parcel(DOSSIER).status == "at_post_office"


def test_an_incomplete_intake_must_name_documents_of_the_procedure():
    booking = request(Leg.DOSSIER)
    with pytest.raises(InvalidField):
        booking.record_incomplete_intake(DOSSIER, at(COURIER), Missing(["Giấy khai sinh"]))
    outcome = booking.record_incomplete_intake(DOSSIER, at(COURIER), Missing(["Tờ khai"]))
    assert booking.parcel(DOSSIER).status == "intake_incomplete"
    assert outcome.events[0].evidence == {"missing_documents": ["Tờ khai"]}


def test_leaving_for_the_agency_puts_the_envelope_in_the_couriers_hands():
    booking = request(Leg.DOSSIER, dossier="at_post_office")
    booking.parcel(DOSSIER).assign_to(None, None)
    booking.depart_to_agency(DOSSIER, at(COURIER))
    assert (booking.parcel(DOSSIER).courier_id, booking.parcel(DOSSIER).courier) == (7, "user:courier1")


def test_a_courier_cannot_complete_the_handover_at_the_desk_alone():
    booking = request(Leg.DOSSIER, dossier="out_to_agency")
    booking.present_at_agency(DOSSIER, at(COURIER))
    with pytest.raises(Forbidden):
        booking.confirm_agency_receipt(DOSSIER, at(COURIER), Receipt())
    assert booking.parcel(DOSSIER).status == "at_agency_desk"


def test_the_agency_receipt_checks_code_date_and_fees_together_then_takes_the_fees():
    booking = request(Leg.DOSSIER)
    booking.pick_up(DOSSIER, at(COURIER), Intake())
    booking.parcel(DOSSIER).status = "at_agency_desk"
    wrong = Receipt(dossier_code="000.00.99.X01-261123-0001", appointment_date=MONDAY - timedelta(days=1))
    with pytest.raises(InvalidField) as refused:
        booking.confirm_agency_receipt(DOSSIER, at(CLERK), Receipt(**{**wrong.__dict__, "procedure_fee_received": 1}))
    assert set(refused.value.errors) == {"dossier_code", "appointment_date", "procedure_fee_received"}
    outcome = booking.confirm_agency_receipt(DOSSIER, at(CLERK), Receipt())
    assert booking.fees_to_forward() == [] and booking.national_status == 2
    assert booking.dossier_code == f"{AGENCY}-261123-0001"
    assert outcome.events[0].counterparty == "user:courier1"


def test_a_rejection_ends_the_result_leg_in_the_same_step():
    booking = request(Leg.DOSSIER, Leg.RESULT, dossier="at_agency_desk")
    outcome = booking.reject_dossier(DOSSIER, at(CLERK), Refusal())
    assert [(e.tracking_number, e.to_status) for e in outcome.events] == [
        (DOSSIER, "rejected_by_agency"),
        (RESULT, "cancelled"),
    ]
    assert booking.national_status == 3


def test_a_supplement_request_keeps_the_result_leg_waiting():
    booking = request(Leg.DOSSIER, Leg.RESULT, dossier="at_agency_desk")
    outcome = booking.request_supplement(DOSSIER, at(CLERK), Supplement(procedure_fee_received=0))
    assert len(outcome.events) == 1 and booking.parcel(RESULT).status == "awaiting_result"
    assert booking.national_status == 5


def test_a_returned_dossier_goes_to_the_booker_or_to_a_proxy_with_an_authorisation():
    booking = request(Leg.DOSSIER, dossier="returning_to_citizen")
    with pytest.raises(InvalidField) as refused:
        booking.deliver_return(DOSSIER, at(COURIER), Receiver(receiver_id_number="001090999999"))
    assert "proxy" in refused.value.errors["receiver_id_number"]
    with pytest.raises(InvalidField):
        booking.deliver_return(DOSSIER, at(COURIER), Receiver(signature_ref=None))
    outcome = booking.deliver_return(
        DOSSIER, at(COURIER), Receiver(receiver_id_number="001090999999", proxy_authorisation_ref="UQ-1")
    )
    assert outcome.events[0].evidence["receiver_id"] == "********9999"
    assert outcome.events[0].evidence["receiver_is_proxy"] is True


def test_steps_out_of_order_are_impossible_and_other_roles_are_refused():
    booking = request(Leg.DOSSIER)
    with pytest.raises(InvalidTransition):
        booking.present_at_agency(DOSSIER, at(COURIER))
    with pytest.raises(Forbidden):
        booking.pick_up(DOSSIER, at(CLERK), Intake())
