"""What the BÁO CÁO says, computed from the checked plan and its progress as of a date: each
tracked task by the plan's own numbering with what was done (the records' notes) and its state,
and the money per budget line with totals. Plain data; `document` lays it out.

The five states of a report map the finer states of `kehoach progress` (kehoach.progress.states):
done → hoàn thành; done late → hoàn thành trễ hạn; overdue → quá hạn; due soon or on track →
đang thực hiện once work is reported, chưa thực hiện when nothing (or `not-started`) is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from kehoach import tasks as task_list
from kehoach.catalogue import Catalogue
from kehoach.model import Plan
from kehoach.progress import TaskProgress, compute
from kehoach.progress.model import ProgressFile

ReportState = Literal["done", "done-late", "in-progress", "overdue", "not-started"]
REPORT_STATES: dict[str, str] = {
    "done": "Hoàn thành",
    "done-late": "Hoàn thành trễ hạn",
    "in-progress": "Đang thực hiện",
    "overdue": "Quá hạn",
    "not-started": "Chưa thực hiện",
}


def report_state(t: TaskProgress) -> ReportState:
    if t.state in ("done", "done-late", "overdue", "not-started"):
        return t.state  # type: ignore[return-value]
    # due-soon and on-track say how close the deadline is, not whether work has begun.
    return "not-started" if t.status in (None, "not-started") else "in-progress"


@dataclass(frozen=True)
class TaskResult:
    ref: str  # a reference to find it by: II.1.1, II.1.2.a-1 (json, progress)
    number: str  # as the plan prints it: "1.2." for an activity, "-" or "+" for an item
    heading: str  # an activity's printed heading, an item's text
    is_item: bool
    nested: bool  # an item listed under a task that is itself reported
    lead: str | None  # the unit's name
    deadline: date | None  # the last day (None: no deadline, or one with no end)
    deadline_text: str  # as the plan writes it ("định kỳ hằng quý"), "" without a deadline
    state: ReportState
    days: int | None  # days late (done late, overdue)
    done_on: date | None
    notes: tuple[str, ...]  # every note up to the date, oldest first
    reported: bool  # a record (its own or its sub-items') up to the date
    blocked: bool  # its latest record says it is stuck (vướng mắc)
    spent: int

    @property
    def state_label(self) -> str:
        return REPORT_STATES[self.state]


@dataclass(frozen=True)
class SourceResult:
    """One funding source's dự toán and đã chi, on a line or on the whole budget."""

    name: str  # printed name, as the plan's funding sources spell it
    allocated: int | None  # None: the plan states no figure for this source there
    spent: int

    @property
    def remaining(self) -> int | None:
        return None if self.allocated is None else self.allocated - self.spent

    @property
    def percent(self) -> float | None:
        return 100 * self.spent / self.allocated if self.allocated else None


@dataclass(frozen=True)
class LineResult:
    ref: str  # the number the plan prints for the activity the line funds ("1.1."), "" if none
    key: str  # the budget line's code or id
    heading: str
    allocated: int
    spent: int
    sources: tuple[SourceResult, ...] = ()

    @property
    def remaining(self) -> int:
        return self.allocated - self.spent

    @property
    def percent(self) -> float:
        return 100 * self.spent / self.allocated if self.allocated else 0.0


@dataclass(frozen=True)
class Results:
    as_of: date
    tasks: tuple[TaskResult, ...]
    lines: tuple[LineResult, ...]
    total: int | None  # the plan's budget total; None without figures
    has_progress: bool
    by_source: tuple[SourceResult, ...] = ()  # the whole budget by funding source

    def count(self, state: str) -> int:
        return sum(t.state == state for t in self.tasks)

    @property
    def spent(self) -> int:
        return sum(line.spent for line in self.lines)

    @property
    def allocated(self) -> int:
        return self.total if self.total is not None else sum(line.allocated for line in self.lines)

    @property
    def remaining(self) -> int:
        return self.allocated - self.spent

    @property
    def percent(self) -> float:
        return 100 * self.spent / self.allocated if self.allocated else 0.0


def _notes(plan: Plan, progress: ProgressFile | None, as_of: date) -> dict[tuple, list[str]]:
    """Each task's notes up to the date, in time order (same day: file order), by node path."""
    if progress is None:
        return {}
    found = task_list.index(plan)
    out: dict[tuple, list[str]] = {}
    for record in sorted(progress.records, key=lambda r: r.date):
        if record.date <= as_of and record.note and record.task in found:
            out.setdefault(found[record.task].path, []).append(" ".join(record.note.split()))
    return out


def compute_results(plan: Plan, catalogue: Catalogue | None, progress: ProgressFile | None,
                    as_of: date) -> Results:
    report = compute(plan, catalogue, progress, as_of)
    notes = _notes(plan, progress, as_of)
    reported = {t.task.node.path for t in report.tasks if t.task.node is not None}
    results = []
    for t in report.tasks:
        node = t.task.node
        assert node is not None
        parent, nested = node.parent, False
        while parent is not None:
            if parent.path in reported:
                nested = True
                break
            parent = parent.parent
        deadline = t.task.deadline
        results.append(TaskResult(
            ref=t.task.ref,
            number=node.number,
            heading=" ".join(t.task.text.split()).rstrip(" ;,."),
            is_item=t.task.kind == "item",
            nested=nested,
            lead=plan.units.get(t.task.lead, t.task.lead) if t.task.lead else None,
            deadline=getattr(deadline, "end", None),
            deadline_text=" ".join(deadline.text.split()) if deadline is not None else "",
            state=report_state(t),
            days=t.days if t.late else None,
            done_on=t.done_on,
            notes=tuple(notes.get(node.path, ())),
            reported=t.status is not None,
            blocked=t.status == "blocked",
            spent=t.spent,
        ))
    index = task_list.index(plan)

    def sources(uses: object) -> tuple[SourceResult, ...]:
        # Spending by funding source (kehoach.progress, when the budget names sources).
        return tuple(SourceResult(u.name, u.amount, u.spent) for u in uses or ())  # type: ignore[attr-defined]

    lines = tuple(
        LineResult(index[u.key].number if u.key in index else "", u.key, u.heading, u.amount, u.spent,
                   sources(getattr(u, "sources", ())))
        for u in report.lines)
    budget = plan.budget
    total = getattr(budget, "total", None) if budget is not None else None
    return Results(as_of, tuple(results), lines, total, progress is not None,
                   sources(getattr(report, "by_source", ())))
