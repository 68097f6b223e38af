"""bags and their chains

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 17:00:00

Bags between points of the network, their manifests and their own append-only custody chain; exchange hub staff.
"""

import sqlalchemy as sa
import sqlmodel

import postal_service.db.types
from alembic import op
from postal_service.db.append_only import BAG_EVENTS_CREATE, BAG_EVENTS_DROP

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

UTC = postal_service.db.types.UTCDateTime(timezone=True)


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "bag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", _text(16), nullable=False),
        sa.Column("origin", _text(16), nullable=False),
        sa.Column("destination", _text(16), nullable=False),
        sa.Column("run", _text(16), nullable=False),
        sa.Column("departs", UTC, nullable=False),
        sa.Column("closes", UTC, nullable=False),
        sa.Column("status", _text(16), nullable=False),
        sa.Column("seal_number", _text(32), nullable=True),
        sa.Column("driver", _text(64), nullable=True),
        sa.Column("seal_intact", sa.Boolean(), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("bag") as table:
        for column in ("origin", "destination", "status"):
            table.create_index(table.f(f"ix_bag_{column}"), [column], unique=False)
    op.create_table(
        "bag_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bag_id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("outcome", _text(16), nullable=False),
        sa.ForeignKeyConstraint(["bag_id"], ["bag.id"]),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcel.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bag_id", "parcel_id"),
    )
    with op.batch_alter_table("bag_item") as table:
        table.create_index(table.f("ix_bag_item_bag_id"), ["bag_id"], unique=False)
        table.create_index(table.f("ix_bag_item_parcel_id"), ["parcel_id"], unique=False)
    op.create_table(
        "bag_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bag_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("action", _text(32), nullable=False),
        sa.Column("from_status", _text(32), nullable=False),
        sa.Column("to_status", _text(32), nullable=False),
        sa.Column("actor", _text(64), nullable=False),
        sa.Column("actor_role", _text(16), nullable=False),
        sa.Column("counterparty", _text(64), nullable=True),
        sa.Column("occurred_at", UTC, nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("previous_hash", _text(64), nullable=False),
        sa.Column("hash", _text(64), nullable=False),
        sa.Column("key_id", _text(16), nullable=False),
        sa.Column("seal", _text(64), nullable=False),
        sa.ForeignKeyConstraint(["bag_id"], ["bag.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bag_id", "sequence"),
    )
    with op.batch_alter_table("bag_event") as table:
        table.create_index(table.f("ix_bag_event_bag_id"), ["bag_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for statement in BAG_EVENTS_CREATE:
            op.execute(statement)
    with op.batch_alter_table("app_user") as table:
        table.add_column(sa.Column("hub_id", sa.Integer(), nullable=True))
        table.create_foreign_key("fk_app_user_hub_id", "exchange_hub", ["hub_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("app_user") as table:
        table.drop_constraint("fk_app_user_hub_id", type_="foreignkey")
        table.drop_column("hub_id")
    if op.get_bind().dialect.name == "postgresql":
        for statement in BAG_EVENTS_DROP:
            op.execute(statement)
    with op.batch_alter_table("bag_event") as table:
        table.drop_index(table.f("ix_bag_event_bag_id"))
    op.drop_table("bag_event")
    with op.batch_alter_table("bag_item") as table:
        table.drop_index(table.f("ix_bag_item_parcel_id"))
        table.drop_index(table.f("ix_bag_item_bag_id"))
    op.drop_table("bag_item")
    with op.batch_alter_table("bag") as table:
        for column in ("status", "destination", "origin"):
            table.drop_index(table.f(f"ix_bag_{column}"))
    op.drop_table("bag")
