"""The command line: thin commands over the library, and the one boundary that turns a
KehoachError (or a bug) into a message and an exit code instead of a traceback.

Only typer and the standard library are imported at start-up; each command imports what it
needs, so `kehoach --help` and `kehoach validate` stay fast.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer.core import TyperGroup

from kehoach import clihelp, terminal
from kehoach.diagnostics import KehoachError

try:  # typer ≥ 0.2x vendors click; earlier releases use click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - depends on the typer release
    from click import exceptions as click_errors  # type: ignore[no-redef]

_NO_COMMAND = re.compile(r"No such command '([^']*)'\.(?: Did you mean (.*)\?)?")
_EXTRA = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)")
_NEEDS_VALUE = re.compile(r"Option '(.*)' requires (?:an argument|\d+ arguments)\.")
_NOT_ONE_OF = re.compile(r"(?:Value error, )?'([^']*)' is not one of (.*?)\.?$")


# Click's and pydantic's words for a bad option value, in Vietnamese (never shown in English).
_VALUE_PROBLEMS = (
    (re.compile(r"(?:Input should be )?greater than or equal to (\S+?)\.?$"), "phải từ {0} trở lên"),
    (re.compile(r"(?:Input should be )?less than or equal to (\S+?)\.?$"), "phải không quá {0}"),
    (re.compile(r"(?:Input should be )?greater than (\S+?)\.?$"), "phải lớn hơn {0}"),
    (re.compile(r".*valid integer.*|'.*' is not a valid integer.*"), "phải là số nguyên"),
    (re.compile(r".*valid (?:number|float).*|'.*' is not a valid float.*"), "phải là số"),
    (re.compile(r".*valid boolean.*|'.*' is not a valid boolean.*"), "phải là có/không (true/false)"),
    (re.compile(r"(\S+) is not in the range (.*)\.$"), "`{0}` nằm ngoài khoảng cho phép ({1})"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' does not exist\.?"), "không có `{0}`"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is not readable\.?"), "không đọc được `{0}`"),
)


def _value_problem(text: str) -> str:
    for pattern, said in _VALUE_PROBLEMS:
        if m := pattern.fullmatch(text.strip()):
            return said.format(*m.groups())
    return text if not text.isascii() else "giá trị không hợp lệ"


def _ticks(text: str) -> str:
    return text.replace("'", "`")


def usage_message(exc: Exception) -> str:
    """Click's usage errors in Vietnamese: a clerk mistyping a command reads what to do."""
    param = getattr(exc, "param", None)
    name = "/".join(getattr(param, "opts", ()) or ()) if param is not None else ""
    if isinstance(exc, click_errors.MissingParameter):
        if name.startswith("-"):
            return f"thiếu tùy chọn `{name}`."
        # An argument by its metavar (TỆP_HOẶC_THƯ_MỤC), as the help page names it, not its Python name.
        return f"thiếu tham số `{getattr(param, 'metavar', None) or name or getattr(param, 'name', '')}`."
    if isinstance(exc, click_errors.NoSuchOption):
        guess = ", ".join(f"`{p}`" for p in sorted(exc.possibilities or ()))
        return f"không có tùy chọn `{exc.option_name}`" + (f" (có phải {guess}?)." if guess else ".")
    text = getattr(exc, "message", str(exc))
    if isinstance(exc, click_errors.BadParameter):
        if m := _NOT_ONE_OF.match(text):
            text = f"`{m[1]}` không phải một trong {_ticks(m[2])}"
        else:
            text = _value_problem(text)
        return f"giá trị không hợp lệ cho `{name}`: {text}." if name else f"giá trị không hợp lệ: {text}."
    if m := _NO_COMMAND.match(text):
        ctx = getattr(exc, "ctx", None)
        listing = getattr(ctx.command, "list_commands", None) if ctx is not None else None
        names = listing(ctx) if listing is not None else []
        # Older typer releases make no suggestion: make the same one ourselves.
        import difflib  # only a mistyped command needs it

        close = m[2] or ", ".join(f"'{n}'" for n in difflib.get_close_matches(m[1], names))
        guess = f" (có phải {_ticks(close)}?)" if close else ""
        return f"không có lệnh `{m[1]}`{guess}." + (" Các lệnh: " + ", ".join(names) + "." if names else "")
    if m := _NEEDS_VALUE.match(text):
        return f"tùy chọn `{m[1]}` cần một giá trị."
    if m := _EXTRA.match(text):
        return f"thừa tham số: {m[1]}."
    if text.strip() == "Missing command.":
        ctx = getattr(exc, "ctx", None)
        listing = getattr(ctx.command, "list_commands", None) if ctx is not None else None
        names = listing(ctx) if listing is not None else []
        return "thiếu tên lệnh." + (" Các lệnh: " + ", ".join(names) + "." if names else "")
    return text


