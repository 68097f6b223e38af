"""Kinds of route stop, the statuses in which each is still to be done (a done stop stays on its route), and what
the citizen is told before the courier comes to their door."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .lifecycle import DossierStatus as D
from .lifecycle import ResultStatus as R
from .notices import Topic

PENDING = {  # statuses in which each kind of stop is still to be done
    "pickup_dossier": {D.BOOKED.value, D.INTAKE_INCOMPLETE.value},
    "deliver_to_agency": {D.PICKED_UP.value, D.AT_POST_OFFICE.value, D.OUT_TO_AGENCY.value, D.AT_AGENCY_DESK.value},
    "collect_result": {R.READY_AT_AGENCY.value, R.HANDOVER_OFFERED.value},
    "deliver_result": {
        R.COLLECTED_FROM_AGENCY.value,
        R.AT_POST_OFFICE.value,
        R.OUT_FOR_DELIVERY.value,
        R.ATTEMPT_FAILED.value,
    },
}
STILL_TO_DO = frozenset().union(*PENDING.values())  # an envelope in any other status is no stop of anyone's


AT_THE_DOOR = {  # the stops at a citizen's door, and the notice that tells them the courier is coming
    "pickup_dossier": Topic.COURIER_COMING_FOR_DOSSIER,
    "deliver_result": Topic.COURIER_COMING_WITH_RESULT,
}
STILL_COMING = {  # statuses in which the courier is still to come to the door (a result may not be collected yet)
    "pickup_dossier": PENDING["pickup_dossier"],
    "deliver_result": PENDING["collect_result"] | PENDING["deliver_result"],
}
ETA_MARGIN = timedelta(minutes=15)  # the window told is the plan's arrival time, this much either side
_ROUNDING = 5 * 60  # seconds: "09:10-09:40", never "09:13-09:43"


def eta_window(eta: datetime, promised_start: datetime, promised_end: datetime) -> tuple[datetime, datetime]:
    """When to expect the courier: the planned arrival widened by the margin and rounded to five minutes, kept
    inside the slot the citizen booked unless the plan itself arrives outside it (then the truth is told)."""
    start = _round(eta - ETA_MARGIN, down=True)
    end = _round(eta + ETA_MARGIN, down=False)
    if promised_start <= eta <= promised_end:
        start, end = max(start, promised_start), min(end, promised_end)
    return start, end


def near_key(tracking: str, day: date) -> str:
    """The outbox's key of the "courier is near" notice of a stop on a day: it goes once."""
    return f"near:{tracking}:{day.isoformat()}"


def expected_after(told_at: datetime, previous_eta: datetime, eta: datetime) -> datetime:
    """When the courier, at the stop before, reaches the door: the plan's travel between the two stops from the
    moment they took a step there (late or early as they are), rounded up to five minutes."""
    return _round(told_at + max(eta - previous_eta, timedelta()), down=False)


def _round(moment: datetime, down: bool) -> datetime:
    seconds = moment.minute * 60 + moment.second + moment.microsecond / 1e6
    cut = seconds % _ROUNDING
    if cut == 0:
        return moment
    return moment - timedelta(seconds=cut) + (timedelta() if down else timedelta(seconds=_ROUNDING))
