"""`# kehoach: bỏ qua …` comments and what the rule settings do to diagnostics (issue 26 item 1),
in the library (kehoach.suppress) and through check_plan, which every command calls."""

from __future__ import annotations

import pytest

from conftest import PLAN_2024, check_text, codes, line_of, mutated_text
from kehoach import config
from kehoach.diagnostics import Diagnostic, Severity, Span
from kehoach.suppress import directives, tune
from kehoach.validate import check_plan

UNDATED = ("  date: 2024-03-29", "  date:")


@pytest.fixture(autouse=True)
def _fresh():
    config.forget()
    yield
    config.forget()


def _undated(comment: str = "") -> str:
    return mutated_text(UNDATED[0], UNDATED[1] + comment)


@pytest.mark.parametrize("comment", [
    "   # kehoach: bỏ qua KH505", "  # kehoach: bo qua KH505", "  # KEHOACH: Bỏ Qua kh505",
    "  #kehoach:bỏ qua KH505", "  # kehoach: bỏ qua KH505, KH512 — chưa có ngày ký",
    "  # kehoach: bỏ qua KH512 KH505",
])
def test_a_comment_silences_its_line(tmp_path, comment):
    assert "KH505" in codes(check_text(tmp_path, _undated()))
    checked = check_text(tmp_path, _undated(comment))
    assert codes(checked) == []
    assert [(s.diagnostic.code, s.by) for s in checked.silenced] == [("KH505", "comment")]


def test_a_comment_alone_speaks_for_the_next_line(tmp_path):
    text = mutated_text(UNDATED[0], "  # kehoach: bỏ qua KH505\n\n  # (ngày ghi khi ký)\n" + UNDATED[1])
    assert codes(check_text(tmp_path, text)) == []
    text = _undated().replace("  place: An Dương", "  # kehoach: bỏ qua KH505\n  place: An Dương", 1)
    assert codes(check_text(tmp_path, text)) == ["KH505"]  # it speaks for `place:`, not for `date:`


def test_a_whole_file_comment(tmp_path):
    text = "# kehoach: bỏ qua cả tệp KH505\n" + _undated()
    assert codes(check_text(tmp_path, text)) == []
    text = "# kehoach: bo qua ca tep KH512\n" + _undated()
    assert codes(check_text(tmp_path, text)) == ["KH505"]


def test_another_code_on_the_line_silences_nothing(tmp_path):
    assert codes(check_text(tmp_path, _undated("  # kehoach: bỏ qua KH512"))) == ["KH505"]


@pytest.mark.parametrize(("comment", "says"), [
    ("  # kehoach: bỏ qua KH550", "không có mã này"),
    ("  # kehoach: bỏ qua", "cần ghi mã"),
    ("  # kehoach: bỏ qua hết", "cần ghi mã"),
    ("  # kehoach: tắt KH505", "chỉ hiểu"),
])
def test_a_comment_kehoach_cannot_follow_is_said_at_the_comment(tmp_path, comment, says):
    text = _undated(comment)
    checked = check_text(tmp_path, text)
    problem = next(d for d in checked.diagnostics if d.code == "KH010")
    assert problem.severity is Severity.WARNING and says in problem.message, problem.message
    assert problem.line == line_of(text, "  date:")
    assert problem.column == len("  date:" + comment.split("#")[0]) + 1
    assert "KH505" in codes(checked)  # and the warning it meant stays


def test_words_inside_a_string_are_not_a_comment(tmp_path):
    text = _undated().replace("  place: An Dương", '  place: "An Dương # kehoach: bỏ qua cả tệp KH505"', 1)
    assert text != _undated() and "KH505" in codes(check_text(tmp_path, text))
    block = _undated().replace("opening: >-\n", "opening: >-\n  Dòng có # kehoach: bỏ qua cả tệp KH505\n", 1)
    assert block != _undated() and "KH505" in codes(check_text(tmp_path, block))