class StreamFailed(Exception):
    """Writing to stdout failed (closed, full, a broken pipe); main() says so and exits."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _usage_error(exc: click_errors.UsageError, where: str) -> NoReturn:
    typer.echo(f"kehoach: lỗi cách gọi lệnh: {usage_message(exc)}", err=True)
    typer.echo(f"Xem hướng dẫn: {where} --help", err=True)
    raise typer.Exit(2) from None


class _Boundary(TyperGroup):
    """Turns a KehoachError from any command into its message and exit code (2) inside the app,
    so the console script, `python -m kehoach` and CliRunner behave the same; and says a
    mistyped command line in Vietnamese."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        clihelp.adopt(self)  # help pages in Vietnamese, frame included

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[no-untyped-def]
        """The options before the command name (`kehoach --colour x`) are parsed here, outside
        `invoke`: their mistakes are said in Vietnamese too. Each call starts from the automatic
        colour choice: a `--color` of an earlier call in the same process never carries over."""
        terminal.set_mode("auto")
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click_errors.UsageError as exc:
            _usage_error(exc, "kehoach")

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except KehoachError as exc:
            typer.echo(f"kehoach: lỗi: {exc.message}", err=True)
            if exc.hint:
                typer.echo(f"Cách sửa: {exc.hint}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except click_errors.UsageError as exc:
            # An option of a command that is not parsed yet has no context: name the command.
            sub = ctx.invoked_subcommand
            _usage_error(exc, exc.ctx.command_path if exc.ctx is not None
                         else f"kehoach {sub}" if sub else "kehoach")
        except OSError as exc:  # a file error no stage turned into a message: still said, exit 2
            from kehoach.console import is_stream_error

            if is_stream_error(exc):  # past click, whose own handler would exit 1 on a broken pipe
                raise StreamFailed(exc) from None
            typer.echo(f"kehoach: lỗi: {file_error(exc)}", err=True)
            typer.echo("Cách sửa: kiểm tra đường dẫn, quyền đọc/ghi và ổ đĩa.", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (kehoach.console): temp files are gone
            from kehoach.console import Terminated

            with contextlib.suppress(OSError, ValueError):
                typer.echo("kehoach: đã dừng.", err=True)
            raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None


app = typer.Typer(
    cls=_Boundary,
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


class OutputFormat(str, Enum):  # noqa: UP042 - typer's documented form
    human = "human"
    parsable = "parsable"
    json = "json"
    github = "github"


class RulesFormat(str, Enum):  # noqa: UP042 - typer's documented form
    text = "text"
    md = "md"


def _colour(stream=None) -> bool:
    return terminal.colour(sys.stdout if stream is None else stream)


class ColorMode(str, Enum):  # noqa: UP042 - as the commands below
    auto = "auto"
    always = "always"
    never = "never"


def _set_colour(value: ColorMode | None) -> ColorMode | None:
    if value is not None:
        terminal.set_mode(value.value)
    return value


# Every command takes --color (before or after its name); the value is kept in kehoach.terminal.
ColorOption = Annotated[ColorMode | None, typer.Option(
    "--color", metavar="auto|always|never", callback=_set_colour, is_eager=True,
    help="Tô màu: auto (mặc định: chỉ khi in ra màn hình), always hoặc never. Không có --color thì "
    "theo biến môi trường FORCE_COLOR, NO_COLOR.")]


StdinNameOption = Annotated[str | None, typer.Option(
    "--stdin-filename", metavar="TÊN",
    help="Với `-` (đọc kế hoạch từ đầu vào chuẩn): tên tệp dùng trong thông báo lỗi; tệp tiến độ "
    "và danh mục được tìm cạnh tên này.")]


def _read_stdin(name: str) -> bytes:
    """Standard input, at most the loader's size cap: a plan piped in is read, never unbounded."""
    from kehoach.loader import read_capped

    data, problem = read_capped(sys.stdin.buffer, name)
    if problem is not None or data is None:
        raise KehoachError(f"Đầu vào chuẩn: {problem.message if problem else 'không đọc được.'}",
                           problem.hint if problem else "")
    return data


def _plan_input(plan: Path, stdin_filename: str | None, *, names_output: bool = False
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
    return name, _read_stdin(str(name))


def _show_version(value: bool) -> None:
    if value:
        from kehoach import __version__

        typer.echo(f"kehoach {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", "-V", callback=_show_version, is_eager=True, help="In phiên bản rồi thoát.")] = False,
    color: ColorOption = None,
) -> None:
    """Kế hoạch của UBND xã dưới dạng văn bản thuần trong git: kiểm tra, kết xuất văn bản theo Nghị
    định 30/2020/NĐ-CP, theo dõi nhiệm vụ và tiến độ."""


@app.command()
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
    from kehoach.validate import check_alone, expand

    if sum(str(p) == "-" for p in paths) > 1:
        raise KehoachError("Chỉ đọc đầu vào chuẩn (`-`) được một lần.")
    stdin_plan = Path(stdin_filename or "<stdin>")
    if any(str(p) == "-" for p in paths):
        files = [f for p in paths for f in ([stdin_plan] if str(p) == "-" else expand([p]))]
        stdin_data = _read_stdin(str(stdin_plan))
        results = [check_alone(f, stdin_data if f is stdin_plan else None) for f in files]
        return _report_validation(files, results, output_format, strict, quiet)
    files = list(expand(paths))
    if not files and paths and all(".catalogue." in p.name and p.is_file() for p in paths):
        typer.echo("Không có kế hoạch nào cạnh danh mục để kiểm tra.")  # pre-commit: a catalogue alone
        return
    if not files:
        raise KehoachError("Không tìm thấy tệp kế hoạch .yaml nào.", "Chỉ ra tệp hoặc thư mục chứa kế hoạch.")
    results = [check_alone(f) for f in files]
    _report_validation(files, results, output_format, strict, quiet)


def _report_validation(files, results, output_format, strict, quiet) -> None:  # type: ignore[no-untyped-def]
    from kehoach import report

    diagnostics = [d for r in results for d in r.diagnostics]
    if output_format is OutputFormat.human:
        if diagnostics:
            sources = {file: lines for r in results for file, lines in r.sources.items()}
            typer.echo(report.human(diagnostics, sources, _colour()), color=True)  # escapes only if _colour()
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
    # A file that cannot be read at all (KH001), the plan or a companion beside it: exit 2.
    if any(d.code == "KH001" for r in results for d in r.diagnostics):
        raise typer.Exit(EXIT_USAGE)
    if any(r.errors for r in results) or (strict and diagnostics):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command(context_settings={"ignore_unknown_options": True})  # `words -5` is an amount
def words(
    amount: Annotated[str, typer.Argument(
        metavar="SỐ_TIỀN", help="Số tiền: 13000000, 13_000_000, 13.000.000 hoặc \"1.234,5 triệu đồng\".")],
    color: ColorOption = None,
) -> None:
    """In số tiền bằng chữ: `kehoach words 13000000` → Mười ba triệu đồng."""
    from kehoach.money import MoneyError, amount_in_words, parse_stated

    try:
        typer.echo(amount_in_words(parse_stated(amount.strip())))
    except MoneyError as exc:
        raise KehoachError(str(exc)) from None


@app.command()
def schema(
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP", help="Ghi ra tệp thay vì in (tên kết thúc bằng / là thư mục).")
    ] = None,
    for_report: Annotated[bool, typer.Option(
        "--report", help="Schema của tệp báo cáo <kế hoạch>.report.yaml (kehoach report).")] = False,
    for_progress: Annotated[bool, typer.Option(
        "--progress", help="Schema của tệp tiến độ <kế hoạch>.progress.yaml.")] = False,
    color: ColorOption = None,
) -> None:
    """In JSON Schema của tệp kế hoạch (cho trình soạn thảo: gợi ý và kiểm tra khi gõ)."""
    from kehoach.jsonschema import schema_text
    from kehoach.output import write_atomic

    text = schema_text(report=for_report, progress=for_progress and not for_report)
    if output_arg is None:
        typer.echo(text, nl=False)
        return
    output, as_folder = _output_arg(output_arg)
    if as_folder:
        output = output / "kehoach.schema.json"
    if output.suffix.lower() in (".yaml", ".yml"):  # a plan, most likely: never write over one
        raise KehoachError(f"Không ghi JSON Schema vào tệp YAML {output}.",
                           "Ghi ra tệp .json, ví dụ schema/kehoach.schema.json.")
    write_atomic(output, text.encode("utf-8"))


@app.command()
def rules(
    output_format: Annotated[RulesFormat, typer.Option(
        "--format", "-f", help="text (mặc định) hoặc md (trang tài liệu docs/rules.md).")] = RulesFormat.text,
    color: ColorOption = None,
) -> None:
    """Liệt kê mọi mã lỗi của `kehoach validate` với giải thích và ví dụ."""
    from kehoach.codes import all_codes, markdown

    if output_format is RulesFormat.md:
        typer.echo(markdown(), nl=False)
        return
    for c in all_codes():
        typer.echo(f"{c.code}  {c.name:<26} {c.severity.label:<9} {c.summary}")


def _output_file(text: str | None, name: str) -> Path | None:
    """-o of a command that writes one file: a folder (trailing slash) gets the file `name`."""
    if text is None:
        return None
    path, as_folder = _output_arg(text)
    return path / name if as_folder else path


def _output_arg(text: str) -> tuple[Path, bool]:
    """-o as typed: a trailing slash means a folder (pathlib would drop it)."""
    if not text.strip():
        raise KehoachError("Tùy chọn -o đang để trống.", "Ghi tên tệp hoặc thư mục kết quả sau -o.")
    return Path(text), text.endswith(("/", os.sep))


# ---- render (issue 3) -------------------------------------------------------------------------


class RenderFormat(str, Enum):  # noqa: UP042 - as the commands above
    docx = "docx"
    html = "html"
    md = "md"
    pdf = "pdf"
    all = "all"


@app.command()
def render(
    plan: Annotated[Path, typer.Argument(metavar="KẾ_HOẠCH", help="Tệp kế hoạch .yaml.", readable=False)],
    output_format: Annotated[RenderFormat, typer.Option(
        "--format", "-f", help="docx (mặc định), html, md, pdf (cần LibreOffice) hoặc all.",
    )] = RenderFormat.docx,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP", help="Tệp kết quả (mặc định build/<tên kế hoạch>.<định dạng>); "
        "tên kết thúc bằng / là thư mục; với --format all là thư mục (mặc định build/).")] = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", metavar="THƯ_MỤC",
        help="Thư mục mẫu riêng (docx/, html/, md/), được tìm trước mẫu có sẵn.", readable=False)] = None,
    draft: Annotated[bool, typer.Option(
        "--draft", help="Kết xuất cả khi kế hoạch còn lỗi; văn bản ghi \"DỰ THẢO\".")] = False,
    stdin_filename: StdinNameOption = None,
    color: ColorOption = None,
) -> None:
    """Kết xuất văn bản kế hoạch theo Nghị định 30/2020/NĐ-CP: Word (.docx), HTML, Markdown, PDF.

    Kế hoạch còn lỗi thì không kết xuất (mã thoát 1), trừ khi dùng --draft. Với --format all, PDF
    được bỏ qua (kèm cảnh báo) nếu máy không có LibreOffice. `-` đọc kế hoạch từ đầu vào chuẩn
    (cần -o hoặc --stdin-filename).
    """
    from kehoach import report
    from kehoach.render.api import FORMATS, render_checked
    from kehoach.validate import check_plan

    plan, source = _plan_input(plan, stdin_filename, names_output=output_arg is None)
    # The document comes from the plan alone: a slip in a progress record must not stop printing it.
    checked = check_plan(plan, progress=False, source=source)
    if checked.errors:  # the same report as `kehoach validate` gives for the plan
        sources = {checked.loaded.file: checked.loaded.source.lines}
        typer.echo(report.human(checked.diagnostics, sources, _colour()), color=True)
        typer.echo("")
        typer.echo(report.summary(checked.diagnostics, 1))
        if not draft or checked.plan is None:
            if not draft:
                typer.echo("Sửa các lỗi trên rồi kết xuất lại, hoặc dùng --draft để in bản dự thảo.")
            raise typer.Exit(EXIT_USAGE if checked.unreadable else EXIT_PROBLEMS)
        typer.echo("Kế hoạch còn lỗi: chỉ kết xuất bản DỰ THẢO.")
    if output_format is RenderFormat.all:
        from kehoach.render.pdf import find_soffice

        formats = FORMATS if find_soffice() else tuple(f for f in FORMATS if f != "pdf")
        if "pdf" not in formats:
            typer.echo("kehoach: cảnh báo: không có LibreOffice (soffice), bỏ qua PDF.", err=True)
    else:
        formats = (output_format.value,)
    output, as_folder = _output_arg(output_arg) if output_arg is not None else (None, False)
    done = render_checked(checked, formats, output, templates, draft=draft, as_folder=as_folder)
    # The files are written: a console that cannot take the news must not turn that into a failure.
    with contextlib.suppress(OSError, ValueError):
        for written in done:
            typer.echo(f"Đã ghi {written.path}" + (" (DỰ THẢO)" if draft else ""))
        sys.stdout.flush()


