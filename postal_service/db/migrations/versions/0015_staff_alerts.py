"""staff alerts

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 22:00:00

A message of the outbox may be to a member of staff (a deadline alert to the office's dispatchers) rather than to
the citizen of its request: it then names that person, and the citizen's list of messages leaves it out.
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification") as table:
        table.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        table.create_foreign_key("fk_notification_staff_id_app_user", "app_user", ["staff_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("notification") as table:
        table.drop_constraint("fk_notification_staff_id_app_user", type_="foreignkey")
        table.drop_column("staff_id")
