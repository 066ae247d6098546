"""What a person reads in a terminal (issue 25): messages wrapped at word boundaries to the width
(80, 60, 40 columns), never inside a word or a figure; tables that stack their fields when narrow
instead of dropping a column; no trailing blanks when piped; a bare `kehoach` that helps; a
progress line on a terminal's stderr for a run that takes time."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PLAN_2024, mutated_text, write_text
from kehoach.cli import app
from kehoach.terminal import wrap
from render_plans import ROOT

WIDTHS = (80, 60, 40)
KEHOACH = [sys.executable, "-c", "from kehoach.cli import main; main()"]
runner = CliRunner()


def run(*args: str, columns: int | None = None):
    env = {"COLUMNS": str(columns)} if columns else {}
    return runner.invoke(app, list(args), env=env)


def words(text: str) -> list[str]:
    return text.split()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The seed plan with a total that does not add up and words that do not match it."""
    return write_text(tmp_path, mutated_text("total: 13_000_000", "total: 14_000_000"), "sai.yaml")


def _through_a_terminal(args: list[str], env: dict[str, str], which: str) -> tuple[int, bytes, bytes]:
    """Run kehoach with its `which` stream ("stdout" or "stderr") on a pseudo-terminal: (exit
    code, the other stream, what the terminal received)."""
    import pty

    main, replica = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, which: replica}
    child = subprocess.Popen([*KEHOACH, *args], env=env, **streams)
    os.close(replica)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        seen += chunk
    other = child.stderr if which == "stdout" else child.stdout
    out = other.read()
    other.close()
    os.close(main)
    return child.wait(timeout=120), out, seen


needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="no pseudo-terminal on Windows: the "
                               "terminal layout NOT checked")


@needs_pty
@pytest.mark.parametrize("columns", WIDTHS)
def test_validate_wraps_messages_to_the_width(broken, columns) -> None:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    code, _, seen = _through_a_terminal(["validate", str(broken)], env, "stdout")
    assert code == 1
    lines = seen.decode("utf-8").replace("\r\n", "\n").splitlines()
    # Only a location wider than the line stands whole (a file's path is not broken).
    wide = [line for line in lines if len(line) > columns]
    assert all(re.fullmatch(r"lỗi\[KH\d+\]: \S+", line) for line in wide), wide
    # The message reads the same, word for word: nothing was broken inside a word or a figure.
    whole = run("validate", str(broken)).output  # not a terminal: lines left whole
    message = next(line for line in whole.splitlines() if line.startswith("Các dòng kinh phí"))
    assert " ".join(message.split()) in " ".join(lines)
    prose = [line for line in lines if not re.match(r"\s*\d*\s\|", line)]  # not the excerpt
    for before, after in pairwise(prose):
        assert not (re.search(r"\d$", before) and re.match(r"\s*(đồng|[\d.]+)\b", after)), (before, after)


def test_a_pipe_gets_whole_lines_even_with_columns_set(broken) -> None:
    """Some shells and test runners export COLUMNS: a pipe still gets whole lines, for grep."""
    env = {**os.environ, "COLUMNS": "40"}
    done = subprocess.run([*KEHOACH, "validate", str(broken)], capture_output=True, env=env, timeout=120)
    assert "Các dòng kinh phí cộng lại 13.000.000 đồng, tổng ghi 14.000.000 đồng" in done.stdout.decode()


def test_wrap_never_breaks_a_word_or_a_figure() -> None:
    text = "Các dòng kinh phí cộng lại 13.000.000 đồng, tổng ghi 14.000.000 đồng: thiếu 1.000.000 đồng."
    for columns in (20, 30, 40, 60):
        lines = wrap(text, columns).split("\n")
        assert " ".join(lines) == text
        assert all(len(line) <= columns for line in lines)
        assert not any(line.startswith("đồng") for line in lines)
    assert wrap(text, None) == text  # a pipe: left whole


@pytest.mark.parametrize("columns", WIDTHS)
def test_summary_stacks_when_narrow_and_names_every_plan(columns) -> None:
    result = run("summary", str(ROOT / "plans"), "--as-of", "2024-12-31", columns=columns)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert not any(line != line.rstrip() for line in lines)
    flat = " ".join(result.stdout.split())
    for name in ("An Dương", "Thừa Thiên Huế", "Phong Điền", "Quảng Nam", "Sở Thông tin", "Hòa Bình"):
        assert name in flat, name
    from datetime import date

    from kehoach.money import format_amount
    from kehoach.summary import cells
    from kehoach.summary.collect import collect, plan_files
    from kehoach.summary.rows import build

    day = date(2024, 12, 31)
    summed = cells.total_cells(build(collect(plan_files([ROOT / "plans"]), day, jobs=1), day))
    total = next(v for v in summed if isinstance(v, int) and not isinstance(v, bool) and v > 1_000_000)
    # The total as many plans as plans/ holds sum to (9.421.000.000 today).
    for figure in ("13.000.000", "7.530.500.000", format_amount(total).split()[0]):
        assert figure in result.stdout  # whole, never split over two lines


@pytest.mark.parametrize("command", [["tasks", str(PLAN_2024)],
                                     ["progress", str(PLAN_2024), "--as-of", "2024-12-31"]])
@pytest.mark.parametrize("columns", WIDTHS)
def test_tables_fit_the_width(command, columns) -> None:
    result = run(*command, columns=columns)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns, [line for line in lines if len(line) > columns][:3]
    assert not any(line != line.rstrip() for line in lines)


@pytest.mark.parametrize("command", [["tasks", str(PLAN_2024)], ["summary", str(ROOT / "plans")],
                                     ["progress", str(PLAN_2024), "--as-of", "2024-12-31"]])
def test_piped_tables_carry_no_trailing_blanks(command) -> None:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    done = subprocess.run([*KEHOACH, *command], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode("utf-8").splitlines()
    assert lines and not [line for line in lines if line != line.rstrip()]


def test_a_bare_kehoach_prints_its_help_and_succeeds() -> None:
    done = subprocess.run(KEHOACH, capture_output=True, timeout=60)
    assert done.returncode == 0
    assert done.stderr == b""
    out = done.stdout.decode("utf-8")
    assert out.startswith("Cách dùng:") and "validate" in out and "lỗi cách gọi" not in out


@needs_pty
def test_a_progress_line_on_a_terminal_never_in_the_output(tmp_path) -> None:
    for n in range(6):
        shutil.copy(PLAN_2024, tmp_path / f"xa-{n}.yaml")
    env = {**{k: v for k, v in os.environ.items() if k != "COLUMNS"}, "KEHOACH_PROGRESS_AFTER": "0",
           "TERM": "xterm"}
    code, out, err = _through_a_terminal(["validate", str(tmp_path)], env, "stderr")
    assert code == 0, err
    assert "Đang kiểm tra".encode() in err and b"/6" in err
    assert err.rstrip().endswith(b"\r\x1b[K")  # erased at the end
    assert b"\x1b" not in out and "Đang kiểm tra".encode() not in out
    # Not a terminal: nothing at all.
    done = subprocess.run([*KEHOACH, "validate", str(tmp_path)], capture_output=True, env=env, timeout=120)
    assert "Đang kiểm tra".encode() not in done.stderr
