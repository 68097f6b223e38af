"""The post office's money pages: couriers' cash (count each day in, see differences, sign it off) and the
procedure fees collected for each agency (statements, closed by a manager)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from flask import render_template, request

from postal_service.domain.access import Capability, may
from postal_service.queries import catalogue
from postal_service.queries.cash import office_cash
from postal_service.queries.statements import fee_statement

from ..requests_context import context
from .common import day_arg, staff_page
from .dispatch import bp, staff_office


@bp.get("/cash")
@staff_page(Capability.COUNT_CASH)
def cash() -> str:
    ctx = context()
    day = day_arg("day", ctx.today)
    office = staff_office(ctx)
    return render_template(
        "dispatch/cash.html",
        office=office,
        day=day,
        couriers=office_cash(ctx, office, day),
        may_sign_off=may(ctx.actor, Capability.SIGN_OFF_CASH),
        me=ctx.actor.principal,
    )


@bp.get("/fee-statements")
@staff_page(Capability.ISSUE_FEE_STATEMENTS)
def fee_statements() -> str:
    """The procedure fees the office collected for one agency over a period (last month by default), with the
    statement's PDF and XLSX, and closing the period."""
    ctx = context()
    office = staff_office(ctx)
    agencies = catalogue.list_agencies(ctx)
    first_of_month = ctx.today.replace(day=1)
    start = day_arg("period_start", (first_of_month - timedelta(days=1)).replace(day=1))
    end = day_arg("period_end", first_of_month - timedelta(days=1))
    chosen = next((a for a in agencies if a.code == request.args.get("agency_code")), agencies[0] if agencies else None)
    statement = fee_statement(ctx, office, chosen, start, end) if chosen and start <= end <= ctx.today else None
    query = urlencode({"agency_code": chosen.code if chosen else "", "period_start": start, "period_end": end})
    return render_template(
        "dispatch/fee_statements.html",
        office=office,
        agencies=agencies,
        chosen=chosen,
        start=start,
        end=end,
        statement=statement,
        query=query,
        today=ctx.today,
    )
