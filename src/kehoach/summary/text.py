"""What a person or a program reads of a summary: the terminal table (rich), csv and json."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kehoach.diagnostics import format_decimal
from kehoach.money import format_money
from kehoach.progress.states import STATES
from kehoach.shown import shown, shown_path
from kehoach.summary import cells
from kehoach.summary.rows import OTHER, Money, PlanRow, SourceColumn, Summary, column_code, spent_share

JSON_FORMAT_VERSION = 1  # docs/json.md, as kehoach.diagnostics_text.JSON_FORMAT_VERSION


def _percent(share: float | None) -> str:
    return "" if share is None else format_decimal(100 * share) + "%"


def years(row: PlanRow) -> str:
    if row.first_year is None:
        return ""
    return str(row.first_year) if row.last_year == row.first_year else f"{row.first_year}–{row.last_year}"


def sentences(summary: Summary) -> list[str]:
    t = summary.totals
    failed = len(summary.failed)
    verdict = f"{failed} kế hoạch có lỗi, không tính vào tổng." if failed else "không kế hoạch nào có lỗi."
    out = [f"{len(summary.rows)} kế hoạch tính đến ngày {summary.as_of:%d/%m/%Y}; {verdict}"]
    out.append(f"Tổng kinh phí {format_money(t.total)} đồng, đã chi {format_money(t.spent)} đồng"
               + (f" ({_percent(spent_share(t.spent, t.total))})." if t.total else "."))
    n = t.task_count
    done = t.tasks["done"] + t.tasks["done-late"]
    out.append(f"Nhiệm vụ: hoàn thành {done}/{n}"
               + (f" (trễ hạn {t.tasks['done-late']})" if t.tasks["done-late"] else "")
               + f"; quá hạn {t.tasks['overdue']}; sắp đến hạn {t.tasks['due-soon']}; "
               f"trong hạn {t.tasks['on-track']}; chưa bắt đầu {t.tasks['not-started']}.")
    return out


# ---- csv ------------------------------------------------------------------------------------------


def as_csv(summary: Summary) -> str:
    """kehoach.spreadsheet's CSV (BOM, formulas neutralised, bare integers): every column of the
    workbook's sheet, the share as "96.9%" (see kehoach.spreadsheet.percent)."""
    from kehoach.spreadsheet import csv_text, percent

    titles, rows, total = cells.sheet(summary)
    shares = {i for i, h in enumerate(titles) if h.kind == "percent"}
    return csv_text([h.title for h in titles],
                    ([percent(v) if i in shares else v for i, v in enumerate(values)]  # type: ignore[arg-type]
                     for values in [*rows, total]))


# ---- json -----------------------------------------------------------------------------------------


def _budget(columns: dict[str, Money], order: list[str]) -> list[dict]:
    return [{"code": key or None, "amount": columns[key].amount, "spent": columns[key].spent}
            for key in order if key in columns]


def _tasks(counts: dict[str, int]) -> dict[str, int]:
    return {"total": sum(counts.values()), **{s.replace("-", "_"): counts.get(s, 0) for s in STATES}}


def _plan(row: PlanRow, order: list[str]) -> dict:
    out: dict = {"file": shown_path(row.file), "ok": row.ok, "errors": row.errors, "warnings": row.warnings}
    if not row.ok:
        e = row.error
        assert e is not None
        return out | {"error": {"file": shown_path(e.file), "line": e.line, "column": e.column,
                                "code": e.code, "message": shown(e.message, line_breaks=True)}}
    return out | {
        "progress_file": shown_path(row.progress_file) if row.progress_file is not None else None,
        "issuer": row.issuer,
        "first_year": row.first_year, "last_year": row.last_year,
        "total": row.total, "spent": row.spent, "budget": _budget(row.columns, order),
        "funding": [{"source": code, "name": row.source_names[code], "amount": money.amount,
                     "spent": money.spent} for code, money in row.sources.items()],
        "unassigned": {"amount": row.unassigned.amount, "spent": row.unassigned.spent},
        "tasks": _tasks(row.tasks),
    }


def _source(column: SourceColumn) -> dict:
    """A source as its column: the name it is added up by, and the code, when all plans give it
    the same one (null when they use several: `codes`)."""
    return {"source": column.codes[0] if len(column.codes) == 1 else None, "codes": list(column.codes),
            "name": column.heading}


