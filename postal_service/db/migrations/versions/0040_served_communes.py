"""served communes

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-06 12:30:00

A booking found the office serving its commune by reading every post office of the country and looking through
each one's list of communes: thirteen thousand rows a booking at national size. Each office's communes are now
also rows of `served_commune`, indexed by the commune and kept equal to the office's list whenever an office is
written; this fills it from the offices there are.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "served_commune",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_code", sa.Integer(), nullable=False),
        sa.Column("post_office_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["post_office_id"], ["post_office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("commune_code", "post_office_id"),
    )
    op.create_index("ix_served_commune_commune_code", "served_commune", ["commune_code"], unique=False)
    op.create_index("ix_served_commune_post_office_id", "served_commune", ["post_office_id"], unique=False)
    offices = op.get_bind().execute(sa.text("SELECT id, communes_served FROM post_office")).all()
    rows = [
        {"commune_code": code, "post_office_id": office_id}
        for office_id, communes in offices
        for code in sorted(set(communes if isinstance(communes, list) else json.loads(communes)))
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index("ix_served_commune_post_office_id", table_name="served_commune")
    op.drop_index("ix_served_commune_commune_code", table_name="served_commune")
    op.drop_table("served_commune")
