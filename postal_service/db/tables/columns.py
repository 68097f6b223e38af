"""Column helpers: every time is stored as aware UTC; JSON columns are never null."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Field

from ..types import UTCDateTime


def utc(nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


def json_column() -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=False))


def json_list() -> Any:
    """A JSON list, empty by default (rows written before the column existed too)."""
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))


class current_transaction(FunctionElement[int]):  # an SQL function, named as SQL names them
    """The writing transaction's id, computed by the database as the row is inserted. PostgreSQL's (xid8) is never
    reused, but a transaction with a lower id may commit after one with a higher id: the feed withholds rows of
    transactions still running (queries/portal_sync.py). SQLite has one writer at a time, so rows commit in the
    order they are written: there, one past the highest of both tables the feed merges, a clock both share."""

    type = BigInteger()
    inherit_cache = True
    name = "current_transaction"


@compiles(current_transaction)
def _no_transaction_id(element: current_transaction, compiler: SQLCompiler, **kw: Any) -> str:
    return "0"


@compiles(current_transaction, "sqlite")
def _sqlite_write_order(element: current_transaction, compiler: SQLCompiler, **kw: Any) -> str:
    return (
        "(SELECT coalesce(max(m), 0) + 1 FROM (SELECT max(txid) AS m FROM custody_event"
        " UNION ALL SELECT max(txid) FROM payment))"
    )


@compiles(current_transaction, "postgresql")
def _postgresql_transaction_id(element: current_transaction, compiler: SQLCompiler, **kw: Any) -> str:
    return "pg_current_xact_id()::text::bigint"


class committed_before(FunctionElement[int]):  # an SQL function, named as SQL names them
    """The oldest transaction still running when the statement began: every row with a lower transaction id is
    committed (or gone) and will never be joined by another. SQLite: beyond every id."""

    type = BigInteger()
    inherit_cache = True
    name = "committed_before"


@compiles(committed_before)
def _everything_committed(element: committed_before, compiler: SQLCompiler, **kw: Any) -> str:
    return "9223372036854775807"


@compiles(committed_before, "postgresql")
def _postgresql_horizon(element: committed_before, compiler: SQLCompiler, **kw: Any) -> str:
    return "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"


def transaction_order() -> Any:
    """The inserting transaction's id (rows written before the column existed: 0, all long committed)."""
    return Field(
        default=None,
        sa_column=Column(BigInteger, nullable=False, default=current_transaction(), server_default="0"),
    )