def as_json(summary: Summary) -> str:
    """The contract is docs/json.md (`kehoach summary -f json`)."""
    order = [c.key for c in summary.columns]
    t = summary.totals
    data = {
        "format_version": JSON_FORMAT_VERSION,
        "as_of": summary.as_of.isoformat(),
        "states": [{"state": state, "state_label": label} for state, label in STATES.items()],
        "columns": [{"code": c.key or None, "heading": c.heading} for c in summary.columns],
        "sources": [_source(c) for c in summary.sources],
        "plans": [_plan(row, order) for row in summary.rows],
        "total": {"plans": len(summary.rows), "summed": t.plans, "failed": len(summary.failed),
                  "total": t.total, "spent": t.spent, "budget": _budget(t.columns, order),
                  "funding": [_source(c) | {"amount": t.sources[c.key].amount,
                                            "spent": t.sources[c.key].spent} for c in summary.sources],
                  "unassigned": {"amount": t.unassigned.amount, "spent": t.unassigned.spent},
                  "tasks": _tasks(t.tasks)},
    }
    # json.dump writes piece by piece; json.dumps with an indent first lists every piece (one string
    # per key, value and comma): for 10,000 plans that list, not the text, was the command's peak.
    out = io.StringIO()
    json.dump(data, out, ensure_ascii=False, indent=2)
    return out.getvalue()


# ---- terminal -------------------------------------------------------------------------------------


def console(width: int = 100):  # -> rich.console.Console
    """The tables' console (kehoach.tasks.console): colour as `--color`, NO_COLOR… decide; piped,
    plain text `width` wide unless COLUMNS says otherwise."""
    from kehoach.tasks import console as shared

    return shared(width)


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal (never in a pipe or a log); None otherwise."""
    import sys

    if total < 2 or not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield None  # decided before rich is imported: json and csv need none of it
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from kehoach import terminal

    colour = terminal.colour(sys.stderr)
    out = Console(stderr=True, force_terminal=True, no_color=not colour, highlight=False, emoji=False)
    with Progress(TextColumn("Đang đọc kế hoạch"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=out, transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda n: bar.advance(task, n)


def short_issuer(issuer: str) -> str:
    """"Ủy ban nhân dân xã An Dương" → "UBND xã An Dương", as Vietnamese tables write it."""
    for long, short in _ABBREVIATIONS:
        if issuer.casefold().startswith(long):
            return short + issuer[len(long):]
    return issuer


_ABBREVIATIONS = (("ủy ban nhân dân", "UBND"), ("uỷ ban nhân dân", "UBND"), ("hội đồng nhân dân", "HĐND"))


def common_folder(summary: Summary) -> str:
    """The folder every plan is in, so the table can name each file by what differs."""
    import os.path

    folders = {os.path.dirname(r.file) for r in summary.rows}
    try:
        return os.path.commonpath(list(folders)) if folders else ""
    except ValueError:  # absolute and relative paths mixed
        return ""


def relative(file: str, root: str) -> str:
    return file[len(root):].lstrip("/\\") if root and file.startswith(root) else file


def render_table(summary: Summary, out) -> None:  # out: rich.console.Console
    """The plans (money and tasks), the money by project, the plans with errors, then a summary.

    Narrow by design (80 columns): the issuer column folds, numbers never wrap; the full figures
    per project and per state are in csv, json and xlsx. Narrower than the table can be without
    losing a column (60, 40 columns), each plan is a block of its name and its figures as
    `Kinh phí: …` fields, as `tasks` and `progress` stack their rows."""
    if out.width < _wide_enough(summary):
        _stacked(summary, out)
        return
    _wide_table(summary, out)


def _money_cells(summary: Summary) -> list[str]:
    t = summary.totals
    cells_ = [format_money(t.total), format_money(t.spent)]
    for row in summary.rows:
        if row.ok and row.total is not None:
            cells_ += [format_money(row.total), format_money(row.spent)]
    return cells_


def _wide_enough(summary: Summary) -> int:
    """Columns the plans' table needs: its figures whole, and the plan's column as wide as its
    longest file name (a name is never folded mid-word) and the issuers' longest word."""
    import os.path

    money = max(len(c) for c in _money_cells(summary))
    root = common_folder(summary)
    name = max([16, *(len(os.path.basename(relative(r.file, root))) for r in summary.rows),
                *(len(word) for r in summary.rows if r.issuer for word in short_issuer(r.issuer).split())])
    # name, Năm (4), Kinh phí, Đã chi, Tỷ lệ (6), Xong (7), Quá hạn (7), a space or two between.
    return name + 5 + 2 * money + 6 + 7 + 7 + 2 * 6


def _fields(pairs: list[tuple[str, str]], width: int) -> str:
    """`Năm: 2024 · Kinh phí: 13.000.000 · …` wrapped at `width`, never inside a field."""
    from kehoach.phrases import NBSP
    from kehoach.terminal import wrap

    text = " · ".join(f"{label}:{NBSP}{value}".replace(" ", NBSP) for label, value in pairs if value)
    return "\n".join("   " + line for line in wrap(text, max(width - 3, 20)).split("\n"))


