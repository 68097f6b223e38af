"""Closing an agency's fee statement for a period: the remittance record, with the totals as they stood."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from postal_service.context import Context
from postal_service.db.tables import Agency, FeeStatement, PostOffice
from postal_service.domain.access import Capability, may_act_for_office
from postal_service.domain.errors import Conflict, Forbidden
from postal_service.domain.statements import check_period
from postal_service.queries.statements import FeeStatementOut, fee_statement, record_out

from .schemas import StatementPeriod


def issue_statement(ctx: Context, office: PostOffice, agency: Agency, period: StatementPeriod) -> FeeStatementOut:
    """One statement per office, agency and period, even when two managers close it at once (the second: 409)."""
    if not may_act_for_office(ctx.actor, Capability.ISSUE_FEE_STATEMENTS, office.id):
        raise Forbidden(f"the fee statements of {office.name} are not yours to issue")
    check_period(period.period_start, period.period_end, ctx.today, closing=True)
    statement = fee_statement(ctx, office, agency, period.period_start, period.period_end)
    row = FeeStatement(
        post_office_id=office.id or 0,
        agency_id=agency.id or 0,
        period_start=period.period_start,
        period_end=period.period_end,
        payments=len(statement.lines),
        collected=statement.collected,
        forwarded=statement.forwarded,
        issued_by=ctx.actor.principal,
        issued_at=ctx.now,
    )
    try:
        with ctx.session.begin_nested():
            ctx.session.add(row)
            ctx.session.flush()
    except IntegrityError:
        raise Conflict(f"the statement of {agency.code} for this period was already issued") from None
    return statement.model_copy(update={"record": record_out(row)})
