"""`kehoach progress`: as of a date, how far along each task is and how much each budget line
has spent, from the progress records kept beside the plan.

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
A quarter or month deadline means its last day.

Tasks reported on: every activity or item with an `id`, every sub-project (a `project` with no
sub-sections) and anything a record names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from kehoach import tasks as task_list
from kehoach.catalogue import Catalogue
from kehoach.deadlines import Deadline
from kehoach.diagnostics import Diagnostic, Severity
from kehoach.loader import Loaded, load_file
from kehoach.model import Activity, Plan
from kehoach.money import format_money
from kehoach.progress_model import STATUSES, ProgressFile, Record

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
_DAY_VN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DAY_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date:
    """`2024-12-31` or `31/12/2024`; ValueError for anything else, or a day not on the calendar."""
    text = text.strip()
    if m := _DAY_VN.fullmatch(text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if _DAY_ISO.fullmatch(text):
        return date.fromisoformat(text)
    raise ValueError(text)


# ---- checking the file --------------------------------------------------------------------------

@dataclass
class ProgressChecked:
    path: Path
    loaded: Loaded
    progress: ProgressFile | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def check_progress(path: Path, plan: Plan, plan_path: Path, catalogue: Catalogue | None,
                   today: date | None = None) -> ProgressChecked:
    """Load, shape-check and rule-check a progress file against its plan. Never raises."""
    from kehoach.progress_rules import PROGRESS_RULES, ProgressContext
    from kehoach.rules.base import run_rules
    from kehoach.schema import validate_model

    loaded = load_file(path)
    checked = ProgressChecked(path, loaded, diagnostics=list(loaded.diagnostics))
    if loaded.unreadable:
        return checked
    if not isinstance(loaded.data, dict):
        checked.diagnostics.append(Diagnostic(
            "KH103", Severity.ERROR, "Tệp tiến độ phải là một bảng `khóa: giá trị` ở cấp ngoài cùng.",
            loaded.file, loaded.source.span(()),
            "Bắt đầu bằng `plan: 2024.yaml` rồi `records:` và các bản ghi `- date: …`."))
        return checked
    progress, problems = validate_model(loaded, ProgressFile)
    checked.diagnostics.extend(problems)
    if progress is None or any(d.severity is Severity.ERROR for d in loaded.diagnostics):
        return checked
    ctx = ProgressContext(loaded.file, loaded.source, catalogue, path.parent, plan=plan,
                          plan_path=plan_path, today=today or date.today())
    checked.diagnostics.extend(run_rules(PROGRESS_RULES, progress, ctx))
    checked.progress = progress
    return checked


# ---- states as of a date ------------------------------------------------------------------------

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

    @property
    def late(self) -> bool:
        return self.state in ("overdue", "done-late")


@dataclass(frozen=True)
class LineUse:
    key: str
    heading: str
    amount: int
    spent: int

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
    if status == "done":
        if deadline is not None and done_on is not None and done_on > deadline.end:
            return "done-late", (done_on - deadline.end).days
        return "done", None
    idle: State = "not-started" if status in (None, "not-started") else "on-track"
    if deadline is None:
        return idle, None
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
        results[path] = TaskProgress(
            task, state, days, status, own[-1].date if own else None,
            own[-1].note if own else None, done_on, sum(r.spent or 0 for r in own), derived)

    lines: list[LineUse] = []
    if plan.budget is not None:
        spent: dict[str, int] = {}
        for record in dated:
            line = task_list.budget_line(found[record.task], plan, catalogue)
            if line is not None and record.spent:
                spent[line] = spent.get(line, 0) + record.spent
        for key, line_value in plan.budget.lines.items():
            node = found.get(key)
            heading = task_list.heading(node, catalogue) if node else key
            lines.append(LineUse(key, heading, line_value.amount, spent.get(key, 0)))
    ordered = [results[t.node.path] for t in tracked if t.node is not None]
    return Report(plan_file, progress_file, as_of, due_soon_days, ordered, lines)


def failing(report: Report, fail_on: str) -> list[TaskProgress]:
    """Tasks that make `--fail-on` exit 1. `due-soon` includes overdue: late work is worse than
    work that is nearly late, and an alarm must not go quiet once the deadline passes."""
    states = {"overdue"} if fail_on == "overdue" else {"overdue", "due-soon"}
    return [t for t in report.tasks if t.state in states]


# ---- words --------------------------------------------------------------------------------------

def percent(value: float) -> str:
    """Vietnamese decimal comma: 96,9%."""
    return f"{value:.1f}".replace(".", ",") + "%"


def state_label(t: TaskProgress) -> str:
    label = STATES[t.state]
    if t.state == "done":
        return f"{label} {t.done_on:%d/%m/%Y}" if t.done_on else label
    if t.state == "done-late":
        return f"{label} {t.days} ngày"
    if t.state == "overdue":
        return f"{label} {t.days} ngày"
    if t.days is None:
        return label
    return f"{label} (hạn hôm nay)" if t.days == 0 else f"{label} (còn {t.days} ngày)"


def status_label(t: TaskProgress) -> str:
    if t.status is None:
        return "chưa có báo cáo"
    words = STATUSES.get(t.status, t.status)
    if t.derived:
        return f"{words} (theo các ý con)"
    return f"{t.status_date:%d/%m/%Y}: {words}" if t.status_date else words


def task_label(t: TaskProgress, width: int | None = 70) -> str:
    text = task_list.shorten(t.task.text, width) if width else " ".join(t.task.text.split())
    return f"{t.task.key} — {text}" if t.task.key else text


def summary(report: Report) -> list[str]:
    n = len(report.tasks)
    done = report.count("done", "done-late")
    out = [f"Hoàn thành {done}/{n} nhiệm vụ ({percent(report.done_share)})"
           + (f", trong đó {report.count('done-late')} trễ hạn" if report.count("done-late") else "")
           + f"; quá hạn {report.count('overdue')}; sắp đến hạn {report.count('due-soon')}; "
           f"trong hạn {report.count('on-track')}; chưa bắt đầu {report.count('not-started')}."]
    blocked = sum(t.status == "blocked" for t in report.tasks)
    if blocked:
        out.append(f"Đang vướng mắc: {blocked} nhiệm vụ.")
    if report.lines:
        share = 100 * report.spent / report.allocated if report.allocated else 0.0
        out.append(f"Đã chi {format_money(report.spent)}/{format_money(report.allocated)} đồng "
                   f"({percent(share)}), còn {format_money(max(report.allocated - report.spent, 0))} đồng.")
    return out


def _remaining(line: LineUse) -> str:
    if line.remaining < 0:
        return f"vượt {format_money(-line.remaining)}"
    return format_money(line.remaining)


TASK_HEADERS = ("Số", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Báo cáo gần nhất", "Tình trạng",
                "Đã chi (đồng)")
LINE_HEADERS = ("Dòng kinh phí", "Nội dung", "Được giao (đồng)", "Đã chi (đồng)",
                "Còn lại (đồng)", "Tỷ lệ chi")


def _task_cells(t: TaskProgress, width: int | None) -> list[str]:
    return [t.task.ref, task_label(t, width), t.task.lead or "",
            task_list.deadline_label(t.task.deadline), status_label(t), state_label(t),
            format_money(t.spent) if t.spent else ""]


def _line_cells(line: LineUse, width: int | None) -> list[str]:
    heading = task_list.shorten(line.heading, width) if width else line.heading
    return [line.key, heading, format_money(line.amount), format_money(line.spent),
            _remaining(line), percent(line.percent)]


def _title(report: Report) -> str:
    return f"Tiến độ {report.plan_file} tính đến ngày {report.as_of:%d/%m/%Y}"


# ---- output formats -----------------------------------------------------------------------------

def as_json(report: Report) -> str:
    data = {
        "plan": report.plan_file,
        "progress": report.progress_file,
        "as_of": report.as_of.isoformat(),
        "due_soon_days": report.due_soon_days,
        "tasks": [{
            "ref": t.task.ref, "task": t.task.key, "text": " ".join(t.task.text.split()),
            "lead": t.task.lead, "partners": list(t.task.partners),
            "deadline": t.task.deadline.text if t.task.deadline else None,
            "deadline_date": t.task.deadline.end.isoformat() if t.task.deadline else None,
            "state": t.state, "state_label": STATES[t.state],
            "days_left": t.days if t.state in ("due-soon", "on-track", "not-started") else None,
            "days_late": t.days if t.late else None,
            "status": t.status, "status_date": t.status_date.isoformat() if t.status_date else None,
            "status_from_sub_items": t.derived, "note": t.note,
            "done_on": t.done_on.isoformat() if t.done_on else None,
            "spent": t.spent, "budget_line": t.task.budget_line,
        } for t in report.tasks],
        "budget": [{
            "line": line.key, "heading": line.heading, "amount": line.amount, "spent": line.spent,
            "remaining": line.remaining, "percent": round(line.percent, 1),
        } for line in report.lines],
        "summary": {
            "tasks": len(report.tasks),
            **{state.replace("-", "_"): report.count(state) for state in STATES},
            "blocked": sum(t.status == "blocked" for t in report.tasks),
            "done_percent": round(report.done_share, 1),
            "allocated": report.allocated, "spent": report.spent,
            "remaining": report.allocated - report.spent,
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def as_markdown(report: Report) -> str:
    out = [f"# {_title(report)}", ""]
    headers = [*TASK_HEADERS, "Ghi chú"]
    out += [_md_row(headers), "|" + "---|" * len(headers)]
    out += [_md_row([*_task_cells(t, None), t.note or ""]) for t in report.tasks]
    if report.lines:
        out += ["", "## Kinh phí", "", _md_row(list(LINE_HEADERS)), "|" + "---|" * len(LINE_HEADERS)]
        out += [_md_row(_line_cells(line, None)) for line in report.lines]
        share = 100 * report.spent / report.allocated if report.allocated else 0.0
        out.append(_md_row(["**Tổng cộng**", "", format_money(report.allocated),
                            format_money(report.spent),
                            format_money(report.allocated - report.spent) if report.spent <= report.allocated
                            else f"vượt {format_money(report.spent - report.allocated)}",
                            percent(share)]))
    out += ["", *summary(report)]
    return "\n".join(out)


_STYLE = {"overdue": "bold red", "done-late": "magenta", "due-soon": "yellow", "done": "green",
          "not-started": "dim", "on-track": ""}


def print_table(report: Report) -> None:
    """Rich tables; colour (late work in red) only on a terminal, plain text when piped."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = task_list.console(140)
    table = Table(title=Text(_title(report), style="bold"), title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Số", no_wrap=True)
    table.add_column("Nhiệm vụ", ratio=1, overflow="fold")
    table.add_column("Chủ trì", no_wrap=True)
    table.add_column("Hạn", no_wrap=True)
    table.add_column("Tình trạng", no_wrap=True)
    table.add_column("Báo cáo gần nhất", no_wrap=True)
    table.add_column("Đã chi (đồng)", justify="right", no_wrap=True)
    for t in report.tasks:
        task = Text()
        if t.task.key:
            task.append(t.task.key + "\n", style="bold")
        task.append(task_list.shorten(t.task.text, 60))
        status = Text(STATUSES.get(t.status or "", "chưa có báo cáo")
                      + (" *" if t.derived else ""), style="yellow" if t.status == "blocked" else "")
        if t.status_date:
            status.append(f"\n{t.status_date:%d/%m/%Y}", style="dim")
        table.add_row(t.task.ref, task, t.task.lead or "",
                      f"{t.task.deadline.end:%d/%m/%Y}" if t.task.deadline else "",
                      Text(state_label(t), style=_STYLE[t.state]), status,
                      format_money(t.spent) if t.spent else "")
    console.print(table)
    if any(t.derived for t in report.tasks):
        console.print(Text("* theo tình trạng các ý con (mục này chưa có báo cáo riêng).", style="dim"))
    if report.lines:
        lines = Table(title=Text("Kinh phí", style="bold"), title_justify="left",
                      box=box.SIMPLE_HEAD, show_edge=False, show_footer=True)
        share = 100 * report.spent / report.allocated if report.allocated else 0.0
        footers = ["Tổng cộng", "", format_money(report.allocated), format_money(report.spent),
                   format_money(report.allocated - report.spent) if report.spent <= report.allocated
                   else f"vượt {format_money(report.spent - report.allocated)}", percent(share)]
        for header, footer in zip(LINE_HEADERS, footers, strict=True):
            numeric = header not in ("Dòng kinh phí", "Nội dung")
            lines.add_column(header, footer, overflow="fold", no_wrap=header != "Nội dung",
                             justify="right" if numeric else "left",
                             ratio=1 if header == "Nội dung" else None)
        for line in report.lines:
            cells = [Text(c) for c in _line_cells(line, 70)]
            if line.remaining < 0:
                cells[4].stylize("bold red")
            lines.add_row(*cells)
        console.print()
        console.print(lines)
    console.print()
    for sentence in summary(report):
        console.print(Text(sentence))
