"""daily figures

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06 01:00:00

A month of an office's figures read every step its requests took in the month, through the office's whole past:
23 s on a year of history (3.9 s on a week); the dispatcher's board did the same for thirty days of deadlines.
Each finished day's counts are now stored once by a nightly job (office_day_figure, with the days done in
figures_rolled_up), and the job reads a day's work by the time it was done (new indexes on the request's
creation, the custody step's and the bag receipt's time). Nothing is filled here: the job catches up on the
history a month of days a run, and reports count the days it has not reached from the steps meanwhile.
"""

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

TIMES = (("service_request", "created_at"), ("custody_event", "occurred_at"), ("bag_event", "occurred_at"))


def upgrade() -> None:
    op.create_table(
        "office_day_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_office_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("figure", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["post_office_id"], ["post_office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("post_office_id", "day", "figure", "key"),
    )
    op.create_table("figures_rolled_up", sa.Column("day", sa.Date(), nullable=False), sa.PrimaryKeyConstraint("day"))
    for table, column in TIMES:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def downgrade() -> None:
    for table, column in TIMES:
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
    op.drop_table("figures_rolled_up")
    op.drop_table("office_day_figure")
