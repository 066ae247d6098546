"""`kehoach tasks`: who owes what, by when, under which budget line.

Tasks are read from the outline (kehoach.outline), so each task's number is the number printed
in the document. Organization duties (Tổ chức thực hiện) are numbered `IV.<n>` for the unit's
paragraph and `IV.<n>-<k>` for its k-th duty, as the renderer lays them out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kehoach import outline
from kehoach.catalogue import Catalogue
from kehoach.deadlines import Deadline, phrase
from kehoach.diagnostics import KehoachError
from kehoach.model import Activity, Bullet, Plan
from kehoach.money import format_amount

Role = Literal["chủ trì", "phối hợp"]
ROLE_LEAD: Role = "chủ trì"
ROLE_PARTNER: Role = "phối hợp"


@dataclass(frozen=True)
class Task:
    """One unit of work: an activity, an item (bullet) or an organization duty."""

    ref: str  # the number printed in the document: II.1.2, II.1.2.a-1, IV.2-1
    key: str | None  # how progress records name it: its id, else its catalogue code
    text: str  # heading of an activity, text of an item or duty
    kind: Literal["activity", "item", "duty"]
    lead: str | None
    partners: tuple[str, ...]
    deadline: Deadline | None
    budget_line: str | None
    node: outline.Node | None  # None for organization duties

    def role(self, unit: str) -> Role | None:
        if self.lead == unit:
            return ROLE_LEAD
        return ROLE_PARTNER if unit in self.partners else None


def heading(node: outline.Node, catalogue: Catalogue | None) -> str:
    """What a person reads for this task: an item's text, an activity's printed heading."""
    item = node.node
    if not isinstance(item, Activity):
        return item.text
    return outline.heading(item, catalogue)


def budget_line(node: outline.Node, plan: Plan, catalogue: Catalogue | None) -> str | None:
    """The nearest budget line covering `node`: its own id, an enclosing activity's id or
    project code, then the catalogue parents of the nearest project code."""
    if plan.budget is None:
        return None
    lines = plan.budget.lines
    current: outline.Node | None = node
    while current is not None:
        if current.node.id in lines:
            return current.node.id
        code = getattr(current.node, "project", None)
        if code in lines:
            return code
        current = current.parent
    code = node.project
    while catalogue is not None and code is not None:
        project = catalogue.get(code)
        if project is None:
            break
        if code in lines:
            return code
        code = project.parent
    return None


WHOLE_BUDGET = ""  # the spending key of a budget with a total and no lines


def spending_line(node: outline.Node, plan: Plan, catalogue: Catalogue | None) -> str | None:
    """Where a task's spending counts: its budget line (budget_line); for a budget stated as a
    total with no lines (split by source only, or one figure), the whole budget (WHOLE_BUDGET),
    since every task of the plan is paid from it. None: nowhere (KH605)."""
    line = budget_line(node, plan, catalogue)
    if line is None and plan.budget is not None and not plan.budget.lines and plan.budget.total:
        return WHOLE_BUDGET
    return line


def task_key(node: outline.Node) -> str | None:
    return node.node.id or getattr(node.node, "project", None)


def plan_tasks(plan: Plan, catalogue: Catalogue | None) -> list[Task]:
    """Every activity, item and organization duty, in document order."""
    found = [
        Task(node.ref, task_key(node), heading(node, catalogue),
             "item" if node.is_item else "activity", node.lead, node.partners, node.deadline,
             budget_line(node, plan, catalogue), node)
        for node in outline.walk(plan)
    ]
    return found + list(duties(plan))


def duties(plan: Plan) -> Iterator[Task]:
    """Tổ chức thực hiện: one paragraph per unit, numbered in the order the plan lists them. A
    plan that prints no such section (none of its own `sections` is it, or it has no duties)
    gives none: the duties are those the document prints (KH405 refuses duties left unplaced)."""
    section = outline.sections(plan).get("organization")
    if section is None:
        return
    for n, (unit, entries) in enumerate(plan.organization.items(), 1):
        if isinstance(entries, str):
            yield Task(f"{section}.{n}", None, entries, "duty", unit, (), None, None, None)
            continue
        for k, entry in enumerate(entries, 1):
            yield Task(f"{section}.{n}-{k}", None, duty_text(entry), "duty", unit, (), None, None, None)


def duty_text(entry: str | Bullet) -> str:
    """A duty as the document prints it: a bullet with its own "+" lines under it, one per line."""
    if isinstance(entry, str):
        return entry
    return "\n".join([entry.text, *(f"+ {duty_text(sub)}" for sub in entry.items)])


def index(plan: Plan) -> dict[str, outline.Node]:
    """Nodes by the names a progress record may use: ids, then project codes (first wins)."""
    found: dict[str, outline.Node] = {}
    for node in outline.walk(plan):
        for name in (node.node.id, getattr(node.node, "project", None)):
            if name and name not in found:
                found[name] = node
    return found


# ---- views --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitTasks:
    unit: str
    name: str
    rows: list[tuple[Task, Role]]


def by_unit(plan: Plan, catalogue: Catalogue | None, only: str | None = None) -> list[UnitTasks]:
    """For each unit (registry order), its tasks in document order with its role."""
    tasks = plan_tasks(plan, catalogue)
    result = []
    for unit, name in plan.units.items():
        if only is not None and unit != only:
            continue
        rows = [(t, role) for t in tasks if (role := t.role(unit)) is not None]
        result.append(UnitTasks(unit, name, rows))
    return result


FORMATS = ("table", "json", "md", "csv")


def output_for(fmt: str, output: Path | None) -> Path | None:
    """Where `kehoach tasks` writes: the screen (None) or `output`; the table is for the screen
    only (csv, json and md are the formats a file takes)."""
    if fmt == "table" and output is not None:
        raise KehoachError("Bảng chỉ in ra màn hình.", "Dùng -o với --format csv, json hoặc md.")
    return output


def deadline_label(deadline: Deadline | None) -> str:
    """`Q4/2024 (31/12/2024)`; a plain date as dd/mm/yyyy; empty when there is none; the text
    alone for recurring and continuous work."""
    return phrase.label(deadline)


def line_label(plan: Plan, key: str | None) -> str:
    if key is None or plan.budget is None:
        return ""
    return f"{key} ({format_amount(plan.budget.lines[key].amount, plan.budget.unit)})"


def shorten(text: str, width: int = 90) -> str:
    """One line for tables; the full text stays in json and csv."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip(" ,;") + "…"


