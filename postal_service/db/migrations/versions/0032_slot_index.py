"""slot index

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-05 23:20:00

The places left in a pickup slot (counted for every slot a booking page offers, several dozen a page) were
counted by reading every request the office ever had: the history benchmark's open day took 150 ms a slot on a
year of history. The count now finds the office's bookings of that slot through an index.
"""

from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_service_request_slot", "service_request", ["post_office_id", "slot_start"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_service_request_slot", table_name="service_request")
