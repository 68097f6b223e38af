"""Results held at the post office go back to their agency when the hold runs out (scheduler job)."""

from __future__ import annotations

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import Parcel
from postal_service.domain.lifecycle import Action, ResultStatus
from postal_service.domain.roles import Actor

from .custody_steps import BY_ACTION, take_step
from .schemas import Step


def expire_holds(ctx: Context) -> list[str]:
    """Every hold that ran out goes back to the agency, as the system; running twice does nothing more."""
    query = select(Parcel.tracking_number).where(
        Parcel.status == ResultStatus.HELD_AT_POST_OFFICE.value, col(Parcel.hold_until) < ctx.today
    )
    system = Context(ctx.session, ctx.settings, Actor.system(), ctx.now)
    returned = []
    for tracking in list(ctx.session.exec(query)):
        take_step(system, tracking, BY_ACTION[Action.RETURN_TO_AGENCY], Step(note="hold expired"))
        returned.append(tracking)
    return returned
