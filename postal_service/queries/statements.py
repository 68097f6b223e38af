"""What a post office collected for an agency over a period: each procedure fee with its receipt, whether it was
handed to the agency's desk, the totals, and the statement once a manager closed the period."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import Agency, FeeStatement, Payment, PostOffice, Procedure, ServiceRequest
from postal_service.domain.access import may_read_statement
from postal_service.domain.errors import Forbidden
from postal_service.domain.identifiers import statement_number
from postal_service.domain.money import PaymentKind
from postal_service.domain.statements import check_period
from postal_service.domain.timeslots import LOCAL_TZ, local_days

from .receipts import receipt_of


class FeeLineOut(BaseModel):
    receipt: str
    reference: str
    dossier_code: str | None
    procedure_code: str
    method: str
    amount: int
    collected_at: datetime
    forwarded_at: datetime | None  # handed to the agency's desk with the dossier


class StatementRecordOut(BaseModel):
    number: str
    payments: int
    collected: int
    forwarded: int
    issued_by: str
    issued_at: datetime


class FeeStatementOut(BaseModel):
    post_office_code: str
    post_office_name: str
    agency_code: str
    agency_name: str
    period_start: date
    period_end: date
    lines: list[FeeLineOut]
    collected: int
    forwarded: int
    outstanding: int  # collected for the agency and not yet handed over
    record: StatementRecordOut | None  # once a manager closed the period


def require_statement(ctx: Context, office: PostOffice, agency: Agency) -> None:
    if not may_read_statement(ctx.actor, office.id, agency.id):
        raise Forbidden(f"the fees {office.name} collected for {agency.name} are not yours to read")


def fee_lines(ctx: Context, office: PostOffice, agency: Agency, start: date, end: date) -> list[FeeLineOut]:
    since, until = local_days(start, end)
    rows = ctx.session.exec(
        select(Payment, ServiceRequest, Procedure)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Payment.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .where(
            Payment.kind == PaymentKind.PROCEDURE_FEE.value,
            ServiceRequest.post_office_id == office.id,
            Procedure.agency_id == agency.id,
            col(Payment.collected_at) >= since,
            col(Payment.collected_at) < until,
        )
        .order_by(col(Payment.collected_at), col(Payment.id))
    ).all()
    return [
        FeeLineOut(
            receipt=receipt_of(payment),
            reference=request.reference,
            dossier_code=request.dossier_code,
            procedure_code=procedure.code,
            method=payment.method,
            amount=payment.amount,
            collected_at=payment.collected_at,
            forwarded_at=payment.forwarded_at,
        )
        for payment, request, procedure in rows
    ]


def record_out(row: FeeStatement) -> StatementRecordOut:
    return StatementRecordOut(
        number=statement_number(row.id or 0, row.issued_at.astimezone(LOCAL_TZ).year),
        payments=row.payments,
        collected=row.collected,
        forwarded=row.forwarded,
        issued_by=row.issued_by,
        issued_at=row.issued_at,
    )


def fee_statement(ctx: Context, office: PostOffice, agency: Agency, start: date, end: date) -> FeeStatementOut:
    require_statement(ctx, office, agency)
    check_period(start, end, ctx.today, closing=False)
    lines = fee_lines(ctx, office, agency, start, end)
    collected = sum(line.amount for line in lines)
    forwarded = sum(line.amount for line in lines if line.forwarded_at is not None)
    record = ctx.session.exec(
        select(FeeStatement).where(
            FeeStatement.post_office_id == office.id,
            FeeStatement.agency_id == agency.id,
            FeeStatement.period_start == start,
            FeeStatement.period_end == end,
        )
    ).first()
    return FeeStatementOut(
        post_office_code=office.code,
        post_office_name=office.name,
        agency_code=agency.code,
        agency_name=agency.name,
        period_start=start,
        period_end=end,
        lines=lines,
        collected=collected,
        forwarded=forwarded,
        outstanding=collected - forwarded,
        record=record_out(record) if record else None,
    )
