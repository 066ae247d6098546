"""What a person reads of a progress report: labels, the summary sentences, json, Markdown and
the terminal tables."""

from __future__ import annotations

import json

from kehoach import tasks as task_list
from kehoach.diagnostics import format_decimal
from kehoach.money import format_money
from kehoach.progress.model import STATUSES
from kehoach.progress.states import STATES, LineUse, Report, SourceUse, TaskProgress
from kehoach.shown import shown


def percent(value: float) -> str:
    """Vietnamese decimal comma: 96,9%."""
    return format_decimal(value) + "%"


def state_label(t: TaskProgress) -> str:
    label = _plain_state(t)
    if t.occurrences and t.focus is not None:  # recurring: which due date, how many are covered
        done = sum(o.done_on is not None for o in t.occurrences)
        return f"{label}, kỳ {t.focus.due:%d/%m/%Y} (xong {done}/{len(t.occurrences)} kỳ)"
    return label


def _plain_state(t: TaskProgress) -> str:
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
LINE_HEADERS = ("Dòng kinh phí", "Nội dung", "Dự toán (đồng)", "Đã chi (đồng)",
                "Còn lại (đồng)", "Tỷ lệ chi")


def _task_cells(t: TaskProgress, width: int | None) -> list[str]:
    return [t.task.ref, task_label(t, width), t.task.lead or "",
            task_list.deadline_label(t.task.deadline), status_label(t), state_label(t),
            format_money(t.spent) if t.spent else ""]


def _line_cells(line: LineUse, width: int | None) -> list[str]:
    heading = task_list.shorten(line.heading, width) if width else line.heading
    return [line.key, heading, format_money(line.amount), format_money(line.spent),
            _remaining(line), percent(line.percent)]


def _source_cells(source: SourceUse, first: str = "") -> list[str]:
    """A source's row under its line (or in the by-source table): dự toán / đã chi / còn lại."""
    remaining = source.remaining
    cells = [first, f"· {source.name}" if not first else source.name,
             format_money(source.amount) if source.amount is not None else "",
             format_money(source.spent),
             "" if remaining is None else (f"vượt {format_money(-remaining)}" if remaining < 0
                                           else format_money(remaining)),
             percent(100 * source.spent / source.amount) if source.amount else ""]
    return cells


UNNAMED_SOURCE = "chưa ghi nguồn vốn"


def _rest(amount: int, spent: int, sources: list[SourceUse] | tuple[SourceUse, ...]) -> SourceUse | None:
    """What of `amount` (and of `spent`) no source is named for, as one more source row, so that
    the rows under a split add up to what they split; None where nothing is left over."""
    if not sources:
        return None
    amount -= sum(s.amount or 0 for s in sources)
    spent -= sum(s.spent for s in sources)
    if amount <= 0 and spent <= 0:
        return None
    return SourceUse("", UNNAMED_SOURCE, amount if amount > 0 else None, max(spent, 0))


def unnamed(report: Report) -> SourceUse | None:
    """The part of the budget (and of the spending) no source is named for: a row of the
    by-source table."""
    return _rest(report.allocated, report.spent, report.by_source)


def line_unnamed(line: LineUse) -> SourceUse | None:
    """The same under one budget line: spending reported as one amount on a line split by
    source, or the part of a line a partial `of_which` leaves unnamed."""
    return _rest(line.amount, line.spent, line.sources)


def _with_rest(sources: list[SourceUse] | tuple[SourceUse, ...], rest: SourceUse | None) -> list[SourceUse]:
    return [*sources, *([rest] if rest else [])]


def source_rows(report: Report) -> list[SourceUse]:
    return _with_rest(report.by_source, unnamed(report))


def line_source_rows(line: LineUse) -> list[SourceUse]:
    return _with_rest(line.sources, line_unnamed(line))


def _by_source_cells(source: SourceUse) -> list[str]:
    """A row of the by-source table: the source by its printed name (a code is never shown)."""
    name = source.name[:1].upper() + source.name[1:]
    return [name, *_source_cells(source, name)[2:]]


def _source_json(source: SourceUse) -> dict:
    return {"source": source.code, "name": source.name, "amount": source.amount,
            "spent": source.spent, "remaining": source.remaining}


def _title(report: Report) -> str:
    return f"Tiến độ {shown(report.plan_file)} tính đến ngày {report.as_of:%d/%m/%Y}"


