"""online payments

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 00:40:00

A payment started online and confirmed by the provider's signed callback.
"""

import sqlalchemy as sa
import sqlmodel

import postal_service.db.types
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "online_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("intent_ref", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("provider_txn", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("paid_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["service_request.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("intent_ref"),
        sa.UniqueConstraint("provider_txn"),
    )
    with op.batch_alter_table("online_payment") as table:
        table.create_index(table.f("ix_online_payment_request_id"), ["request_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("online_payment") as table:
        table.drop_index(table.f("ix_online_payment_request_id"))
    op.drop_table("online_payment")
