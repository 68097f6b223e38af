"""refunds

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 01:30:00

A refund is a payment with a negative amount and the reason it was made.
"""

import sqlalchemy as sa

from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment") as table:
        table.add_column(sa.Column("reason", sa.String(length=120), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("payment") as table:
        table.drop_column("reason")
