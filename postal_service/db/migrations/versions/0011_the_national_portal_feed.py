"""the national portal feed

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:35:00

A webhook endpoint without an agency is the national portal's: it is sent every agency's status changes.
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_endpoint") as table:
        table.alter_column("agency_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute(
        "DELETE FROM webhook_attempt WHERE delivery_id IN (SELECT d.id FROM webhook_delivery d "
        "JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE e.agency_id IS NULL)"
    )
    op.execute(
        "DELETE FROM webhook_delivery WHERE endpoint_id IN (SELECT id FROM webhook_endpoint WHERE agency_id IS NULL)"
    )
    op.execute("DELETE FROM webhook_endpoint WHERE agency_id IS NULL")
    with op.batch_alter_table("webhook_endpoint") as table:
        table.alter_column("agency_id", existing_type=sa.Integer(), nullable=False)
