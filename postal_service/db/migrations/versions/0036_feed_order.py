"""feed order

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-06 09:45:00

The portal pulls every postal event and fee payment since a cursor. Ids alone cannot be that cursor on
PostgreSQL: a transaction holding a lower id may commit after a reader passed a higher one, and the row would be
skipped. Each custody event and payment now records its writing transaction (inserted by the application as
pg_current_xact_id()), and the feed reads in (transaction, id) order up to the oldest transaction still running.
Rows written before: 0, as they are all committed.
"""

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("custody_event", "payment"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("txid", sa.BigInteger(), nullable=False, server_default="0"))
        op.create_index(f"ix_{table}_feed", table, ["txid", "id"], unique=False)


def downgrade() -> None:
    for table in ("custody_event", "payment"):
        op.drop_index(f"ix_{table}_feed", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("txid")
