"""Kinds of route stop and the statuses in which each is still to be done (a done stop stays on its route)."""

from __future__ import annotations

from .lifecycle import DossierStatus as D
from .lifecycle import ResultStatus as R

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
