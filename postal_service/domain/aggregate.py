"""`Request`, the aggregate root: the one object every step is asked through.

It holds the request's state and one object per leg; each custody step is a method here that hands the decision
to its leg (`dossier_leg`, `supplement_leg`, `result_leg`), so the step registry and the services see one facade,
while each leg's rules are read in one module. The steps that span the request (cancel, pay, reassign, the
agency system's status report) are decided here."""

from __future__ import annotations

from dataclasses import dataclass, field

from .booking import Booking
from .dossier_leg import DossierLeg
from .errors import InvalidField, InvalidTransition
from .holders import Holder
from .lifecycle import (
    FROM_THE_CITIZEN,
    INITIAL_STATUS,
    WITH_THE_CITIZEN,
    Action,
    DossierStatus,
    Leg,
    is_closed,
    next_actions,
)
from .money import PaymentMethod
from .national_status import NationalStatus, starting_status
from .notices import Dong, Notice, Topic
from .request import Moment, Outcome, Parcel, RequestState
from .result_leg import ResultLeg
from .roles import user_principal
from .step_inputs import (
    CourierRef,
    FailureInput,
    IntakeInput,
    MissingInput,
    ReceiptInput,
    ReceiverInput,
    RefusalInput,
    StatusReport,
    SupplementInput,
)
from .supplement_leg import BOOK, SupplementLeg
from .timeslots import LOCAL_TZ, Slot

REASSIGNMENT = "assign_courier"  # an event that moves no status: the envelope changes hands on paper only


