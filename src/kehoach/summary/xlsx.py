"""The summary as an Excel workbook, the province's working tool: typed number cells (money as
integers in đồng, shares as percentages), a frozen header row with filters, the total row as
values equal to each column's sum, and the project names and errors on their own sheets.

openpyxl is imported here only: no other command pays for it. The workbook is written in
openpyxl's streaming (write-only) mode, so 3,321 plans cost memory and time linear in the rows.
"""

from __future__ import annotations

import io
from datetime import date

from kehoach.summary import cells
from kehoach.summary.rows import Summary, column_code, spent_share

MONEY_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
SHEET_PLANS = "Tổng hợp"
SHEET_PROJECTS = "Dự án"
SHEET_ERRORS = "Lỗi"
SHEET_ABOUT = "Thông tin"
_MAX_WIDTH = {"text": 60, "int": 14, "money": 20, "percent": 10, "year": 9}


def _width(title: str, values: list, kind: str) -> float:
    """A column wide enough for its header's longest word and its widest value, within a cap."""
    longest = max((len(str(v)) + (len(str(v)) // 3 if kind == "money" else 0)
                   for v in values if v is not None), default=0)
    header = max((len(word) for word in title.split()), default=0)
    floor = 11 if kind == "money" else 6  # room for a header wrapped on three or four lines
    return min(max(longest, header, floor) + 2, _MAX_WIDTH[kind])


def _lines(title: str, width: float) -> int:
    """How many lines a header takes when wrapped at `width` characters, word by word."""
    lines, used = 1, 0
    for word in title.split():
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def workbook_bytes(summary: Summary) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    book = Workbook(write_only=True)
    book.properties.title = f"Tổng hợp kế hoạch tính đến ngày {summary.as_of:%d/%m/%Y}"
    book.properties.creator = "kehoach"

    def cell(sheet, value, kind: str, *, strong: bool = False):
        c = WriteOnlyCell(sheet, value)
        if kind == "money":
            c.number_format = MONEY_FORMAT
        elif kind == "percent":
            c.number_format = PERCENT_FORMAT
        if strong:
            c.font = bold
        return c

    def table(sheet, titles: list[cells.Header], rows: list[list], total: list | None) -> None:
        body = [*rows, total] if total is not None else rows
        lines = 1
        for i, header in enumerate(titles, 1):
            width = _width(header.title, [r[i - 1] for r in body], header.kind)
            sheet.column_dimensions[get_column_letter(i)].width = width
            lines = max(lines, _lines(header.title, width))
        # Spreadsheets do not grow a row for wrapped text written by a program: say how tall.
        sheet.row_dimensions[1].height = 15 * lines
        sheet.freeze_panes = "A2"
        # Printed: landscape, every column on the page width, the header row on every page.
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = "9"  # A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.print_title_rows = "1:1"
        last = f"{get_column_letter(len(titles))}{len(rows) + 1}"
        sheet.auto_filter.ref = f"A1:{last}"  # filters on the plans, never on the total row
        head = []
        for header in titles:
            c = WriteOnlyCell(sheet, header.title)
            c.font, c.alignment = bold, wrap
            head.append(c)
        sheet.append(head)
        for values in rows:
            sheet.append([cell(sheet, v, h.kind) for v, h in zip(values, titles, strict=True)])
        if total is not None:
            sheet.append([cell(sheet, v, h.kind, strong=True) for v, h in zip(total, titles, strict=True)])

    titles, rows, total = cells.sheet(summary)
    table(book.create_sheet(SHEET_PLANS), titles, rows, total)

    t = summary.totals
    project_titles = [cells.Header("Mã", "text"), cells.Header("Dự án, tiểu dự án", "text"),
                      cells.Header("Dự toán (đồng)", "money"), cells.Header("Đã chi (đồng)", "money"),
                      cells.Header("Tỷ lệ chi", "percent")]
    project_rows = [[column_code(c.key), c.heading, t.columns[c.key].amount,
                     t.columns[c.key].spent, spent_share(t.columns[c.key].spent, t.columns[c.key].amount)]
                    for c in summary.columns]
    project_total = [cells.TOTAL_LABEL, None, sum(t.columns[c.key].amount for c in summary.columns),
                     sum(t.columns[c.key].spent for c in summary.columns), None]
    project_total[4] = spent_share(project_total[3], project_total[2])  # type: ignore[arg-type]
    table(book.create_sheet(SHEET_PROJECTS), project_titles, project_rows, project_total)

    if summary.failed:
        error_titles = [cells.Header(title, kind) for title, kind in (
            ("Tệp kế hoạch", "text"), ("Tệp có lỗi", "text"), ("Dòng", "int"), ("Cột", "int"),
            ("Mã lỗi", "text"), ("Lỗi đầu tiên", "text"), ("Số lỗi", "int"))]
        error_rows = [[r.file, r.error.file, r.error.line or None, r.error.column or None, r.error.code,
                       r.error.message, r.errors] for r in summary.failed if r.error is not None]
        table(book.create_sheet(SHEET_ERRORS), error_titles, error_rows, None)

    about = book.create_sheet(SHEET_ABOUT)
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 24
    for label, value in (("Tính đến ngày", summary.as_of), ("Số kế hoạch", len(summary.rows)),
                         ("Kế hoạch có lỗi (không tính vào tổng)", len(summary.failed))):
        c = WriteOnlyCell(about, value)
        if isinstance(value, date):
            c.number_format = "DD/MM/YYYY"
        about.append([cell(about, label, "text", strong=True), c])

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
