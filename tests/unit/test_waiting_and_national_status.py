"""Whose time it was, and where a dossier stands when its postal request is booked."""

from __future__ import annotations

from datetime import datetime, timedelta

from postal_service.domain.national_status import NationalStatus, starting_status
from postal_service.domain.waiting import time_held

T0 = datetime(2026, 11, 23, 8, 0)


def test_the_time_between_moves_goes_to_whoever_held_the_dossier():
    moves = [
        (T0, "citizen"),  # booked
        (T0 + timedelta(hours=2), "courier"),  # picked up
        (T0 + timedelta(hours=3), "agency"),  # handed over at the desk
        (T0 + timedelta(days=3, hours=3), "courier"),  # the result collected
        (T0 + timedelta(days=3, hours=5), "citizen"),  # delivered
    ]
    held = time_held(moves, T0 + timedelta(days=4))
    assert held == {
        "citizen": timedelta(hours=2) + timedelta(hours=19),
        "post": timedelta(hours=3),
        "agency": timedelta(days=3),
    }


def test_moves_of_two_legs_given_out_of_order_are_taken_in_time_order():
    moves = [(T0 + timedelta(hours=1), "post_office"), (T0, "agency")]
    assert time_held(moves, T0 + timedelta(hours=2)) == {"agency": timedelta(hours=1), "post": timedelta(hours=1)}


def test_a_result_asked_for_by_post_is_of_a_dossier_in_process_and_a_dossier_sent_with_its_code_newly_registered():
    assert starting_status("receive", True) is NationalStatus.IN_PROCESS
    assert starting_status("send", True) is NationalStatus.NEWLY_REGISTERED
    assert starting_status("both", False) is None
