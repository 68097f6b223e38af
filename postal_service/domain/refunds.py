"""Refunds by the configured policy (`money.RefundPolicy`): when a service will not be rendered, the request's
price comes down to what still will be, and what was paid beyond it is owed back, payee by payee."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .money import PaymentKind, RefundPolicy


def price_after(
    policy: RefundPolicy,
    price: tuple[int, int],
    leg_charges: Mapping[str, int],
    cancelled_legs: set[str],
    dossier_dropped: bool,
) -> tuple[int, int]:
    """(procedure fee, postal charge) still due once the dossier was refused or cancelled and some legs were."""
    fee, charge = price
    if policy.rejected_fees and dossier_dropped:
        fee = 0
    if policy.unused_legs:
        charge = max(charge - sum(c for leg, c in leg_charges.items() if leg in cancelled_legs), 0)
    return fee, charge


def owed_back(paid: Iterable[tuple[PaymentKind, int]], fee: int, charge: int) -> list[tuple[PaymentKind, int]]:
    """What each payee owes back: paid to it beyond what is still due."""
    totals = {PaymentKind.PROCEDURE_FEE: 0, PaymentKind.POSTAL_CHARGE: 0}
    for kind, amount in paid:
        totals[kind] += amount
    due = {PaymentKind.PROCEDURE_FEE: fee, PaymentKind.POSTAL_CHARGE: charge}
    return [(kind, totals[kind] - due[kind]) for kind in totals if totals[kind] > due[kind]]