def _stacked(summary: Summary, out) -> None:  # out: rich.console.Console
    from rich.text import Text

    t = summary.totals
    root = common_folder(summary)
    out.print(Text(f"Tổng hợp kế hoạch tính đến ngày {summary.as_of:%d/%m/%Y}", style="bold"))
    if root:
        out.print(Text(f"Tệp trong thư mục {root}/", style="dim"))
    for n, row in enumerate(summary.rows, 1):
        out.print()
        name = Text(f"{n}. ", style="bold")
        name.append(short_issuer(row.issuer) if row.issuer else relative(row.file, root), style="bold")
        out.print(name)
        if row.issuer:
            out.print(Text("   " + relative(row.file, root), style="dim"))
        if not row.ok:
            out.print(Text("   có lỗi, không tính", style="bold red"))
            continue
        out.print(_fields([
            ("Năm", years(row)), ("Kinh phí", format_money(row.total) if row.total is not None else ""),
            ("Đã chi", format_money(row.spent) if row.total is not None or row.spent else ""),
            ("Tỷ lệ", _percent(spent_share(row.spent, row.total))),
            ("Xong", f"{row.tasks['done'] + row.tasks['done-late']}/{row.task_count}"),
            ("Quá hạn", str(row.tasks["overdue"]))], out.width), highlight=False)
    done = t.tasks["done"] + t.tasks["done-late"]
    out.print()
    out.print(Text(f"Tổng ({t.plans} kế hoạch)", style="bold"))
    out.print(_fields([("Kinh phí", format_money(t.total)), ("Đã chi", format_money(t.spent)),
                       ("Tỷ lệ", _percent(spent_share(t.spent, t.total))), ("Xong", f"{done}/{t.task_count}"),
                       ("Quá hạn", str(t.tasks["overdue"]))], out.width), highlight=False)
    out.print(Text("Kinh phí và đã chi tính bằng đồng; Xong: nhiệm vụ hoàn thành/tổng số.", style="dim"))
    for title, entries in _money_groups(summary):
        out.print()
        out.print(Text(title, style="bold"))
        for label, money in entries:
            out.print(Text(label))
            out.print(_fields([("Dự toán", format_money(money.amount)), ("Đã chi", format_money(money.spent)),
                               ("Tỷ lệ", _percent(spent_share(money.spent, money.amount)))], out.width),
                      highlight=False)
    _failed_and_sentences(summary, out, root)


def _money_groups(summary: Summary):  # -> list[tuple[str, list[tuple[str, Money]]]]
    t = summary.totals
    groups = []
    if summary.columns:
        entries = []
        for column in summary.columns:
            code = column_code(column.key)
            label = code[:1].upper() + code[1:] if code != column.key else code
            heading = column.heading if column.key != OTHER else "không thuộc dự án nào"
            entries.append((f"{label} {heading}", t.columns[column.key]))
        groups.append(("Kinh phí theo dự án, tiểu dự án (đồng)", entries))
    if summary.sources:
        named = [(cells.source_title(c.heading), t.sources[c.key]) for c in summary.sources]
        groups.append(("Kinh phí theo nguồn vốn (đồng)",
                       [*named, (cells.source_title(cells.UNASSIGNED), t.unassigned)]))
    return groups


