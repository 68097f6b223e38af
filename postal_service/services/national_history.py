"""The national status history of a request's dossier: what agency systems reported, kept in order."""

from __future__ import annotations

from postal_service.db.tables import NationalStatusReport

from .context import Context


def record(ctx: Context, request_id: int, code: int, note: str | None = None) -> None:
    report = NationalStatusReport(
        request_id=request_id, code=code, note=note or "", reported_at=ctx.now, reported_by=ctx.actor.principal
    )
    ctx.session.add(report)
