"""The post office's page of couriers' cash: count each courier's day in, see differences, sign the day off."""

from __future__ import annotations

from datetime import date

from flask import render_template, request

from postal_service.domain.access import Capability, may
from postal_service.queries.cash import office_cash

from ..requests_context import context
from .common import staff_page
from .dispatch import bp, staff_office


@bp.get("/cash")
@staff_page(Capability.COUNT_CASH)
def cash() -> str:
    ctx = context()
    try:
        day = date.fromisoformat(request.args.get("day") or "")
    except ValueError:
        day = ctx.today
    office = staff_office(ctx)
    return render_template(
        "dispatch/cash.html",
        office=office,
        day=day,
        couriers=office_cash(ctx, office, day),
        may_sign_off=may(ctx.actor, Capability.SIGN_OFF_CASH),
        me=ctx.actor.principal,
    )