# ---- tasks and progress (issue 4) -------------------------------------------------------------


class TasksFormat(str, Enum):  # noqa: UP042 - as the commands above
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"


class ProgressFormat(str, Enum):  # noqa: UP042 - as the commands above
    table = "table"
    json = "json"
    md = "md"


class FailOn(str, Enum):  # noqa: UP042 - as the commands above
    overdue = "overdue"
    due_soon = "due-soon"


def _open_plan(path: Path, source: bytes | None = None):  # -> kehoach.validate.Checked (lazily)
    """The plan, checked as `validate` checks it; a plan with errors is refused (exit 1).

    With `source` (standard input), the plan's bytes come from there and `path` only names it.
    """
    from kehoach import report
    from kehoach.validate import check_plan

    if str(path) == "-":
        raise KehoachError("Lệnh này không đọc kế hoạch từ đầu vào chuẩn (`-`).", "Chỉ ra tệp kế hoạch.")
    # The progress file is checked where it is used (`progress`), not here.
    checked = check_plan(path, progress=False, source=source)
    errors = checked.errors
    if errors or checked.plan is None:
        typer.echo(report.human(errors, {checked.loaded.file: checked.loaded.source.lines},
                                _colour(sys.stderr)) + "\n", err=True, color=True)
        again = "- < …" if source is not None else path
        typer.echo(f"Kế hoạch có {len(errors)} lỗi; sửa rồi chạy lại (xem `kehoach validate {again}`).",
                   err=True)
        raise typer.Exit(EXIT_USAGE if checked.unreadable else EXIT_PROBLEMS)
    return checked


