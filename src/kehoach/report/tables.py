"""The BÁO CÁO's tables, as final rows with columns sized to what they hold.

A table's figures never wrap (7.530,5); its name columns wrap only between phrases and its text
column takes what is left. When that leaves the text column too narrow to read (a column of
names five or six lines deep), the table is set on landscape pages of its own. Money is shown in
the plan's own unit (`budget.unit`: "triệu đồng" prints 7.530,5), said once in the line above the
table ("Đơn vị tính: triệu đồng"); every table has a caption ("Bảng 1. …").
"""

from __future__ import annotations

from kehoach.diagnostics import format_decimal
from kehoach.money import format_in_unit
from kehoach.phrases import tie
from kehoach.render.fit import broken
from kehoach.render.fit import fitted as _fitted
from kehoach.render.views import (
    LANDSCAPE_TEXT_WIDTH,
    TEXT_WIDTH,
    Column,
    Para,
    Row,
    Table,
    clean,
    sentence_case,
    short_date,
)
from kehoach.report.view import Results, SourceResult, TaskResult


def percent(value: float) -> str:
    """Vietnamese decimal comma: 96,9%."""
    return format_decimal(value) + "%"


def money(amount: int, unit: str) -> str:
    """An amount in the plan's unit, a minus sign for spending beyond the estimate."""
    return format_in_unit(amount, unit) if amount >= 0 else f"-{format_in_unit(-amount, unit)}"


def caption(number: int, title: str) -> Para:
    return Para("KHTenBang", f"Bảng {number}. {title}", keep=True)


def unit_line(unit: str) -> Para:
    return Para("KHDonViTinh", f"Đơn vị tính: {unit}", keep=True)


def fitted(titles: tuple[str, ...], rows: list[Row], stretch: int,
           names: dict[int, list[str]] | None = None) -> tuple[tuple[int, ...], bool]:
    """Widths (twips) and whether the table needs landscape (render/fit.py): figures whole,
    names broken between phrases, the text column the rest of a portrait page, else landscape."""
    return _fitted(titles, rows, stretch, names, page=TEXT_WIDTH, wide=LANDSCAPE_TEXT_WIDTH)


def _short_state(t: TaskResult) -> str:
    """The state in a table cell: `Hoàn thành\n20/12/2024`, `Quá hạn\n5 ngày`."""
    if t.state == "done" and t.done_on:
        return f"{t.state_label}\n{short_date(t.done_on)}"
    stuck = "\n(vướng mắc)" if t.blocked else ""
    if t.days is not None:
        return f"{t.state_label}\n{t.days} ngày{stuck}"
    return t.state_label + stuck


def task_table(results: Results) -> Table:
    """Số mục | Nhiệm vụ | Đơn vị chủ trì | Thời hạn | Tình trạng, one row per tracked task: an
    activity by the number the plan prints ("1.2."), an item under it by its bullet."""
    titles = ("Số mục", "Nhiệm vụ", "Đơn vị\nchủ trì", "Thời hạn", "Tình trạng")
    aligns = ("center", "left", "left", "center", "center")
    rows = [Row(("" if t.is_item else t.number, tie(f"{t.number} {clean(t.heading)}" if t.is_item
                 else clean(t.heading)), clean(t.lead or ""),
                 short_date(t.deadline) if t.deadline else t.deadline_text, _short_state(t)))
            for t in results.tasks]
    leads = sorted({row.cells[2] for row in rows if row.cells[2]})
    times = sorted({row.cells[3] for row in rows if row.cells[3]})  # "định kỳ 6 tháng, hằng năm"
    widths, landscape = fitted(titles, rows, stretch=1, names={2: leads or [""], 3: times or [""]})
    rows = [Row((*row.cells[:2], broken(row.cells[2], widths[2]), broken(row.cells[3], widths[3]),
                 row.cells[4])) for row in rows]
    return Table(tuple(Column(*c) for c in zip(titles, widths, aligns, strict=True)), tuple(rows), landscape)


_MONEY_TITLES = ("Dự toán", "Đã chi", "Còn lại", "Tỷ lệ\nđã chi")


def _source_row(source: SourceResult, unit: str, prefix: str = "") -> Row:
    """A funding source under its line (or in the table by source); no figure stated: blank."""
    known = source.allocated is not None
    return Row(("", f"{prefix}{sentence_case(clean(source.name))}",
                money(source.allocated, unit) if known else "", money(source.spent, unit),
                money(source.remaining, unit) if source.remaining is not None else "",
                percent(source.percent) if source.percent is not None else ""))


def _unnamed_row(allocated: int, spent: int, unit: str, prefix: str = "") -> list[Row]:
    """The part no source is named for, so the source rows add up to their line or total: an
    estimate with no source named, or spending recorded without its source — shown as what it
    is ("Đã chi chưa ghi nguồn vốn"), with nothing left of it, never a negative remainder."""
    if allocated <= 0 and spent <= 0:
        return []
    if allocated <= 0:
        return [Row(("", f"{prefix}Đã chi chưa ghi nguồn vốn", "", money(spent, unit), "", ""))]
    return [Row(("", f"{prefix}Chưa ghi nguồn vốn", money(allocated, unit), money(spent, unit),
                 money(allocated - spent, unit), percent(100 * spent / allocated)))]


def money_table(results: Results, unit: str) -> Table:
    """Số mục | Nội dung | Dự toán | Đã chi | Còn lại | Tỷ lệ, one row per budget line (by the
    number the plan prints the activity it funds with), its sources under it, a bold total."""
    titles = ("Số mục", "Nội dung", *_MONEY_TITLES)
    aligns = ("center", "left", "right", "right", "right", "right")
    rows = []
    for line in results.lines:
        rows.append(Row((line.ref, tie(clean(line.heading)), money(line.allocated, unit),
                         money(line.spent, unit), money(line.remaining, unit), percent(line.percent))))
        rows += [_source_row(source, unit, "- ") for source in line.sources]
        if line.sources:
            rows += _unnamed_row(line.allocated - sum(s.allocated or 0 for s in line.sources),
                                 line.spent - sum(s.spent for s in line.sources), unit, "- ")
    rows.append(Row(("", "Tổng cộng", money(results.allocated, unit), money(results.spent, unit),
                     money(results.remaining, unit), percent(results.percent)), bold=True))
    widths, landscape = fitted(titles, rows, stretch=1)
    return Table(tuple(Column(*c) for c in zip(titles, widths, aligns, strict=True)), tuple(rows), landscape)


def source_table(results: Results, unit: str) -> Table:
    """The whole budget by funding source, with a bold total row."""
    titles = ("TT", "Nguồn vốn", *_MONEY_TITLES)
    aligns = ("center", "left", "right", "right", "right", "right")
    rows = [_source_row(source, unit) for source in results.by_source]
    rows = [Row((str(i), *row.cells[1:])) for i, row in enumerate(rows, 1)]
    rows += _unnamed_row(results.allocated - sum(s.allocated or 0 for s in results.by_source),
                         results.spent - sum(s.spent for s in results.by_source), unit)
    rows.append(Row(("", "Tổng cộng", money(results.allocated, unit), money(results.spent, unit),
                     money(results.remaining, unit), percent(results.percent)), bold=True))
    widths, landscape = fitted(titles, rows, stretch=1)
    return Table(tuple(Column(*c) for c in zip(titles, widths, aligns, strict=True)), tuple(rows), landscape)
