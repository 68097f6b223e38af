"""A post office's figures (KPIs) over a period, by day, week or month, as JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import io

from flask import Response
from flask_babel import lazy_gettext as _l
from flask_openapi3 import APIBlueprint, Tag
from flask_openapi3.types import ResponseDict
from pydantic import Field

from postal_service.domain.periods import Bucket
from postal_service.queries import catalogue
from postal_service.queries.kpis import KpiOut, office_kpis
from postal_service.services.schemas.fields import Clean, Day

from ..presentation import SERVICE_LABELS, failure_reason
from ..requests_context import context
from ..xlsx import XLSX, Cell, Sheet, workbook, xlsx_response
from .common import BEARER, ERRORS, CodePath, answer

bp = APIBlueprint("kpis", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="figures")], abp_responses=ERRORS)
CSV_FILE: ResponseDict = {200: {"content": {"text/csv": {}}}}
XLSX_FILE: ResponseDict = {200: {"content": {XLSX: {}}}}


# Each figure's words, in the caller's language, written beside its code in the exports (people read the code's
# meaning; spreadsheets pivot on the code).
FIGURE_WORDS = {
    "requests": _l("Requests booked"),
    "post_on_time": _l("Legs on time by the post"),
    "post_late": _l("Legs late by the post"),
    "agency_on_time": _l("Appointment dates kept by the agencies"),
    "agency_late": _l("Appointment dates missed by the agencies"),
    "hops_on_time": _l("Bags from the office at the next point on time"),
    "hops_late": _l("Bags from the office at the next point late"),
    "deliveries": _l("Deliveries"),
    "failed_attempts": _l("Failed delivery attempts"),
    "failed_attempt_rate": _l("Share of delivery attempts that failed"),
    "pickup_to_agency_hours": _l("Pickup to agency (mean hours)"),
    "claims_filed": _l("Complaints filed"),
    "claims_answered": _l("Complaints answered"),
    "claims_answered_on_time": _l("Complaints answered on time"),
    "cash_difference": _l("Couriers' cash difference"),
    "exemptions": _l("Exemptions granted, by the paper shown"),
    "volume": _l("Requests booked"),
}


def meaning(code: str) -> str:
    """ "failed_attempts:nobody_home" -> "Failed delivery attempts: Không có người nhận"."""
    base, _, detail = code.partition(":")
    words = str(FIGURE_WORDS.get(base, base))
    if base == "failed_attempts" and detail:
        return f"{words}: {failure_reason(detail)}"
    return f"{words}: {SERVICE_LABELS[detail]}" if base == "volume" and detail in SERVICE_LABELS else words


class KpiQuery(Clean):
    first_day: Day
    last_day: Day = Field(description="included; by today, at most 366 days after the first")
    bucket: Bucket = Bucket.DAY


def _kpis(path: CodePath, query: KpiQuery) -> KpiOut:
    ctx = context()
    office = catalogue.post_office(ctx, path.code)
    return office_kpis(ctx, office, query.first_day, query.last_day, query.bucket)


def figures(k: KpiOut) -> list[tuple[Cell, ...]]:
    """Every figure as (what, of whom, value): one long table a spreadsheet pivots as it likes."""
    rows: list[tuple[Cell, ...]] = [
        (name, k.post_office_code, getattr(k, name))
        for name in (
            "requests", "post_on_time", "post_late", "agency_on_time", "agency_late", "hops_on_time", "hops_late",
            "deliveries",
            "failed_attempts", "failed_attempt_rate", "pickup_to_agency_hours", "claims_filed",
            "claims_answered", "claims_answered_on_time", "cash_difference",
        )
    ]  # fmt: skip
    rows += [(f"failed_attempts:{reason}", k.post_office_code, n) for reason, n in sorted(k.failure_reasons.items())]
    rows += [(f"exemptions:{kind}", k.post_office_code, n) for kind, n in sorted(k.exemptions.items())]
    rows += [("requests", a.agency_code, a.requests) for a in k.agencies]
    for c in k.couriers:
        rows += [("deliveries", c.username, c.deliveries), ("failed_attempts", c.username, c.failed_attempts)]
        rows.append(("cash_difference", c.username, c.cash_difference))
    return rows


@bp.get("/post-offices/<code>/kpis", responses={200: KpiOut}, security=BEARER)
def read(path: CodePath, query: KpiQuery) -> Response:
    """The office's figures over the period; the office's managers and dispatchers, and administrators."""
    return answer(_kpis(path, query))


@bp.get("/post-offices/<code>/kpis.csv", responses=CSV_FILE, security=BEARER)
def export_csv(path: CodePath, query: KpiQuery) -> Response:
    k = _kpis(path, query)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("figure", "of", "value", "meaning"))
    writer.writerows((*row, meaning(str(row[0]))) for row in figures(k))
    services = ("send", "receive", "both")
    volumes = ((f"volume:{s}", v.period.isoformat(), getattr(v, s)) for v in k.volumes for s in services)
    writer.writerows((*row, meaning(row[0])) for row in volumes)
    name = f"kpis-{k.post_office_code}-{k.first_day}-{k.last_day}.csv"
    headers = {"Content-Disposition": f"attachment; filename={name}"}
    return Response(out.getvalue(), mimetype="text/csv", headers=headers)


@bp.get("/post-offices/<code>/kpis.xlsx", responses=XLSX_FILE, security=BEARER)
def export_xlsx(path: CodePath, query: KpiQuery) -> Response:
    k = _kpis(path, query)
    preamble: list[tuple[Cell, ...]] = [("Post office", k.post_office_code, k.post_office_name)]
    preamble.append(("Period", k.first_day, k.last_day))
    volumes = [(v.period, v.send, v.receive, v.both) for v in k.volumes]
    couriers = [(c.username, c.name, c.deliveries, c.failed_attempts, c.cash_difference) for c in k.couriers]
    explained = [(*row, meaning(str(row[0]))) for row in figures(k)]
    document = workbook(
        Sheet("Figures", ("figure", "of", "value", "meaning"), explained, preamble),
        Sheet("Volumes", (k.bucket.value, "send", "receive", "both"), volumes),
        Sheet("Couriers", ("courier", "name", "deliveries", "failed_attempts", "cash_difference"), couriers),
    )
    return xlsx_response(document, f"kpis-{k.post_office_code}-{k.first_day}-{k.last_day}.xlsx")