@dataclass
class Request(RequestState):
    dossier: DossierLeg = field(init=False, repr=False, compare=False)
    supplement: SupplementLeg = field(init=False, repr=False, compare=False)
    result: ResultLeg = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.dossier, self.supplement, self.result = DossierLeg(self), SupplementLeg(self), ResultLeg(self)

    @classmethod
    def book(cls, booking: Booking) -> tuple[Request, Outcome]:
        """A new request: one envelope per leg of the service, each opening its chain in the leg's first status;
        the citizen is told the numbers and the price. Receiving only, the agency already gave the dossier code."""
        parcels = [Parcel(number, leg, "") for leg, number in booking.envelopes.items()]
        request = cls(
            reference=booking.reference,
            contact_id_number=booking.contact_id_number,
            post_office_id=booking.post_office_id,
            agency_code=booking.agency_code,
            documents=booking.documents,
            postal_charge=booking.postal_charge,
            procedure_fee=booking.procedure_fee,
            parcels=parcels,
            exemption=booking.exemption,
            leg_charges=booking.leg_charges,
            national_status=starting_status(booking.service, booking.dossier_code is not None),
            dossier_code=booking.dossier_code,
            pickup=booking.pickup,
            result_receiver_id_number=booking.result_receiver_id_number,
        )
        evidence = {"reference": booking.reference, "service": booking.service, **booking.witnessed}
        events = tuple(request.advance(p, BOOK, INITIAL_STATUS[p.leg], dict(evidence)) for p in parcels)
        numbers, total = ", ".join(booking.envelopes.values()), booking.postal_charge + booking.procedure_fee
        return request, Outcome(events, Notice(Topic.BOOKED, {"numbers": numbers, "total": Dong(total)}))

    def pick_up(self, tracking: str, at: Moment, data: IntakeInput) -> Outcome:
        """Courier at the citizen's door: documents checked against the list, sealed in front of the citizen,
        fees collected."""
        return self.dossier.pick_up(tracking, at, data)

    def accept_at_counter(self, tracking: str, at: Moment, data: IntakeInput) -> Outcome:
        """Post office counter: the citizen drops the dossier off; the same checks as at the door."""
        return self.dossier.accept_at_counter(tracking, at, data)

    def record_incomplete_intake(self, tracking: str, at: Moment, data: MissingInput) -> Outcome:
        """Courier or counter: documents are missing. Never accept silently: record what is missing, tell the
        citizen."""
        return self.dossier.record_incomplete_intake(tracking, at, data)

    def arrive_at_post_office(self, tracking: str, at: Moment) -> Outcome:
        """Courier: the envelope is back at the post office (either leg)."""
        return self.dossier.arrive_at_post_office(tracking, at)

    def depart_to_agency(self, tracking: str, at: Moment) -> Outcome:
        """Courier: leaves for the agency with the sealed dossier, which is now in their hands."""
        return self.dossier.depart_to_agency(tracking, at)

    def present_at_agency(self, tracking: str, at: Moment) -> Outcome:
        """Courier at the one-stop desk: first half of the two-party handover; only the agency completes it."""
        return self.dossier.present_at_agency(tracking, at)

    def collect_return(self, tracking: str, at: Moment) -> Outcome:
        """Courier: takes the refused dossier back for the citizen."""
        return self.dossier.collect_return(tracking, at)

    def confirm_agency_receipt(self, tracking: str, at: Moment, data: ReceiptInput) -> Outcome:
        """Agency: second half of the handover; only the agency says it received the dossier, with its dossier code
        and appointment date, and takes the procedure fees collected for it."""
        if self.parcel(tracking).leg is Leg.SUPPLEMENT:
            return self.supplement.receive(tracking, at, data)
        return self.dossier.confirm_agency_receipt(tracking, at, data)

    def reject_dossier(self, tracking: str, at: Moment, data: RefusalInput) -> Outcome:
        """Agency: rejects the dossier (form 03); it goes back to the citizen, and there will be no result."""
        return self.dossier.reject_dossier(tracking, at, data)

    def deliver_return(self, tracking: str, at: Moment, data: ReceiverInput) -> Outcome:
        """Courier: the refused dossier is back with its sender (or a proxy with an authorisation)."""
        return self.dossier.deliver_return(tracking, at, data)

    def request_supplement(self, tracking: str, at: Moment, data: SupplementInput) -> Outcome:
        """Agency: asks for the documents that are missing (form 02). The dossier stays at the agency under its
        code, the result leg waits, and the processing clock is paused until the supplement is received."""
        return self.supplement.request_supplement(tracking, at, data)

    def book_supplement(self, tracking: str, at: Moment, pickup: Slot | None) -> Outcome:
        """The citizen (or the counter for them) books the collection of the missing documents: a new envelope
        with its own tracking number, for the same dossier, with nothing more to pay."""
        return self.supplement.book(tracking, at, pickup)

    def mark_result_ready(self, tracking: str, at: Moment) -> Outcome:
        """Agency: the result is ready for collection (never before the dossier was received)."""
        return self.result.mark_result_ready(tracking, at)

    def offer_result(self, tracking: str, at: Moment, courier: CourierRef) -> Outcome:
        """Agency: first half of the result handover; the clerk names the courier who takes the envelope."""
        return self.result.offer_result(tracking, at, courier)

    def retract_offer(self, tracking: str, at: Moment) -> Outcome:
        """Agency: the named courier did not come; the result stays at the desk."""
        return self.result.retract_offer(tracking, at)

    def confirm_result_collection(self, tracking: str, at: Moment) -> Outcome:
        """Courier: second half of the result handover, by scanning; the transit clock (J) starts now."""
        return self.result.confirm_result_collection(tracking, at)

    def start_delivery(self, tracking: str, at: Moment) -> Outcome:
        """Courier: out for delivery; at most the allowed attempts, the configured working days apart."""
        return self.result.start_delivery(tracking, at)

    def deliver(self, tracking: str, at: Moment, data: ReceiverInput) -> Outcome:
        """Courier: delivered to the citizen or an authorised proxy, with signature or photo; what is still owed
        is collected."""
        return self.result.deliver(tracking, at, data)

    def collect_at_counter(self, tracking: str, at: Moment, data: ReceiverInput) -> Outcome:
        """Post office counter: the citizen fetches a held result."""
        return self.result.collect_at_counter(tracking, at, data)

    def record_failed_attempt(self, tracking: str, at: Moment, data: FailureInput) -> Outcome:
        """Courier: nobody could take the result; the reason is recorded and the citizen told what comes next."""
        return self.result.record_failed_attempt(tracking, at, data)

    def hold_at_post_office(self, tracking: str, at: Moment) -> Outcome:
        """After the last failed attempt: held at the post office for the configured working days."""
        return self.result.hold_at_post_office(tracking, at)

    def return_to_agency(self, tracking: str, at: Moment) -> Outcome:
        """The hold ran out: the result goes back to the agency."""
        return self.result.return_to_agency(tracking, at)

    def live_supplement(self) -> Parcel | None:
        """The supplement envelope still on its way from the citizen, if one is booked."""
        return self.supplement.live()

    def cancel(self, at: Moment, reason: str | None) -> Outcome:
        """Cancel before pickup: every leg must still be cancellable, or nothing is (409)."""
        targets = [(parcel, self.check(parcel.tracking_number, Action.CANCEL, at.actor)) for parcel in self.parcels]
        events = tuple(self.advance(p, Action.CANCEL, target, {"reason": reason}) for p, target in targets)
        self.refund_unused(at, "request cancelled")
        return Outcome(events, Notice(Topic.CANCELLED))

    def reschedule(self, at: Moment, slot: Slot) -> Outcome:
        """Move the pickup to another slot while the envelope (the dossier, or a supplement) is still with the
        citizen; the slot itself is checked against the office's calendar and places by the caller."""
        self.check_reschedulable()
        self.pickup = slot
        start, end = slot.start.astimezone(LOCAL_TZ), slot.end.astimezone(LOCAL_TZ)
        return Outcome((), Notice(Topic.RESCHEDULED, {"start": start, "end": end}))

    def check_reschedulable(self) -> None:
        """422 when nothing is to be picked up, 409 once the envelope has left the citizen."""
        waiting = [p for p in self.parcels if p.leg in FROM_THE_CITIZEN]
        if not waiting or self.pickup is None:
            raise InvalidField.single("slot_start", "this request has no pickup to reschedule")
        envelope = waiting[-1]
        if envelope.status not in WITH_THE_CITIZEN:
            raise InvalidTransition(f"the dossier is already {envelope.status}; the pickup can no longer move")

    def pay_online(self, at: Moment, amount: int) -> Outcome:
        """A provider confirmed a transfer of everything still owed: recorded like any payment, fee first."""
        self.collect(amount, PaymentMethod.ONLINE, at, "amount")
        return Outcome((), Notice(Topic.PAID_ONLINE, {"total": Dong(amount)}))

    def check_reassignable(self, tracking: str) -> None:
        parcel = self.parcel(tracking)
        if is_closed(parcel.leg, parcel.status) or parcel.holder is Holder.COURIER:
            raise InvalidTransition(f"a parcel that is {parcel.status} cannot be reassigned")

    def reassign(self, tracking: str, courier: CourierRef) -> Outcome:
        """The dispatcher puts a parcel on a courier's route; never while another courier holds it."""
        self.check_reassignable(tracking)
        parcel = self.parcel(tracking)
        parcel.assign_to(courier.id, user_principal(courier.username))
        event = self.advance(parcel, REASSIGNMENT, parcel.status, {"courier": parcel.courier})
        return Outcome((event,))

    def report_national_status(self, at: Moment, report: StatusReport) -> Outcome:
        """The agency's one-stop system reports where the dossier stands, and may set a new appointment date; the
        citizen sees it on the timeline. "Processing completed" marks a waiting result ready for the courier, as
        the clerk's desk step does; "processing stopped" and a new date are texted to the citizen."""
        if report.appointment_date is not None and report.appointment_date < at.today:
            raise InvalidField.single("appointment_date", "the appointment date cannot be in the past")
        self.national_status = report.code
        message: Notice | None = None
        if report.appointment_date is not None and report.appointment_date != self.appointment_date:
            self.appointment_date = report.appointment_date
            message = Notice(Topic.APPOINTMENT_CHANGED, {"appointment": report.appointment_date})
        if report.code is NationalStatus.PROCESSING_STOPPED:
            message = Notice(Topic.PROCESSING_STOPPED, {"reason": report.note or "-"})
        result = self.leg(Leg.RESULT)
        if report.code is NationalStatus.PROCESSING_COMPLETED and result is not None and self._result_can_be_ready(at):
            return self.mark_result_ready(result.tracking_number, at)
        return Outcome((), message)

    def _result_can_be_ready(self, at: Moment) -> bool:
        result, dossier = self.leg(Leg.RESULT), self.leg(Leg.DOSSIER)
        return (
            result is not None
            and Action.MARK_RESULT_READY in next_actions(Leg.RESULT, result.status, at.actor.role)
            and (dossier is None or dossier.status == DossierStatus.RECEIVED_BY_AGENCY.value)
        )
