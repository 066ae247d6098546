"""The command line: thin commands over the library, and the one boundary that turns a
KehoachError (or a bug) into a message and an exit code instead of a traceback.

Only typer and the standard library are imported at start-up; each command imports what it
needs, so `kehoach --help` and `kehoach validate` stay fast.
"""

from __future__ import annotations

import os
import sys

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.diagnostics import KehoachError

app = typer.Typer(
    name="kehoach",
    help="Kế hoạch của UBND xã dưới dạng văn bản thuần trong git: kiểm tra, kết xuất văn bản "
    "theo Nghị định 30/2020/NĐ-CP, theo dõi nhiệm vụ và tiến độ.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class OutputFormat(str, Enum):
    human = "human"
    parsable = "parsable"
    json = "json"
    github = "github"


class RulesFormat(str, Enum):
    text = "text"
    md = "md"


def _colour(stream=sys.stdout) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Tệp kế hoạch hoặc thư mục chứa kế hoạch.")],
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Cách in: human (mặc định), parsable, json, github.")] = OutputFormat.human,
    strict: Annotated[bool, typer.Option(help="Coi cảnh báo như lỗi (mã thoát 1).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không in gì khi không có lỗi.")] = False,
) -> None:
    """Kiểm tra kế hoạch: cấu trúc, kinh phí, số tiền bằng chữ, thời hạn, mã đơn vị và dự án.

    Mã thoát: 0 không có lỗi; 1 có lỗi (hoặc cảnh báo, với --strict); 2 không đọc được tệp.
    """
    from kehoach import report
    from kehoach.validate import check_plan, expand

    files = list(expand(paths))
    if not files:
        raise KehoachError("Không tìm thấy tệp kế hoạch .yaml nào.", "Chỉ ra tệp hoặc thư mục chứa kế hoạch.")
    results = [check_plan(f) for f in files]
    diagnostics = [d for r in results for d in r.diagnostics]
    if output_format is OutputFormat.human:
        if diagnostics:
            sources = {r.loaded.file: r.loaded.source.lines for r in results}
            typer.echo(report.human(diagnostics, sources, _colour()))
            typer.echo("")
        if diagnostics or not quiet:
            typer.echo(report.summary(diagnostics, len(files)))
    elif output_format is OutputFormat.parsable:
        if diagnostics:
            typer.echo(report.parsable(diagnostics))
    elif output_format is OutputFormat.json:
        typer.echo(report.as_json(diagnostics, [str(f) for f in files]))
    elif diagnostics:
        typer.echo(report.github(diagnostics))
    if any(r.unreadable for r in results):
        raise typer.Exit(EXIT_USAGE)
    if any(r.errors for r in results) or (strict and diagnostics):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def words(
    amount: Annotated[str, typer.Argument(help="Số tiền: 13000000, 13_000_000 hoặc 13.000.000.")],
) -> None:
    """In số tiền bằng chữ: `kehoach words 13000000` → Mười ba triệu đồng."""
    from kehoach.money import MoneyError, amount_in_words, parse_money

    try:
        typer.echo(amount_in_words(parse_money(amount.strip())))
    except MoneyError as exc:
        raise KehoachError(str(exc)) from None


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Ghi ra tệp thay vì in.")] = None,
) -> None:
    """In JSON Schema của tệp kế hoạch (cho trình soạn thảo: gợi ý và kiểm tra khi gõ)."""
    from kehoach.jsonschema import schema_text
    from kehoach.output import write_atomic

    text = schema_text()
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


@app.command()
def rules(
    output_format: Annotated[RulesFormat, typer.Option(
        "--format", "-f", help="text (mặc định) hoặc md (trang tài liệu docs/rules.md).")] = RulesFormat.text,
) -> None:
    """Liệt kê mọi mã lỗi của `kehoach validate` với giải thích và ví dụ."""
    from kehoach.codes import all_codes, markdown

    if output_format is RulesFormat.md:
        typer.echo(markdown(), nl=False)
        return
    for c in all_codes():
        typer.echo(f"{c.code}  {c.name:<26} {c.severity.label:<9} {c.summary}")


# ---- render (issue 3) -------------------------------------------------------------------------


# ---- tasks and progress (issue 4) -------------------------------------------------------------


def main() -> None:
    """Console entry point: the single place exceptions become messages and exit codes."""
    try:
        app()
    except KehoachError as exc:
        typer.echo(f"kehoach: lỗi: {exc.message}", err=True)
        if exc.hint:
            typer.echo(f"Cách sửa: {exc.hint}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("kehoach: đã dừng.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly; KEHOACH_DEBUG=1 shows the traceback
        if os.environ.get("KEHOACH_DEBUG"):
            raise
        typer.echo(f"kehoach: lỗi không mong đợi ({type(exc).__name__}: {exc}). Hãy báo lỗi này "
                   "kèm tệp kế hoạch; chạy lại với KEHOACH_DEBUG=1 để xem chi tiết.", err=True)
        sys.exit(EXIT_USAGE)



