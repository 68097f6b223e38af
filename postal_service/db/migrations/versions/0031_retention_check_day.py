"""retention check day

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05 22:50:00

The retention job still read, every day, every request older than the shortest legal period that kept some
personal data: with addresses kept two years, two years of requests a day. Each request now carries the day the
job looks at it again; the index leads with it. Requests already held start without one and are looked at once.
"""

import sqlalchemy as sa

from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        table.add_column(sa.Column("retention_check_on", sa.Date(), nullable=True))
        table.drop_index("ix_service_request_retention")
        table.create_index(
            "ix_service_request_retention", ["retention_done", "retention_check_on", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        table.drop_index("ix_service_request_retention")
        table.create_index("ix_service_request_retention", ["retention_done", "created_at"], unique=False)
        table.drop_column("retention_check_on")
