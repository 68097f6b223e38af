"""Steps of the dossier leg: citizen -> courier -> post office -> agency desk (two-party) -> agency,
and back to the citizen when the agency refuses it (Circular 17, art. 5)."""

from __future__ import annotations

from .errors import InvalidField
from .lifecycle import Action, DossierStatus, Leg, transition_from
from .money import Exemption, PaymentMethod, check_exemption_proof
from .national_status import NationalStatus
from .notices import Notice, Topic
from .refunds import owed_back, price_after
from .request import Moment, Outcome, Payment, RequestState
from .step_inputs import IntakeInput, MissingInput, ReceiptInput, ReceiverInput, RefusalInput

# Steps that need nothing but the scan and the place; taking the envelope out makes it the courier's.
SIMPLE_MOVES = (Action.ARRIVE_AT_POST_OFFICE, Action.DEPART_TO_AGENCY, Action.PRESENT_AT_AGENCY, Action.COLLECT_RETURN)
TAKES_THE_ENVELOPE = (Action.DEPART_TO_AGENCY, Action.COLLECT_RETURN)


class DossierSteps(RequestState):
    def pick_up(self, tracking: str, at: Moment, data: IntakeInput) -> Outcome:
        """Courier at the citizen's door: documents checked against the list, sealed in front of the citizen,
        fees collected."""
        return self._intake(tracking, at, data, Action.PICK_UP, PaymentMethod.CASH_TO_COURIER)

    def accept_at_counter(self, tracking: str, at: Moment, data: IntakeInput) -> Outcome:
        """Post office counter: the citizen drops the dossier off; the same checks as at the door."""
        return self._intake(tracking, at, data, Action.ACCEPT_AT_COUNTER, PaymentMethod.COUNTER)

    def _intake(self, tracking: str, at: Moment, data: IntakeInput, action: Action, method: PaymentMethod) -> Outcome:
        target = self.check(tracking, action, at.actor)
        errors: dict[str, str] = {}
        parcel = self.parcel(tracking)
        expected = self.documents_of(parcel)
        missing = [name for name in expected if name not in set(data.documents_present)]
        extra = [name for name in data.documents_present if name not in expected]
        if missing:
            errors["documents_present"] = f"missing: {'; '.join(missing)}. Record an incomplete intake instead"
        elif extra:
            errors["documents_present"] = f"not asked for in this envelope: {'; '.join(extra)}"
        if not data.id_checked:
            errors["id_checked"] = "check the sender's ID card before sealing"
        if parcel.leg is Leg.DOSSIER:  # a supplement joins a dossier whose exemption was proved already
            errors |= check_exemption_proof(self.exemption, data.exemption_proof_kind, data.exemption_proof_number)
        if errors:
            raise InvalidField(errors)
        self._collect(data.cash_collected, method, at)
        parcel.seal_number, parcel.started_on = data.seal_number, at.today
        if action is Action.PICK_UP:
            parcel.assign_to(at.actor.user_id, at.actor.principal)
        evidence = {
            "seal_number": data.seal_number,
            "documents": data.documents_present,
            "cash_collected": data.cash_collected,
            "signature_ref": data.signature_ref,
            "photo_ref": data.photo_ref,
        }
        if data.document_photos:
            evidence["document_photos"] = list(data.document_photos)
        if parcel.leg is Leg.DOSSIER and self.exemption is not Exemption.NONE:
            proof = (data.exemption_proof_number or "").strip()
            evidence["exemption"] = {
                "category": self.exemption.value,
                "proof": data.exemption_proof_kind,
                "number": proof,
            }
        message = Notice(Topic.SEALED, {"seal": data.seal_number})
        return Outcome((self._advance(parcel, action, target, evidence),), message)

    def record_incomplete_intake(self, tracking: str, at: Moment, data: MissingInput) -> Outcome:
        """Courier or counter: documents are missing. Never accept silently: record what is missing, tell the
        citizen."""
        target = self.check(tracking, Action.RECORD_INCOMPLETE_INTAKE, at.actor)
        expected = self.documents_of(self.parcel(tracking))
        unknown = [name for name in data.missing_documents if name not in expected]
        if unknown:
            raise InvalidField.single("missing_documents", f"not in this procedure's list: {'; '.join(unknown)}")
        message = Notice(Topic.INTAKE_INCOMPLETE, {"missing": "; ".join(data.missing_documents)})
        evidence = {"missing_documents": data.missing_documents}
        event = self._advance(self.parcel(tracking), Action.RECORD_INCOMPLETE_INTAKE, target, evidence)
        return Outcome((event,), message)

    def arrive_at_post_office(self, tracking: str, at: Moment) -> Outcome:
        """Courier: the envelope is back at the post office (either leg)."""
        return self.move(tracking, at, Action.ARRIVE_AT_POST_OFFICE)

    def depart_to_agency(self, tracking: str, at: Moment) -> Outcome:
        """Courier: leaves for the agency with the sealed dossier, which is now in their hands."""
        return self.move(tracking, at, Action.DEPART_TO_AGENCY)

    def present_at_agency(self, tracking: str, at: Moment) -> Outcome:
        """Courier at the one-stop desk: first half of the two-party handover; only the agency completes it."""
        return self.move(tracking, at, Action.PRESENT_AT_AGENCY)

    def collect_return(self, tracking: str, at: Moment) -> Outcome:
        """Courier: takes the refused dossier back for the citizen."""
        return self.move(tracking, at, Action.COLLECT_RETURN)

    def move(self, tracking: str, at: Moment, action: Action) -> Outcome:
        """Arrive, depart, present at the desk, take a refused dossier back: the scan and the place suffice."""
        if action not in SIMPLE_MOVES:
            raise ValueError(f"{action} is not a simple move")
        target = self.check(tracking, action, at.actor)
        parcel = self.parcel(tracking)
        if at.actor.user_id is not None and action in TAKES_THE_ENVELOPE:
            parcel.assign_to(at.actor.user_id, at.actor.principal)
        return Outcome((self._advance(parcel, action, target),))

    def confirm_agency_receipt(self, tracking: str, at: Moment, data: ReceiptInput) -> Outcome:
        """Agency: second half of the handover; only the agency says it received the dossier, with its dossier code
        and appointment date, and takes the procedure fees collected for it."""
        target = self.check(tracking, Action.CONFIRM_AGENCY_RECEIPT, at.actor)
        errors: dict[str, str] = {}
        self._check_dossier_code(data.dossier_code, errors, the_same=False)
        if data.appointment_date < at.today:
            errors["appointment_date"] = "the appointment date cannot be in the past"
        owed = self._hand_over_fees(data.procedure_fee_received, at, errors)
        if errors:
            raise InvalidField(errors)
        self.dossier_code, self.appointment_date = data.dossier_code, data.appointment_date
        self.national_status = NationalStatus.ACCEPTED
        evidence = {
            "dossier_code": data.dossier_code,
            "appointment_date": data.appointment_date.isoformat(),
            "procedure_fee_received": owed,
        }
        message = Notice(
            Topic.RECEIVED_BY_AGENCY, {"dossier_code": data.dossier_code, "appointment": data.appointment_date}
        )
        parcel = self.parcel(tracking)
        event = self._advance(parcel, Action.CONFIRM_AGENCY_RECEIPT, target, evidence, parcel.courier)
        return Outcome((event,), message)

    def reject_dossier(self, tracking: str, at: Moment, data: RefusalInput) -> Outcome:
        """Agency: rejects the dossier (form 03); it goes back to the citizen, and there will be no result."""
        return self._refuse(tracking, at, data, Action.REJECT_DOSSIER)

    def _refuse(self, tracking: str, at: Moment, data: RefusalInput, action: Action) -> Outcome:
        target = self.check(tracking, action, at.actor)
        self.national_status = NationalStatus.NOT_ACCEPTED
        self.missing_documents, self.paused_since = (), None
        parcel = self.parcel(tracking)
        evidence = {"reason": data.reason, "missing_documents": data.missing_documents or None}
        events = [self._advance(parcel, action, target, evidence, parcel.courier)]
        cause = {"cause": "dossier rejected"}
        for leg in (Leg.RESULT, Leg.SUPPLEMENT):  # no result will come, no supplement is wanted: both end now
            other = self.leg(leg)
            cancel = transition_from(leg, other.status, Action.CANCEL) if other is not None else None
            if other is not None and cancel is not None:
                events.append(self._advance(other, Action.CANCEL, cancel.target, cause))
        self.refund_unused(at, "dossier rejected by the agency")
        missing = "; ".join(data.missing_documents or ())
        reason = f"{data.reason} ({missing})" if missing else data.reason
        return Outcome(tuple(events), Notice(Topic.REJECTED, {"reason": reason}))

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

    def deliver_return(self, tracking: str, at: Moment, data: ReceiverInput) -> Outcome:
        """Courier: the refused dossier is back with its sender (or a proxy with an authorisation)."""
        target = self.check(tracking, Action.DELIVER_RETURN, at.actor)
        evidence = self._receiver_evidence(data)
        message = Notice(Topic.RETURNED_TO_SENDER)
        return Outcome((self._advance(self.parcel(tracking), Action.DELIVER_RETURN, target, evidence),), message)

    def _hand_over_fees(self, declared: int, at: Moment, errors: dict[str, str]) -> int:
        """The procedure fees collected for the agency go with the dossier it registers; the clerk declares them."""
        fees = self.fees_to_forward()
        owed = sum(p.amount for p in fees)
        if declared != owed:
            errors["procedure_fee_received"] = f"the courier hands over {owed} đồng of procedure fees"
        elif not errors:
            for payment in fees:
                payment.forwarded_at = at.now
        return owed

    def _check_dossier_code(self, code: str | None, errors: dict[str, str], *, the_same: bool = True) -> None:
        """An agency's code; once a supplement is asked for, the only one (it is received into the same dossier)."""
        if code is None:
            errors["dossier_code"] = "give the dossier its code: the supplement is received into it"
        elif the_same and self.dossier_code is not None and code != self.dossier_code:
            errors["dossier_code"] = f"this dossier's code is {self.dossier_code}"
        elif not code.startswith(self.agency_code + "-"):
            errors["dossier_code"] = f"a dossier code of this agency starts with {self.agency_code}"
