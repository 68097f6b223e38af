"""Every code a page shows has words for it: a new code without them would show as itself."""

from __future__ import annotations

from api.paper_labels import CLAIM_KIND_LABELS, PAYMENT_METHOD_LABELS, PROOF_LABELS
from api.presentation import (
    ACTION_LABELS,
    BAG_ACTION_LABELS,
    BAG_OUTCOME_LABELS,
    BAG_STATUS_LABELS,
    LEG_LABELS,
    NEXT_STEP,
    SERVICE_LABELS,
    STATUS_LABELS,
    UNPLANNED_LABELS,
    WEEKDAY_LABELS,
)
from postal_service.domain.bags import BagAction, BagStatus, LineOutcome
from postal_service.domain.claims import ClaimKind
from postal_service.domain.lifecycle import TRANSITIONS, Action, DossierStatus, Leg, ResultStatus
from postal_service.domain.money import PaymentMethod, ProofKind
from postal_service.domain.timeslots import WEEKDAYS
from postal_service.services.schemas.booking import Service
from routing.model import Reason


def test_every_reason_a_plan_leaves_a_stop_out_has_words_on_the_board():
    assert set(UNPLANNED_LABELS) == {reason.value for reason in Reason}


def test_every_payment_method_claim_kind_and_exemption_paper_has_words():
    assert set(PAYMENT_METHOD_LABELS) == {m.value for m in PaymentMethod}
    assert set(CLAIM_KIND_LABELS) == {k.value for k in ClaimKind}
    assert set(PROOF_LABELS) == {p.value for p in ProofKind}


def test_every_status_and_every_action_has_words_and_every_open_status_says_what_comes_next():
    statuses = {s.value for s in DossierStatus} | {s.value for s in ResultStatus}
    assert set(STATUS_LABELS) == statuses
    assert set(ACTION_LABELS) == {a.value for a in Action}
    assert set(NEXT_STEP) == {t.source for leg in Leg for t in TRANSITIONS[leg]}  # a closed envelope has no next


def test_every_bag_status_action_and_unpacking_outcome_has_words():
    assert set(BAG_STATUS_LABELS) == {s.value for s in BagStatus}
    assert set(BAG_ACTION_LABELS) == {a.value for a in BagAction}
    assert set(BAG_OUTCOME_LABELS) == {o.value for o in LineOutcome}
    assert tuple(WEEKDAY_LABELS) == WEEKDAYS


def test_every_leg_and_service_has_words():
    assert set(LEG_LABELS) == {leg.value for leg in Leg}
    assert set(SERVICE_LABELS) == {service.value for service in Service}
