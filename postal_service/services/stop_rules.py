"""What a planned stop needs and when it is due: the cash skill, and whether a result goes out today."""

from __future__ import annotations

from postal_service.context import Context
from postal_service.db.queries import amount_owed_on
from postal_service.db.tables import Parcel, ServiceRequest
from postal_service.domain.lifecycle import ResultStatus as R


def skills_needed(ctx: Context, request: ServiceRequest) -> frozenset[str]:
    """A courier allowed to carry cash, when the citizen still owes something."""
    due = amount_owed_on(ctx.session, request).total
    return frozenset({"cash"}) if due > 0 else frozenset()


def due_at_the_door(ctx: Context, parcel: Parcel, in_hand: bool) -> bool:
    """A result goes out today when it is at the post office or in hand, or when a failed attempt may be
    tried again (attempts left, and the gap of working days since the last one)."""
    if parcel.status != R.ATTEMPT_FAILED.value:
        return in_hand or parcel.status == R.AT_POST_OFFICE.value
    if parcel.last_attempt_on is None:
        return False
    settings = ctx.settings
    gap = ctx.calendar.working_days_between(parcel.last_attempt_on, ctx.today)
    return parcel.attempts < settings.delivery_max_attempts and gap >= settings.attempt_gap_working_days
