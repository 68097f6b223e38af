"""the digitised dossier

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 15:20:00

The dossier's parcel keeps the PDF of the pages the courier photographed at intake (an evidence reference).
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("parcel") as table:
        table.add_column(sa.Column("dossier_pdf", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("parcel") as table:
        table.drop_column("dossier_pdf")
