"""declared calendar days

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 19:30:00

The law's holidays are computed for any year; the days the government announces off or working beyond them (the
yearly swaps) are declared by an administrator, each with its announcement.
"""

import sqlalchemy as sa
import sqlmodel

from alembic import op
import postal_service.db.types

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("declared_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("declared_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day"),
    )


def downgrade() -> None:
    op.drop_table("calendar_day")