HEADERS = ("Số", "Nhiệm vụ", "Vai trò", "Thời hạn", "Dòng kinh phí")


def _cells(plan: Plan, task: Task, role: str, width: int | None) -> list[str]:
    # Tables (width given) name the line by its key; md spells out the amount too.
    text = shorten(task.text, width) if width else " ".join(task.text.split())
    line = (task.budget_line or "") if width else line_label(plan, task.budget_line)
    return [task.ref, text, role, deadline_label(task.deadline), line]


def console(width: int = 120):  # -> rich.console.Console
    """A console that colours only a terminal. Piped, it prints plain text `width` columns wide
    (rich's 80 would fold every task into a ribbon) unless COLUMNS says otherwise."""
    import os
    import sys

    from rich.console import Console

    from kehoach import terminal

    colour = terminal.colour(sys.stdout)
    piped = not _isatty(sys.stdout)
    # Piped, each line goes out without the spaces that pad a table's cells to their column.
    out = Console(file=terminal.TrimmedLines(sys.stdout) if piped else None, force_terminal=colour,
                  no_color=not colour, highlight=False, emoji=False)
    if piped and "COLUMNS" not in os.environ:
        out.width = width
    return out


def _isatty(stream) -> bool:  # type: ignore[no-untyped-def]
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


