"""Every code a page shows has words for it: a new code without them would show as itself."""

from __future__ import annotations

from api.paper_labels import CLAIM_KIND_LABELS, PAYMENT_METHOD_LABELS, PROOF_LABELS
from api.presentation import UNPLANNED_LABELS
from postal_service.domain.claims import ClaimKind
from postal_service.domain.money import PaymentMethod, ProofKind
from routing.model import Reason


def test_every_reason_a_plan_leaves_a_stop_out_has_words_on_the_board():
    assert set(UNPLANNED_LABELS) == {reason.value for reason in Reason}


def test_every_payment_method_claim_kind_and_exemption_paper_has_words():
    assert set(PAYMENT_METHOD_LABELS) == {m.value for m in PaymentMethod}
    assert set(CLAIM_KIND_LABELS) == {k.value for k in ClaimKind}
    assert set(PROOF_LABELS) == {p.value for p in ProofKind}
