"""serials from a sequence on PostgreSQL

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 10:10:00

Bookings took the serial counter's row lock and held it until they committed, so on PostgreSQL they queued
behind one another. One sequence now issues the serials of every prefix, starting above any serial issued.
"""

from alembic import op

SEQUENCE = "s10_serial"  # replaced by one sequence per prefix in 0026

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE SEQUENCE {SEQUENCE} MINVALUE 1 MAXVALUE 99999999")
    op.execute(f"SELECT setval('{SEQUENCE}', COALESCE((SELECT MAX(next_serial) FROM serial_counter), 1), false)")


def downgrade() -> None:
    """Every prefix in use gets a counter above the sequence, so the counters never issue a number again."""
    if op.get_bind().dialect.name != "postgresql":
        return
    following = f"(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM {SEQUENCE})"
    op.execute(
        "INSERT INTO serial_counter (prefix, next_serial) "
        f"SELECT DISTINCT substr(tracking_number, 1, 2), {following} FROM parcel "
        "ON CONFLICT (prefix) DO UPDATE SET next_serial = GREATEST(serial_counter.next_serial, EXCLUDED.next_serial)"
    )
    op.execute(f"DROP SEQUENCE {SEQUENCE}")
