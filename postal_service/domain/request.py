"""The request aggregate: a booking with its parcels (dossier leg, result leg) and the money paid on it.

Why an aggregate: every custody rule needs several of these at once (the documents of the procedure, the
other leg, what was paid), and all of them change together in one transaction. `RequestState` is its data and
the rules every leg shares; `aggregate.Request` is the facade each step is asked through, and it holds one object
per leg (`dossier_leg`, `supplement_leg`, `result_leg`) whose methods decide that leg's steps on the shared state;
each moves a parcel and returns what to record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .calendar import WorkingCalendar
from .errors import Forbidden, InvalidField, NotFound
from .holders import HOLDER_AFTER, Holder
from .identifiers import mask_id_number
from .lifecycle import Action, DossierStatus, Leg, authorise, find_transition
from .money import Exemption, Owed, PaymentKind, PaymentMethod, RefundPolicy, amount_owed
from .national_status import NationalStatus
from .notices import Notice
from .refunds import owed_back, price_after
from .roles import Actor
from .step_inputs import ReceiverInput
from .timeslots import Slot


@dataclass(frozen=True)
class DeliveryRules:
    """The configurable delivery policy (DOMAIN.md, "Result return")."""

    max_attempts: int
    attempt_gap_working_days: int
    hold_working_days: int
    calendar: WorkingCalendar
    refunds: RefundPolicy = field(default_factory=RefundPolicy)


@dataclass(frozen=True)
class Moment:
    """Who takes a step, when, under which rules."""

    actor: Actor
    now: datetime
    today: date
    rules: DeliveryRules


@dataclass
class Parcel:
    """One envelope of one leg; `courier` is the principal of the courier it is assigned to."""

    tracking_number: str
    leg: Leg
    status: str
    courier_id: int | None = None
    courier: str | None = None
    attempts: int = 0
    last_attempt_on: date | None = None
    hold_until: date | None = None
    seal_number: str | None = None
    started_on: date | None = None

    @property
    def holder(self) -> Holder:
        return HOLDER_AFTER[self.status]

    def assign_to(self, courier_id: int | None, courier: str | None) -> None:
        self.courier_id, self.courier = courier_id, courier


@dataclass
class Payment:
    kind: PaymentKind
    amount: int
    method: PaymentMethod
    collected_by: str
    collected_at: datetime
    forwarded_at: datetime | None = None
    id: int | None = None  # None until stored
    reason: str = ""  # why a refund was made


@dataclass(frozen=True)
class Custody:
    """A custody event to append to a parcel's chain."""

    tracking_number: str
    action: str
    from_status: str
    to_status: str
    evidence: dict[str, Any]
    counterparty: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a step decided: the events to record and the message to send the citizen."""

    events: tuple[Custody, ...]
    message: Notice | None = None


@dataclass
class RequestState:
    """The data of the aggregate and the small rules every step shares."""

    reference: str
    contact_id_number: str
    post_office_id: int
    agency_code: str
    documents: tuple[str, ...]  # the procedure's document list, by name
    postal_charge: int
    procedure_fee: int
    parcels: list[Parcel]
    exemption: Exemption = Exemption.NONE
    leg_charges: dict[str, int] = field(default_factory=dict)  # the quoted charge of each leg
    payments: list[Payment] = field(default_factory=list)
    national_status: int | None = None
    dossier_code: str | None = None
    appointment_date: date | None = None
    missing_documents: tuple[str, ...] = ()  # what the agency asked for; the supplement carries only these
    paused_since: date | None = None  # the agency's clock stopped for the supplement on that day
    pickup: Slot | None = None  # when a courier collects the envelope still with the citizen (None: dropped off)
    result_receiver_id_number: str | None = None  # the result's receiver a one-stop order named, if not the sender

    def parcel(self, tracking_number: str) -> Parcel:
        for parcel in self.parcels:
            if parcel.tracking_number == tracking_number:
                return parcel
        raise NotFound(f"no parcel {tracking_number} in request {self.reference}")

    def leg(self, leg: Leg) -> Parcel | None:
        """The leg's envelope; of supplements (one per request for more), the latest."""
        return next((p for p in reversed(self.parcels) if p.leg is leg), None)

    def documents_of(self, parcel: Parcel) -> tuple[str, ...]:
        """What this envelope must carry: the procedure's list, or only what the agency asked for."""
        return self.missing_documents if parcel.leg is Leg.SUPPLEMENT else self.documents

    def owed(self) -> Owed:
        return amount_owed(self.postal_charge, self.procedure_fee, sum(p.amount for p in self.payments))

    def fees_to_forward(self) -> list[Payment]:
        return [p for p in self.payments if p.kind is PaymentKind.PROCEDURE_FEE and p.forwarded_at is None]

    def check(self, tracking_number: str, action: Action, actor: Actor) -> str:
        """The status this step leads to, or 409 (impossible now) / 403 (not this role's step)."""
        parcel = self.parcel(tracking_number)
        transition = find_transition(parcel.leg, parcel.status, action)
        authorise(transition, actor.role)
        return transition.target

    def advance(
        self,
        parcel: Parcel,
        action: str,
        target: str,
        evidence: dict[str, Any] | None = None,
        counterparty: str | None = None,
    ) -> Custody:
        event = Custody(parcel.tracking_number, str(action), parcel.status, target, evidence or {}, counterparty)
        parcel.status = target
        return event

    def collect(self, amount: int, method: PaymentMethod, at: Moment, field_name: str = "cash_collected") -> None:
        """Take exactly what is still owed, split into fee and charge (they go to different payees)."""
        owed = self.owed()
        if amount != owed.total:
            paid = self.postal_charge + self.procedure_fee - owed.total
            raise InvalidField.single(
                field_name,
                f"collect exactly {owed.total} đồng (charge {self.postal_charge}, "
                f"procedure fee {self.procedure_fee}, already paid {paid})",
            )
        if amount and method is PaymentMethod.CASH_TO_COURIER and not at.actor.may_carry_cash:
            raise Forbidden("this courier is not allowed to carry cash; the citizen pays at the counter or online")
        for kind, due in owed.by_kind():
            if due > 0:
                self.payments.append(Payment(kind, due, method, at.actor.principal, at.now))

    def receiver_evidence(self, data: ReceiverInput, leg: Leg) -> dict[str, Any]:
        """A handover to the person it is addressed to (who booked; for a result, whom the one-stop order named),
        or to a proxy with an authorisation; the ID is kept masked."""
        if not (data.signature_ref or data.photo_ref):
            raise InvalidField.single("signature_ref", "a delivery needs a signature or a photo as proof")
        named = self.result_receiver_id_number if leg is Leg.RESULT else None
        proxy = data.receiver_id_number != (named or self.contact_id_number)
        if proxy and not data.proxy_authorisation_ref:
            raise InvalidField.single(
                "receiver_id_number",
                "this is not the ID of the person the result is for; a proxy must show an authorisation"
                if named
                else "this is not the ID of the person who booked; a proxy must show an authorisation",
            )
        return {
            "receiver_is_proxy": proxy,
            "receiver_name": data.receiver_name,
            "receiver_id": mask_id_number(data.receiver_id_number),
            "proxy_authorisation_ref": data.proxy_authorisation_ref,
            "signature_ref": data.signature_ref,
            "photo_ref": data.photo_ref,
            "cash_collected": data.cash_collected,
        }

    def hand_over_fees(self, declared: int, at: Moment, errors: dict[str, str]) -> int:
        """The procedure fees collected for the agency go with the dossier it registers; the clerk declares them."""
        fees = self.fees_to_forward()
        owed = sum(p.amount for p in fees)
        if declared != owed:
            errors["procedure_fee_received"] = f"the courier hands over {owed} đồng of procedure fees"
        elif not errors:
            for payment in fees:
                payment.forwarded_at = at.now
        return owed

    def check_dossier_code(self, code: str | None, errors: dict[str, str], *, the_same: bool = True) -> None:
        """An agency's code; once a supplement is asked for, the only one (it is received into the same dossier)."""
        if code is None:
            errors["dossier_code"] = "give the dossier its code: the supplement is received into it"
        elif the_same and self.dossier_code is not None and code != self.dossier_code:
            errors["dossier_code"] = f"this dossier's code is {self.dossier_code}"
        elif not code.startswith(self.agency_code + "-"):
            errors["dossier_code"] = f"a dossier code of this agency starts with {self.agency_code}"

    def refund_unused(self, at: Moment, reason: str) -> None:
        """The price comes down to what will still be rendered; what was paid beyond it is owed back (refunds)."""
        cancelled = {p.leg.value for p in self.parcels if p.status == DossierStatus.CANCELLED.value}
        dropped = Leg.DOSSIER.value in cancelled or self.national_status == NationalStatus.NOT_ACCEPTED
        price = (self.procedure_fee, self.postal_charge)
        fee, charge = price_after(at.rules.refunds, price, self.leg_charges, cancelled, dropped)
        self.procedure_fee, self.postal_charge = fee, charge
        for kind, back in owed_back(((p.kind, p.amount) for p in self.payments), fee, charge):
            refund = Payment(kind, -back, PaymentMethod.REFUND, at.actor.principal, at.now, reason=reason)
            self.payments.append(refund)
