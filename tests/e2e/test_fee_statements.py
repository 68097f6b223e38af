"""The procedure fees a post office collects for an agency: a statement by period (JSON, PDF, XLSX) and the
remittance record a manager closes it with, once, tested on a hand-built day whose totals are known."""

from __future__ import annotations

import io
import json
from datetime import date

from openpyxl import load_workbook

from postal_service.services import booking_store

from ..factories import FEE_PROCEDURE, OTHER_AGENCY_CODE
from .crowd import post_at_once
from .test_dispatch_pages import signed_in
from .test_papers import pdf_text

STATEMENT = "/post-offices/100000/fee-statement"
MONDAY = {"agency_code": OTHER_AGENCY_CODE, "period_start": "2026-11-23", "period_end": "2026-11-23"}


def _a_day_of_fees(api) -> tuple[str, str]:
    """Two dossiers with a 200,000 đồng fee collected at the door on Monday; the desk takes the first in (and
    its fee with it), the second waits at the desk."""
    first = api.book("send", procedure_code=FEE_PROCEDURE)
    second = api.book("send", procedure_code=FEE_PROCEDURE)
    one = api.dossier_to_agency_desk(first, documents_present=["Tờ khai"])
    api.dossier_to_agency_desk(second, documents_present=["Tờ khai"])
    receipt = {"dossier_code": f"{OTHER_AGENCY_CODE}-261123-0001", "appointment_date": "2026-12-07"}
    api.ok(api.post(f"/parcels/{one}/agency-receipt", receipt | {"procedure_fee_received": 200_000}, as_="otherclerk"))
    api.at(date(2026, 11, 24), 9)
    return first["request"]["reference"], second["request"]["reference"]


def test_the_statement_counts_what_was_collected_handed_over_and_outstanding(api):
    handed, waiting = _a_day_of_fees(api)
    statement = api.ok(api.get(STATEMENT, as_="dispatcher", **MONDAY))
    assert (statement["collected"], statement["forwarded"], statement["outstanding"]) == (400_000, 200_000, 200_000)
    assert [line["reference"] for line in statement["lines"]] == [handed, waiting]
    assert statement["lines"][0]["dossier_code"] == f"{OTHER_AGENCY_CODE}-261123-0001"
    assert statement["lines"][1]["forwarded_at"] is None and statement["record"] is None
    assert api.ok(api.get(STATEMENT, as_="otherclerk", **MONDAY))["collected"] == 400_000  # the agency's own money
    assert api.get(STATEMENT, as_="clerk", **MONDAY).status_code == 403  # another agency's
    assert api.get(STATEMENT, as_="counter", **MONDAY).status_code == 403
    tuesday = MONDAY | {"period_start": "2026-11-24", "period_end": "2026-11-24"}
    assert api.ok(api.get(STATEMENT, as_="dispatcher", **tuesday))["collected"] == 0


def test_a_reference_of_the_widest_letters_is_never_broken_across_two_lines_on_the_statement(api, monkeypatch):
    monkeypatch.setattr(booking_store, "REFERENCE_ALPHABET", "WM")  # the widest letters a reference can have
    handed, waiting = _a_day_of_fees(api)
    text = pdf_text(api.get(f"{STATEMENT}.pdf", as_="dispatcher", headers={"Accept-Language": "vi"}, **MONDAY))
    assert handed in text and waiting in text  # a reference wrapped at its hyphen reads "D45- WMW…" instead


def test_the_statement_prints_as_pdf_and_exports_as_xlsx_with_the_same_figures(api):
    handed, waiting = _a_day_of_fees(api)
    text = pdf_text(api.get(f"{STATEMENT}.pdf", as_="dispatcher", headers={"Accept-Language": "vi"}, **MONDAY))
    assert "400.000 ₫" in text and "200.000 ₫" in text and handed in text and waiting in text
    exported = api.get(f"{STATEMENT}.xlsx", as_="otherclerk", **MONDAY)
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[3][:2] == ["Collected", 400_000] and rows[5][:2] == ["Outstanding", 200_000]
    lines = rows[next(i for i, row in enumerate(rows) if row[0] == "Receipt") :]
    assert lines[0][0] == "Receipt" and [line[1] for line in lines[1:]] == [handed, waiting]
    assert [line[5] for line in lines[1:]] == [200_000, 200_000]


def test_a_manager_closes_a_period_once_and_only_when_it_is_over(api):
    _a_day_of_fees(api)
    closed = api.ok(api.post("/post-offices/100000/fee-statements", MONDAY, as_="dispatcher"), 201)
    assert closed["record"]["number"].startswith("BK2026") and closed["record"]["collected"] == 400_000
    assert api.post("/post-offices/100000/fee-statements", MONDAY, as_="admin").status_code == 409
    assert api.ok(api.get(STATEMENT, as_="otherclerk", **MONDAY))["record"]["number"] == closed["record"]["number"]
    today = MONDAY | {"period_end": "2026-11-24"}
    response = api.post("/post-offices/100000/fee-statements", today, as_="dispatcher")
    assert response.status_code == 422 and "period_end" in response.get_data(as_text=True)
    assert api.post("/post-offices/100000/fee-statements", MONDAY, as_="otherclerk").status_code == 403


def test_two_managers_closing_one_period_at_once_record_it_once(api):
    _a_day_of_fees(api)
    path = "/api/v1/post-offices/100000/fee-statements"
    calls = [(path, json.dumps(MONDAY).encode(), api.login(name)) for name in ("dispatcher", "admin", "dispatcher")]
    assert sorted(a.status for a in post_at_once(api.app, calls)) == [201, 409, 409]


def test_the_fee_statements_page_shows_the_period_and_offers_to_close_it(app, api):
    handed, _ = _a_day_of_fees(api)
    page = signed_in(app, "dispatcher").get(
        "/dispatch/fee-statements?lang=vi&agency_code={agency_code}&period_start={period_start}&period_end={period_end}".format(
            **MONDAY
        )
    )
    text = page.get_data(as_text=True)
    assert "400.000 ₫" in text and handed in text and "fee-statement.xlsx" in text and "/fee-statements" in text
    assert signed_in(app, "counter").get("/dispatch/fee-statements").status_code == 403
