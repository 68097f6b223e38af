"""S10 serials: one range per prefix, issued without holding a lock across the booking's transaction where the
database allows it, and never run out of silently.

On PostgreSQL each prefix has its own sequence (`s10_serial_rh`, bounded by the range's last serial), made (and
committed apart) the first time the prefix issues a number, so a newly configured prefix starts a fresh range
and no number is ever issued twice: `nextval` is never rolled back and never waits for another transaction (a
booking that fails leaves a gap, which S10 allows). On SQLite, which has one writer at a time anyway, the
prefix's counter row is incremented in the booking's own transaction. A range that is used up raises
`Exhausted` (a 503 naming the prefix), never a database error.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, select

from postal_service.domain.errors import Exhausted

from .tables import SerialCounter

S10_LAST = 99_999_999  # eight digits
SEQUENCE_PREFIX = "s10_serial_"
RAN_OUT, ALREADY_THERE = "2200H", "23505"  # PostgreSQL's SQLSTATEs


@dataclass(frozen=True)
class Range:
    prefix: str
    used: int
    last: int


def next_serial(session: Session, prefix: str, last: int = S10_LAST) -> int:
    if session.get_bind().dialect.name == "postgresql":
        return _from_sequence(session, prefix, last)
    counter = session.exec(select(SerialCounter).where(SerialCounter.prefix == prefix).with_for_update()).first()
    if counter is None:
        counter = SerialCounter(prefix=prefix, next_serial=1, last_serial=last)
    serial = counter.next_serial
    if serial > counter.last_serial:
        raise _ran_out(prefix, counter.last_serial)
    counter.next_serial = serial + 1
    session.add(counter)
    return serial


def _ran_out(prefix: str, last: int) -> Exhausted:
    return Exhausted(f"the serials of prefix {prefix} are used up ({last:,} issued): configure a new prefix")


def _from_sequence(session: Session, prefix: str, last: int) -> int:
    assert prefix.isalpha(), prefix  # a configured S10 prefix or the bags' own: it names the sequence
    name = SEQUENCE_PREFIX + prefix.lower()
    bind = session.get_bind()
    _make_sure_of(bind.engine if isinstance(bind, Connection) else bind, name, last)
    try:
        return int(session.execute(text(f"SELECT nextval('{name}')")).scalar_one())
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == RAN_OUT:
            raise _ran_out(prefix, last) from None
        raise


@dataclass
class _Made:
    """The sequences this process has made sure of on one database, and a way to make one that never takes a
    connection a booking waits for (the pool may be all in bookings' hands)."""

    names: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    side: Engine | None = None


_MADE: WeakKeyDictionary[Engine, _Made] = WeakKeyDictionary()
_GUARD = threading.Lock()


def _make_sure_of(engine: Engine, name: str, last: int) -> None:
    """Made (if it is not yet) and committed apart, once a process, so that no booking waits for another's first
    number. A booking never looks a missing sequence up in its own transaction: PostgreSQL would remember the
    miss there even after the sequence was made."""
    with _GUARD:
        made = _MADE.setdefault(engine, _Made())
    if name in made.names:
        return
    with made.lock:
        if name in made.names:
            return
        made.side = made.side or create_engine(engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        with made.side.connect() as connection:
            try:
                connection.exec_driver_sql(f"CREATE SEQUENCE IF NOT EXISTS {name} MINVALUE 1 MAXVALUE {last}")
            except DBAPIError as error:  # made at the same moment by another process
                if getattr(error.orig, "sqlstate", None) != ALREADY_THERE:
                    raise
        made.names.add(name)


def ranges(session: Session) -> list[Range]:
    """Every prefix that has issued serials: how many, and the last it may issue."""
    if session.get_bind().dialect.name == "postgresql":
        rows: Any = session.execute(
            text(
                "SELECT sequencename, COALESCE(last_value, 0), max_value FROM pg_sequences "
                "WHERE schemaname = current_schema() AND sequencename LIKE :prefix ORDER BY sequencename"
            ),
            {"prefix": SEQUENCE_PREFIX + "%"},
        )
        return [
            Range(str(name).removeprefix(SEQUENCE_PREFIX).upper(), int(used), int(last)) for name, used, last in rows
        ]
    counters = session.exec(select(SerialCounter).order_by(SerialCounter.prefix))
    return [Range(c.prefix, c.next_serial - 1, c.last_serial) for c in counters]
