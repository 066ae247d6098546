"""The Vietnamese usage boundary: the one place where a command's outcome becomes a message and an
exit code instead of a traceback.

`Boundary` is the `kehoach` group's class: it says click's usage errors in Vietnamese and turns a
KehoachError (or a file error no stage turned into a message) raised inside any command into its
message and exit code, so the console script, `python -m kehoach` and CliRunner behave the same.
`main()` (kehoach.cli.root) uses the rest for what escapes the app: a closed stdout, a bug.
"""

from __future__ import annotations

import contextlib
import re
from typing import NoReturn

import typer

from kehoach import clihelp, terminal
from kehoach.cli.commands import LazyGroup
from kehoach.cli.shared import EXIT_USAGE, say_error
from kehoach.diagnostics import KehoachError
from kehoach.shown import shown

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



class Boundary(LazyGroup):
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
            if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:
                # A bare `kehoach` asks what it can do: the help, on stdout, and no error (exit 0).
                typer.echo(exc.ctx.get_help())
                raise typer.Exit(0) from None
            _usage_error(exc, "kehoach")

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except KehoachError as exc:
            say_error(exc.message, exc.hint)
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
            typer.echo(f"kehoach: lỗi: {shown(file_error(exc))}", err=True)
            typer.echo("Cách sửa: kiểm tra đường dẫn, quyền đọc/ghi và ổ đĩa.", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (kehoach.console): temp files are gone
            from kehoach.console import Terminated

            with contextlib.suppress(OSError, ValueError):
                typer.echo("kehoach: đã dừng.", err=True)
            raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None



def file_error(exc: OSError) -> str:
    from kehoach.diagnostics import os_reason

    name = exc.filename if isinstance(exc.filename, str) else ""
    shown = name if len(name) <= 120 else name[:60] + "…" + name[-40:]
    return f"không dùng được {shown or 'tệp'}: {os_reason(exc)}."


def stdout_failed(exc: OSError) -> int:
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



def unexpected(exc: BaseException) -> int:
    typer.echo(f"kehoach: lỗi không mong đợi ({type(exc).__name__}: {exc}). Hãy báo lỗi này "
               "kèm tệp kế hoạch; chạy lại với KEHOACH_DEBUG=1 để xem chi tiết.", err=True)
    return EXIT_USAGE
