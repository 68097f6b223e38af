"""Engine and sessions for SQLite (default) or PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from postal_service import metrics


def normalise_url(url: str) -> str:
    """Accept postgres:// and postgresql:// and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        # No JIT: it compiles a plan's expressions for every partition read, and the custody log has one a month (a
        # join over a week's partitions: 390 ms compiling 215 functions for a query that runs in 195 ms without);
        # the service's queries are short and gain nothing worth that.
        engine = create_engine(url, pool_pre_ping=True, connect_args={"options": "-c jit=off"})
    _count_pool_use(engine)
    return engine


def _count_pool_use(engine: Engine) -> None:
    """The pool's connections in the metrics: open, and checked out by a unit of work (a pool exhausted under
    load shows as in-use reaching open)."""
    event.listen(engine, "connect", lambda *_: metrics.POOL_OPEN.inc())
    event.listen(engine, "close", lambda *_: metrics.POOL_OPEN.dec())
    event.listen(engine, "close_detached", lambda *_: metrics.POOL_OPEN.dec())
    event.listen(engine, "checkout", lambda *_: metrics.POOL_IN_USE.inc())
    event.listen(engine, "checkin", lambda *_: metrics.POOL_IN_USE.dec())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def new_session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)
