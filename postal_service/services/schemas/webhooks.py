"""What an agency system sends to manage its webhooks, and the secret it gets back (the lists are read models:
`queries/webhooks.py`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, HttpUrl, UrlConstraints

from postal_service.domain.webhooks import ALL, EVENTS, URL_MAX_LENGTH

from .fields import Strict

EventName = Literal[ALL, *EVENTS]  # type: ignore[valid-type]


WebhookUrl = Annotated[
    HttpUrl,
    UrlConstraints(max_length=URL_MAX_LENGTH - 10),
    Field(description="where the service POSTs each event (https in production)"),
]


class WebhookCreate(Strict):
    url: WebhookUrl
    events: list[EventName] = Field(min_length=1, max_length=len(EVENTS) + 1, description='"*" for every event')


class PortalFeed(Strict):
    """The national portal's endpoint: every agency's status changes, with channel code 3 (by public post)."""

    url: WebhookUrl


class WebhookSecret(BaseModel):
    """The signing secret is shown here once, when the endpoint is made or its secret rotated."""

    id: int
    secret: str
    previous_valid_until: datetime | None = None
