import itertools

import pytest

from postal_service.domain.errors import Forbidden, InvalidTransition
from postal_service.domain.holders import HOLDER_AFTER
from postal_service.domain.lifecycle import (
    STATUSES,
    TRANSITIONS,
    Action,
    DossierStatus,
    Leg,
    ResultStatus,
    authorise,
    can_move,
    find_transition,
    is_terminal,
    next_actions,
)
from postal_service.domain.roles import Role

# Between offices, every leg travels alike (written out here, not derived from the table under test).
NETWORK_PAIRS = {
    ("at_post_office", "in_bag"),
    ("at_exchange_hub", "in_bag"),
    ("in_bag", "at_post_office"),  # taken back out while its bag is open
    ("in_bag", "at_exchange_hub"),
    ("in_bag", "in_transit"),
    ("in_transit", "at_exchange_hub"),
    ("in_transit", "at_post_office"),
    ("in_transit", "missing_in_transit"),
    ("missing_in_transit", "at_exchange_hub"),
    ("missing_in_transit", "at_post_office"),
}
ALLOWED_PAIRS = {
    Leg.DOSSIER: NETWORK_PAIRS
    | {
        ("booked", "picked_up"),
        ("booked", "intake_incomplete"),
        ("booked", "at_post_office"),
        ("booked", "cancelled"),
        ("intake_incomplete", "picked_up"),
        ("intake_incomplete", "at_post_office"),
        ("intake_incomplete", "cancelled"),
        ("picked_up", "at_post_office"),
        ("picked_up", "out_to_agency"),
        ("at_post_office", "out_to_agency"),
        ("out_to_agency", "at_agency_desk"),
        ("out_to_agency", "at_post_office"),
        ("at_agency_desk", "received_by_agency"),
        ("at_agency_desk", "rejected_by_agency"),
        ("at_agency_desk", "supplement_requested"),
        ("at_agency_desk", "at_post_office"),
        ("received_by_agency", "supplement_requested"),
        ("supplement_requested", "received_by_agency"),
        ("supplement_requested", "rejected_by_agency"),
        ("rejected_by_agency", "returning_to_citizen"),
        ("returning_to_citizen", "returned_to_citizen"),
    },
    Leg.SUPPLEMENT: NETWORK_PAIRS
    | {
        ("booked", "picked_up"),
        ("booked", "intake_incomplete"),
        ("booked", "at_post_office"),
        ("booked", "cancelled"),
        ("intake_incomplete", "picked_up"),
        ("intake_incomplete", "at_post_office"),
        ("intake_incomplete", "cancelled"),
        ("picked_up", "at_post_office"),
        ("picked_up", "out_to_agency"),
        ("at_post_office", "out_to_agency"),
        ("out_to_agency", "at_agency_desk"),
        ("out_to_agency", "at_post_office"),
        ("at_agency_desk", "received_by_agency"),
        ("at_agency_desk", "at_post_office"),
    },
    Leg.RESULT: NETWORK_PAIRS
    | {
        ("awaiting_result", "ready_at_agency"),
        ("awaiting_result", "cancelled"),
        ("ready_at_agency", "handover_offered"),
        ("handover_offered", "ready_at_agency"),
        ("handover_offered", "collected_from_agency"),
        ("collected_from_agency", "at_post_office"),
        ("collected_from_agency", "out_for_delivery"),
        ("at_post_office", "out_for_delivery"),
        ("out_for_delivery", "delivered"),
        ("out_for_delivery", "attempt_failed"),
        ("attempt_failed", "out_for_delivery"),
        ("attempt_failed", "held_at_post_office"),
        ("held_at_post_office", "delivered"),
        ("held_at_post_office", "returned_to_agency"),
    },
}


def every_pair(leg):
    statuses = [s.value for s in STATUSES[leg]]
    return [(leg, a, b) for a, b in itertools.product(statuses, statuses)]


@pytest.mark.parametrize(("leg", "source", "target"), every_pair(Leg.DOSSIER) + every_pair(Leg.RESULT))
def test_a_status_pair_is_reachable_in_one_step_exactly_when_the_table_says_so(leg, source, target):
    assert can_move(leg, source, target) == ((source, target) in ALLOWED_PAIRS[leg])


@pytest.mark.parametrize("leg", list(Leg))
def test_every_transition_of_the_table_can_be_taken_by_its_roles_and_lands_on_its_target(leg):
    for transition in TRANSITIONS[leg]:
        found = find_transition(leg, transition.source, transition.action)
        assert found.target == transition.target
        for role in transition.roles:
            authorise(found, role)


@pytest.mark.parametrize(
    ("leg", "status", "action"),
    [
        (leg, status.value, action)
        for leg in Leg
        for status in STATUSES[leg]
        for action in Action
        if not any(t.source == status.value and t.action == action for t in TRANSITIONS[leg])
    ],
)
def test_every_action_missing_from_the_table_is_an_invalid_transition(leg, status, action):
    with pytest.raises(InvalidTransition):
        find_transition(leg, status, action)


@pytest.mark.parametrize("leg", list(Leg))
def test_roles_outside_a_transition_are_refused(leg):
    for transition in TRANSITIONS[leg]:
        for role in set(Role) - transition.roles:
            with pytest.raises(Forbidden):
                authorise(transition, role)


def test_a_courier_can_never_mark_a_dossier_received_by_the_agency():
    desk_steps = next_actions(Leg.DOSSIER, DossierStatus.AT_AGENCY_DESK.value, Role.COURIER)
    assert Action.CONFIRM_AGENCY_RECEIPT not in desk_steps
    assert next_actions(Leg.DOSSIER, DossierStatus.AT_AGENCY_DESK.value, Role.AGENCY) == [
        Action.CONFIRM_AGENCY_RECEIPT,
        Action.REJECT_DOSSIER,
        Action.REQUEST_SUPPLEMENT,
    ]


def test_an_agency_can_never_mark_a_result_collected_by_a_courier():
    offered = ResultStatus.HANDOVER_OFFERED.value
    assert Action.CONFIRM_RESULT_COLLECTION not in next_actions(Leg.RESULT, offered, Role.AGENCY)
    assert Action.CONFIRM_RESULT_COLLECTION in next_actions(Leg.RESULT, offered, Role.COURIER)


def test_terminal_statuses_are_the_ends_of_each_journey():
    dossier_ends = {s.value for s in DossierStatus if is_terminal(Leg.DOSSIER, s.value)}
    result_ends = {s.value for s in ResultStatus if is_terminal(Leg.RESULT, s.value)}
    supplement_ends = {s.value for s in DossierStatus if is_terminal(Leg.SUPPLEMENT, s.value)}
    assert dossier_ends == {"cancelled", "returned_to_citizen"}
    assert {"cancelled", "received_by_agency"} <= supplement_ends
    assert result_ends == {"cancelled", "delivered", "returned_to_agency"}


def test_every_status_says_who_holds_the_envelope():
    for leg in Leg:
        for status in STATUSES[leg]:
            assert status.value in HOLDER_AFTER


def test_each_table_has_no_two_transitions_for_the_same_status_and_action():
    for table in TRANSITIONS.values():
        keys = [(t.source, t.action) for t in table]
        assert len(keys) == len(set(keys))
