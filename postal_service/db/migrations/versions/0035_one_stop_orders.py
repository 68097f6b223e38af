"""one-stop orders carry everything

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-06 09:30:00

A one-stop system's order names the dossier's documents, a note for the post, and for "both" the person the result
goes to; they were validated and dropped. The request now keeps them (its COD amount is its procedure fee).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        table.add_column(sa.Column("result_contact_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
        table.add_column(sa.Column("result_contact_phone", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))
        table.add_column(sa.Column("result_contact_id_number", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True))
        table.add_column(sa.Column("expected_documents", sa.JSON(), nullable=False, server_default="[]"))
        table.add_column(sa.Column("order_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        for name in ("order_note", "expected_documents", "result_contact_id_number", "result_contact_phone"):
            table.drop_column(name)
        table.drop_column("result_contact_name")
