"""payment providers

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-06 10:00:00

VNPAY's protocol asks for the payer's address with every call about a payment, and a transfer that comes after
the amount was paid otherwise is refunded through the provider: the online payment keeps both.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from postal_service.db.types import UTCDateTime

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("online_payment") as table:
        table.add_column(
            sa.Column("client_ip", sqlmodel.sql.sqltypes.AutoString(length=45), nullable=False, server_default="")
        )
        table.add_column(sa.Column("refunded_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("online_payment") as table:
        table.drop_column("refunded_at")
        table.drop_column("client_ip")
