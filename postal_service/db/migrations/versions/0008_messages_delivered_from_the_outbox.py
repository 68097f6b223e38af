"""messages delivered from the outbox

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:30:00

Workers now deliver the outbox: each message keeps its status, tries, the time of its next try, the last error
and who took it. Messages written before were never sent: they become pending, except any marked sent.
"""

import sqlalchemy as sa
from alembic import op

from postal_service.db.types import UTCDateTime

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification") as table:
        table.add_column(sa.Column("kind", sa.String(8), nullable=False, server_default="notice"))
        table.add_column(sa.Column("status", sa.String(8), nullable=False, server_default="pending"))
        table.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("next_attempt_at", UTCDateTime(), nullable=True))
        table.add_column(sa.Column("last_error", sa.String(500), nullable=False, server_default=""))
        table.add_column(sa.Column("provider", sa.String(64), nullable=False, server_default=""))
        table.alter_column("recipient", type_=sa.String(254), existing_type=sa.String(64))
        table.create_index("ix_notification_status", ["status"])
    op.execute("UPDATE notification SET status = 'sent' WHERE sent_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("notification") as table:
        table.drop_index("ix_notification_status")
        table.alter_column("recipient", type_=sa.String(64), existing_type=sa.String(254))
        for column in ("provider", "last_error", "next_attempt_at", "attempts", "status", "kind"):
            table.drop_column(column)
