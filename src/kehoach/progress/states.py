"""States as of a date: how far along each task is and how much each budget line has spent,
from the progress records kept beside the plan.

How a task's state is decided, as of a date D (records dated after D are ignored):
- its status is that of its latest record dated on or before D (same day: the later one in the
  file); a task with no record of its own but with tracked sub-items takes theirs: done when
  every one is done (on the day the last was), in progress once any has a record;
- done: finished on or before the deadline; done late: finished after it (days late = finish
  date − deadline); the finish date is the first `done` record after which it stays done;
- not done and D after the deadline: overdue (days late = D − deadline); the deadline day
  itself is not overdue;
- not done and the deadline within N days (0 ≤ deadline − D ≤ N, N = 30 by default): due soon;
- otherwise: on track once work is reported, not started when nothing is (or `not-started`).
A quarter or month deadline means its last day; an event is due on its day (done that day is on
time); a range is due at its end; continuous work ("thường xuyên") is never overdue and shows its
last record. Each occurrence of a recurring deadline is a due date of its own: see
kehoach.progress.recurring for how done records meet occurrences.

Tasks reported on: every activity or item with an `id`, every sub-project (a `project` with no
sub-sections) and anything a record names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from kehoach import funding
from kehoach import tasks as task_list
from kehoach.catalogue import Catalogue
from kehoach.deadlines import Deadline
from kehoach.model import Activity, Plan
from kehoach.progress.model import STATUSES, ProgressFile, Record
from kehoach.progress.recurring import Occurrence, named_round, settle, state_of
from kehoach.rules.deadlines import period_end, work_begins

State = Literal["done", "done-late", "overdue", "due-soon", "on-track", "not-started"]
STATES: dict[str, str] = {
    "done": "Hoàn thành",
    "done-late": "Hoàn thành trễ hạn",
    "overdue": "Quá hạn",
    "due-soon": "Sắp đến hạn",
    "on-track": "Trong hạn",
    "not-started": "Chưa bắt đầu",
}
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class TaskProgress:
    task: task_list.Task
    state: State
    days: int | None  # days left (not done) or days late (overdue, done late); None: no deadline
    status: str | None  # latest status on or before the date; None when nothing is reported
    status_date: date | None
    note: str | None
    done_on: date | None
    spent: int
    derived: bool  # status taken from the task's sub-items
    occurrences: tuple[Occurrence, ...] = ()  # recurring: every due date and what covers it
    focus: Occurrence | None = None  # recurring: the occurrence the state is about

    @property
    def late(self) -> bool:
        return self.state in ("overdue", "done-late")


WHOLE_HEADING = "Kinh phí thực hiện kế hoạch (không chia dòng)"


@dataclass(frozen=True)
class SourceUse:
    """One funding source's allocation and spending, on a budget line or on the whole budget."""

    code: str
    name: str  # printed name
    amount: int | None  # None: the plan states no figure for this source here
    spent: int

    @property
    def remaining(self) -> int | None:
        return None if self.amount is None else self.amount - self.spent


@dataclass(frozen=True)
class LineUse:
    key: str
    heading: str
    amount: int
    spent: int
    sources: tuple[SourceUse, ...] = ()  # dự toán / đã chi by source, when the line has sources

    @property
    def remaining(self) -> int:
        return self.amount - self.spent

    @property
    def percent(self) -> float:
        return 100 * self.spent / self.amount if self.amount else 0.0


