"""Tables as XLSX (openpyxl): what a manager opens in a spreadsheet to reconcile or report."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | date | datetime | None
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    """A few lines saying what it is, the header in bold, then the rows."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    preamble: Sequence[Sequence[Cell]] = field(default_factory=tuple)


def workbook(*sheets: Sheet) -> bytes:
    """Times are written without their zone (a spreadsheet cell has none): callers give local times."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for sheet in sheets:
        page = book.create_sheet(sheet.title[:31])
        for line in sheet.preamble:
            page.append(list(line))
        if sheet.preamble:
            page.append([])
        page.append(list(sheet.header))
        for cell in page[page.max_row]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            page.append([value.replace(tzinfo=None) if isinstance(value, datetime) else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(document: bytes, filename: str) -> Response:
    return Response(document, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
