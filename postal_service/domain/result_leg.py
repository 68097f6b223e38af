"""Steps of the result leg: agency -> courier (two-party) -> citizen, with failed attempts, the hold at the
post office and the return to the agency (DOMAIN.md, "Result return")."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidTransition
from .lifecycle import Action, DossierStatus, Leg, ResultStatus
from .money import PaymentMethod
from .national_status import NationalStatus
from .notices import FailureReason, Notice, Topic
from .request import Moment, Outcome, Parcel, RequestState
from .roles import user_principal
from .step_inputs import CourierRef, FailureInput, ReceiverInput


@dataclass(frozen=True)
class ResultLeg:
    """The result leg's steps, decided on the request's shared state."""

    state: RequestState

    def mark_result_ready(self, tracking: str, at: Moment) -> Outcome:
        target = self.state.check(tracking, Action.MARK_RESULT_READY, at.actor)
        dossier = self.state.leg(Leg.DOSSIER)
        if dossier is not None and dossier.status != DossierStatus.RECEIVED_BY_AGENCY.value:
            raise InvalidTransition(f"the dossier has not been received by the agency yet (it is {dossier.status})")
        self.state.national_status = NationalStatus.PROCESSING_COMPLETED
        message = Notice(Topic.RESULT_READY)
        return Outcome((self.state.advance(self.state.parcel(tracking), Action.MARK_RESULT_READY, target),), message)

    def offer_result(self, tracking: str, at: Moment, courier: CourierRef) -> Outcome:
        target = self.state.check(tracking, Action.OFFER_RESULT, at.actor)
        parcel = self.state.parcel(tracking)
        parcel.assign_to(courier.id, user_principal(courier.username))
        return Outcome((self.state.advance(parcel, Action.OFFER_RESULT, target, counterparty=parcel.courier),))

    def retract_offer(self, tracking: str, at: Moment) -> Outcome:
        target = self.state.check(tracking, Action.RETRACT_OFFER, at.actor)
        parcel = self.state.parcel(tracking)
        parcel.assign_to(None, None)
        return Outcome((self.state.advance(parcel, Action.RETRACT_OFFER, target),))

    def confirm_result_collection(self, tracking: str, at: Moment) -> Outcome:
        target = self.state.check(tracking, Action.CONFIRM_RESULT_COLLECTION, at.actor)
        parcel = self.state.parcel(tracking)
        parcel.started_on = at.today
        agency = f"agency:{self.state.agency_code}"
        return Outcome((self.state.advance(parcel, Action.CONFIRM_RESULT_COLLECTION, target, counterparty=agency),))

    def start_delivery(self, tracking: str, at: Moment) -> Outcome:
        target = self.state.check(tracking, Action.START_DELIVERY, at.actor)
        parcel = self.state.parcel(tracking)
        self._check_next_attempt(parcel, at)
        parcel.assign_to(at.actor.user_id, at.actor.principal)
        message = Notice(Topic.RESULT_OUT_FOR_DELIVERY)
        return Outcome((self.state.advance(parcel, Action.START_DELIVERY, target),), message)

    @staticmethod
    def _check_next_attempt(parcel: Parcel, at: Moment) -> None:
        """At most `max_attempts`, at least `attempt_gap_working_days` working days apart."""
        if parcel.status != ResultStatus.ATTEMPT_FAILED.value:
            return
        rules = at.rules
        if parcel.attempts >= rules.max_attempts:
            raise InvalidTransition(f"{parcel.attempts} attempts made; hold the result at the post office instead")
        assert parcel.last_attempt_on is not None
        if rules.calendar.working_days_between(parcel.last_attempt_on, at.today) < rules.attempt_gap_working_days:
            raise InvalidTransition(f"attempts must be at least {rules.attempt_gap_working_days} working day(s) apart")

    def deliver(self, tracking: str, at: Moment, data: ReceiverInput) -> Outcome:
        return self._hand_over(tracking, at, data, Action.DELIVER, PaymentMethod.CASH_TO_COURIER)

    def collect_at_counter(self, tracking: str, at: Moment, data: ReceiverInput) -> Outcome:
        return self._hand_over(tracking, at, data, Action.COLLECT_AT_COUNTER, PaymentMethod.COUNTER)

    def _hand_over(
        self, tracking: str, at: Moment, data: ReceiverInput, action: Action, method: PaymentMethod
    ) -> Outcome:
        target = self.state.check(tracking, action, at.actor)
        evidence = self.state.receiver_evidence(data, Leg.RESULT)
        self.state.collect(data.cash_collected, method, at)
        self.state.national_status = NationalStatus.RESULT_RETURNED
        message = Notice(Topic.RESULT_DELIVERED, {"receiver": data.receiver_name})
        return Outcome((self.state.advance(self.state.parcel(tracking), action, target, evidence),), message)

    def record_failed_attempt(self, tracking: str, at: Moment, data: FailureInput) -> Outcome:
        target = self.state.check(tracking, Action.RECORD_FAILED_ATTEMPT, at.actor)
        parcel = self.state.parcel(tracking)
        parcel.attempts += 1
        parcel.last_attempt_on = at.today
        left = at.rules.max_attempts - parcel.attempts
        topic = Topic.ATTEMPT_FAILED if left > 0 else Topic.LAST_ATTEMPT_FAILED
        message = Notice(topic, {"reason": FailureReason(data.reason)})
        evidence = {"reason": str(data.reason), "attempt": parcel.attempts}
        return Outcome((self.state.advance(parcel, Action.RECORD_FAILED_ATTEMPT, target, evidence),), message)

    def hold_at_post_office(self, tracking: str, at: Moment) -> Outcome:
        target = self.state.check(tracking, Action.HOLD_AT_POST_OFFICE, at.actor)
        parcel = self.state.parcel(tracking)
        if parcel.attempts < at.rules.max_attempts:
            raise InvalidTransition(f"only {parcel.attempts} attempt(s) made; try delivering again first")
        parcel.hold_until = at.rules.calendar.add_working_days(at.today, at.rules.hold_working_days)
        message = Notice(Topic.HELD, {"until": parcel.hold_until})
        evidence = {"hold_until": parcel.hold_until.isoformat()}
        return Outcome((self.state.advance(parcel, Action.HOLD_AT_POST_OFFICE, target, evidence),), message)

    def return_to_agency(self, tracking: str, at: Moment) -> Outcome:
        target = self.state.check(tracking, Action.RETURN_TO_AGENCY, at.actor)
        parcel = self.state.parcel(tracking)
        if parcel.hold_until is None or at.today <= parcel.hold_until:
            raise InvalidTransition(f"the result is held until {parcel.hold_until}; it cannot go back yet")
        message = Notice(Topic.RETURNED_TO_AGENCY)
        agency = f"agency:{self.state.agency_code}"
        return Outcome((self.state.advance(parcel, Action.RETURN_TO_AGENCY, target, counterparty=agency),), message)
