"""cash handovers

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 22:10:00

A courier's cash of a day, counted at the post office against the payments and signed off by a manager.
"""

import sqlalchemy as sa
import sqlmodel

import postal_service.db.types
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cash_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_office_id", sa.Integer(), nullable=False),
        sa.Column("courier_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("declared", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("counted_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("counted_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("signed_off_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("signed_off_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["courier_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["post_office_id"], ["post_office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("courier_id", "day"),
    )
    with op.batch_alter_table("cash_handover") as table:
        table.create_index(table.f("ix_cash_handover_courier_id"), ["courier_id"], unique=False)
        table.create_index(table.f("ix_cash_handover_post_office_id"), ["post_office_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cash_handover") as table:
        table.drop_index(table.f("ix_cash_handover_post_office_id"))
        table.drop_index(table.f("ix_cash_handover_courier_id"))
    op.drop_table("cash_handover")
