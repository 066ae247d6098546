"""The progress page and the form that records progress: states as of a day, the overdue and
due-soon lists, money as SVG charts, and a record appended through kehoach.progress.append.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from kehoach.diagnostics import KehoachError, Severity
from kehoach.progress.states import DUE_SOON_DAYS  # the window `kehoach progress` uses
from kehoach.serve.pages import Shown, as_of, render_page, shown

if TYPE_CHECKING:
    from kehoach.serve.server import Server



@dataclass
class Outcome:
    """What became of a form: written (and where), or why not."""

    written: bool = False
    line: int = 0
    message: str = ""
    hint: str = ""
    problems: list[Shown] = field(default_factory=list)
    warnings: list[Shown] = field(default_factory=list)


def _progress_data(path: Path, day: date, days: int) -> dict[str, Any]:
    """Everything the progress page shows, from one checking of the files (library thread)."""
    from kehoach import funding
    from kehoach import progress as prog
    from kehoach.companions import progress_path
    from kehoach.progress.model import STATUSES
    from kehoach.progress.output import line_unnamed, unnamed
    from kehoach.serve import charts
    from kehoach.tasks import deadline_label
    from kehoach.validate import check_alone

    checked = check_alone(path)
    progress_file = progress_path(path)
    plan_errors = [d for d in checked.errors if d.file == str(path)]
    progress_errors = [d for d in checked.diagnostics if d.file == str(progress_file)]
    out: dict[str, Any] = dict(
        plan_errors=shown(plan_errors, checked.sources),
        progress_problems=shown(progress_errors, checked.sources),
        progress_file=str(progress_file),
        statuses=STATUSES,
        report=None,
    )
    if checked.plan is None or plan_errors or any(d.severity is Severity.ERROR for d in progress_errors):
        return out
    plan = checked.plan
    report = prog.compute(
        plan,
        checked.catalogue,
        checked.records,
        day,
        days,
        str(path),
        str(progress_file) if checked.records is not None else None,
    )
    data = funding.budget_funding(plan)
    sources = [(s.code, s.name) for s in data.by_source] if data is not None else []
    unit = (checked.records.unit if checked.records is not None and checked.records.unit else None) or (
        plan.budget.unit if plan.budget is not None else "đồng"
    )
    line_bars = [charts.Bar(line.key, line.heading, line.amount, line.spent) for line in report.lines]
    source_rows = [*report.by_source, *([rest] if (rest := unnamed(report)) else [])]
    source_bars = [
        charts.Bar(s.name[:1].upper() + s.name[1:], s.name, s.amount, s.spent) for s in source_rows
    ]
    out.update(
        report=report,
        summary=prog.summary(report),
        tasks=[
            dict(
                t=t,
                ref=t.task.ref,
                key=t.task.key,
                label=prog.task_label(t, None),
                lead=t.task.lead or "",
                deadline=deadline_label(t.task.deadline),
                status=prog.status_label(t),
                state=prog.state_label(t),
                recurring=bool(t.occurrences),
            )
            for t in report.tasks
        ],
        overdue=[t for t in report.tasks if t.state == "overdue"],
        due_soon=[t for t in report.tasks if t.state == "due-soon"],
        task_label=prog.task_label,
        state_label=prog.state_label,
        lines=[(line, [*line.sources, *([r] if (r := line_unnamed(line)) else [])]) for line in report.lines],
        source_rows=source_rows,
        sources=sources,
        unit=unit,
        state_chart=charts.state_bar(
            {s: report.count(s) for s in prog.STATES},
            prog.STATES,
            f"Nhiệm vụ theo tình trạng đến ngày {day:%d/%m/%Y}",
        ),
        line_chart=charts.money_bars(line_bars, "Kinh phí theo dòng: dự toán và đã chi"),
        source_chart=charts.money_bars(source_bars, "Kinh phí theo nguồn vốn: dự toán và đã chi")
        if len(source_bars) > 0 and report.by_source
        else "",
    )
    return out


async def progress_page(
    server: Server,
    rel: str,
    path: Path,
    request: Request,
    *,
    outcome: Outcome | None = None,
    form: dict[str, str] | None = None,
) -> str:
    day = as_of(request)
    try:
        days = int(request.query_params.get("sap_den_han", DUE_SOON_DAYS))
    except ValueError:
        days = DUE_SOON_DAYS
    data = await asyncio.wrap_future(server.site.run(_progress_data, path, day, max(0, min(days, 3650))))
    written = request.query_params.get("da_ghi")
    return render_page(
        "progress.html",
        rel=rel,
        day=day,
        today=date.today(),
        days=days,
        read_only=server.read_only,
        token=server.guard.token,
        outcome=outcome,
        form=form or {},
        written=written,
        **data,
    )


def _entry(form: dict[str, str], unit: str) -> tuple[dict[str, Any] | None, str]:
    """The record a form describes, or why it cannot be one (said before anything is checked)."""
    from kehoach.money import MoneyError, parse_money
    from kehoach.progress import parse_day
    from kehoach.progress.append import record_entry
    from kehoach.progress.model import STATUS_WORDS, STATUSES

    try:
        day = parse_day(form.get("date", ""))
    except ValueError:
        return (
            None,
            f"Ngày báo cáo `{form.get('date', '')}` không phải ngày có thật "
            "(viết 2024-06-30 hoặc 30/06/2024).",
        )
    task = form.get("task", "").strip()
    if not task:
        return None, "Chưa chọn nhiệm vụ."
    given = " ".join(form.get("status", "").split())
    code = given if given in STATUSES else STATUS_WORDS.get(given.lower())
    if code is None:
        return None, f"Tình trạng `{given}` không phải một trong: {', '.join(STATUSES.values())}."
    status = STATUSES[code]  # the file gets the word the clerk chose (kehoach reads it as the code)
    spent_text = form.get("spent", "").strip()
    spent: int | str | None = None
    if spent_text:
        try:
            amount = parse_money(spent_text, unit)
        except MoneyError as exc:
            return None, f"Số tiền đã chi: {exc}"
        # đồng as the files write them; another unit as typed (the plan's rules read it so)
        spent = amount if unit == "đồng" else spent_text
    source = form.get("source", "").strip() or None
    note = " ".join(form.get("note", "").split()) or None
    round_ = form.get("round", "").strip() or None
    return record_entry(
        day, task, status, spent=spent, source=source if spent is not None else None, note=note, round_=round_
    ), ""


async def record(server: Server, rel: str, path: Path, form: dict[str, str]) -> Outcome:
    """Append the form's record to the plan's progress file, as append_record allows."""
    from kehoach.companions import progress_path
    from kehoach.progress.append import append_record
    from kehoach.serve.site import inside

    target = progress_path(path)
    if not inside(server.site.root, target) or target.is_symlink():
        return Outcome(
            message=f"{target} là liên kết (hoặc dẫn ra ngoài thư mục đang phục vụ): không ghi qua nó.",
            hint="Đặt tệp tiến độ thật cạnh kế hoạch.",
        )

    def run() -> Outcome:
        from kehoach.validate import check_plan

        checked = check_plan(path, progress=False)
        unit = "đồng"
        if checked.plan is not None and checked.plan.budget is not None:
            unit = checked.plan.budget.unit
        existing = _progress_unit(target)
        entry, problem = _entry(form, existing or unit)
        if entry is None:
            return Outcome(message=problem)
        try:
            result = append_record(path, entry)
        except KehoachError as exc:
            return Outcome(message=exc.message, hint=exc.hint)
        warnings = [d for d in result.diagnostics if d.severity is Severity.WARNING]
        if not result.written:
            return Outcome(
                message=f"Bản ghi này sẽ làm tệp tiến độ có {len(result.errors)} lỗi (như "
                "`kehoach validate` báo dưới đây): chưa ghi gì.",
                hint="Sửa nội dung trong biểu mẫu rồi ghi lại.",
                problems=shown(result.errors, result.sources),
                warnings=shown(warnings, result.sources),
            )
        return Outcome(written=True, line=result.line, warnings=shown(warnings, result.sources))

    outcome = await asyncio.wrap_future(server.site.run(run))
    if outcome.written:
        await server.changed({rel}, False)
    return outcome


def _progress_unit(target: Path) -> str | None:
    """The `unit:` a progress file states for its amounts, if any (read as the checker reads it)."""
    from kehoach.loader import load_file, present

    if not present(target):
        return None
    data = load_file(target).data
    unit = data.get("unit") if isinstance(data, dict) else None
    return unit if isinstance(unit, str) else None