@app.command()
def tasks(
    plan: Annotated[Path, typer.Argument(
        metavar="KẾ_HOẠCH", help="Tệp kế hoạch, ví dụ plans/2024.yaml.", readable=False)],
    unit: Annotated[str | None, typer.Option(
        "--unit", "-u", metavar="ĐƠN_VỊ", help="Chỉ một đơn vị: mã (vhxh) hoặc tên, có dấu hay không dấu "
        "(\"dai truyen thanh\").")] = None,
    output_format: Annotated[TasksFormat, typer.Option(
        "--format", "-f", help="table (mặc định), json, md hoặc csv (mở được bằng Excel).")
    ] = TasksFormat.table,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP",
        help="Ghi ra tệp (json, md, csv) thay vì in; CSV ghi UTF-8 có BOM để Excel đọc đúng; tên kết "
        "thúc bằng / là thư mục.")] = None,
    stdin_filename: StdinNameOption = None,
    color: ColorOption = None,
) -> None:
    """Nhiệm vụ của từng đơn vị: việc chủ trì, việc phối hợp và nhiệm vụ ở mục Tổ chức thực
    hiện, theo thứ tự trong văn bản, với số mục như trong văn bản, thời hạn (của mục hoặc mục
    cha) và dòng kinh phí.

    `-` đọc kế hoạch từ đầu vào chuẩn.

    Mã thoát: 0 bình thường; 1 kế hoạch có lỗi; 2 không đọc được tệp hoặc không có đơn vị.
    """
    from kehoach import tasks as task_list
    from kehoach.units import match_unit

    plan, source = _plan_input(plan, stdin_filename)
    output = _output_file(output_arg, f"{plan.stem}-nhiem-vu.{output_format.value}")
    checked = _open_plan(plan, source)
    only = match_unit(checked.plan.units, unit) if unit is not None else None
    groups = task_list.by_unit(checked.plan, checked.catalogue, only)
    if output_format is TasksFormat.table:
        if output is not None:
            raise KehoachError("Bảng chỉ in ra màn hình.", "Dùng -o với --format csv, json hoặc md.")
        task_list.print_table(checked.plan, groups)
        return
    text = {TasksFormat.json: task_list.as_json, TasksFormat.md: task_list.as_markdown,
            TasksFormat.csv: task_list.as_csv}[output_format](checked.plan, groups)
    if output is None:
        typer.echo(text.rstrip("\r\n"))
        return
    from kehoach.output import write_atomic

    # The file itself, so no shell redirection (PowerShell's UTF-16) can re-encode it.
    write_atomic(output, (text if text.endswith("\n") else text + "\n").encode("utf-8"), (plan,))
    typer.echo(f"Đã ghi {output}")


