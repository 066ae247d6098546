"""Issue 24 item 1: a plan outside any national programme needs no `programme`. Every command takes
it; `project:` without a programme is the error, at its line; a catalogue that ends before the
plan's year warns once, with the way out."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import PLAN_TEXT, check_text, line_of
from kehoach.cli import app
from readback import shown

runner = CliRunner()

PLAN = """\
kehoach: 1
document:
  issuer: Ủy ban nhân dân xã Xuân Tín
  issuer_code: UBND
  place: Xuân Tín
  date: 2026-03-10
  summary: Phòng, chống thiên tai năm 2026
year: 2026
units:
  vp: Văn phòng HĐND và UBND xã
  ca: Công an xã
activities:
  - title: Tuyên truyền kiến thức phòng, chống thiên tai
    id: tuyen-truyen
    lead: vp
    deadline: Q2/2026
    text: [Phát tin trên hệ thống loa truyền thanh của xã.]
  - title: Diễn tập ứng phó bão
    id: dien-tap
    lead: ca
    partners: [vp]
    deadline: Q3/2026
    text: [Tổ chức một buổi diễn tập tại thôn ven sông.]
budget:
  total: 30_000_000
  lines:
    tuyen-truyen: 10_000_000
    dien-tap: 20_000_000
organization:
  vp: [Tham mưu triển khai kế hoạch.]
recipients: [Các thôn]
archive: [VT]
signer:
  authority: TM
  title: Chủ tịch
  name: Lê Văn Bình
"""

PROGRESS = """\
plan: 2026.yaml
records:
  - {date: 2026-05-20, task: tuyen-truyen, status: hoàn thành, spent: 9_000_000}
  - {date: 2026-06-30, task: dien-tap, status: đang thực hiện, spent: 5_000_000}
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "2026.yaml"
    path.write_text(PLAN, encoding="utf-8")
    (tmp_path / "2026.progress.yaml").write_text(PROGRESS, encoding="utf-8")
    return path


def test_validates_strict_without_programme(plan: Path) -> None:
    result = runner.invoke(app, ["validate", "--strict", str(plan)])
    assert result.exit_code == 0, result.output


def test_renders_with_titles_and_budget_lines_by_id(plan: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(plan), "-f", "all", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    texts = [shown(p.text) for p in docx.Document(str(tmp_path / "out" / "2026.docx")).paragraphs]
    assert "1. Tuyên truyền kiến thức phòng, chống thiên tai" in texts
    assert "+ Tuyên truyền kiến thức phòng, chống thiên tai với số tiền: 10.000.000 đồng;" in texts


def test_tasks_progress_report_summary_and_new(plan: Path, tmp_path: Path) -> None:
    tasks = runner.invoke(app, ["tasks", str(plan), "--format", "json"])
    assert tasks.exit_code == 0, tasks.output
    units = {u["unit"]: [t["task"] or t["kind"] for t in u["tasks"]]
             for u in json.loads(tasks.output)["units"]}
    assert units == {"vp": ["tuyen-truyen", "dien-tap", "duty"], "ca": ["dien-tap"]}
    progress = runner.invoke(app, ["progress", str(plan), "--as-of", "2026-07-01", "--format", "json"])
    assert progress.exit_code == 0, progress.output
    spent = json.loads(progress.output)["budget"]
    assert [(line["line"], line["spent"]) for line in spent] == [("tuyen-truyen", 9_000_000),
                                                               ("dien-tap", 5_000_000)]
    report = runner.invoke(app, ["report", str(plan), "--draft", "-f", "md", "-o", str(tmp_path / "bc.md")])
    assert report.exit_code == 0, report.output
    summary = runner.invoke(app, ["summary", str(plan), "--as-of", "2026-07-01", "-f", "json"])
    assert summary.exit_code == 0, summary.output
    row = json.loads(summary.output)["plans"][0]
    assert row["ok"] and row["total"] == 30_000_000 and row["spent"] == 14_000_000
    new = runner.invoke(app, ["new", str(plan), "--year", "2027", "-o", str(tmp_path / "2027.yaml")])
    assert new.exit_code == 0, new.output
    assert "danh mục" not in new.output.lower()


def test_project_without_programme_is_the_error_at_its_line(tmp_path: Path) -> None:
    text = PLAN_TEXT.replace("programme: giam-ngheo-2021-2025\n", "")
    checked = check_text(tmp_path, text)
    found = [(d.code, d.line) for d in checked.diagnostics]
    projects = [line_of(text, f"project: {code}\n") for code in ("DA6", "DA6.TDA1", "DA6.TDA2", "DA7",
                                                                   "DA7.TDA2")]
    assert found == [("KH406", line) for line in projects]
    assert "`title:`" in checked.diagnostics[0].hint and "programme:" in checked.diagnostics[0].hint


def test_an_ended_catalogue_warns_once_with_the_way_out(tmp_path: Path) -> None:
    # The plan names no project: the way out is to drop `programme`.
    text = PLAN.replace("year: 2026\n", "year: 2026\nprogramme: giam-ngheo-2021-2025\n")
    checked = check_text(tmp_path, text)
    assert [(d.code, d.line) for d in checked.diagnostics] == [("KH510", 9)]
    assert "bỏ dòng `programme`" in checked.diagnostics[0].hint
    # The plan calls projects by code: the way out is a catalogue of the new period.
    text = PLAN_TEXT.replace("year: 2024", "year: 2026").replace("2024", "2026")
    checked = check_text(tmp_path, text)
    kh510 = [d for d in checked.diagnostics if d.code == "KH510"]
    assert len(kh510) == 1 and "docs/catalogue.md" in kh510[0].hint
