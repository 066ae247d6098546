"""Issue 24 item 4: time as offices write it. "trong quý IV năm 2025" (during a period, due at its
end), a time of day before a date ("chiều ngày 04/11/2025"), and a document date with a blank day
(or a blank day and month): accepted, printed as written, checked by the same rules, moved by
`kehoach new`. Read back from the .docx, the HTML and the Markdown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from typer.testing import CliRunner

from conftest import check_text, line_of
from kehoach.cli import app
from kehoach.deadlines import parse_deadline, shifted
from kehoach.jsonschema import plan_schema
from kehoach.model import PartialDate
from readback import docx_paragraphs, html_blocks

runner = CliRunner()

PLAN = """\
kehoach: 1
document:
  issuer: Ủy ban nhân dân xã Sơn Tịnh
  issuer_code: UBND
  place: Sơn Tịnh
  date: tháng 4/2025
  summary: Phổ biến, giáo dục pháp luật năm 2025
year: 2025
units:
  vhxh: Phòng Văn hóa - Xã hội
activities:
  - title: Hội nghị phổ biến pháp luật
    id: hoi-nghi
    lead: vhxh
    deadline: chiều ngày 04/11/2025
    text: [Tổ chức hội nghị tại hội trường xã.]
  - title: Tuyên truyền trên loa truyền thanh
    id: loa
    lead: vhxh
    deadline: trong quý IV năm 2025
    text: [Phát tin hằng tuần.]