@app.command()
def progress(
    plan: Annotated[Path, typer.Argument(
        metavar="KẾ_HOẠCH", help="Tệp kế hoạch, ví dụ plans/2024.yaml.", readable=False)],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="NGÀY",
        help="Tính đến ngày này (2024-12-31 hoặc 31/12/2024); mặc định hôm nay.")] = None,
    progress_file: Annotated[Path | None, typer.Option(
        "--progress", "-p", metavar="TỆP",
        help="Tệp tiến độ; mặc định <kế hoạch>.progress.yaml cạnh kế hoạch.", readable=False)
    ] = None,
    due_soon_days: Annotated[int, typer.Option(
        "--due-soon-days", min=0, metavar="SỐ_NGÀY",
        help="Còn không quá bấy nhiêu ngày thì là sắp đến hạn.")] = 30,
    output_format: Annotated[ProgressFormat, typer.Option(
        "--format", "-f", help="table (mặc định), json hoặc md.")] = ProgressFormat.table,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help="Mã thoát 1 khi có nhiệm vụ quá hạn (overdue), hoặc quá hạn hay sắp "
        "đến hạn (due-soon).")] = None,
    stdin_filename: StdinNameOption = None,
    color: ColorOption = None,
) -> None:
    """Tiến độ tính đến một ngày: tình trạng từng nhiệm vụ và số đã chi của từng dòng kinh phí.

    Tình trạng theo bản ghi mới nhất có ngày không sau ngày tính (bản ghi sau ngày đó bị bỏ
    qua). Hoàn thành: xong trước hoặc đúng hạn. Hoàn thành trễ hạn: xong sau hạn (số ngày trễ).
    Quá hạn: chưa xong và ngày tính đã qua hạn (chính ngày hạn chưa tính là quá hạn). Sắp đến
    hạn: chưa xong và còn từ 0 đến N ngày (--due-soon-days, mặc định 30). Trong hạn: đã báo
    đang làm hoặc vướng mắc, hạn còn xa. Chưa bắt đầu: chưa có báo cáo hoặc báo not-started,
    hạn còn xa. Hạn theo quý hoặc tháng là ngày cuối quý, tháng; khoảng thời gian hết hạn ở
    ngày cuối; sự kiện xong đúng ngày là đúng hạn; việc thường xuyên không bao giờ quá hạn.
    Thời hạn định kỳ: mỗi kỳ là một hạn; mỗi bản ghi done ứng với kỳ sớm nhất còn mở, nên một
    kỳ bị lỡ vẫn quá hạn dù kỳ sau đã gửi. `-` đọc kế hoạch từ đầu vào chuẩn (tệp tiến độ tìm
    cạnh --stdin-filename, hoặc chỉ ra bằng --progress).

    Mã thoát: 0 bình thường; 1 có lỗi trong kế hoạch hoặc tệp tiến độ, hoặc có nhiệm vụ ở tình
    trạng --fail-on (due-soon tính cả quá hạn); 2 không đọc được tệp.
    """
    from datetime import date

    from kehoach import progress as prog
    from kehoach import report
    from kehoach.loader import present
    from kehoach.validate import progress_path

    plan, source = _plan_input(plan, stdin_filename)
    checked = _open_plan(plan, source)
    day = _parse_day(as_of) if as_of is not None else date.today()
    path = progress_file or progress_path(plan)
    records = None
    if present(path):
        result = prog.check_progress(path, checked.plan, plan, checked.catalogue)
        if result.diagnostics:
            typer.echo(report.human(result.diagnostics, {result.loaded.file: result.loaded.source.lines},
                                    _colour(sys.stderr)) + "\n", err=True, color=True)
        if result.errors or result.progress is None:
            typer.echo(f"Tệp tiến độ {path} có {len(result.errors)} lỗi; sửa rồi chạy lại.", err=True)
            raise typer.Exit(EXIT_USAGE if result.loaded.not_read else EXIT_PROBLEMS)
        records = result.progress
    elif progress_file is not None:
        raise KehoachError(f"Không có tệp tiến độ {path}.", "Kiểm tra đường dẫn ở --progress.")
    else:
        typer.echo(f"Chưa có tệp tiến độ {path}: coi như chưa có báo cáo nào.", err=True)
    result_report = prog.compute(checked.plan, checked.catalogue, records, day, due_soon_days,
                                 str(plan), str(path) if records is not None else None)
    if output_format is ProgressFormat.table:
        prog.print_table(result_report)
    elif output_format is ProgressFormat.json:
        typer.echo(prog.as_json(result_report))
    else:
        typer.echo(prog.as_markdown(result_report))
    if fail_on is not None and prog.failing(result_report, fail_on.value):
        raise typer.Exit(EXIT_PROBLEMS)


# ---- report (issue 12) ------------------------------------------------------------------------


