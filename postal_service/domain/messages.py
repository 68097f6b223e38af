"""Rules of the messages to citizens: SMS length and alphabet, quiet hours, and the backoff between tries."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import StrEnum

from .vietnamese import strip_diacritics


class MessageKind(StrEnum):
    NOTICE = "notice"  # a handover, a hold, a failed attempt: waits for the end of quiet hours
    SIGN_IN_CODE = "code"  # the citizen is waiting for it now: sent at any hour


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"  # every try failed: staff see it on the parcel page


# GSM 03.38 fits 160 characters in one SMS and 153 in each part of a longer one; UCS-2 (any Vietnamese letter
# with a diacritic) 70 and 67. A message takes at most two parts.
SEGMENTS = 2
_LIMITS = {True: (160, 153), False: (70, 67)}  # plain text? -> (one part, each of several parts)
ELLIPSIS = "..."


def _plain(text: str) -> bool:
    return all(ord(c) < 128 for c in text)


def segments(text: str) -> int:
    single, part = _LIMITS[_plain(text)]
    return 1 if len(text) <= single else -(-len(text) // part)


def sms_text(body: str, without_diacritics: bool) -> str:
    """The body as an SMS of at most two parts: stripped of its marks when configured, shortened if need be."""
    text = strip_diacritics(body) if without_diacritics else body
    if segments(text) <= SEGMENTS:
        return text
    room = _LIMITS[_plain(text)][1] * SEGMENTS - len(ELLIPSIS)
    return text[:room].rstrip() + ELLIPSIS


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """ "21:00-07:00" (across midnight) or "" for none."""
    if not text.strip():
        return None
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    return start, end


def quiet_until(local: datetime, quiet: tuple[time, time] | None) -> datetime | None:
    """When quiet hours end, if `local` falls in them; None when a notice may go now."""
    if quiet is None:
        return None
    start, end = quiet
    now = local.time()
    inside = start <= now < end if start <= end else (now >= start or now < end)
    if not inside:
        return None
    day = local.date() if now < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, local.tzinfo)


def backoff(attempts: int) -> timedelta:
    """After the n-th failed try: 30 s, 1 min, 2 min, … doubling, at most an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


class DeliveryFailed(Exception):
    """A channel could not deliver; `permanent` when another try cannot help (a refused number, no channel)."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent
