"""A bag's own rules, without a database: where each step is taken, by whom, and what its manifest says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from postal_service.domain.bags import Bag, BagAction, BagStatus
from postal_service.domain.errors import Forbidden, InvalidField, InvalidTransition
from postal_service.domain.roles import Actor, Role

LEAVES = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
CLERK = Actor(Role.COUNTER, "user:counter-dn")


def _bag(*manifest: str) -> Bag:
    return Bag("TUI000000001", "550000", "KTDN", "DN-KT-1", LEAVES, LEAVES, manifest=list(manifest))


def test_an_envelope_taken_out_of_an_open_bag_leaves_the_manifest_and_the_lines_after_it_move_up():
    bag = _bag("RH000000014VN", "RH000000028VN", "RH000000031VN")
    change, line = bag.take_out("RH000000028VN", CLERK, "550000")
    assert line == 2 and bag.manifest == ["RH000000014VN", "RH000000031VN"]
    assert change.action is BagAction.TAKE_OUT and bag.status is BagStatus.OPEN
    assert change.evidence == {"tracking_number": "RH000000028VN", "manifest_line": 2}


def test_only_an_envelope_on_the_manifest_is_taken_out_and_only_at_the_bags_point_by_its_staff():
    bag = _bag("RH000000014VN")
    with pytest.raises(InvalidField) as refused:
        bag.take_out("RH000000028VN", CLERK, "550000")
    assert set(refused.value.errors) == {"tracking_number"}
    with pytest.raises(InvalidTransition):
        bag.take_out("RH000000014VN", CLERK, "KTDN")
    with pytest.raises(Forbidden):
        bag.take_out("RH000000014VN", Actor(Role.COURIER, "user:courier-dn"), "550000")


def test_a_sealed_bag_keeps_its_manifest():
    bag = _bag("RH000000014VN")
    bag.seal("KC-0001", CLERK, "550000")
    with pytest.raises(InvalidTransition):
        bag.take_out("RH000000014VN", CLERK, "550000")
    assert bag.manifest == ["RH000000014VN"]
