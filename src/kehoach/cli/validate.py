"""`kehoach validate`: check plans (files, folders, or `-` for standard input) and print the
diagnostics in one of four formats.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption, StdinNameOption
from kehoach.cli.shared import colour, read_stdin
from kehoach.diagnostics import KehoachError

app = command_app()


class OutputFormat(str, Enum):  # noqa: UP042 - typer's documented form
    human = "human"
    parsable = "parsable"
    json = "json"
    github = "github"



@app.command("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(
        metavar="TỆP_HOẶC_THƯ_MỤC", help="Tệp kế hoạch hoặc thư mục chứa kế hoạch.", readable=False)],
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Cách in: human (mặc định), parsable, json, github.")] = OutputFormat.human,
    strict: Annotated[bool, typer.Option("--strict", help="Coi cảnh báo như lỗi (mã thoát 1).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không in gì khi không có lỗi.")] = False,
    stdin_filename: StdinNameOption = None,
    color: ColorOption = None,
) -> None:
    """Kiểm tra kế hoạch: cấu trúc, kinh phí, số tiền bằng chữ, thời hạn, mã đơn vị và dự án.

    `-` đọc kế hoạch từ đầu vào chuẩn (cho trình soạn thảo, linter), ví dụ: kehoach validate -
    --stdin-filename plans/2024.yaml < plans/2024.yaml

    Mã thoát: 0 không có lỗi; 1 có lỗi (hoặc cảnh báo, với --strict); 2 không đọc được tệp.
    """
    from kehoach.validate import check_alone, expand, only_catalogues

    if sum(str(p) == "-" for p in paths) > 1:
        raise KehoachError("Chỉ đọc đầu vào chuẩn (`-`) được một lần.")
    stdin_plan = Path(stdin_filename or "<stdin>")
    if any(str(p) == "-" for p in paths):
        files = [f for p in paths for f in ([stdin_plan] if str(p) == "-" else expand([p]))]
        stdin_data = read_stdin(str(stdin_plan))
        results = [check_alone(f, stdin_data if f is stdin_plan else None) for f in files]
        return _report_validation(files, results, output_format, strict, quiet)
    files = list(expand(paths))
    if not files and only_catalogues(paths):
        typer.echo("Không có kế hoạch nào cạnh danh mục để kiểm tra.")  # pre-commit: a catalogue alone
        return
    if not files:
        raise KehoachError("Không tìm thấy tệp kế hoạch .yaml nào.", "Chỉ ra tệp hoặc thư mục chứa kế hoạch.")
    results = [check_alone(f) for f in files]
    _report_validation(files, results, output_format, strict, quiet)


def _report_validation(files, results, output_format, strict, quiet) -> None:  # type: ignore[no-untyped-def]
    from kehoach import diagnostics_text
    from kehoach.validate import exit_code

    diagnostics = [d for r in results for d in r.diagnostics]
    if output_format is OutputFormat.human:
        if diagnostics:
            sources = {file: lines for r in results for file, lines in r.sources.items()}
            # color=True: the escapes are there only if colour() said so
            typer.echo(diagnostics_text.human(diagnostics, sources, colour()), color=True)
            typer.echo("")
        if diagnostics or not quiet:
            typer.echo(diagnostics_text.summary(diagnostics, len(files)))
    elif output_format is OutputFormat.parsable:
        if diagnostics:
            typer.echo(diagnostics_text.parsable(diagnostics))
    elif output_format is OutputFormat.json:
        typer.echo(diagnostics_text.as_json(diagnostics, [str(f) for f in files]))
    elif diagnostics:
        typer.echo(diagnostics_text.github(diagnostics))
    if code := exit_code(results, strict):
        raise typer.Exit(code)
