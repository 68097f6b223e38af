"""Refunds by the policy: the price comes down to what will still be rendered, and what was paid beyond it goes
back payee by payee, as negative payments with the reason."""

from __future__ import annotations

from postal_service.domain.money import PaymentKind, RefundPolicy
from postal_service.domain.refunds import owed_back, price_after

FEE, CHARGE = PaymentKind.PROCEDURE_FEE, PaymentKind.POSTAL_CHARGE
LEGS = {"dossier": 22_000, "result": 33_000}


def test_a_refused_dossier_gives_back_its_fee_and_the_result_leg_it_will_never_need():
    fee, charge = price_after(RefundPolicy(), (200_000, 55_000), LEGS, {"result"}, dossier_dropped=True)
    assert (fee, charge) == (0, 22_000)
    assert owed_back([(FEE, 200_000), (CHARGE, 55_000)], fee, charge) == [(FEE, 200_000), (CHARGE, 33_000)]


def test_nothing_goes_back_when_nothing_was_paid_beyond_the_new_price():
    fee, charge = price_after(RefundPolicy(), (0, 55_000), LEGS, {"result"}, dossier_dropped=True)
    assert owed_back([], fee, charge) == []
    assert owed_back([(CHARGE, 22_000)], fee, charge) == []


def test_the_policy_can_keep_the_fee_or_the_leg_charges():
    keep_all = RefundPolicy(rejected_fees=False, unused_legs=False)
    assert price_after(keep_all, (200_000, 55_000), LEGS, {"dossier", "result"}, dossier_dropped=True) == (
        200_000,
        55_000,
    )


def test_a_refund_already_made_is_not_made_twice():
    paid = [(FEE, 200_000), (CHARGE, 55_000), (FEE, -200_000), (CHARGE, -33_000)]
    assert owed_back(paid, 0, 22_000) == []
