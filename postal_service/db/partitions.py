"""On PostgreSQL the custody log is partitioned by month, so that it grows by months that can be archived or
dropped whole, and no statement about today's work ever has to walk an index over years of events.

The month is the chain's, not the event's (`domain.custody.chain_month`: the month the envelope was opened):
a chain then lives whole in one partition, and the rule that a parcel's sequence numbers are unique, which a
partitioned table can only enforce together with its partition column, stays the same rule because the month
follows from the parcel. PostgreSQL also wants the partition column in the primary key; the model keeps `id` as
the key the ORM knows (it is unique on its own, from one sequence), and the DDL below adds the month to it on
PostgreSQL only. SQLite keeps one plain table.

Each month's partition is made ahead of time by the daily job `prepare_custody_months`, under an advisory lock
(two schedulers never both create one); a default partition catches any event whose month has none, so a
booking never fails for want of a partition. A month whose events already sit in the default partition is not
made (PostgreSQL would refuse it); the job reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, PrimaryKeyConstraint, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import DDLCompiler

TABLE = "custody_event"
COLUMN = "chain_month"
PARTITION_BY = f"RANGE ({COLUMN})"
DEFAULT = f"{TABLE}_default"
MONTHS_AHEAD = 3  # made this many months before they start: a quarter in which a missed job can be noticed
CREATE_DEFAULT = f"CREATE TABLE IF NOT EXISTS {DEFAULT} PARTITION OF {TABLE} DEFAULT"


@compiles(PrimaryKeyConstraint, "postgresql")
def _key_with_month(constraint: PrimaryKeyConstraint, compiler: DDLCompiler, **kw: Any) -> str:
    ddl = compiler.visit_primary_key_constraint(constraint, **kw)
    if not constraint.table.dialect_options["postgresql"].get("partition_by"):
        return ddl  # every other table, and the migrations' own plain definitions
    assert ddl.endswith(")") and COLUMN in constraint.table.c, ddl
    return f"{ddl[:-1]}, {COLUMN})"


def is_partition(name: str) -> bool:
    """A month's partition or the default one: PostgreSQL's children of the custody log, not tables of the
    models (Alembic's comparison leaves them out)."""
    return name == DEFAULT or re.fullmatch(rf"{TABLE}_y\d{{4}}m\d{{2}}", name) is not None


def partition_name(month: date) -> str:
    return f"{TABLE}_y{month.year}m{month.month:02d}"


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from `first`'s to `last`'s, each as its first day."""
    months = [first.replace(day=1)]
    while months[-1] < last.replace(day=1):
        months.append(next_month(months[-1]))
    return months


def coming_months(today: date) -> list[date]:
    """This month and the MONTHS_AHEAD after it: the partitions that must exist today."""
    months = [today.replace(day=1)]
    for _ in range(MONTHS_AHEAD):
        months.append(next_month(months[-1]))
    return months


def partitions(connection: Connection) -> dict[str, str]:
    """Each partition of the custody log and its bounds, as PostgreSQL states them."""
    rows = connection.execute(
        text(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = :table"
        ),
        {"table": TABLE},
    )
    return {str(name): str(bounds) for name, bounds in rows}


def prepare_months(connection: Connection, months: Iterable[date]) -> tuple[list[date], list[date]]:
    """Makes the months' partitions that are missing: (made, refused because the default partition holds
    events of that month). Nothing on SQLite."""
    if connection.dialect.name != "postgresql":
        return [], []
    made: list[date] = []
    stranded: list[date] = []
    existing = partitions(connection)
    for month in months:
        name = partition_name(month)
        if name in existing:
            continue
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})
        if connection.execute(text("SELECT to_regclass(:name)"), {"name": name}).scalar() is not None:
            continue  # another scheduler made it while this one waited
        bounds = {"first": month, "after": next_month(month)}
        held = text(f"SELECT 1 FROM {DEFAULT} WHERE {COLUMN} >= :first AND {COLUMN} < :after LIMIT 1")
        if DEFAULT in existing and connection.execute(held, bounds).first():
            stranded.append(month)
            continue
        connection.execute(
            text(
                f"CREATE TABLE {name} PARTITION OF {TABLE}"
                f" FOR VALUES FROM ('{month.isoformat()}') TO ('{bounds['after'].isoformat()}')"
            )
        )
        made.append(month)
    return made, stranded
