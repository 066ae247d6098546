"""kehoach.diagnostics_text: the four output formats of `kehoach validate`."""

from __future__ import annotations

import json

import pytest

from kehoach import diagnostics_text
from kehoach.diagnostics import Diagnostic, Severity, Span

LINES = ["budget:", "  total: 13_000_000", "  lines:", "    DA6.TDA1: 5_000_000"]
SOURCES = {"plans/2024.yaml": LINES}
ERROR = Diagnostic(
    "KH201", Severity.ERROR,
    "Các dòng kinh phí cộng lại 12.500.000 đồng, tổng ghi 13.000.000 đồng: thiếu 500.000 đồng.",
    "plans/2024.yaml", Span(2, 10, 2, 20), "Sửa số tiền của một dòng hoặc sửa tổng cho khớp.",
    ("dòng 4: DA6.TDA1 = 5.000.000 đồng",),
)
WARNING = Diagnostic("KH502", Severity.WARNING, "Ngày ban hành 29/03/2022 không thuộc năm kế hoạch.",
                     "plans/2024.yaml", Span(1, 1, 1, 8), "")
NO_SPAN = Diagnostic("KH001", Severity.ERROR, "Không đọc được tệp: không có tệp này.", "x.yaml",
                     None, "Kiểm tra đường dẫn.")


def test_human_location_excerpt_and_hint():
    out = diagnostics_text.human([ERROR], SOURCES).split("\n")
    assert out[0] == "lỗi[KH201]: plans/2024.yaml:2:10"
    assert out[1] == "  |"
    assert out[2] == "1 | budget:"
    assert out[3] == "2 |   total: 13_000_000"
    assert out[4] == "  |          ^^^^^^^^^^"  # under the value, as wide as it
    assert out[5] == ERROR.message
    assert out[6] == "  · dòng 4: DA6.TDA1 = 5.000.000 đồng"
    assert out[7] == "Cách sửa: Sửa số tiền của một dòng hoặc sửa tổng cho khớp."
    assert len(out) == 8


def test_human_caret_column_matches_span():
    d = Diagnostic("KH205", Severity.ERROR, "m", "f.yaml", Span(4, 15, 4, 24))
    out = diagnostics_text.human([d], {"f.yaml": LINES}).split("\n")
    source = next(line for line in out if line.startswith("4 | "))
    marker = out[out.index(source) + 1]
    offset = len("  | ") - len("4 | ")
    assert marker.index("^") + offset == source.index("5_000_000")
    assert marker.count("^") == len("5_000_000")


def test_human_line_numbers_aligned_for_wide_numbers():
    lines = [f"k{i}: {i}" for i in range(1, 12)]
    d = Diagnostic("KH003", Severity.ERROR, "m", "f.yaml", Span(10, 1, 10, 2))
    out = diagnostics_text.human([d], {"f.yaml": lines}).split("\n")
    assert out[1:5] == ["   |", " 9 | k9: 9", "10 | k10: 10", "   | ^"]


def test_human_warning_and_multiline_span():
    d = Diagnostic("KH303", Severity.WARNING, "Thiếu thời hạn.", "plans/2024.yaml", Span(1, 1, 4, 1))
    out = diagnostics_text.human([d], SOURCES).split("\n")
    assert out[0] == "cảnh báo[KH303]: plans/2024.yaml:1:1"
    assert out[2] == "1 | budget:"
    assert out[3] == "  | ^^^^^^^"  # to the end of the first line


def test_human_without_position_or_source():
    out = diagnostics_text.human([NO_SPAN], {})
    assert out.split("\n") == ["lỗi[KH001]: x.yaml", NO_SPAN.message, "Cách sửa: Kiểm tra đường dẫn."]


def test_human_several_blocks_and_no_colour_codes():
    out = diagnostics_text.human([ERROR, WARNING], SOURCES)
    assert out.count("\n\n") == 1
    assert "\x1b[" not in out
    coloured = diagnostics_text.human([ERROR], SOURCES, colour=True)
    assert "\x1b[31;1m" in coloured and coloured.count("\x1b[0m") >= 2


def test_summary():
    assert diagnostics_text.summary([], 1) == "Không có lỗi (1 tệp)."
    assert diagnostics_text.summary([ERROR, WARNING], 3) == "1 lỗi, 1 cảnh báo (3 tệp)."
    assert diagnostics_text.summary([ERROR, ERROR], 2) == "1 lỗi, 0 cảnh báo (2 tệp)."  # said once


