"""Telling the citizen: a notice the domain decided becomes outbox rows in the request's language, one by SMS to
the contact phone and one by e-mail when the citizen gave an address; workers deliver them once the change they
announce commits (services/outbox.py)."""

from __future__ import annotations

from postal_service.context import Context
from postal_service.db.tables import Notification, ServiceRequest, User
from postal_service.domain.messages import MessageKind
from postal_service.domain.notices import Notice


def tracking_link(ctx: Context, reference: str) -> str:
    return f"{ctx.settings.public_base_url.rstrip('/')}/track/{reference}"


def notify(
    ctx: Context,
    request: ServiceRequest,
    notice: Notice,
    kind: MessageKind = MessageKind.NOTICE,
    once_key: str | None = None,
) -> None:
    """Write the notice for each of the citizen's channels, in the same transaction as the change it announces.

    `once_key` names a notice that must go at most once (the courier's ETA of a stop on a day): the outbox holds
    it unique, so a second writer fails its transaction instead of texting the citizen twice."""
    assert request.id is not None
    language = request.language
    body = notice.text(language, reference=request.reference, link=tracking_link(ctx, request.reference))
    recipients = [("sms", request.contact_phone)]
    if request.contact_email:
        recipients.append(("email", request.contact_email))
    for channel, recipient in recipients:
        message = Notification(
            request_id=request.id,
            channel=channel,
            kind=kind.value,
            topic=notice.topic.value,
            subject=f"{notice.title(language)} - {request.reference}",
            once_key=f"{once_key}:{channel}" if once_key else None,
            recipient=recipient,
            body=body,
            created_at=ctx.now,
        )
        ctx.session.add(message)
        ctx.outbox.append(message)


def notify_staff(ctx: Context, request: ServiceRequest, notice: Notice, staff: list[User]) -> None:
    """Write an alert about a request to members of staff who gave a phone, in Vietnamese (the operator's
    language); the citizen's list of messages leaves these out."""
    assert request.id is not None
    for person in staff:
        if not person.phone:
            continue
        message = Notification(
            request_id=request.id,
            staff_id=person.id,
            channel="sms",
            kind=MessageKind.NOTICE.value,
            topic=notice.topic.value,
            subject=f"{notice.title('vi')} - {request.reference}",
            recipient=person.phone,
            body=notice.text("vi", reference=request.reference),
            created_at=ctx.now,
        )
        ctx.session.add(message)
        ctx.outbox.append(message)
