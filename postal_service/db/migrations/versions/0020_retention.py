"""retention

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 01:10:00

Which kinds of a request's personal data were erased on time.
"""

import sqlalchemy as sa

from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        table.add_column(sa.Column("erased", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        table.drop_column("erased")
