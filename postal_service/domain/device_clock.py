"""The phone's clock beside the server's: a step taken offline keeps when it was taken on the phone as well as
when the server received it, and a phone time that cannot be right is flagged for the dispatcher (a courier could
otherwise set the phone's clock to record a handover on time).

Doubtful: a time in the future; a time before the envelope's previous step; or a time long before the server
received it when the phone recorded no offline period covering it (a step queued offline says since when the phone
was offline).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from .language import N_

CLOCK_DRIFT = timedelta(minutes=5)  # phones' clocks are rarely further off than this
LONG_BEFORE = timedelta(hours=2)  # sent this much later, the phone must say it was offline meanwhile


class Doubt(StrEnum):
    FUTURE = "future"
    BEFORE_PREVIOUS = "before_previous"
    NOT_OFFLINE = "not_offline"


DOUBT_WORDS = {
    Doubt.FUTURE: N_("the phone's time is later than the server's"),
    Doubt.BEFORE_PREVIOUS: N_("the phone's time is before the envelope's previous step"),
    Doubt.NOT_OFFLINE: N_("sent hours after the phone's time, with no offline period recorded"),
}


def doubt(
    on_phone: datetime, received: datetime, previous: datetime | None, offline_since: datetime | None
) -> Doubt | None:
    """Why the phone's time of a step cannot be taken as true, or None when it can."""
    if on_phone > received + CLOCK_DRIFT:
        return Doubt.FUTURE
    if previous is not None and on_phone < previous - CLOCK_DRIFT:
        return Doubt.BEFORE_PREVIOUS
    if received - on_phone > LONG_BEFORE and (offline_since is None or offline_since > on_phone + CLOCK_DRIFT):
        return Doubt.NOT_OFFLINE
    return None
