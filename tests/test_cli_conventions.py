"""CLI conventions (issue 10 item 3): --version, Vietnamese help pages, --color/NO_COLOR/FORCE_COLOR."""

from __future__ import annotations

import io
import itertools
import re
import sys
import tomllib

import pytest
import typer
from typer.testing import CliRunner

from conftest import PLAN_2024, ROOT
from kehoach import __version__, terminal
from kehoach.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
# What click or typer say in English on a help page, and the Python types typer ≥ 0.2x leaks.
ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|Show this|show this|default:|required|env var|"
    r"\[OPTIONS\]|COMMAND|ARGS|<path>|<str>|<int|<list|list\[|Path\]|\bPATH\b|\bTEXT\b|INTEGER|"
    r"FILENAME|\bBOOLEAN\b|\{")


@pytest.fixture(autouse=True)
def _colour_mode_reset():
    yield
    terminal.set_mode("auto")


def test_every_command_is_covered():
    assert {"validate", "render", "tasks", "progress", "schema", "words", "rules"} <= set(COMMANDS)


@pytest.mark.parametrize("args", [[], *[[c] for c in COMMANDS]])
def test_help_pages_are_vietnamese(args):
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith("Cách dùng: kehoach")
    assert "Tùy chọn:" in page and "In hướng dẫn này rồi thoát." in page
    leaks = ENGLISH.findall(page)
    assert not leaks, f"English on `kehoach {' '.join(args)} --help`: {leaks}\n{page}"
    assert not re.search(r"\bx[<>]=?-?\d|\d[<>]=?x\b", page), page  # click's [x>=1] (issue 28)
    assert "\\" not in page, page  # typer < 0.22 escaped `[` for rich: "\\[bắt buộc]"
    if args and args[0] in ("validate", "render", "tasks", "progress", "words"):
        # validate's files may be left out by the pre-commit hook alone (--hook)
        flat = " ".join(page.split())
        assert "Tham số:" in page and ("[bắt buộc]" in page or "[bắt buộc, trừ khi có --hook]" in flat)
        # Each argument says what it is (typer < 0.26 with click ≥ 8.5 dropped that line).
        arguments = page.split("Tham số:", 1)[1].split("Tùy chọn:", 1)[0]
        assert re.search(r"\b(Tệp|Số tiền)", arguments), arguments
    if args and args[0] in ("validate", "render", "tasks", "progress", "rules"):
        assert "[mặc định: " in page
    if not args:
        assert "Lệnh:" in page and "[TÙY_CHỌN] LỆNH [THAM_SỐ]..." in page
    assert "--color" in page  # every command takes it, before or after its name
    usage = page.splitlines()[0]
    assert not re.search(r"\b[a-z_]+\.\.\.|\b[a-z]+_[a-z]+\b", usage.split(" ", 3)[-1]), usage  # `paths...`


def test_help_pages_are_vietnamese_through_the_console_script():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "kehoach", "tasks", "-h"], capture_output=True,
                         text=True, check=True, env={"COLUMNS": "100", "PATH": ""}).stdout
    assert out.startswith("Cách dùng: ") and not ENGLISH.findall(out)


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    result = CliRunner().invoke(app, [flag])
    assert result.exit_code == 0
    assert result.output == f"kehoach {__version__}\n"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("env", "tty", "expected"), [
    ({}, True, True),
    ({}, False, False),
    ({"NO_COLOR": ""}, True, True),          # empty does not count (no-color.org)
    ({"NO_COLOR": "1"}, True, False),
    ({"FORCE_COLOR": "1"}, False, True),
    ({"FORCE_COLOR": "0"}, False, True),    # any non-empty value forces (force-color.org, CPython)
    ({"FORCE_COLOR": ""}, False, False),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),  # NO_COLOR first, as CPython 3.13
    ({"FORCE_COLOR": "1", "NO_COLOR": ""}, False, True),
    ({"FORCE_COLOR": "1", "TERM": "dumb"}, False, True),
    ({"TERM": "dumb"}, True, False),
])
def test_colour_from_environment(monkeypatch, env, tty, expected):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert terminal.colour(_Tty(tty)) is expected
    terminal.set_mode("never")
    assert terminal.colour(_Tty(tty)) is False
    terminal.set_mode("always")
    assert terminal.colour(_Tty(tty)) is True


