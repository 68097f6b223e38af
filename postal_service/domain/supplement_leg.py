"""The supplement loop (form 02): the agency keeps the dossier under its code and asks for what is missing; the
citizen sends only those documents in a new envelope; the agency receives them into the same dossier and the
result leg goes on. Nothing is paid twice, and the agency's clock stands still while it waits for the citizen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .calendar import WorkingCalendar
from .errors import Forbidden, InvalidField, InvalidTransition
from .lifecycle import BOOKERS, INITIAL_STATUS, Action, DossierStatus, Leg
from .national_status import NationalStatus
from .notices import Notice, Topic
from .request import Moment, Outcome, Parcel, RequestState
from .step_inputs import ReceiptInput, SupplementInput
from .timeslots import Slot

BOOK = "book"  # the event that opens an envelope's chain


def resumed_appointment(calendar: WorkingCalendar, appointment: date, paused_since: date, today: date) -> date:
    """The appointment moved by the working days the agency waited for the citizen: that time is not counted."""
    return calendar.add_working_days(appointment, calendar.working_days_between(paused_since, today))


@dataclass(frozen=True)
class SupplementLeg:
    """The supplement loop's steps, decided on the request's shared state."""

    state: RequestState

    def request_supplement(self, tracking: str, at: Moment, data: SupplementInput) -> Outcome:
        target = self.state.check(tracking, Action.REQUEST_SUPPLEMENT, at.actor)
        errors: dict[str, str] = {}
        unknown = [name for name in data.missing_documents if name not in self.state.documents]
        if not data.missing_documents:
            errors["missing_documents"] = "name the documents the citizen must add"
        elif unknown:
            errors["missing_documents"] = f"not in this procedure's list: {'; '.join(unknown)}"
        self.state.check_dossier_code(data.dossier_code or self.state.dossier_code, errors)
        owed = self.state.hand_over_fees(data.procedure_fee_received, at, errors)
        if errors:
            raise InvalidField(errors)
        self.state.dossier_code = data.dossier_code or self.state.dossier_code
        self.state.missing_documents, self.state.paused_since = tuple(data.missing_documents), at.today
        self.state.national_status = NationalStatus.SUPPLEMENT_REQUESTED
        parcel = self.state.parcel(tracking)
        evidence = {
            "reason": data.reason,
            "missing_documents": list(data.missing_documents),
            "dossier_code": self.state.dossier_code,
            "procedure_fee_received": owed,
        }
        missing = "; ".join(data.missing_documents)
        message = Notice(Topic.SUPPLEMENT_REQUESTED, {"reason": data.reason, "missing": missing})
        return Outcome(
            (self.state.advance(parcel, Action.REQUEST_SUPPLEMENT, target, evidence, parcel.courier),), message
        )

    def live(self) -> Parcel | None:
        """The supplement envelope still on its way from the citizen, if one is booked."""
        parcel = self.state.leg(Leg.SUPPLEMENT)
        ended = (DossierStatus.CANCELLED.value, DossierStatus.RECEIVED_BY_AGENCY.value)
        return parcel if parcel is not None and parcel.status not in ended else None

    def book(self, tracking: str, at: Moment, pickup: Slot | None) -> Outcome:
        if at.actor.role not in BOOKERS:
            raise Forbidden(f"a {at.actor.role.value} may not book a supplement")
        dossier = self.state.leg(Leg.DOSSIER)
        if dossier is None or dossier.status != DossierStatus.SUPPLEMENT_REQUESTED.value:
            raise InvalidTransition("the agency has not asked for a supplement to this dossier")
        if self.live() is not None:
            raise InvalidTransition("the supplement is already booked; its tracking number is on the request")
        parcel = Parcel(tracking, Leg.SUPPLEMENT, "")
        self.state.parcels.append(parcel)
        self.state.pickup = pickup
        evidence = {"reference": self.state.reference, "documents": list(self.state.missing_documents)}
        event = self.state.advance(parcel, BOOK, INITIAL_STATUS[Leg.SUPPLEMENT], evidence)
        return Outcome((event,), Notice(Topic.SUPPLEMENT_BOOKED, {"number": tracking}))

    def receive(self, tracking: str, at: Moment, data: ReceiptInput) -> Outcome:
        """Agency: the supplement goes into the same dossier code; processing resumes with a new appointment."""
        target = self.state.check(tracking, Action.CONFIRM_AGENCY_RECEIPT, at.actor)
        dossier = self.state.leg(Leg.DOSSIER)
        assert dossier is not None  # a supplement is only booked for a dossier
        resumed = self.state.check(dossier.tracking_number, Action.RECEIVE_SUPPLEMENT, at.actor)
        errors: dict[str, str] = {}
        self.state.check_dossier_code(data.dossier_code, errors)
        if data.appointment_date < at.today:
            errors["appointment_date"] = "the appointment date cannot be in the past"
        owed = self.state.hand_over_fees(data.procedure_fee_received, at, errors)
        if errors:
            raise InvalidField(errors)
        paused = at.rules.calendar.working_days_between(self.state.paused_since or at.today, at.today)
        evidence = {
            "supplement": tracking,
            "documents": list(self.state.missing_documents),
            "paused_working_days": paused,
        }
        self.state.appointment_date, self.state.national_status = data.appointment_date, NationalStatus.IN_PROCESS
        self.state.missing_documents, self.state.paused_since = (), None
        parcel = self.state.parcel(tracking)
        receipt = {"dossier_code": data.dossier_code, "appointment_date": data.appointment_date.isoformat()}
        events = (
            self.state.advance(
                parcel,
                Action.CONFIRM_AGENCY_RECEIPT,
                target,
                {**receipt, "procedure_fee_received": owed},
                parcel.courier,
            ),
            self.state.advance(dossier, Action.RECEIVE_SUPPLEMENT, resumed, evidence),
        )
        values = {"dossier_code": data.dossier_code, "appointment": data.appointment_date}
        return Outcome(events, Notice(Topic.SUPPLEMENT_RECEIVED, values))
