"""`kehoach progress -f xlsx`: the sheets of kehoach.progress.sheets as an Excel workbook, typed
cells (money as whole đồng with `#,##0`, shares as `0.0%`, dates as dates), a frozen header with
filters, a total row equal to its column's sum, and a "Thông tin" sheet (plan, progress file,
as-of date, the summary sentences).

openpyxl is imported here only. Every text cell is a string cell: a task text starting with `=`
is shown as written, never run as a formula.
"""

from __future__ import annotations

import io
from datetime import date

from kehoach.progress.output import summary as summary_sentences
from kehoach.progress.sheets import Header, Sheet, sheets
from kehoach.progress.states import Report

MONEY_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "DD/MM/YYYY"
SHEET_ABOUT = "Thông tin"
_MAX_WIDTH = {"text": 40, "int": 12, "money": 18, "percent": 10, "date": 12}
_WRAP_AT = 40  # a longer text wraps in its cell (the row grows when opened)


def _width(header: Header, values: list) -> float:
    """Wide enough for the header's longest word and the widest value, within a cap."""
    money = header.kind == "money"
    longest = max((10 if isinstance(v, date) else len(str(v)) + (len(str(v)) // 3 if money else 0)
                   for v in values if v is not None), default=0)
    word = max((len(w) for w in header.title.split()), default=0)
    return min(max(longest, word, 6) + 2, _MAX_WIDTH[header.kind])


def _lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped word by word at `width` characters."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def workbook_bytes(report: Report, unit_names: dict[str, str] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    book = Workbook(write_only=True)
    book.properties.title = f"Tiến độ {report.plan_file} tính đến ngày {report.as_of:%d/%m/%Y}"
    book.properties.creator = "kehoach"

    def cell(sheet, value, kind: str, *, strong: bool = False):  # type: ignore[no-untyped-def]
        c = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            c.data_type = "s"  # never a formula, whatever the text starts with
        c.alignment = wrap if isinstance(value, str) and len(value) > _WRAP_AT else top
        if kind == "money":
            c.number_format = MONEY_FORMAT
        elif kind == "percent":
            c.number_format = PERCENT_FORMAT
        elif isinstance(value, date):
            c.number_format = DATE_FORMAT
        if strong:
            c.font = bold
        return c

    def table(found: Sheet) -> None:
        sheet = book.create_sheet(found.name)
        body = [*found.rows, *([found.total] if found.total else [])]
        widths = [_width(header, [row[i] for row in body]) for i, header in enumerate(found.headers)]
        for i, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        # Spreadsheets do not grow a row for text a program wraps: say how tall each row is.
        sheet.row_dimensions[1].height = 15 * max(_lines(h.title, w) for h, w in zip(found.headers, widths,
                                                                                         strict=True))
        for n, row in enumerate(body, 2):
            texts = [(v, w) for v, w in zip(row, widths, strict=True) if isinstance(v, str)]
            lines = max((_lines(v, w) for v, w in texts), default=1)
            if lines > 1:
                sheet.row_dimensions[n].height = 15 * lines
        sheet.freeze_panes = "A2"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = "9"  # A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.print_title_rows = "1:1"
        if found.rows:  # filters on the rows, never on the total
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(found.headers))}{len(found.rows) + 1}"
        head = []
        for header in found.headers:
            c = WriteOnlyCell(sheet, header.title)
            c.data_type, c.font, c.alignment = "s", bold, wrap  # type: ignore[assignment]
            head.append(c)
        sheet.append(head)
        for row in found.rows:
            sheet.append([cell(sheet, v, h.kind) for v, h in zip(row, found.headers, strict=True)])
        if found.total:
            sheet.append([cell(sheet, v, h.kind, strong=True) for v, h in zip(found.total, found.headers,
                                                                                strict=True)])

    for found in sheets(report, unit_names):
        table(found)
    about = book.create_sheet(SHEET_ABOUT)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 90
    facts = [("Kế hoạch", report.plan_file), ("Tệp tiến độ", report.progress_file or "chưa có"),
             ("Tính đến ngày", report.as_of), ("Sắp đến hạn khi còn (ngày)", report.due_soon_days),
             *(("Tóm tắt" if i == 0 else None, line) for i, line in enumerate(summary_sentences(report)))]
    for label, value in facts:
        about.append([cell(about, label, "text", strong=True), cell(about, value, "text")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
