"""Open deadline alerts: raised by the scheduler before a legal deadline, closed when the parcel moves."""

from __future__ import annotations

from sqlmodel import col, func, select

from postal_service.context import Context
from postal_service.db.tables import DeadlineAlert, Parcel, Procedure, ServiceRequest

from .visibility import visible_to


def open_alert_count(ctx: Context) -> int:
    """How many alerts wait for someone who may act on them (the header's count: an office's own)."""
    query = (
        select(func.count())
        .select_from(DeadlineAlert)
        .join(Parcel, col(Parcel.id) == col(DeadlineAlert.parcel_id))
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .where(col(DeadlineAlert.resolved_at).is_(None), visible_to(ctx.actor))
    )
    return int(ctx.session.exec(query).one())


def alerted(ctx: Context) -> set[str]:
    """Tracking numbers with an open alert, for the board to mark them."""
    query = (
        select(Parcel.tracking_number)
        .join(DeadlineAlert, col(DeadlineAlert.parcel_id) == col(Parcel.id))
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .where(col(DeadlineAlert.resolved_at).is_(None), visible_to(ctx.actor))
    )
    return set(ctx.session.exec(query).all())
