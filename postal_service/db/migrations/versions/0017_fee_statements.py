"""fee statements

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 01:40:00

The remittance record: procedure fees an office collected for an agency over a period, closed by a manager.
"""

import sqlalchemy as sa
import sqlmodel

import postal_service.db.types
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fee_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_office_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("payments", sa.Integer(), nullable=False),
        sa.Column("collected", sa.Integer(), nullable=False),
        sa.Column("forwarded", sa.Integer(), nullable=False),
        sa.Column("issued_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("issued_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.ForeignKeyConstraint(["post_office_id"], ["post_office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("post_office_id", "agency_id", "period_start", "period_end"),
    )
    with op.batch_alter_table("fee_statement") as table:
        table.create_index(table.f("ix_fee_statement_agency_id"), ["agency_id"], unique=False)
        table.create_index(table.f("ix_fee_statement_post_office_id"), ["post_office_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fee_statement") as table:
        table.drop_index(table.f("ix_fee_statement_post_office_id"))
        table.drop_index(table.f("ix_fee_statement_agency_id"))
    op.drop_table("fee_statement")