# Machine formats are a contract (docs/json.md): English values, a Vietnamese label beside them.
JSON_FORMAT_VERSION = 1
ROLE_CODES: dict[str, str] = {ROLE_LEAD: "lead", ROLE_PARTNER: "partner"}
KIND_LABELS = {"activity": "mục", "item": "ý", "duty": "nhiệm vụ ở mục Tổ chức thực hiện"}


def as_json(plan: Plan, groups: list[UnitTasks]) -> str:
    budget = plan.budget.lines if plan.budget else {}
    return json.dumps({"format_version": JSON_FORMAT_VERSION, "units": [
        {"unit": g.unit, "name": g.name, "tasks": [
            {"ref": t.ref, "task": t.key, "kind": t.kind, "kind_label": KIND_LABELS[t.kind],
             "text": " ".join(t.text.split()),
             "role": ROLE_CODES[role], "role_label": role, "lead": t.lead, "partners": list(t.partners),
             "deadline": t.deadline.text if t.deadline else None,
             "deadline_date": t.deadline.end.isoformat() if t.deadline and t.deadline.end else None,
             "budget_line": t.budget_line,
             "budget_amount": budget[t.budget_line].amount if t.budget_line else None}
            for t, role in g.rows]}
        for g in groups]}, ensure_ascii=False, indent=2)


CSV_HEADER = ("Mã đơn vị", "Đơn vị", "Số", "Mã nhiệm vụ", "Nhiệm vụ", "Vai trò", "Thời hạn", "Hạn cuối",
              "Dòng kinh phí", "Kinh phí của dòng (đồng)")


def as_csv(plan: Plan, groups: list[UnitTasks]) -> str:
    """For Excel (kehoach.spreadsheet): BOM, formulas neutralised, the line's amount a bare number."""
    from kehoach.spreadsheet import csv_text

    budget = plan.budget.lines if plan.budget else {}
    return csv_text(CSV_HEADER, (
        [g.unit, g.name, t.ref, t.key or "", " ".join(t.text.split()), role,
         t.deadline.text if t.deadline else "",
         t.deadline.end.isoformat() if t.deadline and t.deadline.end else "",
         t.budget_line or "", budget[t.budget_line].amount if t.budget_line else None]
        for g in groups for t, role in g.rows))


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_markdown(plan: Plan, groups: list[UnitTasks]) -> str:
    out: list[str] = []
    for g in groups:
        out += [f"## {g.name} (`{g.unit}`)", ""]
        if not g.rows:
            out += ["Không có nhiệm vụ nào.", ""]
            continue
        out += ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        out += ["| " + " | ".join(_md_cell(c) for c in _cells(plan, t, role, None)) + " |"
                for t, role in g.rows]
        out.append("")
    return "\n".join(out).rstrip("\n")


def print_table(plan: Plan, groups: list[UnitTasks], out=None) -> None:  # type: ignore[no-untyped-def]
    """A table per unit, or one block per task where the terminal is narrow (kehoach.tables).
    Colour only on a terminal; piped output is plain text."""
    from rich.text import Text

    from kehoach.tables import Column, print_rows

    # Text objects throughout: a plan's "[…]" must print as written, not as rich markup.
    out = out or console()
    columns = [Column(h, text=h == "Nhiệm vụ") for h in HEADERS]
    for i, g in enumerate(groups):
        if i:
            out.print()
        count = f"{len(g.rows)} nhiệm vụ" if g.rows else "không có nhiệm vụ nào"
        title = Text(f"{g.name} ({g.unit}) — {count}", style="bold")
        if not g.rows:
            out.print(title)
            continue
        rows = [[Text(c) for c in _cells(plan, t, role, None)] for t, role in g.rows]
        for row, (t, _role) in zip(rows, g.rows, strict=True):
            row[4] = Text(t.budget_line or "")  # the line's key; its amount is in md, json, csv
        print_rows(out, title, columns, rows,
                   ["dim" if role == ROLE_PARTNER else None for _t, role in g.rows])
