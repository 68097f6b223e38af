"""evidence uses

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05 20:50:00

Retention searched the whole custody log's text once per image to learn whether another envelope still refers
to it. Which envelope refers to which stored file is now kept (evidence_use), filled here from the log and the
digitised dossiers, and looked up by digest.
"""

import json

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

PREFIX = "evidence:"
FIELDS = ("signature_ref", "photo_ref", "proxy_authorisation_ref")  # domain.custody as of this revision
LISTS = ("document_photos",)


def upgrade() -> None:
    op.create_table(
        "evidence_use",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcel.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("digest", "parcel_id"),
    )
    op.create_index(op.f("ix_evidence_use_digest"), "evidence_use", ["digest"], unique=False)
    op.create_index(op.f("ix_evidence_use_parcel_id"), "evidence_use", ["parcel_id"], unique=False)
    bind = op.get_bind()
    erased = {  # envelopes whose request's files retention already removed use nothing any more
        parcel_id
        for parcel_id, kinds in bind.execute(
            sa.text(
                "SELECT parcel.id, service_request.erased FROM parcel "
                "JOIN service_request ON service_request.id = parcel.request_id"
            )
        )
        if "evidence" in (json.loads(kinds) if isinstance(kinds, str) else kinds or [])
    }
    uses: set[tuple[str, int]] = set()
    for parcel_id, evidence in bind.execute(sa.text("SELECT parcel_id, evidence FROM custody_event")):
        given = json.loads(evidence) if isinstance(evidence, str) else evidence or {}
        refs = [given.get(f) for f in FIELDS] + [r for f in LISTS for r in given.get(f) or []]
        uses |= {(str(r).removeprefix(PREFIX), parcel_id) for r in refs if str(r or "").startswith(PREFIX)}
    for parcel_id, pdf in bind.execute(sa.text("SELECT id, dossier_pdf FROM parcel WHERE dossier_pdf IS NOT NULL")):
        uses.add((pdf.removeprefix(PREFIX), parcel_id))
    uses = {(digest, parcel_id) for digest, parcel_id in uses if parcel_id not in erased}
    if uses:
        table = sa.table("evidence_use", sa.column("digest", sa.String), sa.column("parcel_id", sa.Integer))
        op.bulk_insert(table, [{"digest": d, "parcel_id": p} for d, p in sorted(uses)])


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_use_parcel_id"), table_name="evidence_use")
    op.drop_index(op.f("ix_evidence_use_digest"), table_name="evidence_use")
    op.drop_table("evidence_use")
