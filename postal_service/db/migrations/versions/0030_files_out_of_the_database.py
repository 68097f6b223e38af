"""files out of the database

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05 22:10:00

Photos, signatures and papers were bytes in the evidence table, so the database and every copy of it grew with
them. Each is now a file of the file store (DATA_DIR, named by its SHA-256); the row keeps the size. This moves
today's bytes out, one row at a time, checking each against its digest; the downgrade brings them back.
"""

import sqlalchemy as sa

from alembic import context, op
from postal_service.db.files import DEFAULT_DATA_DIR, digest_of, open_store

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def _store():
    return open_store(context.config.get_main_option("data_dir") or DEFAULT_DATA_DIR)


def upgrade() -> None:
    store = _store()
    with op.batch_alter_table("evidence") as table:
        table.add_column(sa.Column("size", sa.Integer(), nullable=True))
    bind = op.get_bind()
    for (row_id,) in bind.execute(sa.text("SELECT id FROM evidence ORDER BY id")).all():
        digest, data = bind.execute(sa.text("SELECT digest, data FROM evidence WHERE id = :id"), {"id": row_id}).one()
        data = bytes(data)
        if digest_of(data) != digest:
            raise RuntimeError(f"evidence {row_id}: its bytes do not match its digest {digest}; nothing was moved")
        store.put(data)
        bind.execute(sa.text("UPDATE evidence SET size = :size WHERE id = :id"), {"size": len(data), "id": row_id})
    with op.batch_alter_table("evidence") as table:
        table.alter_column("size", existing_type=sa.Integer(), nullable=False)
        table.drop_column("data")


def downgrade() -> None:
    store = _store()
    with op.batch_alter_table("evidence") as table:
        table.add_column(sa.Column("data", sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    for row_id, digest in bind.execute(sa.text("SELECT id, digest FROM evidence ORDER BY id")).all():
        data = store.get(digest)
        if data is None:
            raise RuntimeError(f"evidence {row_id}: the file {digest} is not in the store")
        bind.execute(sa.text("UPDATE evidence SET data = :data WHERE id = :id"), {"data": data, "id": row_id})
    with op.batch_alter_table("evidence") as table:
        table.alter_column("data", existing_type=sa.LargeBinary(), nullable=False)
        table.drop_column("size")
