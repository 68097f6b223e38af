"""A new prefix's range is made by its first number, committed apart: a booking holding its first number open
makes no other booking wait for a number."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session

from postal_service.db.serials import next_serial


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_first_number_of_a_new_prefix_held_open_makes_no_other_booking_wait(engine):
    first = Session(engine)
    issued = [next_serial(first, "RQ")]  # its range made; this booking still open
    second_got: list[int] = []

    def second() -> None:
        with Session(engine) as session:
            second_got.append(next_serial(session, "RQ"))
            session.commit()

    other = threading.Thread(target=second)
    other.start()
    other.join(timeout=120)  # generous: a number takes milliseconds unless it waits for the first booking
    waited = other.is_alive()
    first.rollback()  # the first booking fails: its number is a gap, its range stays
    first.close()
    other.join(timeout=120)
    assert not waited, "the second booking waited for the first to end"
    assert issued + second_got == [1, 2]
    with Session(engine) as session:
        assert next_serial(session, "RQ") == 3
