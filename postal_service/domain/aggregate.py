"""`Request`, the aggregate root: every custody step of both legs, and the steps that span the request."""

from __future__ import annotations

from .errors import InvalidField, InvalidTransition
from .holders import Holder
from .lifecycle import Action, DossierStatus, Leg, is_closed, next_actions
from .money import PaymentMethod
from .national_status import NationalStatus
from .notices import Dong, Notice, Topic
from .request import Moment, Outcome
from .result_steps import ResultSteps
from .roles import user_principal
from .step_inputs import CourierRef, StatusReport

REASSIGNMENT = "assign_courier"  # an event that moves no status: the envelope changes hands on paper only


class Request(ResultSteps):
    def cancel(self, at: Moment, reason: str | None) -> Outcome:
        """Cancel before pickup: every leg must still be cancellable, or nothing is (409)."""
        targets = [(parcel, self.check(parcel.tracking_number, Action.CANCEL, at.actor)) for parcel in self.parcels]
        events = tuple(self._advance(p, Action.CANCEL, target, {"reason": reason}) for p, target in targets)
        self.refund_unused(at, "request cancelled")
        return Outcome(events, Notice(Topic.CANCELLED))

    def pay_online(self, at: Moment, amount: int) -> Outcome:
        """A provider confirmed a transfer of everything still owed: recorded like any payment, fee first."""
        self._collect(amount, PaymentMethod.ONLINE, at, "amount")
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
        event = self._advance(parcel, REASSIGNMENT, parcel.status, {"courier": parcel.courier})
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