@dataclass(frozen=True)
class Report:
    plan_file: str
    progress_file: str | None
    as_of: date
    due_soon_days: int
    tasks: list[TaskProgress]
    lines: list[LineUse]
    by_source: list[SourceUse] = field(default_factory=list)  # the whole budget, by source

    def count(self, *states: str) -> int:
        return sum(t.state in states for t in self.tasks)

    @property
    def done_share(self) -> float:
        return 100 * self.count("done", "done-late") / len(self.tasks) if self.tasks else 0.0

    @property
    def allocated(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def spent(self) -> int:
        return sum(line.spent for line in self.lines)


def classify(status: str | None, done_on: date | None, deadline: Deadline | None, as_of: date,
             window: int) -> tuple[State, int | None]:
    """The state and its day count; see the module docstring for the definitions."""
    if deadline is not None and deadline.end is None:  # recurring: see occurrences; continuous
        deadline = None
    if status == "done":
        if deadline is not None and deadline.end is not None and done_on is not None \
                and done_on > deadline.end:
            return "done-late", (done_on - deadline.end).days
        return "done", None
    idle: State = "not-started" if status in (None, "not-started") else "on-track"
    if deadline is None:
        return idle, None
    assert deadline.end is not None
    left = (deadline.end - as_of).days
    if left < 0:
        return "overdue", -left
    if left <= window:
        return "due-soon", left
    return idle, left


def _tracked(task: task_list.Task, named: set[tuple]) -> bool:
    node = task.node
    if node is None:
        return False
    if node.node.id or node.path in named:
        return True
    return isinstance(node.node, Activity) and node.node.project is not None and not node.node.children


def _due_with_children(path: tuple, everything: list[task_list.Task]) -> Deadline | None:
    """A task without a deadline of its own is due when the last of its dated sub-items is."""
    below = [t.deadline for t in everything
             if t.node is not None and len(t.node.path) > len(path) and t.node.path[: len(path)] == path
             and t.deadline is not None and t.deadline.end is not None]
    return max(below, key=lambda d: d.end) if below else None  # type: ignore[arg-type, return-value]


def _finish(history: list[Record]) -> tuple[str | None, date | None]:
    """Latest status, and when a task that is done became done (start of its final done run)."""
    if not history:
        return None, None
    done_on = None
    for record in reversed(history):
        if record.status != "done":
            break
        done_on = record.date
    return history[-1].status, done_on


def compute(plan: Plan, catalogue: Catalogue | None, progress: ProgressFile | None, as_of: date,
            due_soon_days: int = DUE_SOON_DAYS, plan_file: str = "",
            progress_file: str | None = None) -> Report:
    """Every tracked task's state and every budget line's spending as of `as_of`."""
    records = progress.records if progress else []
    found = task_list.index(plan)
    # Time order; on the same day the file's order, so the later line wins.
    dated = sorted(
        (r for r in records if r.date <= as_of and r.task in found and r.status in STATUSES),
        key=lambda r: r.date)
    history: dict[tuple, list[Record]] = {}
    for record in dated:
        history.setdefault(found[record.task].path, []).append(record)

    everything = task_list.plan_tasks(plan, catalogue)
    tracked = [t for t in everything if _tracked(t, set(history))]
    # Children come after their parents in document order: walk backwards so sub-items are
    # settled before a parent without records of its own borrows their status.
    settled: dict[tuple, tuple[str | None, date | None]] = {}
    results: dict[tuple, TaskProgress] = {}
    for task in reversed(tracked):
        assert task.node is not None
        path = task.node.path
        if task.deadline is None:  # due when its last sub-item is (rule KH303 asks nothing more)
            task = replace(task, deadline=_due_with_children(path, everything))
        own = history.get(path, [])
        status, done_on = _finish(own)
        derived = False
        if not own:
            below = [v for p, v in settled.items() if p[: len(path)] == path]
            if below:
                derived = True
                if all(s == "done" for s, _ in below):
                    status, done_on = "done", max(d for _, d in below if d is not None)
                elif any(s not in (None, "not-started") for s, _ in below):
                    status = "in-progress"
                else:
                    derived = False
        settled[path] = (status, done_on)
        state, days = classify(status, done_on, task.deadline, as_of, due_soon_days)
        occurrences: tuple[Occurrence, ...] = ()
        focus = None
        if task.deadline is not None and task.deadline.kind == "recurring":
            due = task.deadline.occurrences(work_begins(plan), period_end(plan))
            occurrences = settle(due, [(r.date, named_round(r.round, due)[0] if r.round else None)
                                       for r in own if r.status == "done"])
            rounds = state_of(occurrences, as_of, due_soon_days, status not in (None, "not-started"))
            state, days, focus = rounds.state, rounds.days, rounds.focus  # type: ignore[assignment]
            covered = [o.done_on for o in occurrences if o.done_on]
            done_on = covered[-1] if covered else None
            if status == "done" and state not in ("done", "done-late"):
                # This round is done, the work is not: a parent borrowing it is still under way.
                settled[path] = ("in-progress", None)
        results[path] = TaskProgress(
            task, state, days, status, own[-1].date if own else None,
            own[-1].note if own else None, done_on, sum(r.spent_total for r in own), derived,
            occurrences, focus)

    lines, by_source = _budget_use(plan, catalogue, found, dated)
    ordered = [results[t.node.path] for t in tracked if t.node is not None]
    return Report(plan_file, progress_file, as_of, due_soon_days, ordered, lines, by_source)


def _budget_use(plan: Plan, catalogue: Catalogue | None, found: dict, dated: list[Record],
                ) -> tuple[list[LineUse], list[SourceUse]]:
    """Dự toán / đã chi per budget line, per source of each line, and per source of the budget."""
    data = funding.budget_funding(plan)
    if data is None:
        return [], []
    spent: dict[str, int] = {}
    by_line_source: dict[tuple[str, str], int] = {}
    by_source: dict[str, int] = {}
    for record in dated:
        line = task_list.spending_line(found[record.task], plan, catalogue)
        if line is None or not record.spent_total:
            continue
        spent[line] = spent.get(line, 0) + record.spent_total
        for code, value in record.spent_by_source.items():
            by_line_source[line, code] = by_line_source.get((line, code), 0) + value
            by_source[code] = by_source.get(code, 0) + value

    def uses(stated: dict[str, int], used: dict[str, int]) -> tuple[SourceUse, ...]:
        codes = dict.fromkeys([*stated, *used])
        return tuple(SourceUse(c, funding.name(plan, c), stated.get(c), used.get(c, 0)) for c in codes)

    lines = []
    if not data.lines and data.total:  # a total with no lines: the plan's budget is one line
        lines.append(LineUse(task_list.WHOLE_BUDGET, WHOLE_HEADING, data.total, spent.get("", 0),
                             uses({s.code: s.amount for s in data.by_source}, by_source)))
    for line in data.lines:
        node = found.get(line.key)
        heading = task_list.heading(node, catalogue) if node else line.key
        used = {code: v for (key, code), v in by_line_source.items() if key == line.key}
        lines.append(LineUse(line.key, heading, line.amount, spent.get(line.key, 0),
                             uses({s.code: s.amount for s in line.sources}, used)))
    return lines, list(uses({s.code: s.amount for s in data.by_source}, by_source))


def failing(report: Report, fail_on: str) -> list[TaskProgress]:
    """Tasks that make `--fail-on` exit 1. `due-soon` includes overdue: late work is worse than
    work that is nearly late, and an alarm must not go quiet once the deadline passes."""
    states = {"overdue"} if fail_on == "overdue" else {"overdue", "due-soon"}
    return [t for t in report.tasks if t.state in states]
