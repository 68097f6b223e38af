"""What a notice is about: one topic per handover or event the citizen (or the office's staff) is told of."""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    BOOKED = "booked"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    SIGN_IN_CODE = "sign_in_code"
    COURIER_COMING_FOR_DOSSIER = "courier_coming_for_dossier"
    COURIER_COMING_WITH_RESULT = "courier_coming_with_result"
    COURIER_NEAR = "courier_near"  # the courier is at the stop before the citizen's door
    SEALED = "sealed"
    INTAKE_INCOMPLETE = "intake_incomplete"
    RECEIVED_BY_AGENCY = "received_by_agency"
    REJECTED = "rejected"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_BOOKED = "supplement_booked"
    SUPPLEMENT_RECEIVED = "supplement_received"
    RETURNED_TO_SENDER = "returned_to_sender"
    APPOINTMENT_CHANGED = "appointment_changed"
    PROCESSING_STOPPED = "processing_stopped"
    RESULT_READY = "result_ready"
    RESULT_OUT_FOR_DELIVERY = "result_out_for_delivery"
    RESULT_DELIVERED = "result_delivered"
    ATTEMPT_FAILED = "attempt_failed"
    LAST_ATTEMPT_FAILED = "last_attempt_failed"
    HELD = "held"
    RETURNED_TO_AGENCY = "returned_to_agency"
    DEADLINE_ALERT = "deadline_alert"  # to the office's dispatchers, not to the citizen
    PAID_ONLINE = "paid_online"
    CLAIM_FILED = "claim_filed"
    CLAIM_ASSIGNED = "claim_assigned"
    CLAIM_UPHELD = "claim_upheld"
    CLAIM_NOT_UPHELD = "claim_not_upheld"
    CLAIM_DUE = "claim_due"  # to the office's dispatchers, not to the citizen
    IN_TRANSIT = "in_transit"  # the envelope left on a trunk run towards another province
    LATE_IN_TRANSIT = "late_in_transit"  # a missed connection moves the expected arrival past the deadline
    MISSING_IN_TRANSIT = "missing_in_transit"
    BAG_OPENED_SHORT = "bag_opened_short"  # to both points' staff and the request's dispatchers