recipients: [Các thôn]
signer: {authority: TM, title: Chủ tịch, name: Lê Văn An}
appendices: [{use: tasks}]
"""


@pytest.mark.parametrize(("written", "kind", "end", "printed"), [
    ("trong quý IV năm 2025", "quarter", date(2025, 12, 31), "Trong quý IV năm 2025."),
    ("Trong tháng 12/2025", "month", date(2025, 12, 31), "Trong tháng 12/2025."),
    ("trong năm 2025", "year", date(2025, 12, 31), "Trong năm 2025."),
    ("trong 6 tháng đầu năm 2025", "half", date(2025, 6, 30), "Trong 6 tháng đầu năm 2025."),
    ("trong ngày 04/11/2025", "event", date(2025, 11, 4), "Trong ngày 04/11/2025."),
    ("chiều ngày 04/11/2025", "event", date(2025, 11, 4), "Chiều ngày 04/11/2025."),
    ("vào sáng ngày 4/11/2025", "event", date(2025, 11, 4), "Vào sáng ngày 4/11/2025."),
    ("14 giờ 00 ngày 04/11/2025", "event", date(2025, 11, 4), "14 giờ 00 ngày 04/11/2025."),
    ("8h30, ngày 04/11/2025", "event", date(2025, 11, 4), "8h30, ngày 04/11/2025."),
])
def test_read_due_at_its_end_and_printed_as_written(written, kind, end, printed) -> None:
    deadline = parse_deadline(written)
    assert (deadline.kind, deadline.end, deadline.phrase()) == (kind, end, printed)
    assert parse_deadline(shifted(deadline.text, 1)).end == end.replace(year=2026)


@pytest.mark.parametrize(("written", "reason"), [
    ("25 giờ ngày 04/11/2025", "`25 giờ` không có"),
    ("14 giờ 75 ngày 04/11/2025", "`14 giờ 75 phút` không có"),
    ("trong quý V năm 2025", "quý `V` không có"),
    ("chiều ngày 31/11/2025", "không có thật"),
])
def test_impossible_times_are_refused_with_the_reason(written, reason) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_deadline(written)


def test_printed_in_every_format(tmp_path: Path) -> None:
    plan = tmp_path / "2025.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    assert runner.invoke(app, ["validate", "--strict", str(plan)]).exit_code == 0
    result = runner.invoke(app, ["render", str(plan), "-f", "all", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    paragraphs = docx_paragraphs(out / "2025.docx")
    html = html_blocks((out / "2025.html").read_text(encoding="utf-8"))
    md = (out / "2025.md").read_text(encoding="utf-8")
    for text in ("Thời gian thực hiện: Chiều ngày 04/11/2025.",
                 "Thời gian thực hiện: Trong quý IV năm 2025./.",
                 "Sơn Tịnh, ngày     tháng 4 năm 2025",
                 "(Kèm theo Kế hoạch số     /KH-UBND ngày     tháng 4 năm 2025 của Ủy ban nhân dân "
                 "xã Sơn Tịnh)"):
        assert text in paragraphs and text in html and text in md, text


@pytest.mark.parametrize(("written", "value", "line"), [
    ("tháng 4/2025", PartialDate(2025, 4), "Sơn Tịnh, ngày     tháng 4 năm 2025"),
    ("04/2025", PartialDate(2025, 4), "Sơn Tịnh, ngày     tháng 4 năm 2025"),
    ("tháng 1 năm 2025", PartialDate(2025, 1), "Sơn Tịnh, ngày     tháng 01 năm 2025"),
    ("ngày    tháng 4 năm 2025", PartialDate(2025, 4), "Sơn Tịnh, ngày     tháng 4 năm 2025"),
    ("năm 2025", PartialDate(2025), "Sơn Tịnh, ngày     tháng     năm 2025"),
    ("2025", PartialDate(2025), "Sơn Tịnh, ngày     tháng     năm 2025"),
])
def test_a_document_date_with_blanks(tmp_path: Path, written, value, line) -> None:
    from kehoach.render.views import build_view

    checked = check_text(tmp_path, PLAN.replace("date: tháng 4/2025", f"date: {written}"))
    assert checked.diagnostics == [], [d.message for d in checked.diagnostics]
    assert checked.plan is not None and checked.plan.document.date == value
    assert build_view(checked.plan, None).header.date_line == line
    assert not list(Draft7Validator(plan_schema()).iter_errors(_data(checked)))


def _data(checked):
    import yaml

    return yaml.safe_load("\n".join(checked.sources[checked.loaded.file]))


def test_the_same_rules_check_the_new_forms(tmp_path: Path) -> None:
    # A deadline before the month of a date with a blank day is before the issue (KH302) …
    text = PLAN.replace("trong quý IV năm 2025", "trong tháng 3/2025")
    assert [(d.code, d.line) for d in check_text(tmp_path, text).diagnostics] == [
        ("KH302", line_of(text, "deadline: trong tháng 3/2025"))]
    assert "tháng 4/2025" in check_text(tmp_path, text).diagnostics[0].message
    # … a deadline in that month is not; the end of the year bounds a time of day (KH301).
    assert check_text(tmp_path, PLAN.replace("trong quý IV năm 2025", "trong tháng 4/2025")).diagnostics == []
    text = PLAN.replace("chiều ngày 04/11/2025", "chiều ngày 04/01/2026")
    assert [d.code for d in check_text(tmp_path, text).diagnostics] == ["KH301"]
    # A partial date outside the plan's year (KH502), and a month that does not exist (KH106).
    text = PLAN.replace("date: tháng 4/2025", "date: tháng 4/2022")
    assert [d.code for d in check_text(tmp_path, text).diagnostics] == ["KH502"]
    text = PLAN.replace("date: tháng 4/2025", "date: tháng 13/2025")
    assert [d.code for d in check_text(tmp_path, text).diagnostics] == ["KH106"]
    # An undated plan is still reminded; a partly blank date, as published, is not.
    text = PLAN.replace("date: tháng 4/2025", "date:")
    assert [d.code for d in check_text(tmp_path, text).diagnostics] == ["KH505"]


def test_progress_before_the_month_of_issue(tmp_path: Path) -> None:
    (tmp_path / "plan.progress.yaml").write_text(
        "plan: plan.yaml\nrecords:\n  - {date: 2025-03-31, task: loa, status: đang thực hiện}\n"
        "  - {date: 2025-04-01, task: loa, status: đang thực hiện}\n", encoding="utf-8")
    checked = check_text(tmp_path, PLAN)
    assert [(d.code, d.line) for d in checked.diagnostics] == [("KH603", 3)]


def test_new_moves_them(tmp_path: Path) -> None:
    plan = tmp_path / "2025.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["new", str(plan), "--year", "2026", "-o", str(tmp_path / "2026.yaml")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "2026.yaml").read_text(encoding="utf-8")
    assert "  date: tháng 4/2026\n" in text
    assert "deadline: chiều ngày 04/11/2026\n" in text and "deadline: trong quý IV năm 2026\n" in text
    assert "chiều ngày 04/11/2025 → chiều ngày 04/11/2026" in result.output