# Every combination of the three variables, each unset or non-empty, on a terminal and not.
_NAMES = ("NO_COLOR", "FORCE_COLOR", "TERM")
_PRECEDENCE = [({name: value for name, value in zip(_NAMES, values, strict=True) if value is not None}, tty)
               for values in itertools.product((None, "1"), (None, "1"), (None, "dumb"))
               for tty in (True, False)]


@pytest.mark.parametrize(("env", "tty"), _PRECEDENCE)
def test_colour_precedence_is_cpython_313s(monkeypatch, env, tty):
    """Issue 26 item 8: the order of NO_COLOR, FORCE_COLOR and TERM=dumb is the standard library's
    own (`_colorize.can_colorize`, Python 3.13). Where that module exists (CI runs 3.13) the two are
    asked the same question; elsewhere the rule written out from it is checked."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "PYTHON_COLORS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    terminal.set_mode("auto")
    ours = terminal.colour(_Tty(tty))
    expected = (False if "NO_COLOR" in env else True if "FORCE_COLOR" in env
                else False if env.get("TERM") == "dumb" else tty)
    assert ours is expected
    try:
        import _colorize  # type: ignore[import-not-found]  # Python ≥ 3.13
    except ImportError:
        return
    stream = _Tty(tty)
    stream.fileno = lambda: (_ for _ in ()).throw(io.UnsupportedOperation())  # type: ignore[attr-defined]
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(_colorize, "COLORIZE", True, raising=False)
    assert _colorize.can_colorize() is ours, env


ESC = "\x1b["


def _broken(tmp_path):
    path = tmp_path / "2024.yaml"
    path.write_text(PLAN_2024.read_text(encoding="utf-8").replace("total: 13_000_000", "total: 13_000_001"),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [
    lambda p: ["validate", str(p)],
    lambda p: ["tasks", str(PLAN_2024)],
    lambda p: ["progress", str(PLAN_2024), "--as-of", "2024-12-31"],
    lambda p: ["render", str(p), "-o", str(p.with_suffix(".docx"))],
])
@pytest.mark.parametrize("where", ["before", "after"])
def test_color_option_for_every_command(tmp_path, monkeypatch, command, where):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    args = command(_broken(tmp_path))
    for mode, coloured in (("always", True), ("never", False)):
        full = ["--color", mode, *args] if where == "before" else [*args, "--color", mode]
        result = CliRunner().invoke(app, full)
        assert result.exit_code in (0, 1), result.output
        assert (ESC in result.output) is coloured, (mode, result.output[:400])
        terminal.set_mode("auto")


@pytest.mark.parametrize(("env", "coloured"), [({"FORCE_COLOR": "1"}, True), ({"NO_COLOR": ""}, False),
                                               ({"NO_COLOR": "1", "FORCE_COLOR": ""}, False)])
def test_force_color_through_a_pipe(tmp_path, monkeypatch, env, coloured):
    # CliRunner's output is no terminal: only FORCE_COLOR brings colour.
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for args in (["validate", str(_broken(tmp_path))], ["tasks", str(PLAN_2024)]):
        result = CliRunner().invoke(app, args)
        assert (ESC in result.output) is coloured, result.output[:300]


def test_bad_color_value_is_a_usage_error():
    result = CliRunner().invoke(app, ["validate", str(PLAN_2024), "--color", "sometimes"])
    assert result.exit_code == 2
    assert "`sometimes` không phải một trong" in result.output


# ---- `-`: the plan from standard input -----------------------------------------------------------

def test_stdin_plan_named_for_messages(tmp_path):
    text = PLAN_2024.read_text(encoding="utf-8")
    ok = CliRunner().invoke(app, ["validate", "-", "--stdin-filename", "plans/2024.yaml"],
                            input=text.encode("utf-8"))
    assert ok.exit_code == 0, ok.output
    assert "Không có lỗi (1 tệp)." in ok.output
    bad = CliRunner().invoke(app, ["validate", "-", "--stdin-filename", "plans/2024.yaml", "-f", "parsable"],
                             input=text.replace("total: 13_000_000", "total: 13_000_001").encode("utf-8"))
    assert bad.exit_code == 1
    assert bad.output.startswith("plans/2024.yaml:") and "KH201" in bad.output


def test_stdin_plan_checks_the_progress_file_beside_its_name(tmp_path):
    progress = tmp_path / "2024.progress.yaml"
    progress.write_text((ROOT / "plans" / "2024.progress.yaml").read_text(encoding="utf-8")
                        .replace("status: in-progress", "status: xong", 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "-", "--stdin-filename", str(tmp_path / "2024.yaml"),
                                      "-f", "parsable"], input=PLAN_2024.read_bytes())
    assert result.exit_code == 1
    assert str(progress) in result.output


def test_stdin_unnamed_and_alongside_files():
    result = CliRunner().invoke(app, ["validate", str(PLAN_2024), "-"], input=b"a: [\n")
    assert result.exit_code == 1
    assert "<stdin>:" in result.output and "(2 tệp)" in result.output


def test_stdin_only_once():
    result = CliRunner().invoke(app, ["validate", "-", "-"], input=b"")
    assert result.exit_code == 2 and "một lần" in result.output


def test_tasks_and_progress_read_the_plan_from_stdin(tmp_path):
    from_file = CliRunner().invoke(app, ["tasks", str(PLAN_2024), "-f", "json"])
    piped = CliRunner().invoke(app, ["tasks", "-", "-f", "json", "--stdin-filename", str(PLAN_2024)],
                               input=PLAN_2024.read_bytes())
    assert piped.exit_code == 0, piped.output
    assert piped.output == from_file.output
    # The progress file is found beside the name given, exactly as for the file itself.
    args = ["--as-of", "2024-12-31", "-f", "json"]
    expected = CliRunner().invoke(app, ["progress", str(PLAN_2024), *args]).output
    piped = CliRunner().invoke(app, ["progress", "-", "--stdin-filename", str(PLAN_2024), *args],
                               input=PLAN_2024.read_bytes())
    assert piped.exit_code == 0, piped.output
    assert piped.output == expected and '"done"' in piped.output


def test_a_broken_plan_from_stdin_is_named_in_messages():
    result = CliRunner().invoke(app, ["tasks", "-", "--stdin-filename", "plans/x.yaml"], input=b"a: [\n")
    assert result.exit_code == 1
    assert "plans/x.yaml:2:1" in result.output and "Không đọc được tệp: -" not in result.output


def test_render_from_stdin_needs_a_name_for_its_output(tmp_path):
    refused = CliRunner().invoke(app, ["render", "-", "-f", "md"], input=PLAN_2024.read_bytes())
    assert refused.exit_code == 2 and "-o TỆP" in refused.output
    out = tmp_path / "kh.md"
    done = CliRunner().invoke(app, ["render", "-", "-f", "md", "-o", str(out)], input=PLAN_2024.read_bytes())
    assert done.exit_code == 0, done.output
    CliRunner().invoke(app, ["render", str(PLAN_2024), "-f", "md", "-o", str(tmp_path / "file.md")])
    assert out.read_text(encoding="utf-8") == (tmp_path / "file.md").read_text(encoding="utf-8")


def test_stdin_is_read_with_the_size_cap(monkeypatch):
    from kehoach import loader

    monkeypatch.setattr(loader, "MAX_BYTES", 1000)
    result = CliRunner().invoke(app, ["tasks", "-"], input=b"#" * 5000)
    assert result.exit_code == 2 and "quá lớn" in result.output


@pytest.mark.parametrize("command", [["report", "-"], ["new", "-", "--year", "2025", "-o", "x.yaml"]])
def test_commands_made_of_files_refuse_stdin_plainly(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, command, input=b"")
    assert result.exit_code == 2 and "đầu vào chuẩn" in result.output and not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize(("english", "vietnamese"), [
    ("[x>=1]", "[từ 1 trở lên]"), ("[default: 30; x>=0]", "[mặc định: 30; từ 0 trở lên]"),
    ("[1<=x<=9]", "[từ 1 đến 9]"), ("[x<5]", "[nhỏ hơn 5]"), ("[x>0]", "[lớn hơn 0]"),
    ("[0<x<1]", "[lớn hơn 0 nhỏ hơn 1]"), ("[x<=2.5]", "[không quá 2,5]"), ("[xlsx]", "[xlsx]")])
def test_a_number_range_is_said_in_vietnamese(english, vietnamese):
    from kehoach.clihelp import translate

    assert translate(f"Số tiến trình.  {english}") == f"Số tiến trình.  {vietnamese}"
