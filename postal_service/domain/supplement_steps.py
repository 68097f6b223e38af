"""The supplement loop (form 02): the agency keeps the dossier under its code and asks for what is missing; the
citizen sends only those documents in a new envelope; the agency receives them into the same dossier and the
result leg goes on. Nothing is paid twice, and the agency's clock stands still while it waits for the citizen."""

from __future__ import annotations

from datetime import date

from .calendar import WorkingCalendar
from .dossier_steps import DossierSteps
from .errors import Forbidden, InvalidField, InvalidTransition
from .lifecycle import BOOKERS, INITIAL_STATUS, Action, DossierStatus, Leg
from .national_status import NationalStatus
from .notices import Notice, Topic
from .request import Moment, Outcome, Parcel
from .step_inputs import ReceiptInput, SupplementInput

BOOK = "book"  # the event that opens an envelope's chain


def resumed_appointment(calendar: WorkingCalendar, appointment: date, paused_since: date, today: date) -> date:
    """The appointment moved by the working days the agency waited for the citizen: that time is not counted."""
    return calendar.add_working_days(appointment, calendar.working_days_between(paused_since, today))


class SupplementSteps(DossierSteps):
    def request_supplement(self, tracking: str, at: Moment, data: SupplementInput) -> Outcome:
        """Agency: asks for the documents that are missing (form 02). The dossier stays at the agency under its
        code, the result leg waits, and the processing clock is paused until the supplement is received."""
        target = self.check(tracking, Action.REQUEST_SUPPLEMENT, at.actor)
        errors: dict[str, str] = {}
        unknown = [name for name in data.missing_documents if name not in self.documents]
        if not data.missing_documents:
            errors["missing_documents"] = "name the documents the citizen must add"
        elif unknown:
            errors["missing_documents"] = f"not in this procedure's list: {'; '.join(unknown)}"
        self._check_dossier_code(data.dossier_code or self.dossier_code, errors)
        owed = self._hand_over_fees(data.procedure_fee_received, at, errors)
        if errors:
            raise InvalidField(errors)
        self.dossier_code = data.dossier_code or self.dossier_code
        self.missing_documents, self.paused_since = tuple(data.missing_documents), at.today
        self.national_status = NationalStatus.SUPPLEMENT_REQUESTED
        parcel = self.parcel(tracking)
        evidence = {
            "reason": data.reason,
            "missing_documents": list(data.missing_documents),
            "dossier_code": self.dossier_code,
            "procedure_fee_received": owed,
        }
        missing = "; ".join(data.missing_documents)
        message = Notice(Topic.SUPPLEMENT_REQUESTED, {"reason": data.reason, "missing": missing})
        return Outcome((self._advance(parcel, Action.REQUEST_SUPPLEMENT, target, evidence, parcel.courier),), message)

    def live_supplement(self) -> Parcel | None:
        """The supplement envelope still on its way from the citizen, if one is booked."""
        parcel = self.leg(Leg.SUPPLEMENT)
        ended = (DossierStatus.CANCELLED.value, DossierStatus.RECEIVED_BY_AGENCY.value)
        return parcel if parcel is not None and parcel.status not in ended else None

    def book_supplement(self, tracking: str, at: Moment) -> Outcome:
        """The citizen (or the counter for them) books the collection of the missing documents: a new envelope
        with its own tracking number, for the same dossier, with nothing more to pay."""
        if at.actor.role not in BOOKERS:
            raise Forbidden(f"a {at.actor.role.value} may not book a supplement")
        dossier = self.leg(Leg.DOSSIER)
        if dossier is None or dossier.status != DossierStatus.SUPPLEMENT_REQUESTED.value:
            raise InvalidTransition("the agency has not asked for a supplement to this dossier")
        if self.live_supplement() is not None:
            raise InvalidTransition("the supplement is already booked; its tracking number is on the request")
        parcel = Parcel(tracking, Leg.SUPPLEMENT, "")
        self.parcels.append(parcel)
        evidence = {"reference": self.reference, "documents": list(self.missing_documents)}
        event = self._advance(parcel, BOOK, INITIAL_STATUS[Leg.SUPPLEMENT], evidence)
        return Outcome((event,), Notice(Topic.SUPPLEMENT_BOOKED, {"number": tracking}))

    def confirm_agency_receipt(self, tracking: str, at: Moment, data: ReceiptInput) -> Outcome:
        if self.parcel(tracking).leg is Leg.SUPPLEMENT:
            return self._receive_supplement(tracking, at, data)
        return super().confirm_agency_receipt(tracking, at, data)

    def _receive_supplement(self, tracking: str, at: Moment, data: ReceiptInput) -> Outcome:
        """Agency: the supplement goes into the same dossier code; processing resumes with a new appointment."""
        target = self.check(tracking, Action.CONFIRM_AGENCY_RECEIPT, at.actor)
        dossier = self.leg(Leg.DOSSIER)
        assert dossier is not None  # a supplement is only booked for a dossier
        resumed = self.check(dossier.tracking_number, Action.RECEIVE_SUPPLEMENT, at.actor)
        errors: dict[str, str] = {}
        self._check_dossier_code(data.dossier_code, errors)
        if data.appointment_date < at.today:
            errors["appointment_date"] = "the appointment date cannot be in the past"
        owed = self._hand_over_fees(data.procedure_fee_received, at, errors)
        if errors:
            raise InvalidField(errors)
        paused = at.rules.calendar.working_days_between(self.paused_since or at.today, at.today)
        evidence = {"supplement": tracking, "documents": list(self.missing_documents), "paused_working_days": paused}
        self.appointment_date, self.national_status = data.appointment_date, NationalStatus.IN_PROCESS
        self.missing_documents, self.paused_since = (), None
        parcel = self.parcel(tracking)
        receipt = {"dossier_code": data.dossier_code, "appointment_date": data.appointment_date.isoformat()}
        events = (
            self._advance(
                parcel,
                Action.CONFIRM_AGENCY_RECEIPT,
                target,
                {**receipt, "procedure_fee_received": owed},
                parcel.courier,
            ),
            self._advance(dossier, Action.RECEIVE_SUPPLEMENT, resumed, evidence),
        )
        values = {"dossier_code": data.dossier_code, "appointment": data.appointment_date}
        return Outcome(events, Notice(Topic.SUPPLEMENT_RECEIVED, values))
