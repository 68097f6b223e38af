"""Steps of the dossier leg: citizen -> courier -> post office -> agency desk (two-party) -> agency,
and back to the citizen when the agency refuses it (Circular 17, art. 5)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidField
from .lifecycle import Action, Leg, transition_from
from .money import Exemption, PaymentMethod, check_exemption_proof
from .national_status import NationalStatus
from .notices import Notice, Topic
from .request import Moment, Outcome, RequestState
from .step_inputs import IntakeInput, MissingInput, ReceiptInput, ReceiverInput, RefusalInput

# Steps that need nothing but the scan and the place; taking the envelope out makes it the courier's.
SIMPLE_MOVES = (Action.ARRIVE_AT_POST_OFFICE, Action.DEPART_TO_AGENCY, Action.PRESENT_AT_AGENCY, Action.COLLECT_RETURN)
TAKES_THE_ENVELOPE = (Action.DEPART_TO_AGENCY, Action.COLLECT_RETURN)


@dataclass(frozen=True)
class DossierLeg:
    """The dossier leg's steps, decided on the request's shared state."""

    state: RequestState

    def pick_up(self, tracking: str, at: Moment, data: IntakeInput) -> Outcome:
        return self._intake(tracking, at, data, Action.PICK_UP, PaymentMethod.CASH_TO_COURIER)

    def accept_at_counter(self, tracking: str, at: Moment, data: IntakeInput) -> Outcome:
        return self._intake(tracking, at, data, Action.ACCEPT_AT_COUNTER, PaymentMethod.COUNTER)

    def _intake(self, tracking: str, at: Moment, data: IntakeInput, action: Action, method: PaymentMethod) -> Outcome:
        target = self.state.check(tracking, action, at.actor)
        errors: dict[str, str] = {}
        parcel = self.state.parcel(tracking)
        expected = self.state.documents_of(parcel)
        missing = [name for name in expected if name not in set(data.documents_present)]
        extra = [name for name in data.documents_present if name not in expected]
        if missing:
            errors["documents_present"] = f"missing: {'; '.join(missing)}. Record an incomplete intake instead"
        elif extra:
            errors["documents_present"] = f"not asked for in this envelope: {'; '.join(extra)}"
        if not data.id_checked:
            errors["id_checked"] = "check the sender's ID card before sealing"
        if parcel.leg is Leg.DOSSIER:  # a supplement joins a dossier whose exemption was proved already
            errors |= check_exemption_proof(
                self.state.exemption, data.exemption_proof_kind, data.exemption_proof_number
            )
        if errors:
            raise InvalidField(errors)
        self.state.collect(data.cash_collected, method, at)
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
        if parcel.leg is Leg.DOSSIER and self.state.exemption is not Exemption.NONE:
            proof = (data.exemption_proof_number or "").strip()
            evidence["exemption"] = {
                "category": self.state.exemption.value,
                "proof": data.exemption_proof_kind,
                "number": proof,
            }
        message = Notice(Topic.SEALED, {"seal": data.seal_number})
        return Outcome((self.state.advance(parcel, action, target, evidence),), message)

    def record_incomplete_intake(self, tracking: str, at: Moment, data: MissingInput) -> Outcome:
        target = self.state.check(tracking, Action.RECORD_INCOMPLETE_INTAKE, at.actor)
        expected = self.state.documents_of(self.state.parcel(tracking))
        unknown = [name for name in data.missing_documents if name not in expected]
        if unknown:
            raise InvalidField.single("missing_documents", f"not in this procedure's list: {'; '.join(unknown)}")
        message = Notice(Topic.INTAKE_INCOMPLETE, {"missing": "; ".join(data.missing_documents)})
        evidence = {"missing_documents": data.missing_documents}
        event = self.state.advance(self.state.parcel(tracking), Action.RECORD_INCOMPLETE_INTAKE, target, evidence)
        return Outcome((event,), message)

    def arrive_at_post_office(self, tracking: str, at: Moment) -> Outcome:
        return self.move(tracking, at, Action.ARRIVE_AT_POST_OFFICE)

    def depart_to_agency(self, tracking: str, at: Moment) -> Outcome:
        return self.move(tracking, at, Action.DEPART_TO_AGENCY)

    def present_at_agency(self, tracking: str, at: Moment) -> Outcome:
        return self.move(tracking, at, Action.PRESENT_AT_AGENCY)

    def collect_return(self, tracking: str, at: Moment) -> Outcome:
        return self.move(tracking, at, Action.COLLECT_RETURN)

    def move(self, tracking: str, at: Moment, action: Action) -> Outcome:
        """Arrive, depart, present at the desk, take a refused dossier back: the scan and the place suffice."""
        if action not in SIMPLE_MOVES:
            raise ValueError(f"{action} is not a simple move")
        target = self.state.check(tracking, action, at.actor)
        parcel = self.state.parcel(tracking)
        if at.actor.user_id is not None and action in TAKES_THE_ENVELOPE:
            parcel.assign_to(at.actor.user_id, at.actor.principal)
        return Outcome((self.state.advance(parcel, action, target),))

    def confirm_agency_receipt(self, tracking: str, at: Moment, data: ReceiptInput) -> Outcome:
        target = self.state.check(tracking, Action.CONFIRM_AGENCY_RECEIPT, at.actor)
        errors: dict[str, str] = {}
        self.state.check_dossier_code(data.dossier_code, errors, the_same=False)
        if data.appointment_date < at.today:
            errors["appointment_date"] = "the appointment date cannot be in the past"
        owed = self.state.hand_over_fees(data.procedure_fee_received, at, errors)
        if errors:
            raise InvalidField(errors)
        self.state.dossier_code, self.state.appointment_date = data.dossier_code, data.appointment_date
        self.state.national_status = NationalStatus.ACCEPTED
        evidence = {
            "dossier_code": data.dossier_code,
            "appointment_date": data.appointment_date.isoformat(),
            "procedure_fee_received": owed,
        }
        message = Notice(
            Topic.RECEIVED_BY_AGENCY, {"dossier_code": data.dossier_code, "appointment": data.appointment_date}
        )
        parcel = self.state.parcel(tracking)
        event = self.state.advance(parcel, Action.CONFIRM_AGENCY_RECEIPT, target, evidence, parcel.courier)
        return Outcome((event,), message)

    def reject_dossier(self, tracking: str, at: Moment, data: RefusalInput) -> Outcome:
        return self._refuse(tracking, at, data, Action.REJECT_DOSSIER)

    def _refuse(self, tracking: str, at: Moment, data: RefusalInput, action: Action) -> Outcome:
        target = self.state.check(tracking, action, at.actor)
        self.state.national_status = NationalStatus.NOT_ACCEPTED
        self.state.missing_documents, self.state.paused_since = (), None
        parcel = self.state.parcel(tracking)
        evidence = {"reason": data.reason, "missing_documents": data.missing_documents or None}
        events = [self.state.advance(parcel, action, target, evidence, parcel.courier)]
        cause = {"cause": "dossier rejected"}
        for leg in (Leg.RESULT, Leg.SUPPLEMENT):  # no result will come, no supplement is wanted: both end now
            other = self.state.leg(leg)
            cancel = transition_from(leg, other.status, Action.CANCEL) if other is not None else None
            if other is not None and cancel is not None:
                events.append(self.state.advance(other, Action.CANCEL, cancel.target, cause))
        self.state.refund_unused(at, "dossier rejected by the agency")
        missing = "; ".join(data.missing_documents or ())
        reason = f"{data.reason} ({missing})" if missing else data.reason
        return Outcome(tuple(events), Notice(Topic.REJECTED, {"reason": reason}))

    def deliver_return(self, tracking: str, at: Moment, data: ReceiverInput) -> Outcome:
        target = self.state.check(tracking, Action.DELIVER_RETURN, at.actor)
        evidence = self.state.receiver_evidence(data, Leg.DOSSIER)
        message = Notice(Topic.RETURNED_TO_SENDER)
        return Outcome(
            (self.state.advance(self.state.parcel(tracking), Action.DELIVER_RETURN, target, evidence),), message
        )
