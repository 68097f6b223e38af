"""S10 serials: issued without holding a lock across the booking's transaction where the database allows it.

On PostgreSQL one sequence serves every prefix (`S10_SERIALS`, migration 0007): `nextval` is never rolled back
and never waits for another transaction, so concurrent bookings do not queue behind each other, and no number
is issued twice (a booking that fails leaves a gap, which S10 allows). On SQLite, which has one writer at a
time anyway, the per-prefix counter row is incremented in the booking's own transaction.
"""

from __future__ import annotations

from sqlmodel import Session, select

from .tables import S10_SERIALS, SerialCounter


def next_serial(session: Session, prefix: str) -> int:
    if session.get_bind().dialect.name == "postgresql":
        return int(session.execute(S10_SERIALS.next_value()).scalar_one())
    counter = session.exec(select(SerialCounter).where(SerialCounter.prefix == prefix).with_for_update()).first()
    if counter is None:
        counter = SerialCounter(prefix=prefix, next_serial=1)
    serial = counter.next_serial
    counter.next_serial = serial + 1
    session.add(counter)
    return serial