def test_an_error_is_not_silenced_by_a_comment_without_allow_errors(tmp_path):
    text = mutated_text("  total: 13_000_000", "  total: 13_000_001   # kehoach: bỏ qua KH201")
    checked = check_text(tmp_path, text)
    assert codes(checked)[:1] == ["KH201"] or "KH201" in codes(checked)
    refusal = next(d for d in checked.diagnostics if d.code == "KH010")
    assert "allow-errors" in refusal.message and refusal.line == line_of(text, "  total: 13_000_001")
    (tmp_path / "kehoach.toml").write_text('allow-errors = ["KH201", "KH203"]\n', encoding="utf-8")
    config.forget()
    checked = check_text(tmp_path, text)
    assert "KH201" not in codes(checked) and "KH010" not in codes(checked)
    assert ("KH201", "comment") in [(s.diagnostic.code, s.by) for s in checked.silenced]


def test_a_code_that_is_never_silenced(tmp_path):
    text = mutated_text("        deadline: Q4/2024\n        text:",
                        "        deadline: cuối năm   # kehoach: bỏ qua KH106\n        text:")
    (tmp_path / "kehoach.toml").write_text("", encoding="utf-8")
    checked = check_text(tmp_path, text)
    assert "KH106" in codes(checked)
    assert any(d.code == "KH010" and "không bao giờ" in d.message for d in checked.diagnostics)


def test_the_config_turns_off_raises_and_lowers(tmp_path):
    (tmp_path / "kehoach.toml").write_text('allow-errors = ["KH201"]\n[rules]\nKH505 = "off"\n'
                                           'KH201 = "warning"\n', encoding="utf-8")
    text = _undated().replace("  total: 13_000_000", "  total: 13_000_001")
    checked = check_text(tmp_path, text.replace("  total_in_words: Mười ba triệu đồng\n", ""))
    assert [(d.code, d.severity) for d in checked.diagnostics] == [("KH201", Severity.WARNING)]
    assert checked.errors == [] and not checked.refused()  # render goes on: the team said so
    assert [(s.diagnostic.code, s.by) for s in checked.silenced] == [("KH505", "config")]


def test_tune_in_the_library(tmp_path):
    diagnostic = Diagnostic("KH512", Severity.WARNING, "m", "a.yaml", Span(2, 3, 2, 9))
    lines = ["bases:", "  - Quyết định … # kehoach: bỏ qua KH512"]
    tuned = tune([diagnostic], {"a.yaml": lines})
    assert tuned.diagnostics == [] and tuned.silenced[0].where == "a.yaml:2"
    (found,), problems = directives(lines)
    assert (found.line, found.codes, found.whole_file, found.target) == (2, ("KH512",), False, 2)
    assert problems == []
    settings = config.parse('[rules]\nKH512 = "error"\n', tmp_path / "kehoach.toml")
    raised = tune([diagnostic], {"a.yaml": ["bases:", "  - Quyết định"]}, settings)
    assert [d.severity for d in raised.diagnostics] == [Severity.ERROR]
    assert tune([diagnostic], {"a.yaml": lines}, settings).diagnostics == []  # a raised warning still may


def test_progress_file_comments_and_settings(tmp_path):
    import shutil

    for name in ("2024.yaml", "2024.progress.yaml"):
        shutil.copy(PLAN_2024.with_name(name), tmp_path / name)
    progress = tmp_path / "2024.progress.yaml"
    text = progress.read_text(encoding="utf-8")
    blocked = "  - date: 2024-07-15\n    task: viet-bai\n    status: blocked"
    progress.write_text(f"{text}{blocked}\n", encoding="utf-8")
    assert "KH610" in codes(check_plan(tmp_path / "2024.yaml"))
    progress.write_text(f"{text}{blocked}  # kehoach: bỏ qua KH610\n", encoding="utf-8")
    found = check_plan(tmp_path / "2024.yaml")
    kh610 = [s for s in found.silenced if s.diagnostic.code == "KH610"]
    assert "KH610" not in codes(found) and kh610 and kh610[0].where.endswith("2024.progress.yaml:" + str(
        progress.read_text(encoding="utf-8").count("\n")))
