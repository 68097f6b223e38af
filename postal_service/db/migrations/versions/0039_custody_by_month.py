"""custody by month

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-06 12:20:00

The custody log grows by some twenty million events a year in a large province and is never updated. On
PostgreSQL it is now partitioned by the month each envelope's chain opened (db/partitions.py), so it grows by
months that can be archived or dropped whole. Every envelope records that month (`parcel.chain_month`: the month
of its first custody event, or of its booking when it has none yet) and every event carries its envelope's. The
table is rebuilt: the events are copied in their order, ids kept, and the append-only trigger is set on the
partitioned table, which PostgreSQL puts on every partition, present and future. On SQLite the table is rebuilt
with the month in it, unpartitioned.
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

from postal_service.db import partitions
from postal_service.db.append_only import CREATE, DROP

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None

COLUMNS = (
    "id, parcel_id, sequence, action, from_status, to_status, actor, actor_role, counterparty, occurred_at,"
    " latitude, longitude, evidence, previous_hash, hash, key_id, seal, txid"
)
BODY = """
    parcel_id INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    action VARCHAR(32) NOT NULL,
    from_status VARCHAR(32) NOT NULL,
    to_status VARCHAR(32) NOT NULL,
    actor VARCHAR(64) NOT NULL,
    actor_role VARCHAR(16) NOT NULL,
    counterparty VARCHAR(64),
    occurred_at {timestamp} NOT NULL,
    latitude FLOAT,
    longitude FLOAT,
    evidence JSON NOT NULL,
    previous_hash VARCHAR(64) NOT NULL,
    hash VARCHAR(64) NOT NULL,
    key_id VARCHAR(16) DEFAULT '' NOT NULL,
    seal VARCHAR(64) DEFAULT '' NOT NULL,
    txid BIGINT DEFAULT '0' NOT NULL,
    {rest}
    FOREIGN KEY(parcel_id) REFERENCES parcel (id)
)"""
INDEXES = {
    "ix_custody_event_feed": ["txid", "id"],
    "ix_custody_event_parcel_id": ["parcel_id"],
    "ix_custody_event_occurred_at": ["occurred_at"],
}
FIRST_EVENT_OR_BOOKING = (
    "coalesce((SELECT min(e.occurred_at) FROM custody_event e WHERE e.parcel_id = parcel.id),"
    " (SELECT r.created_at FROM service_request r WHERE r.id = parcel.request_id))"
)
PARCEL_MONTH = {  # Vietnam's time: UTC+7 all year (no daylight saving since 1975)
    "postgresql": f"date_trunc('month', {FIRST_EVENT_OR_BOOKING} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date",
    "sqlite": f"date({FIRST_EVENT_OR_BOOKING}, '+7 hours', 'start of month')",
}


def _by_month(dialect: str) -> str:
    if dialect == "postgresql":
        return (
            "id INTEGER NOT NULL DEFAULT nextval('custody_event_id_seq'),"
            + BODY.format(
                timestamp="TIMESTAMP WITH TIME ZONE",
                rest="chain_month DATE NOT NULL, PRIMARY KEY (id, chain_month),"
                " UNIQUE (parcel_id, sequence, chain_month),",
            )
            + " PARTITION BY RANGE (chain_month)"
        )
    return "id INTEGER NOT NULL," + BODY.format(
        timestamp="DATETIME",
        rest="chain_month DATE NOT NULL, PRIMARY KEY (id), UNIQUE (parcel_id, sequence, chain_month),",
    )


def _unpartitioned(dialect: str) -> str:
    if dialect == "postgresql":
        return "id INTEGER NOT NULL DEFAULT nextval('custody_event_id_seq')," + BODY.format(
            timestamp="TIMESTAMP WITH TIME ZONE", rest="PRIMARY KEY (id), UNIQUE (parcel_id, sequence),"
        )
    return "id INTEGER NOT NULL," + BODY.format(
        timestamp="DATETIME", rest="PRIMARY KEY (id), UNIQUE (parcel_id, sequence),"
    )


def _rebuild(definition: str, copied: str, source: str) -> None:
    """The custody log rebuilt under its own name from `definition`, its rows copied with `copied` columns."""
    dialect = op.get_bind().dialect.name
    postgres = dialect == "postgresql"
    if postgres:
        for statement in DROP:
            op.execute(statement)
    for name in INDEXES:
        op.drop_index(name, table_name="custody_event")
    op.execute("ALTER TABLE custody_event RENAME TO custody_event_before")
    if postgres:
        op.execute("ALTER TABLE custody_event_before RENAME CONSTRAINT custody_event_pkey TO custody_event_before_pkey")
        op.execute("ALTER SEQUENCE custody_event_id_seq OWNED BY NONE")
    op.execute(f"CREATE TABLE custody_event ({definition}")
    if postgres and "PARTITION BY" in definition:
        op.execute(partitions.CREATE_DEFAULT)
        first = op.get_bind().execute(sa.text("SELECT min(chain_month) FROM parcel")).scalar() or date.today()
        coming = partitions.coming_months(date.today())
        partitions.prepare_months(op.get_bind(), partitions.months_between(first, coming[-1]))
    op.execute(f"INSERT INTO custody_event ({COLUMNS}{copied}) {source}")
    op.execute("DROP TABLE custody_event_before")
    if postgres:
        op.execute("ALTER SEQUENCE custody_event_id_seq OWNED BY custody_event.id")
        for statement in CREATE:
            op.execute(statement)
    for name, columns in INDEXES.items():
        op.create_index(name, "custody_event", columns, unique=False)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("parcel") as batch:
        batch.add_column(sa.Column("chain_month", sa.Date(), nullable=True))
    op.execute(f"UPDATE parcel SET chain_month = {PARCEL_MONTH[dialect]}")
    with op.batch_alter_table("parcel") as batch:
        batch.alter_column("chain_month", existing_type=sa.Date(), nullable=False)
    copied = ", ".join(f"e.{c.strip()}" for c in COLUMNS.split(","))
    _rebuild(
        _by_month(dialect),
        ", chain_month",
        f"SELECT {copied}, p.chain_month FROM custody_event_before e JOIN parcel p ON p.id = e.parcel_id ORDER BY e.id",
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _rebuild(_unpartitioned(dialect), "", f"SELECT {COLUMNS} FROM custody_event_before ORDER BY id")
    with op.batch_alter_table("parcel") as batch:
        batch.drop_column("chain_month")
