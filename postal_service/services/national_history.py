"""The national status history of a request's dossier: what agency systems reported, kept in order."""

from __future__ import annotations

from datetime import datetime, timedelta

from postal_service.context import Context
from postal_service.db.tables import NationalStatusReport
from postal_service.domain.errors import InvalidField

CLOCK_SKEW = timedelta(minutes=5)  # an agency system's clock may run a little ahead of ours


def record(ctx: Context, request_id: int, code: int, note: str | None = None, at: datetime | None = None) -> None:
    """Keep the report; `at` is when the agency system says the status changed (now when it does not say)."""
    if at is not None and at > ctx.now + CLOCK_SKEW:
        raise InvalidField.single("reported_at", "a status cannot be reported as changed in the future")
    report = NationalStatusReport(
        request_id=request_id, code=code, note=note or "", reported_at=at or ctx.now, reported_by=ctx.actor.principal
    )
    ctx.session.add(report)