def _wide_table(summary: Summary, out) -> None:  # out: rich.console.Console
    from rich import box
    from rich.table import Table
    from rich.text import Text

    t = summary.totals
    root = common_folder(summary)
    table = Table(title=Text(f"Tổng hợp kế hoạch tính đến ngày {summary.as_of:%d/%m/%Y}", style="bold"),
                  caption=Text(f"Tệp trong thư mục {shown(root)}/" if root else "", style="dim"),
                  caption_justify="left", title_justify="left", box=box.SIMPLE_HEAD,
                  show_edge=False, show_footer=True, pad_edge=False)
    done = t.tasks["done"] + t.tasks["done-late"]
    table.add_column("Kế hoạch", f"Tổng ({t.plans} kế hoạch)", ratio=1, overflow="fold", min_width=16)
    table.add_column("Năm", no_wrap=True)
    table.add_column("Kinh phí", format_money(t.total), justify="right", no_wrap=True)
    table.add_column("Đã chi", format_money(t.spent), justify="right", no_wrap=True)
    table.add_column("Tỷ lệ", _percent(spent_share(t.spent, t.total)), justify="right", no_wrap=True)
    table.add_column("Xong", f"{done}/{t.task_count}", justify="right", no_wrap=True)
    table.add_column("Quá hạn", str(t.tasks["overdue"]), justify="right", no_wrap=True)
    for row in summary.rows:
        name = Text()
        if row.issuer:
            name.append(short_issuer(row.issuer) + "\n")
        file = shown(relative(row.file, root))
        # A folder and its file on lines of their own: the file's name is never folded mid-word.
        name.append(file.replace("/", "/\n") if len(file) > 16 else file, style="dim")
        if not row.ok:
            name.append("\ncó lỗi, không tính", style="bold red")
            table.add_row(name, "", "", "", "", "", "")
            continue
        overdue = row.tasks["overdue"]
        # A period stands on two lines (2021–, 2025) so that the column stays four digits wide.
        table.add_row(name, years(row).replace("–", "–\n"),
                      format_money(row.total) if row.total is not None else "",
                      format_money(row.spent) if row.total is not None or row.spent else "",
                      _percent(spent_share(row.spent, row.total)),
                      f"{row.tasks['done'] + row.tasks['done-late']}/{row.task_count}",
                      Text(str(overdue), style="bold red" if overdue else ""))
    out.print(table)
    out.print(Text("Kinh phí và đã chi tính bằng đồng; Xong: nhiệm vụ hoàn thành/tổng số.", style="dim"))
    if summary.columns:
        projects = Table(title=Text("Kinh phí theo dự án, tiểu dự án (đồng)", style="bold"),
                         title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, show_footer=True,
                         pad_edge=False)
        projects.add_column("Dự án", "Tổng cộng", ratio=1, overflow="fold")
        projects.add_column("Dự toán", format_money(t.total), justify="right", no_wrap=True)
        projects.add_column("Đã chi", format_money(t.spent), justify="right", no_wrap=True)
        projects.add_column("Tỷ lệ", _percent(spent_share(t.spent, t.total)), justify="right", no_wrap=True)
        for column in summary.columns:
            money = t.columns[column.key]
            code = column_code(column.key)
            label = Text(code[:1].upper() + code[1:] if code != column.key else code, style="bold")
            label.append("\n" + (column.heading if column.key != OTHER else "không thuộc dự án nào"))
            projects.add_row(label, format_money(money.amount), format_money(money.spent),
                             _percent(spent_share(money.spent, money.amount)))
        out.print()
        out.print(projects)
    if summary.sources:
        sources = Table(title=Text("Kinh phí theo nguồn vốn (đồng)", style="bold"), title_justify="left",
                        box=box.SIMPLE_HEAD, show_edge=False, show_footer=True, pad_edge=False)
        sources.add_column("Nguồn", "Tổng cộng", ratio=1, overflow="fold")
        sources.add_column("Dự toán", format_money(t.total), justify="right", no_wrap=True)
        sources.add_column("Đã chi", format_money(t.spent), justify="right", no_wrap=True)
        sources.add_column("Tỷ lệ", _percent(spent_share(t.spent, t.total)), justify="right", no_wrap=True)
        named = [(cells.source_title(c.heading), t.sources[c.key]) for c in summary.sources]
        for label, money in [*named, (cells.source_title(cells.UNASSIGNED), t.unassigned)]:
            sources.add_row(label, format_money(money.amount), format_money(money.spent),
                            _percent(spent_share(money.spent, money.amount)))
        out.print()
        out.print(sources)
    _failed_and_sentences(summary, out, root)


def _failed_and_sentences(summary: Summary, out, root: str) -> None:  # out: rich.console.Console
    from rich.table import Table
    from rich.text import Text

    if summary.failed:
        out.print()
        out.print(Text(f"Kế hoạch có lỗi ({len(summary.failed)}), không tính vào tổng — "
                       "xem `kehoach validate <tệp>`:", style="bold red"))
        errors = Table.grid(padding=(0, 0, 0, 2), pad_edge=True)
        errors.add_column(overflow="fold")
        for row in summary.failed:
            line = Text()
            line.append(shown(relative(row.error.where if row.error else row.file, root)), style="bold")
            line.append(f": [{row.error.code}] {shown(row.error.message)}" if row.error else "")
            if row.errors > 1:
                line.append(f" (và {row.errors - 1} lỗi khác)", style="dim")
            errors.add_row(line)
        out.print(errors)
    out.print()
    for sentence in sentences(summary):
        out.print(Text(sentence))


def as_text(summary: Summary, width: int = 100) -> str:
    """The table as plain text (no colour), for -o FILE."""
    from rich.console import Console

    buffer = io.StringIO()
    render_table(summary, Console(file=buffer, width=width, color_system=None, highlight=False,
                                  emoji=False, force_terminal=False))
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())