@app.command("report")
def report_command(
    plan: Annotated[Path, typer.Argument(metavar="KẾ_HOẠCH", help="Tệp kế hoạch, ví dụ plans/2024.yaml.",
        readable=False)],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="NGÀY", help="Số liệu tính đến ngày này (2024-12-31 hoặc 31/12/2024); "
        "mặc định `as_of` hoặc `date` trong tệp báo cáo.")] = None,
    output_format: Annotated[RenderFormat, typer.Option(
        "--format", "-f", help="docx (mặc định), html, md, pdf (cần LibreOffice) hoặc all.",
    )] = RenderFormat.docx,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP", help="Tệp kết quả (mặc định build/<tên kế hoạch>-bao-cao."
        "<định dạng>); tên kết thúc bằng / là thư mục; với --format all là thư mục (mặc định build/).")
    ] = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", metavar="THƯ_MỤC",
        help="Thư mục mẫu riêng (docx/, html/, md/), được tìm trước mẫu có sẵn.", readable=False)] = None,
    draft: Annotated[bool, typer.Option(
        "--draft", help="Kết xuất cả khi còn thiếu phần do người viết (để chỗ trống) hoặc còn lỗi; "
        "văn bản ghi \"DỰ THẢO\".")] = False,
    color: ColorOption = None,
) -> None:
    """Báo cáo kết quả thực hiện kế hoạch (BÁO CÁO, ký hiệu BC-…) theo Nghị định 30/2020/NĐ-CP.

    Kết quả từng nhiệm vụ (theo số mục của kế hoạch) và kinh phí lấy từ kế hoạch và tệp tiến
    độ <kế hoạch>.progress.yaml; số, ngày, người ký, tồn tại, nguyên nhân, phương hướng, kiến
    nghị lấy từ tệp <kế hoạch>.report.yaml cạnh kế hoạch.

    Mã thoát: 0 đã ghi; 1 kế hoạch, tệp tiến độ hoặc tệp báo cáo có lỗi hay còn thiếu phần
    (trừ khi dùng --draft); 2 không đọc được tệp hoặc gọi lệnh sai.
    """
    from kehoach import report
    from kehoach.render.api import FORMATS
    from kehoach.results.api import as_of_day, read_companions, render_report
    from kehoach.results.check import report_path
    from kehoach.results.model import ReportFile
    from kehoach.validate import check_plan, progress_path

    if str(plan) == "-":  # the report is made of the files beside the plan, not of a stream
        raise KehoachError("Lệnh report không đọc kế hoạch từ đầu vào chuẩn (`-`).", "Chỉ ra tệp kế hoạch.")
    checked = check_plan(plan, progress=False)
    if checked.errors:
        typer.echo(report.human(checked.diagnostics, checked.sources, _colour(sys.stderr)) + "\n", err=True)
        if not draft or checked.plan is None:
            typer.echo(f"Kế hoạch có {len(checked.errors)} lỗi; sửa rồi chạy lại"
                       + ("." if checked.plan is None else ", hoặc dùng --draft."), err=True)
            raise typer.Exit(EXIT_USAGE if checked.unreadable else EXIT_PROBLEMS)
    companions = read_companions(checked, final=not draft)
    if companions.diagnostics:
        typer.echo(report.human(companions.diagnostics, companions.sources, _colour(sys.stderr)) + "\n",
                   err=True)
    if companions.unreadable:
        raise typer.Exit(EXIT_USAGE)
    parts_file = report_path(plan)
    if companions.missing_report and not draft:
        typer.echo(f"kehoach: lỗi: chưa có tệp báo cáo {parts_file}: số, ngày, người ký, tồn tại, "
                   "nguyên nhân, phương hướng và kiến nghị do người viết.", err=True)
        typer.echo(f"Cách sửa: tạo {parts_file} (xem plans/2024.report.yaml), hoặc dùng --draft để "
                   "in bản dự thảo có chỗ trống.", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    # A draft goes ahead past errors, but not past a file whose content could not be read at all.
    unusable = ((companions.report is None and not companions.missing_report)
                or (companions.progress is None and not companions.missing_progress))
    if companions.errors and (not draft or unusable):
        typer.echo(f"Có {len(companions.errors)} lỗi trong tệp tiến độ hoặc tệp báo cáo; sửa rồi chạy "
                   "lại" + (", hoặc dùng --draft." if not unusable else "."), err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    if companions.missing_progress:
        typer.echo(f"Chưa có tệp tiến độ {progress_path(plan)}: coi như chưa có báo cáo nào.", err=True)
    assert checked.plan is not None
    missing = [what for what, value in (("số (document.number)", checked.plan.document.number),
                                        ("ngày (document.date)", checked.plan.document.date))
               if value is None]
    if missing:
        typer.echo(f"kehoach: lưu ý: kế hoạch chưa có {' và '.join(missing)}: trích yếu của báo cáo "
                   "không nêu được phần này (ghi vào kế hoạch khi đã có).", err=True)
    parts = companions.report or ReportFile()
    given = _parse_day(as_of) if as_of is not None else None
    # As KH703 says of the file's `as_of`: a signed report cannot give figures past its date. A
    # draft may (to see where things stand now): it is marked DỰ THẢO and names its date.
    if given is not None and parts.date is not None and given > parts.date and not draft:
        raise KehoachError(f"--as-of {given:%d/%m/%Y} sau ngày ký báo cáo {parts.date:%d/%m/%Y} "
                           f"(`date` trong {parts_file}): báo cáo không thể nêu số liệu sau ngày ký.",
                           "Bỏ --as-of (số liệu tính đến ngày ký), ghi một ngày không sau ngày ký, sửa "
                           "`date` của báo cáo, hoặc dùng --draft để xem bản dự thảo.")
    from kehoach.rules.deadlines import period_end

    day = as_of_day(given, parts, period_end(checked.plan))
    if output_format is RenderFormat.all:
        from kehoach.render.pdf import find_soffice

        formats = FORMATS if find_soffice() else tuple(f for f in FORMATS if f != "pdf")
        if "pdf" not in formats:
            typer.echo("kehoach: cảnh báo: không có LibreOffice (soffice), bỏ qua PDF.", err=True)
    else:
        formats = (output_format.value,)
    output, as_folder = _output_arg(output_arg) if output_arg is not None else (None, False)
    done = render_report(checked, parts, companions.progress, day, formats, output, templates, draft,
                         as_folder=as_folder)
    # The files are written: a console that cannot take the news must not turn that into a failure.
    with contextlib.suppress(OSError, ValueError):
        for written in done:
            typer.echo(f"Đã ghi {written.path}" + (" (DỰ THẢO)" if draft else ""))
        sys.stdout.flush()


def _parse_day(text: str):  # -> datetime.date
    from kehoach.progress import parse_day

    try:
        return parse_day(text)
    except ValueError:
        raise KehoachError(f"`{text}` không phải ngày có thật.",
                           "Viết --as-of 2024-12-31 hoặc --as-of 31/12/2024.") from None



# ---- new: next year's plan (issue 12, part 2) -------------------------------------------------


@app.command("new")
def new_plan(
    plan: Annotated[Path, typer.Argument(metavar="KẾ_HOẠCH", help="Tệp kế hoạch cũ, ví dụ plans/2024.yaml.",
        readable=False)],
    year: Annotated[str, typer.Option(
        "--year", metavar="NĂM", help="Năm của kế hoạch mới (kế hoạch giai đoạn: năm đầu giai đoạn mới).")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="TỆP_MỚI", help="Tệp kế hoạch mới, ví dụ plans/2025.yaml.",
        readable=False)],
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp mới nếu đã có.")] = False,
    color: ColorOption = None,
) -> None:
    """Tạo kế hoạch năm sau từ kế hoạch này: đổi năm, dời mọi thời hạn sang năm mới (giữ cách
    ghi), để trống số và ngày văn bản, giữ nguyên chú thích và thứ tự trong tệp; rồi kiểm tra
    kế hoạch mới và liệt kê những chỗ cần người xem lại (căn cứ, câu nhắc năm cũ, kinh phí,
    chương trình đã hết giai đoạn).

    Mã thoát: 0 đã ghi, kế hoạch mới không có lỗi (có thể có cảnh báo); 1 đã ghi nhưng kế hoạch
    mới còn lỗi, hoặc kế hoạch cũ có lỗi (không ghi); 2 không đọc được tệp, tệp mới đã có (cần
    --force), tệp mới trùng tệp đầu vào, hoặc gọi lệnh sai.
    """
    from kehoach import nextyear, report
    from kehoach.output import write_atomic
    from kehoach.validate import check_plan, progress_path

    if not re.fullmatch(r"\d{4}", year.strip()):
        raise KehoachError(f"`{year}` không phải một năm.", "Viết --year 2025.")
    inputs = nextyear.protected(plan)
    nextyear.refuse_target(output, inputs, force)
    checked = _open_plan(plan)
    result = nextyear.next_year(plan, checked.plan, checked.catalogue, int(year))
    write_atomic(output, result.text.encode("utf-8"), inputs=inputs, yaml_ok=True)  # a plan, by intent
    fresh = check_plan(output, progress=False)
    if fresh.diagnostics:
        typer.echo(report.human(fresh.diagnostics, fresh.sources, _colour()) + "\n", color=True)
    typer.echo(nextyear.as_text(result, str(output), str(plan)))
    for companion in (progress_path(output), output.with_name(f"{output.stem}.report.yaml")):
        if companion.exists():  # not ours: a left-over would be read as the new plan's
            typer.echo(f"Lưu ý: đã có {companion} cạnh kế hoạch mới; kiểm tra tệp đó thuộc kế hoạch mới.")
    if fresh.errors or fresh.plan is None:
        typer.echo(f"Kế hoạch mới có {len(fresh.errors)} lỗi (xem trên); sửa rồi chạy "
                   f"`kehoach validate {output}`.")
        raise typer.Exit(EXIT_PROBLEMS)


# ---- summary (issue 12) ----------------------------------------------------------------------


class SummaryFormat(str, Enum):  # noqa: UP042 - as the commands above
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command()
def summary(
    paths: Annotated[list[Path], typer.Argument(
        metavar="THƯ_MỤC_HOẶC_TỆP", help="Thư mục (hoặc tệp) chứa kế hoạch của các xã.", readable=False)],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="NGÀY",
        help="Tính đến ngày này (2024-12-31 hoặc 31/12/2024); mặc định hôm nay.")] = None,
    output_format: Annotated[SummaryFormat | None, typer.Option(
        "--format", "-f", help="table (mặc định), csv, json hoặc xlsx (Excel, cần -o); "
        "mặc định theo đuôi tệp -o.")] = None,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP", help="Ghi ra tệp thay vì in (bắt buộc với xlsx); tên kết thúc "
        "bằng / là thư mục.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N",
        help="Số tiến trình đọc song song; mặc định bằng số lõi máy.")] = None,
    color: ColorOption = None,
) -> None:
    """Tổng hợp nhiều kế hoạch trong một bảng: mỗi kế hoạch một dòng (cơ quan, năm, tổng kinh
    phí, kinh phí từng dự án, tiểu dự án, đã chi, số nhiệm vụ theo tình trạng), một dòng tổng.

    Đọc mọi kế hoạch (và tệp tiến độ cạnh nó) trong các thư mục. Kế hoạch có lỗi được liệt kê
    kèm lỗi đầu tiên và không tính vào tổng. Mã thoát: 0 mọi kế hoạch đều không có lỗi; 1 có kế
    hoạch có lỗi; 2 không đọc được tệp, không có kế hoạch nào, hoặc gọi lệnh sai.
    """
    from datetime import date

    from kehoach.output import write_atomic
    from kehoach.summary import text
    from kehoach.summary.collect import collect, plan_files
    from kehoach.summary.rows import build

    output = _output_file(output_arg, f"tong-hop.{(output_format or SummaryFormat.xlsx).value}")
    chosen = output_format or _summary_format(output)
    if chosen is SummaryFormat.xlsx and output is None:
        raise KehoachError("Bảng tính Excel không in ra màn hình được.",
                           "Chỉ ra tệp kết quả: -o tong-hop.xlsx.")
    if output is not None and output.suffix.lower() in (".yaml", ".yml"):  # a plan, most likely
        raise KehoachError(f"Không ghi bảng tổng hợp vào tệp YAML {output}.",
                           "Ghi ra tệp .xlsx, .csv, .json hoặc .txt.")
    named = _summary_format(output)
    if output_format is not None and named is not SummaryFormat.table and named is not output_format:
        # `-f xlsx -o x.csv`: a workbook Excel would open as garbled text; refuse to guess which.
        raise KehoachError(f"--format {output_format.value} nhưng tệp {output} có đuôi .{named.value}.",
                           f"Đổi đuôi tệp thành .{output_format.value}, hoặc bỏ --format để theo đuôi tệp.")
    day = _parse_day(as_of) if as_of is not None else date.today()
    # A mistyped folder is said before any table: a table of the other folders would read as
    # the province's whole picture.
    if missing := [p for p in paths if not p.exists() and not p.is_symlink()]:
        raise KehoachError("Không có " + ", ".join(f"`{p}`" for p in missing[:5])
                           + (f" và {len(missing) - 5} đường dẫn khác" if len(missing) > 5 else "") + ".",
                           "Kiểm tra đường dẫn tới thư mục hoặc tệp kế hoạch.")
    files = plan_files(paths)
    if not files:
        raise KehoachError("Không tìm thấy tệp kế hoạch .yaml nào.", "Chỉ ra thư mục chứa kế hoạch.")
    rows = collect(files, day, jobs, text.progress_bar)
    result = build(rows, day)
    if chosen is SummaryFormat.table and output is None:
        text.render_table(result, text.console())
    else:
        data = {SummaryFormat.csv: lambda: text.as_csv(result).encode("utf-8"),
                SummaryFormat.json: lambda: (text.as_json(result) + "\n").encode("utf-8"),
                SummaryFormat.table: lambda: text.as_text(result).encode("utf-8")}
        if chosen is SummaryFormat.xlsx:
            from kehoach.summary.xlsx import workbook_bytes

            payload = workbook_bytes(result)
        else:
            payload = data[chosen]()
        if output is None:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
        else:
            inputs = (*files, *(Path(r.progress_file) for r in rows if r.progress_file))
            write_atomic(output, payload, inputs)
            typer.echo(f"Đã ghi {output} ({len(rows)} kế hoạch).", err=True)
    if any(r.error is not None and r.error.code == "KH001" for r in rows):
        raise typer.Exit(EXIT_USAGE)
    if result.failed:
        raise typer.Exit(EXIT_PROBLEMS)


