"""`Request`, the aggregate root: every custody step of both legs, and the steps that span the request."""

from __future__ import annotations

from .errors import InvalidTransition
from .lifecycle import Action, Holder, is_terminal
from .national_status import NationalStatus
from .request import Moment, Outcome
from .result_steps import ResultSteps
from .step_inputs import CourierRef

REASSIGNMENT = "assign_courier"  # an event that moves no status: the envelope changes hands on paper only


class Request(ResultSteps):
    def cancel(self, at: Moment, reason: str | None) -> Outcome:
        """Cancel before pickup: every leg must still be cancellable, or nothing is (409)."""
        targets = [(parcel, self.check(parcel.tracking_number, Action.CANCEL, at.actor)) for parcel in self.parcels]
        events = tuple(self._advance(p, Action.CANCEL, target, {"reason": reason}) for p, target in targets)
        return Outcome(events, f"Yeu cau {self.reference} da duoc huy.")

    def check_reassignable(self, tracking: str) -> None:
        parcel = self.parcel(tracking)
        if is_terminal(parcel.leg, parcel.status) or parcel.holder is Holder.COURIER:
            raise InvalidTransition(f"a parcel that is {parcel.status} cannot be reassigned")

    def reassign(self, tracking: str, courier: CourierRef) -> Outcome:
        """The dispatcher puts a parcel on a courier's route; never while another courier holds it."""
        self.check_reassignable(tracking)
        parcel = self.parcel(tracking)
        parcel.assign_to(courier.id, f"user:{courier.username}")
        event = self._advance(parcel, REASSIGNMENT, parcel.status, {"courier": parcel.courier})
        return Outcome((event,))

    def report_national_status(self, code: NationalStatus) -> None:
        """The agency's one-stop system reports where the dossier stands; the citizen sees it on the timeline."""
        self.national_status = code
