"""notices in the citizen's language, by e-mail too, and the courier's ETA once a day

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 15:10:00

A request keeps the language of its notices and an optional e-mail address; a message keeps its topic, an
e-mail's subject, and, for a notice that goes at most once (the courier's ETA of a stop on a day), a unique key.
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        table.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        table.add_column(sa.Column("language", sa.String(length=2), nullable=False, server_default="vi"))
    with op.batch_alter_table("notification") as table:
        table.add_column(sa.Column("topic", sa.String(length=32), nullable=False, server_default=""))
        table.add_column(sa.Column("subject", sa.String(length=200), nullable=False, server_default=""))
        table.add_column(sa.Column("once_key", sa.String(length=80), nullable=True))
        table.create_unique_constraint("uq_notification_once_key", ["once_key"])


def downgrade() -> None:
    with op.batch_alter_table("notification") as table:
        table.drop_constraint("uq_notification_once_key", type_="unique")
        table.drop_column("once_key")
        table.drop_column("subject")
        table.drop_column("topic")
    with op.batch_alter_table("service_request") as table:
        table.drop_column("language")
        table.drop_column("contact_email")
