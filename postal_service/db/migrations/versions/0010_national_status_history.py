"""national status history

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:20:00

Every national status an agency system reports is kept, with its note, who reported it and when; a request keeps
its latest in service_request.national_status as before.
"""

import sqlalchemy as sa
from alembic import op

from postal_service.db.types import UTCDateTime

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "national_status_report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("service_request.id"), nullable=False),
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(2000), nullable=False),
        sa.Column("reported_at", UTCDateTime(), nullable=False),
        sa.Column("reported_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_national_status_report_request_id", "national_status_report", ["request_id"])
    op.execute(
        "INSERT INTO national_status_report (request_id, code, note, reported_at, reported_by) "
        "SELECT id, national_status, '', created_at, 'before-history' FROM service_request "
        "WHERE national_status IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_table("national_status_report")
