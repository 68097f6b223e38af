"""rosters

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-06 03:30:00

Every active courier of an office was planned for the office's full opening hours every day. A courier now has
a weekly pattern (shifts and lunch windows) and the dispatcher's changes to it (leave, sick days, half days,
swaps); a courier with no pattern still works the office's hours, so nothing changes until someone rosters.
"""

import sqlalchemy as sa
import sqlmodel

from alembic import op
import postal_service.db.types

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courier_week",
        sa.Column("courier_id", sa.Integer(), nullable=False),
        sa.Column("shifts", sa.JSON(), nullable=False),
        sa.Column("lunch", sa.JSON(), nullable=False),
        sa.Column("lunch_minutes", sa.Integer(), nullable=False),
        sa.Column("set_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("set_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["courier_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("courier_id"),
    )
    op.create_table(
        "roster_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("courier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("works_on", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("starts", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("ends", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("made_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("made_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["courier_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_roster_change_courier_until", "roster_change", ["courier_id", "until"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_roster_change_courier_until", table_name="roster_change")
    op.drop_table("roster_change")
    op.drop_table("courier_week")
