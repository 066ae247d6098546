"""`kehoach validate`: check plans (files, folders, or `-` for standard input) and print the
diagnostics in one of four formats.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption, StdinNameOption
from kehoach.cli.shared import colour, read_stdin, width
from kehoach.diagnostics import KehoachError

app = command_app()


class OutputFormat(str, Enum):  # noqa: UP042 - typer's documented form
    human = "human"
    parsable = "parsable"
    json = "json"
    github = "github"
    sarif = "sarif"



@app.command("validate")
def validate(
    context: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="TỆP_HOẶC_THƯ_MỤC", help="Tệp kế hoạch hoặc thư mục chứa kế hoạch.  [bắt buộc, trừ khi "
        "có --hook]", readable=False, show_default=False)] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Cách in: human (mặc định), parsable, json, github, sarif (SARIF 2.1.0 "
        "cho GitHub code scanning).")] = OutputFormat.human,
    strict: Annotated[bool, typer.Option("--strict", help="Coi cảnh báo như lỗi (mã thoát 1).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không in gì khi không có lỗi.")] = False,
    stdin_filename: StdinNameOption = None,
    hook: Annotated[bool, typer.Option(
        "--hook", help="Chạy như móc pre-commit: thêm các kế hoạch mà thay đổi xóa đi (hỏi git) để "
        "báo tệp tiến độ, báo cáo còn sót lại; không có tệp nào cũng được.")] = False,
    color: ColorOption = None,
) -> None:
    """Kiểm tra kế hoạch: cấu trúc, kinh phí, số tiền bằng chữ, thời hạn, mã đơn vị và dự án.

    `-` đọc kế hoạch từ đầu vào chuẩn (cho trình soạn thảo, linter), ví dụ: kehoach validate -
    --stdin-filename plans/2024.yaml < plans/2024.yaml

    Mã thoát: 0 không có lỗi; 1 có lỗi (hoặc cảnh báo, với --strict); 2 không đọc được tệp.
    """
    from kehoach.parallel import ordered
    from kehoach.validate import expand, kept_outcome, only_catalogues, outcome

    paths = paths or []
    if not paths and not hook:  # the files are optional for the hook only
        from kehoach.cli.boundary import click_errors

        param = next(p for p in context.command.params if p.name == "paths")
        raise click_errors.MissingParameter(ctx=context, param=param)
    if sum(str(p) == "-" for p in paths) > 1:
        raise KehoachError("Chỉ đọc đầu vào chuẩn (`-`) được một lần.")
    stdin_plan = Path(stdin_filename or "<stdin>")
    if any(str(p) == "-" for p in paths):
        files = [f for p in paths for f in ([stdin_plan] if str(p) == "-" else expand([p]))]
        stdin_data = read_stdin(str(stdin_plan))
        results = (outcome(f, stdin_data if f is stdin_plan else None) for f in files)
        return _print(files, results, output_format, strict, quiet)
    files = list(expand(paths))
    if hook:  # pre-commit passes no deleted file: a plan deleted beside its companions is asked for
        from kehoach.hook import deleted_plans

        files += [plan for plan in deleted_plans() if plan not in files]
        if not files:
            typer.echo("Không có kế hoạch nào để kiểm tra.")
            return
    if not files and only_catalogues(paths):
        typer.echo("Không có kế hoạch nào cạnh danh mục để kiểm tra.")  # pre-commit: a catalogue alone
        return
    if not files:
        raise KehoachError("Không tìm thấy tệp kế hoạch .yaml nào.", "Chỉ ra tệp hoặc thư mục chứa kế hoạch.")
    if any(p.is_dir() for p in paths):  # a folder: every core, and the results of unchanged plans kept
        from kehoach import cache

        cache.of("validate")  # the folder and kehoach's identity looked up once, before the workers
        _print(files, ordered(kept_outcome, files), output_format, strict, quiet)
    else:
        _print(files, ordered(outcome, files), output_format, strict, quiet)


def _print(files, results, output_format, strict, quiet) -> None:  # type: ignore[no-untyped-def]
    """Each file's diagnostics printed as its result comes, in the order of `files`."""
    from kehoach import terminal
    from kehoach.diagnostics_stream import pieces
    from kehoach.validate import Tally

    tally = Tally()
    # A run of many files says how far it is on a terminal's stderr, once it takes a second.
    progress = terminal.Progress("Đang kiểm tra", len(files), sys.stderr)
    for piece in pieces(output_format.value, [str(f) for f in files],
                        tally.counting(terminal.counting(results, progress)),
                        colour=colour(), quiet=quiet, width=width()):
        # color=True: the escapes are there only if colour() said so
        typer.echo(piece.text, nl=False, color=True if piece.colour else None)
    if code := tally.code(strict):
        raise typer.Exit(code)
