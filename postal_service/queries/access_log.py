"""The access log read back (Decree 13/2023): who read or changed which citizen's dossier, when and why."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import AccessLog, ServiceRequest
from postal_service.domain.access import Capability, require
from postal_service.domain.timeslots import LOCAL_TZ

CSV_COLUMNS = ("at", "actor", "actor_role", "reference", "purpose")


class AccessRow(BaseModel):
    at: datetime
    actor: str
    actor_role: str
    reference: str
    purpose: str


def access_log(
    ctx: Context, reference: str | None = None, actor: str | None = None, since: date | None = None, limit: int = 500
) -> list[AccessRow]:
    """The newest entries first, filtered by request, by who, and from a local day on."""
    require(ctx.actor, Capability.READ_ACCESS_LOG)
    query = select(AccessLog, ServiceRequest.reference).join(
        ServiceRequest, col(ServiceRequest.id) == col(AccessLog.request_id)
    )
    if reference:
        query = query.where(ServiceRequest.reference == reference.strip().upper())
    if actor:
        query = query.where(AccessLog.actor == actor.strip())
    if since:
        query = query.where(col(AccessLog.at) >= datetime.combine(since, time(0), LOCAL_TZ))
    rows = ctx.session.exec(query.order_by(col(AccessLog.id).desc()).limit(limit))
    return [
        AccessRow(at=log.at, actor=log.actor, actor_role=log.actor_role, reference=ref, purpose=log.purpose)
        for log, ref in rows
    ]


def as_csv(rows: list[AccessRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.at.isoformat(), row.actor, row.actor_role, row.reference, row.purpose])
    return out.getvalue()
