"""What several commands do the same way around their one library call: exit codes, colour on a
stream, a plan read from standard input, a plan opened as `validate` checks it, a date given on
the command line. (`-o` as typed is kehoach.output.parse_target: a web page needs it too.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kehoach import terminal
from kehoach.diagnostics import KehoachError
from kehoach.shown import shown

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def colour(stream=None) -> bool:
    return terminal.colour(sys.stdout if stream is None else stream)


def say_error(message: str, hint: str = "", label: str = "lỗi") -> None:
    """`kehoach: lỗi: …` and `Cách sửa: …` on stderr, wrapped to a terminal's width."""
    columns = width(sys.stderr)
    message, hint = shown(message, line_breaks=True), shown(hint, line_breaks=True)  # a file's odd name
    typer.echo(terminal.wrap(f"kehoach: {label}: {message}", columns, indent="  "), err=True)
    if hint:
        typer.echo(terminal.wrap(f"Cách sửa: {hint}", columns, indent="  "), err=True)


def width(stream=None) -> int | None:
    """Columns to wrap messages at on `stream` (stdout by default) when it is a terminal; None in
    a pipe (lines left whole)."""
    return terminal.width(sys.stdout if stream is None else stream)


def read_stdin(name: str) -> bytes:
    """Standard input, at most the loader's size cap: a plan piped in is read, never unbounded."""
    from kehoach.loader import read_capped

    data, problem = read_capped(sys.stdin.buffer, name)
    if problem is not None or data is None:
        raise KehoachError(f"Đầu vào chuẩn: {problem.message if problem else 'không đọc được.'}",
                           problem.hint if problem else "")
    return data


def plan_input(plan: Path, stdin_filename: str | None, *, names_output: bool = False
               ) -> tuple[Path, bytes | None]:
    """`-`: the plan's bytes from standard input, named by --stdin-filename (else <stdin>).

    `names_output`: the command names its output after the plan (render, report), so a plan read
    from standard input needs --stdin-filename or -o; refusing beats writing `build/<stdin>.docx`.
    """
    if str(plan) != "-":
        return plan, None
    if names_output and stdin_filename is None:
        raise KehoachError("Kế hoạch đọc từ đầu vào chuẩn (`-`) chưa có tên để đặt cho tệp kết quả.",
                           "Thêm -o TỆP, hoặc --stdin-filename plans/2024.yaml.")
    name = Path(stdin_filename or "<stdin>")
    return name, read_stdin(str(name))


def open_plan(path: Path, source: bytes | None = None):  # -> kehoach.validate.Checked (lazily)
    """The plan, checked as `validate` checks it; a plan with errors is refused (exit 1).

    With `source` (standard input), the plan's bytes come from there and `path` only names it.
    """
    from kehoach import diagnostics_text
    from kehoach.validate import check_plan

    if str(path) == "-":
        raise KehoachError("Lệnh này không đọc kế hoạch từ đầu vào chuẩn (`-`).", "Chỉ ra tệp kế hoạch.")
    # The progress file is checked where it is used (`progress`), not here.
    checked = check_plan(path, progress=False, source=source, positions=False)
    errors = checked.errors
    if checked.refused():
        typer.echo(diagnostics_text.human(errors, {checked.loaded.file: checked.loaded.source.lines},
                                          colour(sys.stderr), width(sys.stderr)) + "\n", err=True, color=True)
        again = "- < …" if source is not None else shown(str(path))
        typer.echo(f"Kế hoạch có {len(errors)} lỗi; sửa rồi chạy lại (xem `kehoach validate {again}`).",
                   err=True)
        raise typer.Exit(checked.failure_code)
    return checked


def parse_day(text: str):  # -> datetime.date
    from kehoach.progress import parse_day as parse

    try:
        return parse(text)
    except ValueError:
        raise KehoachError(f"`{text}` không phải ngày có thật.",
                           "Viết --as-of 2024-12-31 hoặc --as-of 31/12/2024.") from None

