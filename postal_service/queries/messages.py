"""The messages sent to citizens, as staff see them on the parcel page and developers at /dev/messages."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import Notification, ServiceRequest
from postal_service.domain.access import Capability, require
from postal_service.domain.messages import MessageKind

HIDDEN_CODE = "••••••"  # staff see that a sign-in code went, never the code


class MessageOut(BaseModel):
    id: int
    channel: str
    kind: str
    recipient: str
    body: str
    status: str  # pending | sent | dead
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    provider: str
    created_at: datetime
    sent_at: datetime | None


def _out(message: Notification, show_codes: bool) -> MessageOut:
    out = MessageOut.model_validate(message, from_attributes=True)
    if message.kind == MessageKind.SIGN_IN_CODE.value and not show_codes:
        out.body = HIDDEN_CODE
    return out


def of_request(ctx: Context, reference: str) -> list[MessageOut]:
    """Each message to the citizen of one request with its delivery: a dead one tells the dispatcher to call."""
    require(ctx.actor, Capability.DISPATCH)
    rows = ctx.session.exec(
        select(Notification)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Notification.request_id))
        .where(ServiceRequest.reference == reference, col(Notification.staff_id).is_(None))
        .order_by(col(Notification.id))
    )
    return [_out(message, show_codes=False) for message in rows]


def development_sink(ctx: Context, limit: int = 100) -> list[MessageOut]:
    """The newest messages in full, sign-in codes too: only ever shown outside production."""
    if ctx.settings.environment == "production":
        raise RuntimeError("the development sink is never shown in production")
    rows = ctx.session.exec(select(Notification).order_by(col(Notification.id).desc()).limit(limit))
    return [_out(message, show_codes=True) for message in rows]
