"""Postal charge and procedure fee, kept apart, in integer đồng (DOMAIN.md, "Money")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol


class Zone(StrEnum):
    """How far a leg travels; the tariff and the legal deadline both depend on it."""

    SAME_COMMUNE = "same_commune"
    SAME_PROVINCE = "same_province"
    OTHER_PROVINCE = "other_province"


class Exemption(StrEnum):
    """Categories of Circular 22/2017: some free, some 50% off the postal charge. Configurable list."""

    NONE = "none"
    FREE = "free"  # e.g. people with meritorious service to the revolution, poor households
    HALF = "half"  # e.g. near-poor households, people with disabilities


EXEMPTION_PERCENT_PAID: dict[Exemption, int] = {Exemption.NONE: 100, Exemption.FREE: 0, Exemption.HALF: 50}


class ProofKind(StrEnum):
    """The papers that prove an exemption, shown to the courier or the counter at intake."""

    MERITORIOUS_SERVICE = "meritorious_service"  # card of a person with meritorious service to the revolution
    POOR_HOUSEHOLD = "poor_household"  # certificate of a poor household
    NEAR_POOR_HOUSEHOLD = "near_poor_household"  # certificate of a near-poor household
    DISABILITY = "disability"  # certificate of disability
    OTHER = "other"  # another paper the commune issued: its number is recorded all the same


EXEMPTION_PROOFS: dict[Exemption, frozenset[ProofKind]] = {
    Exemption.NONE: frozenset(),
    Exemption.FREE: frozenset({ProofKind.MERITORIOUS_SERVICE, ProofKind.POOR_HOUSEHOLD, ProofKind.OTHER}),
    Exemption.HALF: frozenset({ProofKind.NEAR_POOR_HOUSEHOLD, ProofKind.DISABILITY, ProofKind.OTHER}),
}


def check_exemption_proof(exemption: Exemption, kind: str | None, number: str | None) -> dict[str, str]:
    """What is wrong with the proof shown for a declared exemption (nothing is asked when none was declared)."""
    if exemption is Exemption.NONE:
        return {}
    errors = {}
    if kind not in {k.value for k in EXEMPTION_PROOFS[exemption]}:
        accepted = ", ".join(sorted(k.value for k in EXEMPTION_PROOFS[exemption]))
        errors["exemption_proof_kind"] = f"the {exemption.value} exemption is proved by one of: {accepted}"
    if not (number or "").strip():
        errors["exemption_proof_number"] = "write down the number of the paper shown"
    return errors


@dataclass(frozen=True)
class Tariff:
    """Per-leg postal charge by zone; defaults are the observed district tariff."""

    same_commune: int = 22_000
    same_province: int = 33_000
    other_province: int = 60_500

    def charge(self, zone: Zone, weight_grams: int | None = None) -> int:
        """The configured flat price (no weight bands): used until an administrator enters a price table."""
        return {
            Zone.SAME_COMMUNE: self.same_commune,
            Zone.SAME_PROVINCE: self.same_province,
            Zone.OTHER_PROVINCE: self.other_province,
        }[zone]


@dataclass(frozen=True)
class LegPrice:
    leg: str
    zone: Zone
    list_price: int
    charge: int


@dataclass(frozen=True)
class Quote:
    """A firm quote shown before booking and recorded with the request."""

    legs: tuple[LegPrice, ...]
    postal_charge: int
    procedure_fee: int
    exemption: Exemption
    weight_grams: int | None = None  # the envelope's weight when given; None: priced in the first band
    tariff_id: int | None = None  # the price table used (domain.tariffs); None: the configured flat prices
    tariff_from: date | None = None  # the day that table applies from

    @property
    def total(self) -> int:
        return self.postal_charge + self.procedure_fee


def zone_between(province_a: int, commune_a: int, province_b: int, commune_b: int) -> Zone:
    if province_a != province_b:
        return Zone.OTHER_PROVINCE
    return Zone.SAME_COMMUNE if commune_a == commune_b else Zone.SAME_PROVINCE


def discounted(amount: int, exemption: Exemption) -> int:
    """Round half-price charges down to the đồng so the citizen never pays more than the rule says."""
    return amount * EXEMPTION_PERCENT_PAID[exemption] // 100


class Pricing(Protocol):
    def charge(self, zone: Zone, weight_grams: int | None) -> int: ...


def make_quote(
    tariff: Pricing,
    legs: list[tuple[str, Zone]],
    procedure_fee: int,
    exemption: Exemption,
    weight_grams: int | None = None,
) -> Quote:
    prices = [(leg, zone, tariff.charge(zone, weight_grams)) for leg, zone in legs]
    priced = tuple(LegPrice(leg, zone, price, discounted(price, exemption)) for leg, zone, price in prices)
    return Quote(priced, sum(p.charge for p in priced), procedure_fee, exemption, weight_grams)


class PaymentMethod(StrEnum):
    CASH_TO_COURIER = "cash_to_courier"
    COUNTER = "counter"
    ONLINE = "online"
    REFUND = "refund"  # money owed back to the citizen: a negative payment with its reason


@dataclass(frozen=True)
class RefundPolicy:
    """What goes back when a service will not be rendered (configurable): the procedure fee of a dossier the
    agency refused or the citizen cancelled, and the charge of a leg that was cancelled before it was carried."""

    rejected_fees: bool = True
    unused_legs: bool = True


class PaymentKind(StrEnum):
    """Who the money is for: the post keeps the charge; the fee is forwarded to the agency."""

    PROCEDURE_FEE = "procedure_fee"
    POSTAL_CHARGE = "postal_charge"


@dataclass(frozen=True)
class Owed:
    """What is still owed on a request, split by payee."""

    procedure_fee: int
    postal_charge: int

    @property
    def total(self) -> int:
        return self.procedure_fee + self.postal_charge

    def by_kind(self) -> tuple[tuple[PaymentKind, int], ...]:
        return ((PaymentKind.PROCEDURE_FEE, self.procedure_fee), (PaymentKind.POSTAL_CHARGE, self.postal_charge))


def amount_owed(postal_charge: int, procedure_fee: int, paid: int) -> Owed:
    """The one amount-due rule: money already paid settles the agency's fee first, then the postal charge.

    Why the fee first: it is owed to a third party and forwarded at the handover, so it must never wait.
    """
    fee_paid = min(paid, procedure_fee)
    return Owed(procedure_fee - fee_paid, postal_charge - (paid - fee_paid))
