"""anchors of what moved

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 20:20:00

The daily anchor signed the head of every chain ever, so it grew with history; it now signs the chains that
moved since the anchors before it, and records the newest custody event it saw.
"""

import sqlalchemy as sa

from alembic import op

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("custody_anchor") as table:
        table.add_column(sa.Column("through_event_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("custody_anchor") as table:
        table.drop_column("through_event_id")
