"""The task table of an appendix (`appendices: [{use: tasks}]`), computed from the plan's outline.

Nothing in it is typed twice: the numbers are the document's own (kehoach.outline), the headings
the catalogue's, the units the registry's names, the time the deadline's phrase, the money the
budget line of the activity's project or id. Plain rows; the view model makes them a Table.
"""

from __future__ import annotations

from dataclasses import dataclass

from kehoach.catalogue import Catalogue
from kehoach.deadlines.phrase import phrase
from kehoach.model import Activity, Item, Plan
from kehoach.money import format_in_unit
from kehoach.outline import Node, SectionEntry, heading, of

DEFAULT_TITLE = "Phân công nhiệm vụ thực hiện Kế hoạch"
HEADERS = ("STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện")
MONEY_HEADER = "Kinh phí\n({unit})"
TOTAL = "Tổng cộng"


@dataclass(frozen=True, slots=True)
class TaskRow:
    cells: tuple[str, ...]  # STT, nội dung, chủ trì, phối hợp, thời gian[, kinh phí]
    bold: bool = False  # a section, a group of activities, the total


@dataclass(frozen=True, slots=True)
class TaskTable:
    headers: tuple[str, ...]
    rows: tuple[TaskRow, ...]
    kept: tuple[int, ...] = (0, 1, 2, 3, 4, 5)  # which of the six columns the table has


def tracked(work: Item | Activity) -> bool:
    """An item (or a numbered paragraph without a heading) is a task of its own when it names an
    id, a unit or a time; a plain bullet or paragraph is description and stays out of the table."""
    return bool(work.id or work.lead or work.partners or work.deadline)


def task_table(plan: Plan, catalogue: Catalogue | None, units: bool = True) -> TaskTable:
    """The table; without `units` (the plan prints them in the body) no unit columns."""
    outline = of(plan)
    budget = plan.budget
    lines = budget.lines if budget is not None else {}
    unit = budget.unit if budget is not None else "đồng"

    def name(unit_id: str | None) -> str:
        return plan.units.get(unit_id, unit_id) if unit_id else ""

    def own_amount(node: Node) -> int | None:
        for key in (node.node.id, getattr(node.node, "project", None)):
            if key and key in lines:
                return lines[key].amount
        return None

    children: dict[int, list[Node]] = {}
    for node in outline.nodes:
        children.setdefault(id(node.parent), []).append(node)

    def amount(node: Node) -> int | None:
        """A line of its own, else the sum of the lines below it (a project's sub-projects)."""
        own = own_amount(node)
        if own is not None:
            return own
        below = [a for child in children.get(id(node), []) if (a := amount(child)) is not None]
        return sum(below) if below else None

    per_section: list[tuple[SectionEntry, list[tuple[Node | None, TaskRow]]]] = []
    for entry in outline.sections:
        own: list[tuple[Node | None, TaskRow]] = []
        per_section.append((entry, own))
        for node in outline.nodes:
            if node.path[: len(entry.path)] != entry.path:
                continue
            work = node.node
            if not isinstance(work, Item) and not work.headed and not tracked(work):
                continue  # a numbered paragraph that is only description
            if isinstance(work, Item):
                if not tracked(work):
                    continue
                number, content = "", f"- {work.text.rstrip(';.,')}"
                group = False
            else:
                number, content = node.number, heading(work, catalogue)
                group = any(not c.is_item for c in children.get(id(node), []))
            when = phrase(work.deadline).rstrip(".") if work.deadline is not None else ""
            money = amount(node)
            cells = (number, content, name(node.lead), ",\n".join(name(p) for p in node.partners),
                     when, format_in_unit(money, unit) if money is not None else "")
            own.append((node, TaskRow(cells, bold=group)))
    filled = [(entry, own) for entry, own in per_section if own]
    rows: list[tuple[Node | None, TaskRow]] = []
    for entry, own in filled:
        if len(filled) > 1:
            rows.append((None, TaskRow((entry.numeral, entry.title.upper(), "", "", "", ""), bold=True)))
        rows += own

    has_money = any(row.cells[5] for _, row in rows)
    if has_money and budget is not None and budget.total is not None:
        rows.append((None, TaskRow(("", TOTAL, "", "", "", format_in_unit(budget.total, unit)), bold=True)))
    kept = tuple(i for i in range(6) if (units or i not in (2, 3)) and (has_money or i != 5))
    headers = (*HEADERS, MONEY_HEADER.format(unit=unit))
    return TaskTable(tuple(headers[i] for i in kept),
                     tuple(TaskRow(tuple(row.cells[i] for i in kept), row.bold) for _, row in rows), kept)
