"""The flat sheet that csv and xlsx both write: one header row, one row per plan (plans with
errors included, their figures left empty), a total row. Defined once so the two formats cannot
drift apart; values stay typed (int, float, str, None) and each writer formats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kehoach.progress.states import STATES
from kehoach.shown import shown, shown_path
from kehoach.summary.rows import PlanRow, Summary, column_code, row_sources, spent_share

Kind = Literal["text", "int", "money", "percent", "year"]
Value = int | float | str | None

TOTAL_LABEL = "Tổng cộng"


@dataclass(frozen=True)
class Header:
    title: str
    kind: Kind


UNASSIGNED = "chưa ghi nguồn"


def source_title(name: str) -> str:
    """Source names are stored as they stand inside a sentence: capitalise one that starts a line."""
    return name[:1].upper() + name[1:]


def headers(summary: Summary) -> list[Header]:
    out = [Header("STT", "int"), Header("Tệp kế hoạch", "text"), Header("Cơ quan ban hành", "text"),
           Header("Năm", "year"), Header("Đến năm", "year"),
           Header("Tổng kinh phí (đồng)", "money"), Header("Đã chi (đồng)", "money"),
           Header("Tỷ lệ chi", "percent")]
    for column in summary.columns:
        out += [Header(f"Dự toán {column_code(column.key)} (đồng)", "money"),
                Header(f"Đã chi {column_code(column.key)} (đồng)", "money")]
    if summary.sources:
        for name in [*(c.heading for c in summary.sources), UNASSIGNED]:
            out += [Header(f"Dự toán {name} (đồng)", "money"), Header(f"Đã chi {name} (đồng)", "money")]
    out += [Header("Số nhiệm vụ", "int")] + [Header(label, "int") for label in STATES.values()]
    out += [Header("Cảnh báo", "int"), Header("Số lỗi", "int"), Header("Lỗi đầu tiên", "text")]
    return out


def error_text(row: PlanRow) -> str:
    if row.error is None:
        return ""
    return f"{shown_path(row.error.where)}: [{row.error.code}] {shown(row.error.message, line_breaks=True)}"


def plan_cells(summary: Summary, number: int, row: PlanRow, width: int) -> list[Value]:
    """A plan's cells; a plan with errors keeps its file, counts and first error only."""
    if not row.ok:
        blanks: list[Value] = [None] * (width - 6)
        return [number, shown_path(row.file), None, *blanks, row.warnings, row.errors, error_text(row)]
    out: list[Value] = [number, shown_path(row.file), row.issuer, row.first_year,
                        row.last_year if row.last_year != row.first_year else None,
                        row.total, row.spent if row.total is not None or row.spent else None,
                        spent_share(row.spent, row.total)]
    for column in summary.columns:
        money = row.columns.get(column.key)
        out += [money.amount, money.spent] if money is not None else [None, None]
    if summary.sources:
        by_source = row_sources(row)
        for c in summary.sources:
            money = by_source.get(c.key)
            out += [money.amount, money.spent] if money is not None else [None, None]
        out += [row.unassigned.amount, row.unassigned.spent] if row.total is not None else [None, None]
    out += [row.task_count, *(row.tasks.get(state, 0) for state in STATES)]
    return [*out, row.warnings, row.errors, None]


def total_cells(summary: Summary) -> list[Value]:
    t = summary.totals
    label = f"{t.plans} kế hoạch không có lỗi"
    out: list[Value] = [None, TOTAL_LABEL, label, None, None, t.total, t.spent, spent_share(t.spent, t.total)]
    for column in summary.columns:
        money = t.columns[column.key]
        out += [money.amount, money.spent]
    if summary.sources:
        for c in summary.sources:
            out += [t.sources[c.key].amount, t.sources[c.key].spent]
        out += [t.unassigned.amount, t.unassigned.spent]
    out += [t.task_count, *(t.tasks[state] for state in STATES)]
    # Every plan's warnings and errors, so that each number column's total is its sum.
    return [*out, sum(r.warnings for r in summary.rows), sum(r.errors for r in summary.rows), None]


def sheet(summary: Summary) -> tuple[list[Header], list[list[Value]], list[Value]]:
    """Headers, one row per plan (in the order given), and the total row."""
    titles = headers(summary)
    return (titles,
            [plan_cells(summary, n, row, len(titles)) for n, row in enumerate(summary.rows, 1)],
            total_cells(summary))
