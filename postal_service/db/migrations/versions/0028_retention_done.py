"""retention done

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05 20:40:00

The retention job read every request older than the shortest retention period, every day, the erased past
included; a request whose every kind of personal data is erased is now marked, and the job reads the others
through an index on (retention_done, created_at).
"""

import json

import sqlalchemy as sa

from alembic import op

revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None

KINDS = {"evidence", "id_number", "phone", "address"}  # domain.retention.PersonalData as of this revision


def upgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        table.add_column(sa.Column("retention_done", sa.Boolean(), server_default=sa.false(), nullable=False))
        table.create_index("ix_service_request_retention", ["retention_done", "created_at"], unique=False)
    bind = op.get_bind()
    done = [
        row_id
        for row_id, erased in bind.execute(sa.text("SELECT id, erased FROM service_request"))
        if KINDS <= set(json.loads(erased) if isinstance(erased, str) else erased or [])
    ]
    for start in range(0, len(done), 1000):
        bind.execute(
            sa.text("UPDATE service_request SET retention_done = :done WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"done": True, "ids": done[start : start + 1000]},
        )


def downgrade() -> None:
    with op.batch_alter_table("service_request") as table:
        table.drop_index("ix_service_request_retention")
        table.drop_column("retention_done")