def test_the_same_problem_reached_twice_is_said_once():
    """A catalogue shared by two plans is checked with each: its problem is listed once."""
    for text in (diagnostics_text.parsable([ERROR, NO_SPAN, ERROR]),
                 diagnostics_text.human([ERROR, NO_SPAN, ERROR], SOURCES),
                 diagnostics_text.github([ERROR, NO_SPAN, ERROR])):
        assert text.count("KH201") == 1
    data = json.loads(diagnostics_text.as_json([ERROR, NO_SPAN, ERROR], []))
    assert [d["code"] for d in data["diagnostics"]] == ["KH201", "KH001"]
    assert data["summary"] == {"errors": 2, "warnings": 0, "silenced": 0}


def test_parsable():
    """In file order (line 1 before line 2 whatever the stage); no position is `file: …` (issue 28)."""
    out = diagnostics_text.parsable([ERROR, WARNING, NO_SPAN]).split("\n")
    assert out[0] == f"plans/2024.yaml:1:1: warning[KH502] {WARNING.message}"
    assert out[1] == (f"plans/2024.yaml:2:10: error[KH201] {ERROR.message} — {ERROR.hint}")
    assert out[2] == f"x.yaml: error[KH001] {NO_SPAN.message} — {NO_SPAN.hint}"
    assert len(out) == 3


def test_json_round_trip():
    data = json.loads(diagnostics_text.as_json([ERROR, WARNING.at("plans/2025.yaml")], ["plans/2024.yaml"]))
    assert data["files"] == ["plans/2024.yaml"]
    assert data["summary"] == {"errors": 1, "warnings": 1, "silenced": 0}
    first = data["diagnostics"][0]
    assert first == {
        "file": "plans/2024.yaml", "line": 2, "column": 10, "end_line": 2, "end_column": 20,
        "code": "KH201", "severity": "error", "severity_label": "lỗi", "message": ERROR.message,
        "hint": ERROR.hint, "notes": list(ERROR.notes),
    }
    assert data["format_version"] == 1
    assert "đồng" in diagnostics_text.as_json([ERROR], [])  # UTF-8, not \\u escapes


def test_json_empty():
    data = json.loads(diagnostics_text.as_json([], ["a.yaml", "b.yaml"]))
    assert data == {"format_version": 1, "files": ["a.yaml", "b.yaml"], "diagnostics": [],
                    "summary": {"errors": 0, "warnings": 0, "silenced": 0}}


def test_github_annotations():
    out = diagnostics_text.github([ERROR, WARNING.at("plans/2025.yaml")]).split("\n")
    assert out[0].startswith(
        "::error file=plans/2024.yaml,line=2,col=10,endLine=2,endColumn=20,title=KH201::")
    notes = "".join(f"%0A· {note}" for note in ERROR.notes)
    assert out[0].endswith(f"{ERROR.message}{notes}%0A{ERROR.hint}")
    assert out[1].startswith("::warning file=plans/2025.yaml,line=1,")
    assert len(out) == 2


def test_github_escaping():
    d = Diagnostic("KH203", Severity.ERROR, "100% sai\ndòng hai\r", "thư mục, a:b/kế hoạch.yaml",
                   Span(1, 1, 1, 2), "")
    out = diagnostics_text.github([d])
    assert "\n" not in out and "\r" not in out
    assert out.endswith("::100%25 sai%0Adòng hai\\x0d")  # a lone CR is shown, not obeyed
    assert "file=thư mục%2C a%3Ab/kế hoạch.yaml," in out


def test_github_without_position():
    assert diagnostics_text.github([NO_SPAN]).startswith("::error file=x.yaml,title=KH001::")


def test_github_carries_the_budget_breakdown_notes():
    d = Diagnostic("KH201", Severity.ERROR, "Các dòng cộng lại 12.500.000 đồng", "p.yaml", Span(3, 1, 3, 5),
                   "Sửa tổng.", ("dòng 5: DA6.TDA1 = 5.000.000 đồng", "cộng các dòng = 12.500.000 đồng"))
    out = diagnostics_text.github([d])
    assert "%0A· dòng 5: DA6.TDA1 = 5.000.000 đồng%0A· cộng các dòng = 12.500.000 đồng%0ASửa tổng." in out
    assert "\n" not in out


def test_json_without_position_is_null():
    data = json.loads(diagnostics_text.as_json([NO_SPAN], ["x.yaml"]))["diagnostics"][0]
    assert (data["line"], data["column"], data["end_line"], data["end_column"]) == (None,) * 4


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"])
def test_parsable_is_one_line_per_diagnostic(brk):
    d = Diagnostic("KH101", Severity.ERROR, f"khóa `a{brk}b` không có", "p.yaml", Span(1, 1, 1, 2),
                   f"Sửa{brk}khóa.")
    out = diagnostics_text.parsable([d, d.at("q.yaml")])
    assert len(out.splitlines()) == 2
    assert out.splitlines()[0] == "p.yaml:1:1: error[KH101] khóa `a b` không có — Sửa khóa."
