"""The root command: the `kehoach` group, its own options (--version, --color), and the console
entry point main(), the single place exceptions that escape the app become messages and exit codes.

The commands themselves are not registered here: kehoach.cli.commands lists them and the group
imports a command's module only when that command runs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from enum import Enum
from typing import Annotated

import typer

from kehoach.cli.boundary import Boundary, StreamFailed, stdout_failed, unexpected
from kehoach.cli.options import ColorOption
from kehoach.diagnostics import KehoachError

app = typer.Typer(
    cls=Boundary,
    name="kehoach",
    help="Kế hoạch của UBND xã dưới dạng văn bản thuần trong git: kiểm tra, kết xuất văn bản "
    "theo Nghị định 30/2020/NĐ-CP, theo dõi nhiệm vụ và tiến độ.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Shell(str, Enum):  # noqa: UP042 - typer's documented form
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def _show_completion(value: Shell | None) -> None:
    if value is not None:
        from kehoach.cli.completion import script

        typer.echo(script(value.value), nl=False)
        raise typer.Exit()


def _install_completion(value: Shell | None) -> None:
    if value is not None:
        from kehoach.cli.completion import install

        path, after = install(value.value)
        typer.echo(f"Đã ghi gợi ý lệnh cho {value.value}: {path}")
        for line in after:
            typer.echo(line)
        raise typer.Exit()


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
    show_completion: Annotated[Shell | None, typer.Option(
        "--show-completion", metavar="bash|zsh|fish", callback=_show_completion, is_eager=True,
        help="In đoạn mã gợi ý lệnh khi gõ Tab (lệnh, tùy chọn, định dạng, mã đơn vị) cho bash, zsh "
        "hoặc fish.")] = None,
    install_completion: Annotated[Shell | None, typer.Option(
        "--install-completion", metavar="bash|zsh|fish", callback=_install_completion, is_eager=True,
        help="Cài gợi ý lệnh cho bash, zsh hoặc fish vào thư mục gợi ý của shell đó (không sửa "
        "~/.bashrc); in việc còn phải làm, nếu có.")] = None,
) -> None:
    """Kế hoạch của UBND xã dưới dạng văn bản thuần trong git: kiểm tra, kết xuất văn bản theo Nghị
    định 30/2020/NĐ-CP, theo dõi nhiệm vụ và tiến độ."""


def main() -> None:
    """Console entry point: the single place exceptions become messages and exit codes."""
    from kehoach import console

    if (shell := os.environ.get("_KEHOACH_COMPLETE")) is not None:  # the shell asks, on Tab
        from kehoach.cli.completion import respond

        sys.exit(respond(app, shell))
    console.setup()
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
        if isinstance(exc.__context__, BrokenPipeError):  # click's own handler says 1: a pipe closed
            code = stdout_failed(exc.__context__)
    except KehoachError as exc:
        from kehoach.cli.shared import say_error

        say_error(exc.message, exc.hint)
        code = exc.exit_code
    except StreamFailed as exc:
        code = stdout_failed(exc.error)
    except KeyboardInterrupt as exc:
        with contextlib.suppress(OSError, ValueError):
            typer.echo("kehoach: đã dừng.", err=True)
        code = 143 if isinstance(exc, console.Terminated) else 130
    except OSError as exc:
        if not console.is_stream_error(exc) and os.environ.get("KEHOACH_DEBUG"):
            raise
        code = stdout_failed(exc) if console.is_stream_error(exc) else unexpected(exc)
    except Exception as exc:  # a bug: say so plainly; KEHOACH_DEBUG=1 shows the traceback
        if os.environ.get("KEHOACH_DEBUG"):
            raise
        code = unexpected(exc)
    try:  # what is still buffered must reach stdout now, not fail silently at exit
        sys.stdout.flush()
    except OSError as exc:
        code = stdout_failed(exc) if code in (0, None) else code
        console.quiet_stdout()
    except ValueError:
        pass
    sys.exit(code)

