"""the supplement loop

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 18:10:00

A request remembers the documents an agency asked for and since when its clock waits; a parcel's leg may be
"supplement" (the envelope of those documents), so the column grows.
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        table.add_column(sa.Column("missing_documents", sa.JSON(), nullable=False, server_default="[]"))
        table.add_column(sa.Column("paused_since", sa.Date(), nullable=True))
    with op.batch_alter_table("parcel") as table:
        table.alter_column("leg", type_=sa.String(length=16), existing_type=sa.String(length=8), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("parcel") as table:
        table.alter_column("leg", type_=sa.String(length=8), existing_type=sa.String(length=16), existing_nullable=False)
    with op.batch_alter_table("service_request") as table:
        table.drop_column("paused_since")
        table.drop_column("missing_documents")
