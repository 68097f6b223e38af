"""Where messages leave the service: a brand-name SMS gateway over HTTP, e-mail over SMTP, or the development sink.

A channel takes one message and answers who took it, or raises DeliveryFailed (permanent when trying again
cannot help). Without a gateway or an SMTP server configured, development and tests deliver to the sink, which
only marks the message delivered: `/dev/messages` shows it. Production has no sink.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import httpx

from postal_service import receivers
from postal_service.config import Settings
from postal_service.db.tables import Notification
from postal_service.domain.messages import DeliveryFailed, sms_text

Channel = Callable[[Notification], str]
SINK = "sink"
GATEWAY_SECONDS = 10.0


def channel_for(settings: Settings, name: str) -> Channel:
    if name == "sms" and settings.sms_gateway_url:
        return lambda message: _sms(settings, message)
    if name == "email" and settings.smtp_url:
        return lambda message: _email(settings, message)
    if settings.environment == "production" or name not in ("sms", "email"):
        return _nowhere
    return lambda message: SINK


def _nowhere(message: Notification) -> str:
    raise DeliveryFailed(f"no {message.channel} channel is configured", permanent=True)


def _sms(settings: Settings, message: Notification) -> str:
    """The JSON most Vietnamese brand-name gateways take; our message id lets a gateway drop a repeat."""
    payload = {
        "to": message.recipient,
        "brandname": settings.sms_brand_name,
        "message": sms_text(message.body, settings.sms_without_diacritics),
        "reference": f"postal-{message.id}",
    }
    auth = (settings.sms_gateway_user, settings.sms_gateway_password) if settings.sms_gateway_user else None
    try:
        answer = httpx.post(settings.sms_gateway_url or "", json=payload, auth=auth, timeout=GATEWAY_SECONDS)
    except httpx.HTTPError as error:
        raise DeliveryFailed(f"the SMS gateway could not be reached: {type(error).__name__}") from error
    if answer.status_code == 429 or answer.status_code >= 500:
        raise DeliveryFailed(f"the SMS gateway answered {answer.status_code}")
    if answer.status_code >= 400:
        raise DeliveryFailed(f"the SMS gateway refused it: {answer.status_code} {answer.text[:200]}", permanent=True)
    return f"sms-gateway {answer.headers.get('x-message-id', '')}".strip()


def _email(settings: Settings, message: Notification) -> str:
    url = urlsplit(settings.smtp_url or "")
    mail = EmailMessage()
    mail["From"], mail["To"] = settings.mail_from, message.recipient
    mail["Subject"] = message.subject or message.body.split(".")[0][:120]
    mail["Message-ID"] = f"<postal-{message.id}@{settings.mail_from.rpartition('@')[2] or 'localhost'}>"
    mail.set_content(message.body)
    connect = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    try:
        with connect(url.hostname or "localhost", url.port or 0, timeout=GATEWAY_SECONDS) as server:
            if url.username:
                server.login(unquote(url.username), unquote(url.password or ""))
            refused = server.send_message(mail)
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryFailed(f"the mail server refused the address: {error.recipients}", permanent=True) from error
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryFailed(f"the mail server could not take it: {type(error).__name__}") from error
    if refused:
        raise DeliveryFailed(f"the mail server refused {', '.join(refused)}", permanent=True)
    return f"smtp {url.hostname}"


def post_webhook(settings: Settings, url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST a signed event to an agency system; its status code, or DeliveryFailed when it does not answer or
    its address may not be called (checked again at each delivery, and connected to as checked: receivers.py)."""
    try:
        receiver = receivers.checked(url, settings.environment == "production", settings.private_receivers_allowed)
    except receivers.Refused as refused:
        raise DeliveryFailed(f"not sent: {refused}") from refused
    try:
        with httpx.Client(timeout=settings.webhook_timeout_seconds, follow_redirects=False) as client:
            answer = client.post(
                receiver.url,
                content=body,
                headers={**headers, "Host": receiver.host},
                extensions={"sni_hostname": receiver.server_name},
            )
    except httpx.HTTPError as error:
        raise DeliveryFailed(f"the receiver could not be reached: {type(error).__name__}") from error
    return answer.status_code
