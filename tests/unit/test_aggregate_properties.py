"""Any sequence of steps, by any actor, on any day, leaves the aggregate consistent (hypothesis)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from postal_service.domain.errors import DomainError
from postal_service.domain.lifecycle import STATUSES, Leg, can_move
from postal_service.services.step_registry import STEPS

from .aggregate_fixtures import (
    CITIZEN,
    CLERK,
    COURIER,
    DISPATCHER,
    DOSSIER,
    MONDAY,
    NO_CASH_COURIER,
    RESULT,
    SYSTEM,
    Courier,
    Failure,
    Intake,
    Missing,
    Receipt,
    Receiver,
    Refusal,
    Supplement,
    at,
    request,
)

ACTORS = (COURIER, NO_CASH_COURIER, CLERK, DISPATCHER, CITIZEN, SYSTEM)
INPUTS = {
    "plain": None,
    "intake": Intake(),
    "missing": Missing(["Tờ khai"]),
    "receipt": Receipt(appointment_date=MONDAY + timedelta(days=60)),
    "refusal": Refusal(),
    "supplement": Supplement(procedure_fee_received=0),
    "return": Receiver(),
    "receiver": Receiver(cash_collected=0),
    "failure": Failure(),
    "offer": Courier(),
}
moves = st.lists(
    st.tuples(st.sampled_from(STEPS), st.sampled_from((DOSSIER, RESULT)), st.sampled_from(ACTORS), st.integers(0, 20)),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(moves)
def test_any_sequence_of_steps_only_makes_allowed_moves_and_never_overcharges(sequence):
    booking = request(Leg.DOSSIER, Leg.RESULT)
    for step, tracking, actor, days in sequence:
        before = {p.tracking_number: p.status for p in booking.parcels}
        try:
            outcome = step.run(booking, tracking, at(actor, MONDAY + timedelta(days=days)), INPUTS[step.form])
        except DomainError:
            assert {p.tracking_number: p.status for p in booking.parcels} == before  # a refusal moves nothing
            continue
        for event in outcome.events:
            leg = booking.parcel(event.tracking_number).leg
            assert event.from_status == before[event.tracking_number]
            assert can_move(leg, event.from_status, event.to_status)
        assert all(p.status in {s.value for s in STATUSES[p.leg]} for p in booking.parcels)
        assert booking.owed().total >= 0
        assert sum(p.amount for p in booking.payments) <= booking.postal_charge + booking.procedure_fee
