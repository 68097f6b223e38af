"""the network between offices

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 16:20:00

Exchange hubs, the weekly trunk runs between offices and hubs, and each envelope's planned path over them.
"""

import sqlalchemy as sa
import sqlmodel

import postal_service.db.types
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_hub",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("street", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("commune_code", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "trunk_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("destination", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("weekdays", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("departs", sa.Integer(), nullable=False),
        sa.Column("arrives", sa.Integer(), nullable=False),
        sa.Column("cutoff", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("trunk_run") as table:
        table.create_index(table.f("ix_trunk_run_origin"), ["origin"], unique=False)
        table.create_index(table.f("ix_trunk_run_destination"), ["destination"], unique=False)
    op.create_table(
        "parcel_path",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("destination_office_id", sa.Integer(), nullable=False),
        sa.Column("hops", sa.JSON(), nullable=False),
        sa.Column("expected_arrival", postal_service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("planned_at", postal_service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcel.id"]),
        sa.ForeignKeyConstraint(["destination_office_id"], ["post_office.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("parcel_path") as table:
        table.create_index(table.f("ix_parcel_path_parcel_id"), ["parcel_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("parcel_path") as table:
        table.drop_index(table.f("ix_parcel_path_parcel_id"))
    op.drop_table("parcel_path")
    with op.batch_alter_table("trunk_run") as table:
        table.drop_index(table.f("ix_trunk_run_destination"))
        table.drop_index(table.f("ix_trunk_run_origin"))
    op.drop_table("trunk_run")
    op.drop_table("exchange_hub")
