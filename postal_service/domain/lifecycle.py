"""The legs of a request as explicit state machines (DOMAIN.md): one transition table each, (from status, action)
-> (to status, roles allowed). Service functions, the only callers, add the guards that need data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import Forbidden, InvalidTransition
from .roles import Role


class Leg(StrEnum):
    DOSSIER = "dossier"  # citizen -> agency
    RESULT = "result"  # agency -> citizen
    SUPPLEMENT = "supplement"  # citizen -> agency: only the documents the agency asked for, into the same dossier


class DossierStatus(StrEnum):
    BOOKED = "booked"
    INTAKE_INCOMPLETE = "intake_incomplete"
    CANCELLED = "cancelled"
    PICKED_UP = "picked_up"
    AT_POST_OFFICE = "at_post_office"
    OUT_TO_AGENCY = "out_to_agency"
    AT_AGENCY_DESK = "at_agency_desk"
    RECEIVED_BY_AGENCY = "received_by_agency"
    REJECTED_BY_AGENCY = "rejected_by_agency"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RETURNING_TO_CITIZEN = "returning_to_citizen"
    RETURNED_TO_CITIZEN = "returned_to_citizen"
    IN_BAG = "in_bag"  # network: scanned into an open bag at an office or a hub
    IN_TRANSIT = "in_transit"  # network: its bag is on a trunk run
    AT_EXCHANGE_HUB = "at_exchange_hub"  # network: scanned out of its bag at a hub, to be re-bagged
    MISSING_IN_TRANSIT = "missing_in_transit"  # network: on a bag's manifest, not in the bag when it was opened


class ResultStatus(StrEnum):
    AWAITING_RESULT = "awaiting_result"
    READY_AT_AGENCY = "ready_at_agency"
    HANDOVER_OFFERED = "handover_offered"
    COLLECTED_FROM_AGENCY = "collected_from_agency"
    AT_POST_OFFICE = "at_post_office"
    OUT_FOR_DELIVERY = "out_for_delivery"
    ATTEMPT_FAILED = "attempt_failed"
    DELIVERED = "delivered"
    HELD_AT_POST_OFFICE = "held_at_post_office"
    RETURNED_TO_AGENCY = "returned_to_agency"
    CANCELLED = "cancelled"
    IN_BAG = "in_bag"
    IN_TRANSIT = "in_transit"
    AT_EXCHANGE_HUB = "at_exchange_hub"
    MISSING_IN_TRANSIT = "missing_in_transit"


class Action(StrEnum):
    PICK_UP = "pick_up"
    RECORD_INCOMPLETE_INTAKE = "record_incomplete_intake"
    ACCEPT_AT_COUNTER = "accept_at_counter"
    CANCEL = "cancel"
    ARRIVE_AT_POST_OFFICE = "arrive_at_post_office"
    DEPART_TO_AGENCY = "depart_to_agency"
    PRESENT_AT_AGENCY = "present_at_agency"
    CONFIRM_AGENCY_RECEIPT = "confirm_agency_receipt"
    REJECT_DOSSIER = "reject_dossier"
    REQUEST_SUPPLEMENT = "request_supplement"
    RECEIVE_SUPPLEMENT = "receive_supplement"
    COLLECT_RETURN = "collect_return"
    DELIVER_RETURN = "deliver_return"
    MARK_RESULT_READY = "mark_result_ready"
    OFFER_RESULT = "offer_result"
    RETRACT_OFFER = "retract_offer"
    CONFIRM_RESULT_COLLECTION = "confirm_result_collection"
    START_DELIVERY = "start_delivery"
    DELIVER = "deliver"
    RECORD_FAILED_ATTEMPT = "record_failed_attempt"
    HOLD_AT_POST_OFFICE = "hold_at_post_office"
    COLLECT_AT_COUNTER = "collect_at_counter"
    RETURN_TO_AGENCY = "return_to_agency"
    BAG = "bag"  # the network's moves: taken with a bag's steps (services/bag_steps.py), never on their own
    DISPATCH = "dispatch"
    UNBAG_AT_HUB = "unbag_at_hub"
    UNBAG_AT_OFFICE = "unbag_at_office"
    REPORT_MISSING = "report_missing"


@dataclass(frozen=True)
class Transition:
    source: str
    action: Action
    target: str
    roles: frozenset[Role]


def _t(source: StrEnum, action: Action, target: StrEnum, *roles: Role) -> Transition:
    return Transition(source.value, action, target.value, frozenset(roles))


D, R = DossierStatus, ResultStatus
A = Action
COURIER, AGENCY, DISPATCHER = Role.COURIER, Role.AGENCY, Role.DISPATCHER
CITIZEN, ADMIN, SYSTEM, COUNTER = Role.CITIZEN, Role.ADMIN, Role.SYSTEM, Role.COUNTER
POINT_STAFF = (DISPATCHER, COUNTER, Role.HUB)  # who opens, fills, seals, receives and unpacks bags at a point
BOOKERS = frozenset({CITIZEN, DISPATCHER, COUNTER, ADMIN})  # who books, moves and cancels a citizen's collection
AT_THE_COUNTER = (DISPATCHER, COUNTER)  # post office staff at a counter (a post office's or a commune centre's)


def _network(
    at_office: StrEnum, in_bag: StrEnum, in_transit: StrEnum, at_hub: StrEnum, missing: StrEnum
) -> tuple[Transition, ...]:
    """Between offices, either leg travels the same way: into a bag at an office or a hub (and out of it again
    while the bag is open), on the trunk with it, out of it at the next point (or missing from it when it is
    opened short, and found again in another bag)."""
    return (
        _t(at_office, A.BAG, in_bag, *POINT_STAFF),
        _t(at_hub, A.BAG, in_bag, *POINT_STAFF),
        _t(in_bag, A.UNBAG_AT_HUB, at_hub, *POINT_STAFF),  # taken back out before its bag is sealed
        _t(in_bag, A.UNBAG_AT_OFFICE, at_office, *POINT_STAFF),
        _t(in_bag, A.DISPATCH, in_transit, Role.DRIVER),
        _t(in_transit, A.UNBAG_AT_HUB, at_hub, *POINT_STAFF),
        _t(in_transit, A.UNBAG_AT_OFFICE, at_office, *POINT_STAFF),
        _t(in_transit, A.REPORT_MISSING, missing, *POINT_STAFF),
        _t(missing, A.UNBAG_AT_HUB, at_hub, *POINT_STAFF),
        _t(missing, A.UNBAG_AT_OFFICE, at_office, *POINT_STAFF),
    )


DOSSIER_TRANSITIONS: tuple[Transition, ...] = (
    _t(D.BOOKED, A.PICK_UP, D.PICKED_UP, COURIER),
    _t(D.BOOKED, A.RECORD_INCOMPLETE_INTAKE, D.INTAKE_INCOMPLETE, COURIER, *AT_THE_COUNTER),
    _t(D.BOOKED, A.ACCEPT_AT_COUNTER, D.AT_POST_OFFICE, *AT_THE_COUNTER),
    _t(D.BOOKED, A.CANCEL, D.CANCELLED, *BOOKERS),
    _t(D.INTAKE_INCOMPLETE, A.PICK_UP, D.PICKED_UP, COURIER),
    _t(D.INTAKE_INCOMPLETE, A.ACCEPT_AT_COUNTER, D.AT_POST_OFFICE, *AT_THE_COUNTER),
    _t(D.INTAKE_INCOMPLETE, A.CANCEL, D.CANCELLED, *BOOKERS),
    _t(D.PICKED_UP, A.ARRIVE_AT_POST_OFFICE, D.AT_POST_OFFICE, COURIER),
    _t(D.PICKED_UP, A.DEPART_TO_AGENCY, D.OUT_TO_AGENCY, COURIER),
    _t(D.AT_POST_OFFICE, A.DEPART_TO_AGENCY, D.OUT_TO_AGENCY, COURIER),
    _t(D.OUT_TO_AGENCY, A.PRESENT_AT_AGENCY, D.AT_AGENCY_DESK, COURIER),
    _t(D.OUT_TO_AGENCY, A.ARRIVE_AT_POST_OFFICE, D.AT_POST_OFFICE, COURIER),
    _t(D.AT_AGENCY_DESK, A.CONFIRM_AGENCY_RECEIPT, D.RECEIVED_BY_AGENCY, AGENCY),
    _t(D.AT_AGENCY_DESK, A.REJECT_DOSSIER, D.REJECTED_BY_AGENCY, AGENCY),
    _t(D.AT_AGENCY_DESK, A.REQUEST_SUPPLEMENT, D.SUPPLEMENT_REQUESTED, AGENCY),
    _t(D.AT_AGENCY_DESK, A.ARRIVE_AT_POST_OFFICE, D.AT_POST_OFFICE, COURIER),
    # A supplement keeps the dossier at the agency, its code and its result leg; the clock waits for the citizen.
    _t(D.RECEIVED_BY_AGENCY, A.REQUEST_SUPPLEMENT, D.SUPPLEMENT_REQUESTED, AGENCY),
    _t(D.SUPPLEMENT_REQUESTED, A.RECEIVE_SUPPLEMENT, D.RECEIVED_BY_AGENCY, AGENCY),
    _t(D.SUPPLEMENT_REQUESTED, A.REJECT_DOSSIER, D.REJECTED_BY_AGENCY, AGENCY),
    _t(D.REJECTED_BY_AGENCY, A.COLLECT_RETURN, D.RETURNING_TO_CITIZEN, COURIER),
    _t(D.RETURNING_TO_CITIZEN, A.DELIVER_RETURN, D.RETURNED_TO_CITIZEN, COURIER),
    *_network(D.AT_POST_OFFICE, D.IN_BAG, D.IN_TRANSIT, D.AT_EXCHANGE_HUB, D.MISSING_IN_TRANSIT),
)

# The supplement envelope travels as a dossier does, from the citizen to the desk; at the desk it can only be
# received into the dossier (or taken back to the post office): refusing is decided on the dossier itself.
ENDS_AT_THE_DESK = frozenset({A.REJECT_DOSSIER, A.REQUEST_SUPPLEMENT, A.RECEIVE_SUPPLEMENT, A.COLLECT_RETURN})
SUPPLEMENT_TRANSITIONS: tuple[Transition, ...] = tuple(
    t
    for t in DOSSIER_TRANSITIONS
    if t.action not in ENDS_AT_THE_DESK
    and t.source not in (D.REJECTED_BY_AGENCY, D.RETURNING_TO_CITIZEN)
    and t.source != D.RECEIVED_BY_AGENCY
)

RESULT_TRANSITIONS: tuple[Transition, ...] = (
    _t(R.AWAITING_RESULT, A.MARK_RESULT_READY, R.READY_AT_AGENCY, AGENCY),
    _t(R.AWAITING_RESULT, A.CANCEL, R.CANCELLED, *BOOKERS, SYSTEM),
    _t(R.READY_AT_AGENCY, A.OFFER_RESULT, R.HANDOVER_OFFERED, AGENCY),
    _t(R.HANDOVER_OFFERED, A.RETRACT_OFFER, R.READY_AT_AGENCY, AGENCY),
    _t(R.HANDOVER_OFFERED, A.CONFIRM_RESULT_COLLECTION, R.COLLECTED_FROM_AGENCY, COURIER),
    _t(R.COLLECTED_FROM_AGENCY, A.ARRIVE_AT_POST_OFFICE, R.AT_POST_OFFICE, COURIER),
    _t(R.COLLECTED_FROM_AGENCY, A.START_DELIVERY, R.OUT_FOR_DELIVERY, COURIER),
    _t(R.AT_POST_OFFICE, A.START_DELIVERY, R.OUT_FOR_DELIVERY, COURIER),
    _t(R.OUT_FOR_DELIVERY, A.DELIVER, R.DELIVERED, COURIER),
    _t(R.OUT_FOR_DELIVERY, A.RECORD_FAILED_ATTEMPT, R.ATTEMPT_FAILED, COURIER),
    _t(R.ATTEMPT_FAILED, A.START_DELIVERY, R.OUT_FOR_DELIVERY, COURIER),
    _t(R.ATTEMPT_FAILED, A.HOLD_AT_POST_OFFICE, R.HELD_AT_POST_OFFICE, COURIER, DISPATCHER, SYSTEM),
    _t(R.HELD_AT_POST_OFFICE, A.COLLECT_AT_COUNTER, R.DELIVERED, *AT_THE_COUNTER),
    _t(R.HELD_AT_POST_OFFICE, A.RETURN_TO_AGENCY, R.RETURNED_TO_AGENCY, DISPATCHER, SYSTEM),
    *_network(R.AT_POST_OFFICE, R.IN_BAG, R.IN_TRANSIT, R.AT_EXCHANGE_HUB, R.MISSING_IN_TRANSIT),
)

TRANSITIONS: dict[Leg, tuple[Transition, ...]] = {
    Leg.DOSSIER: DOSSIER_TRANSITIONS,
    Leg.RESULT: RESULT_TRANSITIONS,
    Leg.SUPPLEMENT: SUPPLEMENT_TRANSITIONS,
}
STATUSES: dict[Leg, type[StrEnum]] = {Leg.DOSSIER: DossierStatus, Leg.RESULT: ResultStatus, Leg.SUPPLEMENT: D}
INITIAL_STATUS: dict[Leg, str] = {
    Leg.DOSSIER: D.BOOKED.value,
    Leg.RESULT: R.AWAITING_RESULT.value,
    Leg.SUPPLEMENT: D.BOOKED.value,
}
FROM_THE_CITIZEN = frozenset({Leg.DOSSIER, Leg.SUPPLEMENT})  # legs collected at the door or the counter

# The groups of statuses that pages and use cases ask about, named once here (never spelled as strings elsewhere).
WITH_THE_CITIZEN = frozenset({D.BOOKED, D.INTAKE_INCOMPLETE})  # not taken in yet: its pickup may still move
TO_DISPATCH = WITH_THE_CITIZEN | {D.AT_POST_OFFICE}  # waiting for a courier to be put on it
COMING_TO_THE_DESK = frozenset({D.OUT_TO_AGENCY, D.AT_AGENCY_DESK})  # the desk expects it
WITH_THE_AGENCY = frozenset({R.AWAITING_RESULT, R.READY_AT_AGENCY, R.HANDOVER_OFFERED})  # a result not handed on yet
NEEDS_A_DECISION = frozenset({R.ATTEMPT_FAILED, R.HELD_AT_POST_OFFICE, D.INTAKE_INCOMPLETE})  # the dispatcher acts
IN_THE_NETWORK = frozenset({D.IN_BAG, D.IN_TRANSIT, D.AT_EXCHANGE_HUB, D.MISSING_IN_TRANSIT})  # between offices
NOTHING_DUE = frozenset(  # nothing is due from the post any more: no legal deadline to miss
    {D.RECEIVED_BY_AGENCY, D.RETURNED_TO_CITIZEN, R.DELIVERED, R.RETURNED_TO_AGENCY}
    | {D.CANCELLED, D.REJECTED_BY_AGENCY, D.SUPPLEMENT_REQUESTED}
)


def transition_from(leg: Leg, status: str, action: Action) -> Transition | None:
    return next((t for t in TRANSITIONS[leg] if t.source == status and t.action == action), None)


def find_transition(leg: Leg, status: str, action: Action) -> Transition:
    """The one transition for this action from this status, or InvalidTransition (HTTP 409)."""
    transition = transition_from(leg, status, action)
    if transition is None:
        raise InvalidTransition(f"cannot {action.value.replace('_', ' ')} a {leg.value} parcel that is {status}")
    return transition


def authorise(transition: Transition, role: Role) -> None:
    if role not in transition.roles:
        raise Forbidden(f"a {role.value} may not {transition.action.value.replace('_', ' ')}")


def can_move(leg: Leg, source: str, target: str) -> bool:
    """Whether any action leads from source to target: the (from, to) pairs the tests enumerate."""
    return any(t.source == source and t.target == target for t in TRANSITIONS[leg])


def next_actions(leg: Leg, status: str, role: Role) -> list[Action]:
    """Actions this role may take now, for the scan answer and the pages."""
    return [t.action for t in TRANSITIONS[leg] if t.source == status and role in t.roles]


def is_terminal(leg: Leg, status: str) -> bool:
    return not any(t.source == status for t in TRANSITIONS[leg])


def is_closed(leg: Leg, status: str) -> bool:
    """Nothing left for the post to do: a terminal status, or a dossier the agency received (it may still ask for a
    supplement, but that is a new envelope)."""
    return is_terminal(leg, status) or status == D.RECEIVED_BY_AGENCY.value


# Every status the post still has work in: what the sweeps and the pages read (on the indexed status), never the
# finished history (a dossier the agency received is not terminal, but a year of them is history).
OPEN = frozenset(s.value for leg in Leg for s in STATUSES[leg] if not is_closed(leg, s.value))
