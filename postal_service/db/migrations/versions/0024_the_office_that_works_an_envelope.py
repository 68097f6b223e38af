"""the office that works an envelope

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 17:30:00

An envelope between provinces is worked by another office than its request's: the one serving the agency (a
result collected there) or the one a bag brought it to.
"""

import sqlalchemy as sa

from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("parcel") as table:
        table.add_column(sa.Column("office_id", sa.Integer(), nullable=True))
        table.create_foreign_key("fk_parcel_office_id", "post_office", ["office_id"], ["id"])
        table.create_index(table.f("ix_parcel_office_id"), ["office_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("parcel") as table:
        table.drop_index(table.f("ix_parcel_office_id"))
        table.drop_constraint("fk_parcel_office_id", type_="foreignkey")
        table.drop_column("office_id")
