"""One process of a kind at a time, held by the database: a second one waits as a standby.

On PostgreSQL a session-level advisory lock on a connection kept open (in autocommit, so it is never idle in a
transaction); on SQLite an exclusive lock on a file beside the database. Either is released by the operating
system or the server when the holder dies, however it dies, and the standby takes over.
"""

from __future__ import annotations

import fcntl
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from .engine import make_engine, normalise_url


def lock_key(name: str) -> int:
    return zlib.crc32(f"postal_service:{name}".encode())  # a stable 32-bit key per kind of process


@contextmanager
def sole(database_url: str, name: str) -> Iterator[None]:
    """Wait until no other process holds `name` on this database, then hold it until the block ends."""
    url = normalise_url(database_url)
    if url.startswith("sqlite"):
        path = Path(make_url(url).database or "postal_service.sqlite3").with_suffix(f".{name}.lock")
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        return
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key(name)})
            yield
    finally:
        engine.dispose()