def as_json(report: Report) -> str:
    data = {
        "format_version": 1,  # docs/json.md; as kehoach.diagnostics_text.JSON_FORMAT_VERSION
        "plan": shown(report.plan_file),
        "progress": shown(report.progress_file) if report.progress_file is not None else None,
        "as_of": report.as_of.isoformat(),
        "due_soon_days": report.due_soon_days,
        "tasks": [{
            "ref": t.task.ref, "task": t.task.key, "text": " ".join(t.task.text.split()),
            "lead": t.task.lead, "partners": list(t.task.partners),
            "deadline": t.task.deadline.text if t.task.deadline else None,
            "deadline_date": (t.task.deadline.end.isoformat()
                              if t.task.deadline and t.task.deadline.end else None),
            "state": t.state, "state_label": STATES[t.state],
            "days_left": t.days if t.state in ("due-soon", "on-track", "not-started") else None,
            "days_late": t.days if t.late else None,
            "status": t.status, "status_label": STATUSES.get(t.status) if t.status else None,
            "status_date": t.status_date.isoformat() if t.status_date else None,
            "status_from_sub_items": t.derived, "note": t.note,
            "done_on": t.done_on.isoformat() if t.done_on else None,
            "spent": t.spent, "budget_line": t.task.budget_line,
            "occurrences": [{"due": o.due.isoformat(),
                             "done_on": o.done_on.isoformat() if o.done_on else None}
                            for o in t.occurrences],
        } for t in report.tasks],
        "budget": [{
            "line": line.key, "heading": line.heading, "amount": line.amount, "spent": line.spent,
            "remaining": line.remaining, "percent": round(line.percent, 1),
            "sources": [_source_json(source) for source in line.sources],
            "unassigned": ({"amount": rest.amount, "spent": rest.spent}
                           if (rest := line_unnamed(line)) else None),
        } for line in report.lines],
        "by_source": [_source_json(source) for source in report.by_source],
        "unassigned": ({"amount": rest.amount, "spent": rest.spent} if (rest := unnamed(report)) else None),
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
        for line in report.lines:
            out.append(_md_row(_line_cells(line, None)))
            out += [_md_row(_source_cells(source)) for source in line_source_rows(line)]
        share = 100 * report.spent / report.allocated if report.allocated else 0.0
        out.append(_md_row(["**Tổng cộng**", "", format_money(report.allocated),
                            format_money(report.spent),
                            format_money(report.allocated - report.spent) if report.spent <= report.allocated
                            else f"vượt {format_money(report.spent - report.allocated)}",
                            percent(share)]))
    if report.by_source:
        headers = ["Nguồn vốn", *LINE_HEADERS[2:]]
        out += ["", "## Kinh phí theo nguồn vốn", "", _md_row(headers), "|" + "---|" * len(headers)]
        out += [_md_row(_by_source_cells(source)) for source in source_rows(report)]
    out += ["", *summary(report)]
    return "\n".join(out)


_STYLE = {"overdue": "bold red", "done-late": "magenta", "due-soon": "yellow", "done": "green",
          "not-started": "dim", "on-track": ""}


def print_table(report: Report, console=None) -> None:  # type: ignore[no-untyped-def]
    """A table, or one block per task where the terminal is narrow (kehoach.tables); colour
    (late work in red) only on a terminal, plain text when piped."""
    from rich.text import Text

    from kehoach.tables import Column, print_rows

    console = console or task_list.console(140)
    columns = [Column("Số"), Column("Nhiệm vụ", text=True), Column("Chủ trì"), Column("Hạn"),
               Column("Tình trạng"), Column("Báo cáo gần nhất"), Column("Đã chi (đồng)", numeric=True)]
    rows = []
    for t in report.tasks:
        task = Text()
        if t.task.key:
            task.append(t.task.key + "\n", style="bold")
        task.append(" ".join(t.task.text.split()))
        status = Text(STATUSES.get(t.status or "", "chưa có báo cáo")
                      + (" *" if t.derived else ""), style="yellow" if t.status == "blocked" else "")
        if t.status_date:
            status.append(f"\n{t.status_date:%d/%m/%Y}", style="dim")
        rows.append([Text(t.task.ref), task, Text(t.task.lead or ""),
                     Text(task_list.deadline_label(t.task.deadline)),
                     Text(state_label(t), style=_STYLE[t.state]), status,
                     Text(format_money(t.spent) if t.spent else "")])
    print_rows(console, Text(_title(report), style="bold"), columns, rows)
    if any(t.derived for t in report.tasks):
        console.print(Text("* theo tình trạng các ý con (mục này chưa có báo cáo riêng).", style="dim"))
    if report.lines:
        share = 100 * report.spent / report.allocated if report.allocated else 0.0
        footers = ["Tổng cộng", "", format_money(report.allocated), format_money(report.spent),
                   format_money(report.allocated - report.spent) if report.spent <= report.allocated
                   else f"vượt {format_money(report.spent - report.allocated)}", percent(share)]
        line_columns = [Column(h, text=h == "Nội dung", numeric=h not in ("Dòng kinh phí", "Nội dung"))
                        for h in LINE_HEADERS]
        line_rows = []
        for line in report.lines:
            cells = [Text(c) for c in _line_cells(line, None)]
            if line.remaining < 0:
                cells[4].stylize("bold red")
            line_rows.append(cells)
            for source in line_source_rows(line):  # dự toán / đã chi / còn lại by source
                cells = [Text(c, style="dim" if i < 2 else "") for i, c in enumerate(_source_cells(source))]
                if (source.remaining or 0) < 0:
                    cells[4].stylize("bold red")
                line_rows.append(cells)
        console.print()
        print_rows(console, Text("Kinh phí", style="bold"), line_columns, line_rows, footer=footers)
        if report.by_source:
            source_columns = [Column("Nguồn vốn", text=True),
                              *(Column(h, numeric=True) for h in LINE_HEADERS[2:])]
            table_rows = []
            for source in source_rows(report):
                cells = [Text(c) for c in _by_source_cells(source)]
                if (source.remaining or 0) < 0:
                    cells[3].stylize("bold red")
                table_rows.append(cells)
            console.print()
            print_rows(console, Text("Kinh phí theo nguồn vốn", style="bold"), source_columns, table_rows)
    console.print()
    for sentence in summary(report):
        console.print(Text(sentence))
