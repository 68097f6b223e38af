"""a range of serials per prefix

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 19:40:00

One sequence served every S10 prefix on PostgreSQL, so a new prefix did not get a fresh range and the shared one
ran out for all of them at once. Each prefix now has its own sequence, started above every serial the shared one
issued, so no number is issued twice; the counters record each range's last serial, and a daily count of what
was used forecasts the end of each range.
"""

import sqlalchemy as sa
import sqlmodel

from alembic import op
from postal_service.config import Settings

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

SHARED = "s10_serial"
EACH = "s10_serial_"
LAST = {"TUI": 999_999_999}  # the bags' nine digits; S10 prefixes have eight
S10_LAST = 99_999_999


def upgrade() -> None:
    with op.batch_alter_table("serial_counter") as table:
        table.alter_column("prefix", type_=sqlmodel.sql.sqltypes.AutoString(length=3), existing_nullable=False)
        table.add_column(sa.Column("last_serial", sa.Integer(), server_default="99999999", nullable=False))
    op.create_table(
        "serial_usage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prefix", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prefix", "day"),
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        op.execute("UPDATE serial_counter SET last_serial = 999999999 WHERE prefix = 'TUI'")
        return
    following = bind.execute(
        sa.text(f"SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM {SHARED}")
    ).scalar_one()
    settings = Settings()
    prefixes = {row[0] for row in bind.execute(sa.text("SELECT DISTINCT substr(tracking_number, 1, 2) FROM parcel"))}
    prefixes |= {settings.s10_prefix_dossier, settings.s10_prefix_result, "TUI"}  # the configured ones, the bags'
    for prefix in sorted(prefixes):
        last = LAST.get(prefix, S10_LAST)
        op.execute(f"CREATE SEQUENCE {EACH}{prefix.lower()} MINVALUE 1 MAXVALUE {last} START WITH {following}")
    op.execute(f"DROP SEQUENCE {SHARED}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        query = sa.text("SELECT sequencename, COALESCE(last_value, 0) FROM pg_sequences WHERE sequencename LIKE :each")
        used = dict(bind.execute(query, {"each": EACH + "%"}).all())
        names, following = sorted(used), max([1, *(int(n) + 1 for n in used.values())])
        op.execute(f"CREATE SEQUENCE {SHARED} MINVALUE 1 MAXVALUE {S10_LAST}")
        op.execute(f"SELECT setval('{SHARED}', {following}, false)")
        for name in names:
            op.execute(f"DROP SEQUENCE {name}")
    op.drop_table("serial_usage")
    with op.batch_alter_table("serial_counter") as table:
        table.drop_column("last_serial")
        table.alter_column("prefix", type_=sqlmodel.sql.sqltypes.AutoString(length=2), existing_nullable=False)
