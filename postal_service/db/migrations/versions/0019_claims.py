"""claims

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 01:00:00

Complaints about an envelope, with the legal answer date fixed when filed.
"""

import sqlalchemy as sa
import sqlmodel

import postal_service.db.types
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("post_office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("event_sequence", sa.Integer(), nullable=False),
        sa.Column("filed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("filed_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolve_by", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("verdict", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("resolution", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("compensation", sa.Integer(), nullable=False),
        sa.Column("resolved_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("resolved_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("warned_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["assignee_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcel.id"]),
        sa.ForeignKeyConstraint(["post_office_id"], ["post_office.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["service_request.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim") as table:
        table.create_index(table.f("ix_claim_parcel_id"), ["parcel_id"], unique=False)
        table.create_index(table.f("ix_claim_post_office_id"), ["post_office_id"], unique=False)
        table.create_index(table.f("ix_claim_request_id"), ["request_id"], unique=False)
        table.create_index(table.f("ix_claim_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim") as table:
        for name in ("ix_claim_status", "ix_claim_request_id", "ix_claim_post_office_id", "ix_claim_parcel_id"):
            table.drop_index(table.f(name))
    op.drop_table("claim")
