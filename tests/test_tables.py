"""Terminal tables of `tasks` and `progress` at any width (issue 10 item 4): every row shows its
number, its whole task text, its state and its dates; narrow terminals get one block per task."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from rich.console import Console

from conftest import PLAN_2024
from kehoach import progress as prog
from kehoach import tasks as task_list
from kehoach.progress.states import STATES
from kehoach.validate import check_plan, progress_path

WIDTHS = [60, 80, 110, 140, 200]


def _console(width: int) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=width, force_terminal=False, color_system=None), buffer


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def checked():
    return check_plan(PLAN_2024, progress=False)


@pytest.fixture(scope="module")
def report(checked):
    records = prog.check_progress(progress_path(PLAN_2024), checked.plan, PLAN_2024, checked.catalogue)
    return prog.compute(checked.plan, checked.catalogue, records.progress, date(2024, 12, 31), 30,
                        str(PLAN_2024), None)


def _lines_fit(text: str, width: int) -> None:
    assert all(len(line.rstrip()) <= width for line in text.splitlines())
    assert "…" not in text


def _words_in_order(words: list[str], text: str) -> bool:
    pattern = r"\s+(?:\S+\s+)*?".join(re.escape(w) for w in words)
    return re.search(pattern, text) is not None


@pytest.mark.parametrize("width", WIDTHS)
def test_tasks_table_shows_every_task_in_full(checked, width):
    out, buffer = _console(width)
    groups = task_list.by_unit(checked.plan, checked.catalogue)
    task_list.print_table(checked.plan, groups, out)
    text = buffer.getvalue()
    _lines_fit(text, width)
    blocks = "────" not in text  # a table has its header rule
    assert blocks or width > 80
    for g in groups:
        for t, role in g.rows:
            assert re.search(rf"^ ?{re.escape(t.ref)} ", text, re.M), t.ref
            words = t.text.split()
            if blocks:  # the block: number, then the text in one piece (wrapped), then the facts
                assert _flat(f"{t.ref} {t.text}") in _flat(text), t.ref
            else:  # a table: the text column is never narrower than MIN_TEXT
                assert _words_in_order(words, text), t.ref
            assert role in text
            if t.deadline is not None:
                assert task_list.deadline_label(t.deadline) in text


@pytest.mark.parametrize("width", WIDTHS)
def test_progress_table_shows_every_task_in_full(report, width):
    out, buffer = _console(width)
    prog.print_table(report, out)
    text = buffer.getvalue()
    _lines_fit(text, width)
    blocks = "────" not in text.split("Kinh phí")[0]
    assert blocks or width > 80
    for t in report.tasks:
        assert re.search(rf"^ ?{re.escape(t.task.ref)} ", text, re.M), t.task.ref
        if blocks:
            assert _flat(f"{t.task.ref} {t.task.key} {t.task.text}") in _flat(text)
            assert f"Tình trạng: {prog.state_label(t)}" in text
            assert _flat(f"Hạn: {task_list.deadline_label(t.task.deadline)}") in _flat(text)
        else:
            assert _words_in_order(t.task.text.split(), text)
            assert prog.state_label(t) in text
            assert _words_in_order(task_list.deadline_label(t.task.deadline).split(), text)
    for line in report.lines:
        assert line.key in text and _words_in_order(line.heading.split(), text)
    assert "Tổng cộng" in text
    assert any(label in text for label in STATES.values())


def test_block_layout_below_the_width_a_table_needs(report):
    narrow, wide = _console(80), _console(200)
    prog.print_table(report, narrow[0])
    prog.print_table(report, wide[0])
    assert "────" not in narrow[1].getvalue()  # blocks: no table rule
    assert "────" in wide[1].getvalue()


def test_tasks_text_column_is_wide_enough_in_a_table(checked):
    out, buffer = _console(130)
    task_list.print_table(checked.plan, task_list.by_unit(checked.plan, checked.catalogue, "vhxh"), out)
    lines = buffer.getvalue().splitlines()
    header = next(line for line in lines if "Nhiệm vụ" in line and "Vai trò" in line)
    assert header.index("Vai trò") - header.index("Nhiệm vụ") >= 40
