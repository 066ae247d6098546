"""The summary as an Excel workbook, the province's working tool: typed number cells (money as
integers in đồng, shares as percentages), a frozen header row with filters, the total row as
formulas (each column's SUM, the share as spent over amount), and the project names and errors on
their own sheets.

Printed, a sheet is as wide as its columns need: landscape A4 pages across (columns at full size,
never shrunk to one page width), the header row on every page and the plan's number, file and
issuer (A:C) at the left of every page; long names wrap in their cell instead of being cut at
its edge. Columns are sized to their content.

openpyxl is imported here only: no other command pays for it. The workbook is written in
openpyxl's streaming (write-only) mode, so 3,321 plans cost memory and time linear in the rows.

What a cell holds is what it shows: every text cell is a string cell (a file or issuer that starts
with `=` is never a formula, and reads exactly as written, no apostrophe), any file name is shown
as kehoach.shown writes it, and every figure is exact or the workbook is refused: a spreadsheet
keeps 15 significant digits, so a larger amount would print as another number.
"""

from __future__ import annotations

import io
from datetime import date

from kehoach.diagnostics import KehoachError
from kehoach.money import format_money
from kehoach.shown import shown, shown_path
from kehoach.summary import cells
from kehoach.summary.rows import Summary, column_code, spent_share

# The largest whole number Excel and LibreOffice show digit for digit: they keep 15 significant
# digits (and a double 53 bits), so 1.000.000.000.000.001 would print as 1.000.000.000.000.000.
EXACT_LIMIT = 10**15 - 1

MONEY_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
SHEET_PLANS = "Tổng hợp"
SHEET_PROJECTS = "Dự án"
SHEET_ERRORS = "Lỗi"
SHEET_ABOUT = "Thông tin"
# Widest a column gets, in characters; text wider than its column wraps onto more lines.
_MAX_WIDTH = {"text": 30, "int": 14, "money": 20, "percent": 10, "year": 9}
# Columns repeated at the left of every printed page of the plans' sheet: STT, file, issuer.
_TITLE_COLUMNS = "A:C"
# Printed at 85 %: 9.4 pt type, still read without glasses, and a fifth more columns a page.
SCALE = 85


