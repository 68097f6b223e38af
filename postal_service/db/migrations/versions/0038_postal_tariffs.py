"""postal tariffs

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-06 10:05:00

Prices were one national three-zone tariff from the environment. They are now price tables by zone and weight
band, for the country or one province, each from a day; a quote keeps the table it was priced with.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from postal_service.db.types import UTCDateTime

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "postal_tariff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("province_code", sa.Integer(), nullable=True),
        sa.Column("bands", sa.JSON(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_postal_tariff_effective_from", "postal_tariff", ["effective_from"], unique=False)
    op.create_index("ix_postal_tariff_province_code", "postal_tariff", ["province_code"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_postal_tariff_province_code", table_name="postal_tariff")
    op.drop_index("ix_postal_tariff_effective_from", table_name="postal_tariff")
    op.drop_table("postal_tariff")
