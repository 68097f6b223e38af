"""Who has the envelope in hand after each status: the custody side of the two state machines."""

from __future__ import annotations

from enum import StrEnum

from .lifecycle import DossierStatus as D
from .lifecycle import ResultStatus as R


class Holder(StrEnum):
    """Who has the envelope in hand after a status is reached: the custody side of the chain."""

    CITIZEN = "citizen"
    COURIER = "courier"
    POST_OFFICE = "post_office"
    AGENCY = "agency"
    EXCHANGE_HUB = "exchange_hub"  # sorted at a hub between two bags
    TRUNK = "trunk"  # in a sealed bag, with the trunk run's driver
    MISSING = "missing"  # not in the bag its manifest put it in: the post's, until it is found
    NOBODY = "nobody"


HOLDER_AFTER: dict[str, Holder] = {
    **{s.value: Holder.CITIZEN for s in (D.BOOKED, D.INTAKE_INCOMPLETE, D.RETURNED_TO_CITIZEN, R.DELIVERED)},
    **{s.value: Holder.NOBODY for s in (D.CANCELLED, R.CANCELLED)},
    D.MISSING_IN_TRANSIT.value: Holder.MISSING,
    D.IN_BAG.value: Holder.POST_OFFICE,  # in an open bag at an office (or a hub: still the post's hands)
    D.IN_TRANSIT.value: Holder.TRUNK,
    D.AT_EXCHANGE_HUB.value: Holder.EXCHANGE_HUB,
    **{
        s.value: Holder.COURIER
        for s in (
            D.PICKED_UP,
            D.OUT_TO_AGENCY,
            D.AT_AGENCY_DESK,
            D.RETURNING_TO_CITIZEN,
            R.COLLECTED_FROM_AGENCY,
            R.OUT_FOR_DELIVERY,
            R.ATTEMPT_FAILED,
        )
    },
    **{s.value: Holder.POST_OFFICE for s in (D.AT_POST_OFFICE, R.AT_POST_OFFICE, R.HELD_AT_POST_OFFICE)},
    **{
        s.value: Holder.AGENCY
        for s in (
            D.RECEIVED_BY_AGENCY,
            D.REJECTED_BY_AGENCY,
            D.SUPPLEMENT_REQUESTED,
            R.AWAITING_RESULT,
            R.READY_AT_AGENCY,
            R.HANDOVER_OFFERED,
            R.RETURNED_TO_AGENCY,
        )
    },
}
