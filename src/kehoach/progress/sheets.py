"""A progress report as flat sheets, the cells `progress -f csv` and `-f xlsx` both write: typed
values (str, int, float share, date, None), each writer formatting them, so the two cannot drift.

- tasks: one row per task, every column the tables and json carry (a CSV holds this sheet alone);
- lines: one row per budget line and a total row equal to the column sums;
- line sources: dự toán / đã chi of each source under a line (a sheet of its own, so that no
  column of `lines` counts an amount twice);
- by source: the whole budget by funding source, with the part no source is named for (its
  dự toán and đã chi add up to the lines' total).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from kehoach import tasks as task_list
from kehoach.progress.model import STATUSES
from kehoach.progress.output import line_source_rows, source_rows, state_label
from kehoach.progress.states import STATES, Report, SourceUse, TaskProgress

Kind = Literal["text", "int", "money", "percent", "date"]
Value = str | int | float | date | None
TOTAL_LABEL = "Tổng cộng"


@dataclass(frozen=True)
class Header:
    title: str
    kind: Kind


@dataclass(frozen=True)
class Sheet:
    name: str  # the workbook's sheet name (at most 31 characters)
    headers: tuple[Header, ...]
    rows: list[list[Value]]
    total: list[Value] | None = None


def share(spent: int, amount: int | None) -> float | None:
    return spent / amount if amount else None


TASK_HEADERS = (
    Header("Số", "text"), Header("Mã", "text"), Header("Nhiệm vụ", "text"),
    Header("Chủ trì", "text"), Header("Phối hợp", "text"), Header("Thời hạn", "text"),
    Header("Ngày hạn", "date"), Header("Tình trạng", "text"), Header("Chi tiết tình trạng", "text"),
    Header("Còn (ngày)", "int"), Header("Trễ (ngày)", "int"), Header("Báo cáo gần nhất", "text"),
    Header("Ngày báo cáo", "date"), Header("Hoàn thành ngày", "date"), Header("Ghi chú", "text"),
    Header("Dòng kinh phí", "text"), Header("Đã chi (đồng)", "money"),
)


def _units(codes: tuple[str | None, ...], names: dict[str, str]) -> str:
    return ", ".join(names.get(code, code) for code in codes if code)


def _task_row(t: TaskProgress, names: dict[str, str]) -> list[Value]:
    deadline = t.task.deadline
    due = t.focus.due if t.focus is not None else deadline.end if deadline is not None else None
    return [t.task.ref, t.task.key, " ".join(t.task.text.split()), _units((t.task.lead,), names),
            _units(t.task.partners, names), task_list.deadline_label(deadline) or None, due,
            STATES[t.state], state_label(t),
            t.days if t.state in ("due-soon", "on-track", "not-started") else None,
            t.days if t.late else None,
            _status(t),
            t.status_date, t.done_on, t.note, t.task.budget_line, t.spent or None]


def _status(t: TaskProgress) -> str | None:
    if t.status is None:
        return None
    return STATUSES.get(t.status, t.status) + (" (theo các ý con)" if t.derived else "")


def _source_line(first: list[Value], source: SourceUse) -> list[Value]:
    return [*first, source.name[:1].upper() + source.name[1:], source.amount, source.spent,
            source.remaining, share(source.spent, source.amount)]


def sheets(report: Report, unit_names: dict[str, str] | None = None) -> list[Sheet]:
    """Every sheet of the report, tasks first; sheets with no rows are left out (a plan without a
    budget has no budget sheets)."""
    names = unit_names or {}
    out = [Sheet("Nhiệm vụ", TASK_HEADERS, [_task_row(t, names) for t in report.tasks])]
    if report.lines:
        headers = (Header("Dòng kinh phí", "text"), Header("Nội dung", "text"),
                   Header("Dự toán (đồng)", "money"), Header("Đã chi (đồng)", "money"),
                   Header("Còn lại (đồng)", "money"), Header("Tỷ lệ chi", "percent"))
        rows: list[list[Value]] = [[line.key, line.heading, line.amount, line.spent, line.remaining,
                                    share(line.spent, line.amount)] for line in report.lines]
        total: list[Value] = [TOTAL_LABEL, None, report.allocated, report.spent,
                              report.allocated - report.spent, share(report.spent, report.allocated)]
        out.append(Sheet("Kinh phí", headers, rows, total))
        by_line = [_source_line([line.key, line.heading], source)
                   for line in report.lines for source in line_source_rows(line)]
        if by_line:
            out.append(Sheet("Kinh phí từng dòng theo nguồn", (
                Header("Dòng kinh phí", "text"), Header("Nội dung", "text"), Header("Nguồn vốn", "text"),
                Header("Dự toán (đồng)", "money"), Header("Đã chi (đồng)", "money"),
                Header("Còn lại (đồng)", "money"), Header("Tỷ lệ chi", "percent")), by_line))
    if report.by_source:
        # No total row, as on the screen: spending no source is named for has no "còn lại", so that
        # column could not add up; dự toán and đã chi add up to the Kinh phí sheet's total.
        rows = [_source_line([], source) for source in source_rows(report)]
        out.append(Sheet("Kinh phí theo nguồn vốn", (
            Header("Nguồn vốn", "text"), Header("Dự toán (đồng)", "money"), Header("Đã chi (đồng)", "money"),
            Header("Còn lại (đồng)", "money"), Header("Tỷ lệ chi", "percent")), rows))
    return out


def as_csv(report: Report, unit_names: dict[str, str] | None = None) -> str:
    """The tasks sheet as kehoach.spreadsheet's CSV (one table per file: the budget sheets are in
    the workbook and in json). Dates ISO (2024-12-31: every spreadsheet reads it as a date), the
    share as "96.9%"."""
    from kehoach.spreadsheet import csv_text, percent

    tasks = sheets(report, unit_names)[0]

    def cell(value: Value, kind: Kind) -> str | int | None:
        if isinstance(value, date):
            return value.isoformat()
        if kind == "percent":
            return percent(value)  # type: ignore[arg-type]
        return value  # type: ignore[return-value]

    rows = ([cell(v, h.kind) for v, h in zip(row, tasks.headers, strict=True)] for row in tasks.rows)
    return csv_text([h.title for h in tasks.headers], rows)
