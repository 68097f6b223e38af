"""Fee statements: the procedure fees a post office collected for an agency over a period, as JSON, PDF and
XLSX; a manager closes a period with the remittance record."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from flask_openapi3.types import ResponseDict

from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.queries import catalogue
from postal_service.queries.statements import FeeStatementOut, fee_statement
from postal_service.services import statements
from postal_service.services.schemas import StatementPeriod

from ..pdf import pdf_response, render_pdf
from ..requests_context import context
from ..xlsx import Cell, Sheet, workbook, xlsx_response
from .common import BEARER, ERRORS, CodePath, answer

bp = APIBlueprint("statements", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="money")], abp_responses=ERRORS)
PDF: ResponseDict = {200: {"content": {"application/pdf": {}}}}
XLSX: ResponseDict = {200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}}


def _statement(path: CodePath, query: StatementPeriod) -> FeeStatementOut:
    ctx = context()
    office, agency = catalogue.post_office(ctx, path.code), catalogue.agency(ctx, query.agency_code)
    return fee_statement(ctx, office, agency, query.period_start, query.period_end)


@bp.get("/post-offices/<code>/fee-statement", responses={200: FeeStatementOut}, security=BEARER)
def read(path: CodePath, query: StatementPeriod) -> Response:
    """Each procedure fee the office collected for the agency in the period, handed over or not, with totals and
    the statement's record once a manager closed the period. The agency reads what any office owes it."""
    return answer(_statement(path, query))


@bp.get("/post-offices/<code>/fee-statement.pdf", responses=PDF, security=BEARER)
def read_pdf(path: CodePath, query: StatementPeriod) -> Response:
    statement = _statement(path, query)
    name = f"fees-{statement.agency_code}-{statement.period_start}-{statement.period_end}.pdf"
    return pdf_response(render_pdf("papers/fee-statement.html", statement=statement), name)


@bp.get("/post-offices/<code>/fee-statement.xlsx", responses=XLSX, security=BEARER)
def read_xlsx(path: CodePath, query: StatementPeriod) -> Response:
    s = _statement(path, query)
    preamble: list[tuple[Cell, ...]] = [
        ("Post office", s.post_office_code, s.post_office_name),
        ("Agency", s.agency_code, s.agency_name),
        ("Period", s.period_start, s.period_end),
        ("Collected", s.collected),
        ("Forwarded", s.forwarded),
        ("Outstanding", s.outstanding),
        ("Statement", s.record.number if s.record else "not issued"),
    ]
    header = ("Receipt", "Reference", "Dossier code", "Procedure", "Method", "Amount", "Collected at", "Forwarded at")
    rows = [
        (
            line.receipt,
            line.reference,
            line.dossier_code,
            line.procedure_code,
            line.method,
            line.amount,
            line.collected_at.astimezone(LOCAL_TZ),
            line.forwarded_at.astimezone(LOCAL_TZ) if line.forwarded_at else None,
        )
        for line in s.lines
    ]
    document = workbook(Sheet(f"Fees {s.agency_code}", header, rows, preamble))
    return xlsx_response(document, f"fees-{s.agency_code}-{s.period_start}-{s.period_end}.xlsx")


@bp.post("/post-offices/<code>/fee-statements", responses={201: FeeStatementOut}, security=BEARER)
def issue(path: CodePath, body: StatementPeriod) -> Response:
    """Close the period: the remittance record keeps the totals as they stood; once per office, agency and period
    (409 after), and only for days that are over."""
    ctx = context()
    office, agency = catalogue.post_office(ctx, path.code), catalogue.agency(ctx, body.agency_code)
    return answer(statements.issue_statement(ctx, office, agency, body), 201)