def _summary_format(output: Path | None) -> SummaryFormat:
    """The format an -o file's suffix names; the table when there is no -o or no known suffix."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return {"csv": SummaryFormat.csv, "json": SummaryFormat.json, "xlsx": SummaryFormat.xlsx}.get(
        suffix, SummaryFormat.table)


def file_error(exc: OSError) -> str:
    from kehoach.diagnostics import os_reason

    name = exc.filename if isinstance(exc.filename, str) else ""
    shown = name if len(name) <= 120 else name[:60] + "…" + name[-40:]
    return f"không dùng được {shown or 'tệp'}: {os_reason(exc)}."


def _stdout_failed(exc: OSError) -> int:
    """stdout closed, full or gone: say so on stderr (exit 2); a broken pipe ends quietly."""
    from kehoach import console
    from kehoach.diagnostics import os_reason

    console.quiet_stdout()
    if isinstance(exc, BrokenPipeError):
        return 141  # as a shell reports SIGPIPE: the reader stopped reading, nothing to say
    with contextlib.suppress(OSError, ValueError):
        typer.echo(f"kehoach: lỗi: không ghi được ra đầu ra chuẩn: {os_reason(exc)}.", err=True)
        typer.echo("Cách sửa: kiểm tra nơi nhận kết quả (tệp, ống dẫn `|`, dung lượng đĩa).", err=True)
    return EXIT_USAGE


def main() -> None:
    """Console entry point: the single place exceptions become messages and exit codes."""
    from kehoach import console

    console.setup()
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
        if isinstance(exc.__context__, BrokenPipeError):  # click's own handler says 1: a pipe closed
            code = _stdout_failed(exc.__context__)
    except KehoachError as exc:
        typer.echo(f"kehoach: lỗi: {exc.message}", err=True)
        if exc.hint:
            typer.echo(f"Cách sửa: {exc.hint}", err=True)
        code = exc.exit_code
    except StreamFailed as exc:
        code = _stdout_failed(exc.error)
    except KeyboardInterrupt as exc:
        with contextlib.suppress(OSError, ValueError):
            typer.echo("kehoach: đã dừng.", err=True)
        code = 143 if isinstance(exc, console.Terminated) else 130
    except OSError as exc:
        if not console.is_stream_error(exc) and os.environ.get("KEHOACH_DEBUG"):
            raise
        code = _stdout_failed(exc) if console.is_stream_error(exc) else _unexpected(exc)
    except Exception as exc:  # a bug: say so plainly; KEHOACH_DEBUG=1 shows the traceback
        if os.environ.get("KEHOACH_DEBUG"):
            raise
        code = _unexpected(exc)
    try:  # what is still buffered must reach stdout now, not fail silently at exit
        sys.stdout.flush()
    except OSError as exc:
        code = _stdout_failed(exc) if code in (0, None) else code
        console.quiet_stdout()
    except ValueError:
        pass
    sys.exit(code)


def _unexpected(exc: BaseException) -> int:
    typer.echo(f"kehoach: lỗi không mong đợi ({type(exc).__name__}: {exc}). Hãy báo lỗi này "
               "kèm tệp kế hoạch; chạy lại với KEHOACH_DEBUG=1 để xem chi tiết.", err=True)
    return EXIT_USAGE