def _width(title: str, values: list, kind: str) -> float:
    """A column wide enough for its header's longest word and its widest value, within a cap."""
    longest = max((len(str(v)) + (len(str(v)) // 3 if kind == "money" else 0)
                   for v in values if v is not None), default=0)
    header = max((len(word) for word in title.split()), default=0)
    floor = 11 if kind == "money" else 6  # room for a header wrapped on three or four lines
    return min(max(longest, header, floor) + 2, _MAX_WIDTH[kind])


def _lines(title: str, width: float) -> int:
    """How many lines a text takes when wrapped at `width` characters, word by word; a word
    longer than the column (a file path) is itself broken over as many lines as it needs."""
    room = max(width - 1, 1)
    lines, used = 1, 0
    for word in title.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, 0
        while len(word) > room:  # the spreadsheet breaks the word itself
            word = word[int(room):]
            lines += 1
        used += (1 if used else 0) + len(word)
    return lines


def print_setup(sheet, columns: int) -> None:
    """Landscape A4 pages across, never shrunk to one page: a wide sheet prints over as many pages
    as its columns need, each page with the header row and (on a sheet that has them) the plan's number,
    file and issuer, page by page across before going down, numbered in the footer."""
    setup = sheet.page_setup
    setup.orientation, setup.paperSize, setup.scale = "landscape", "9", SCALE  # 9: A4
    setup.pageOrder = "overThenDown"
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    sheet.print_title_rows = "1:1"
    if columns > 8:
        sheet.print_title_cols = _TITLE_COLUMNS
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.6
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddHeader.center.text = "&A"  # the sheet's name


def total_formulas(titles: list[cells.Header], total: list, first: int, last: int) -> list[str | None]:
    """The total row as formulas that compute the values `total` holds: a number column's SUM over
    the plans' rows, a share as the spent column over the amount column before it; None where the
    total row holds a label or nothing."""
    from openpyxl.utils import get_column_letter

    out: list[str | None] = []
    row = last + 1
    for i, (header, value) in enumerate(zip(titles, total, strict=True)):
        letter = get_column_letter(i + 1)
        if header.kind in ("money", "int") and isinstance(value, int) and not isinstance(value, bool):
            out.append(f"=SUM({letter}{first}:{letter}{last})")
        elif header.kind == "percent" and i >= 2 and titles[i - 1].kind == titles[i - 2].kind == "money":
            amount, spent = get_column_letter(i - 1), get_column_letter(i)
            out.append(f'=IF({amount}{row}>0,{spent}{row}/{amount}{row},"")')
        else:
            out.append(None)
    return out


def exact(values: list, titles: list[cells.Header], row: object) -> None:
    """Refuse a figure a spreadsheet cannot hold digit for digit (see EXACT_LIMIT)."""
    for value, header in zip(values, titles, strict=True):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > EXACT_LIMIT:
            digits = len(str(abs(value)))
            raise KehoachError(
                f"Số {format_money(abs(value))} (cột “{header.title}”, dòng {shown(str(row))}) có {digits} "
                "chữ số: Excel và LibreOffice chỉ giữ đúng 15 chữ số, bảng tính sẽ in thành một số khác.",
                "Ghi bảng tổng hợp ra tệp .csv hoặc .json (giữ đủ mọi chữ số), hoặc kiểm tra lại số tiền "
                "trong kế hoạch.")


def workbook_bytes(summary: Summary) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(name="Calibri", size=11, bold=True)  # the default font (unnamed: a serif in Calc)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    book = Workbook(write_only=True)
    book.properties.title = f"Tổng hợp kế hoạch tính đến ngày {summary.as_of:%d/%m/%Y}"
    book.properties.creator = "kehoach"

    def cell(sheet, value, kind: str, *, strong: bool = False):
        c = WriteOnlyCell(sheet, shown(value, line_breaks=True) if isinstance(value, str) else value)
        if isinstance(value, str):
            c.data_type = "s"  # openpyxl would write a text starting with "=" as a live formula
        if kind == "money":
            c.number_format = MONEY_FORMAT
        elif kind == "percent":
            c.number_format = PERCENT_FORMAT
        c.alignment = wrap if kind == "text" else top  # a long name wraps, never cut at the edge
        if strong:
            c.font = bold
        return c

    def formula(sheet, text: str, kind: str):
        """A total cell: a formula (never text), bold, in its column's number format."""
        c = cell(sheet, None, kind, strong=True)
        c.value, c.data_type = text, "f"
        return c

    def table(sheet, titles: list[cells.Header], rows: list[list], total: list | None) -> None:
        body = [*rows, total] if total is not None else rows
        lines = 1
        widths = []
        for i, header in enumerate(titles, 1):
            width = _width(header.title, [r[i - 1] for r in body], header.kind)
            widths.append(width)
            sheet.column_dimensions[get_column_letter(i)].width = width
            lines = max(lines, _lines(header.title, width))
        # A row whose text wraps is as tall as its most wrapped cell (neither Excel nor
        # LibreOffice grows it on opening a file a program wrote).
        for n, values in enumerate(body, 2):
            tall = max((_lines(str(v), w) for v, w, h in zip(values, widths, titles, strict=True)
                        if h.kind == "text" and isinstance(v, str)), default=1)
            if tall > 1:
                sheet.row_dimensions[n].height = 15 * tall
        # Spreadsheets do not grow a row for wrapped text written by a program: say how tall.
        sheet.row_dimensions[1].height = 15 * lines
        sheet.freeze_panes = "A2"
        print_setup(sheet, len(titles))
        last = f"{get_column_letter(len(titles))}{len(rows) + 1}"
        sheet.auto_filter.ref = f"A1:{last}"  # filters on the plans, never on the total row
        head = []
        for header in titles:
            c = cell(sheet, header.title, "text")
            c.font, c.alignment = bold, wrap
            head.append(c)
        sheet.append(head)
        for values in rows:
            sheet.append([cell(sheet, v, h.kind) for v, h in zip(values, titles, strict=True)])
        if total is not None:
            sums = total_formulas(titles, total, first=2, last=len(rows) + 1)
            sheet.append([formula(sheet, f, h.kind) if f is not None else cell(sheet, v, h.kind, strong=True)
                          for v, f, h in zip(total, sums, titles, strict=True)])

    titles, rows, total = cells.sheet(summary)
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
    tables = [(SHEET_PLANS, titles, rows, total),
              (SHEET_PROJECTS, project_titles, project_rows, project_total)]
    if summary.failed:
        error_titles = [cells.Header(title, kind) for title, kind in (
            ("Tệp kế hoạch", "text"), ("Tệp có lỗi", "text"), ("Dòng", "int"), ("Cột", "int"),
            ("Mã lỗi", "text"), ("Lỗi đầu tiên", "text"), ("Số lỗi", "int"))]
        error_rows = [[shown_path(r.file), shown_path(r.error.file), r.error.line or None,
                       r.error.column or None, r.error.code, r.error.message, r.errors]
                      for r in summary.failed if r.error is not None]
        tables.append((SHEET_ERRORS, error_titles, error_rows, None))
    for _, columns, body, last in tables:  # every figure checked before the first cell is written
        for values in body:
            exact(values, columns, values[1])
        if last is not None:
            exact(last, columns, cells.TOTAL_LABEL)
    for name, columns, body, last in tables:
        table(book.create_sheet(name), columns, body, last)

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
