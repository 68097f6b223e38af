"""Tables as XLSX (openpyxl): what a manager opens in a spreadsheet to reconcile or report."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | date | datetime | None


def workbook(
    title: str, preamble: Iterable[Sequence[Cell]], header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> bytes:
    """One sheet: a few lines saying what it is, the header in bold, then the rows (times without their zone:
    a spreadsheet cell has none, so they are written as local times)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for line in preamble:
        sheet.append(list(line))
    sheet.append([])
    sheet.append(list(header))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([value.replace(tzinfo=None) if isinstance(value, datetime) else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(document: bytes, filename: str) -> Response:
    return Response(document, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
