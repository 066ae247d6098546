"""Progress records money by funding source: `spent: {source: amount}`, checks KH611–KH612, and
dự toán / đã chi / còn lại per line and per source in `kehoach progress` (table, json, md)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach import progress as prog
from kehoach.cli import app
from kehoach.validate import check_plan
from test_progress import PLAN

runner = CliRunner()
LATER = date(2030, 1, 1)

# DA6.TDA1 = 5.000.000 (TW 4.000.000, xã 1.000.000); DA6.TDA2 = 2.000.000 with no split;
# the budget by source: TW 5.000.000, xã 2.000.000.
BY_SOURCE = PLAN.replace(
    "  total: 7_000_000\n  lines:\n    DA6.TDA1: 5_000_000\n",
    "  total: 7_000_000\n  by_source: {ngan-sach-trung-uong: 5_000_000, ngan-sach-xa: 2_000_000}\n"
    "  lines:\n    DA6.TDA1:\n      amount: 5_000_000\n"
    "      sources: {ngan-sach-trung-uong: 4_000_000, ngan-sach-xa: 1_000_000}\n",
)
assert BY_SOURCE != PLAN


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "2024.yaml"
    path.write_text(BY_SOURCE, encoding="utf-8")
    return path


def write(plan_file: Path, records: str) -> Path:
    path = plan_file.with_name("2024.progress.yaml")
    path.write_text("plan: 2024.yaml\nrecords:\n" + records, encoding="utf-8")
    return path


def check(plan_file: Path, records: str) -> prog.ProgressChecked:
    checked = check_plan(plan_file)
    assert not checked.errors, checked.diagnostics
    return prog.check_progress(write(plan_file, records), checked.plan, plan_file, checked.catalogue,
                               LATER)


def spend(day: str, spent: str, task: str = "thong-tin", status: str = "in-progress") -> str:
    return f"  - date: {day}\n    task: {task}\n    status: {status}\n    spent: {spent}\n"


def codes(result: prog.ProgressChecked) -> list[str]:
    return [d.code for d in result.diagnostics]


def test_spending_by_source_is_clean(plan_file):
    result = check(plan_file, spend("2024-05-01", "{ngan-sach-trung-uong: 1_000_000, ngan-sach-xa: 500_000}")
                   + spend("2024-06-01", "300_000"))
    assert result.diagnostics == []
    assert result.progress.records[0].spent_total == 1_500_000


def test_source_the_line_does_not_have(plan_file):
    records = spend("2024-05-01", "{ngan-sach-tinh: 100_000}")
    result = check(plan_file, records)
    assert codes(result) == ["KH611"]
    d = result.diagnostics[0]
    assert (d.line, d.column) == (6, len("    spent: {") + 1)  # the source's key in record 1
    assert "không phải nguồn của dòng kinh phí DA6.TDA1" in d.message
    assert "`ngan-sach-trung-uong` (ngân sách trung ương)" in d.hint


def test_unknown_source(plan_file):
    result = check(plan_file, spend("2024-05-01", "{ngan-sach-la: 100_000}"))
    assert codes(result) == ["KH611"]
    assert "không có trong danh sách" in result.diagnostics[0].message


def test_unsplit_line_takes_the_budgets_sources(plan_file):
    assert check(plan_file, spend("2024-05-01", "{ngan-sach-xa: 100_000}", task="viet-bai")).diagnostics == []
    result = check(plan_file, spend("2024-05-01", "{ngan-sach-tinh: 100_000}", task="viet-bai"))
    assert codes(result) == ["KH611"]


def test_budget_without_sources_takes_a_plain_amount(tmp_path):
    path = tmp_path / "2024.yaml"
    path.write_text(PLAN, encoding="utf-8")
    result = check(path, spend("2024-05-01", "{ngan-sach-xa: 100_000}"))
    assert codes(result) == ["KH611"]
    assert "không chia theo nguồn" in result.diagnostics[0].message
    assert "`spent: 100.000`" in result.diagnostics[0].hint


def test_overspending_one_source_of_a_line(plan_file):
    records = (spend("2024-05-01", "{ngan-sach-xa: 800_000}")
               + spend("2024-06-01", "{ngan-sach-xa: 400_000}"))
    result = check(plan_file, records)
    assert codes(result) == ["KH612"]
    d = result.diagnostics[0]
    assert d.line == 10  # the second record's `spent`, which crosses the limit
    assert "ngân sách xã" in d.message and "vượt 200.000 đồng" in d.message
    assert len(d.notes) == 2


def test_overspending_a_source_of_the_whole_budget(plan_file):
    # viet-bai's line has no split: its xã spending counts against by_source (2.000.000)
    records = (spend("2024-05-01", "{ngan-sach-xa: 1_000_000}")
               + spend("2024-06-01", "{ngan-sach-xa: 1_500_000}", task="viet-bai"))
    result = check(plan_file, records)
    assert "KH612" in codes(result)
    assert any("cả mục kinh phí" in d.message and "vượt 500.000 đồng" in d.message
               for d in result.diagnostics)


def test_spending_in_millions_follows_the_plans_unit(tmp_path):
    text = BY_SOURCE
    for old, new in (("  total: 7_000_000\n", '  unit: triệu đồng\n  total: "7"\n'),
                     ("trung-uong: 5_000_000, ngan-sach-xa: 2_000_000", 'trung-uong: "5", ngan-sach-xa: "2"'),
                     ("trung-uong: 4_000_000, ngan-sach-xa: 1_000_000", 'trung-uong: "4", ngan-sach-xa: "1"'),
                     ("amount: 5_000_000", 'amount: "5"'), ("    DA6.TDA2: 2_000_000", '    DA6.TDA2: "2"')):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "2024.yaml"
    path.write_text(text, encoding="utf-8")
    result = check(path, spend("2024-05-01", '{ngan-sach-xa: "0,25"}'))
    assert result.diagnostics == []
    assert result.progress.records[0].spent == {"ngan-sach-xa": 250_000}


def run(plan_file: Path, fmt: str) -> str:
    write(plan_file, spend("2024-05-01", "{ngan-sach-trung-uong: 1_000_000, ngan-sach-xa: 800_000}")
          + spend("2024-06-01", "300_000", task="viet-bai"))
    result = runner.invoke(app, ["progress", str(plan_file), "--as-of", "2024-12-31", "-f", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_by_line_and_source(plan_file):
    data = json.loads(run(plan_file, "json"))
    line = data["budget"][0]
    assert (line["line"], line["amount"], line["spent"]) == ("DA6.TDA1", 5_000_000, 1_800_000)
    assert line["sources"] == [
        {"source": "ngan-sach-trung-uong", "name": "ngân sách trung ương", "amount": 4_000_000,
         "spent": 1_000_000, "remaining": 3_000_000},
        {"source": "ngan-sach-xa", "name": "ngân sách xã", "amount": 1_000_000, "spent": 800_000,
         "remaining": 200_000},
    ]
    assert data["by_source"][1] == {"source": "ngan-sach-xa", "name": "ngân sách xã",
                                    "amount": 2_000_000, "spent": 800_000, "remaining": 1_200_000}
    # the plain amount spent on the unsplit line counts for the line, not for a source
    assert data["budget"][1]["spent"] == 300_000 and data["budget"][1]["sources"] == []


def test_markdown_by_line_and_source(plan_file):
    out = run(plan_file, "md")
    assert "|  | · ngân sách trung ương | 4.000.000 | 1.000.000 | 3.000.000 | 25,0% |" in out
    assert "|  | · ngân sách xã | 1.000.000 | 800.000 | 200.000 | 80,0% |" in out
    assert "## Kinh phí theo nguồn vốn" in out
    # by its printed name: a code (ngan-sach-xa) is never shown
    assert "| Ngân sách xã | 2.000.000 | 800.000 | 1.200.000 | 40,0% |" in out
    assert "ngan-sach" not in out


def test_table_by_line_and_source(plan_file):
    out = run(plan_file, "table")
    assert "· ngân sách trung ương" in out and "Kinh phí theo nguồn vốn" in out
    row = next(line for line in out.splitlines() if "· ngân sách xã" in line)
    assert "800.000" in row and "80,0%" in row


def test_progress_file_may_state_its_own_unit(tmp_path):
    text = BY_SOURCE.replace("  total: 7_000_000\n", '  unit: triệu đồng\n  total: "7"\n')
    for old, new in (("trung-uong: 5_000_000, ngan-sach-xa: 2_000_000", 'trung-uong: "5", ngan-sach-xa: "2"'),
                     ("trung-uong: 4_000_000, ngan-sach-xa: 1_000_000", 'trung-uong: "4", ngan-sach-xa: "1"'),
                     ("amount: 5_000_000", 'amount: "5"'), ("    DA6.TDA2: 2_000_000", '    DA6.TDA2: "2"')):
        text = text.replace(old, new)
    path = tmp_path / "2024.yaml"
    path.write_text(text, encoding="utf-8")
    checked = check_plan(path)
    assert not checked.errors, checked.diagnostics
    progress = path.with_name("2024.progress.yaml")
    progress.write_text("plan: 2024.yaml\nunit: đồng\nrecords:\n"
                        + spend("2024-05-01", "{ngan-sach-xa: 250_000}"), encoding="utf-8")
    result = prog.check_progress(progress, checked.plan, path, checked.catalogue, LATER)
    assert result.diagnostics == [] and result.progress.records[0].spent == {"ngan-sach-xa": 250_000}


def test_spending_no_source_is_named_for_is_its_own_row(plan_file):
    """The plain amount spent on the unsplit line belongs to no source: the by-source table shows
    it as "chưa ghi nguồn vốn", so its rows add up to what was spent."""
    data = json.loads(run(plan_file, "json"))
    named = sum(s["spent"] for s in data["by_source"])
    assert data["unassigned"] == {"amount": None, "spent": 300_000}
    assert named + data["unassigned"]["spent"] == sum(line["spent"] for line in data["budget"])
    assert "| Chưa ghi nguồn vốn |  | 300.000 |" in run(plan_file, "md")


WHOLE = (Path(__file__).resolve().parents[1] / "plans" / "examples" / "xa-2024-theo-nguon.yaml")


def test_a_budget_split_by_source_only_records_spending_by_source(tmp_path):
    """No budget lines: every task is paid from the plan's budget, so spending by source counts
    there, is checked against `by_source`, and shows as the plan's one line."""
    plan = tmp_path / "kh.yaml"
    plan.write_text(WHOLE.read_text(encoding="utf-8"), encoding="utf-8")
    checked = check_plan(plan)
    assert not checked.errors, checked.diagnostics
    progress = plan.with_name("kh.progress.yaml")

    def records(spent: str) -> prog.ProgressChecked:
        progress.write_text("plan: kh.yaml\nrecords:\n" + spend("2024-06-30", spent, task="nha-o"),
                            encoding="utf-8")
        return prog.check_progress(progress, checked.plan, plan, checked.catalogue, LATER)

    clean = records("{ngan-sach-trung-uong: 60_000_000, ngan-sach-xa: 5_000_000}")
    assert clean.diagnostics == []
    over = records("{ngan-sach-xa: 25_000_000}")  # the plan gives ngân sách xã 20.000.000
    assert codes(over) == ["KH612"]
    wrong = records("{ngan-sach-huyen: 1_000_000}")
    assert codes(wrong) == ["KH611"] and "kinh phí của kế hoạch" in wrong.diagnostics[0].message
    records("{ngan-sach-trung-uong: 60_000_000, ngan-sach-xa: 5_000_000}")
    result = runner.invoke(app, ["progress", str(plan), "--as-of", "2024-10-01", "-f", "json"])
    data = json.loads(result.output)
    (line,) = data["budget"]
    assert (line["amount"], line["spent"]) == (180_000_000, 65_000_000)
    assert [s["spent"] for s in data["by_source"]][:2] == [60_000_000, 5_000_000]


def test_a_budget_in_words_only_says_why_spending_cannot_be_recorded(tmp_path):
    source = WHOLE.with_name("xa-2024-nguon-bang-loi.yaml")
    plan = tmp_path / "kh.yaml"
    plan.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    checked = check_plan(plan)
    progress = plan.with_name("kh.progress.yaml")
    progress.write_text("plan: kh.yaml\nrecords:\n"
                        + spend("2024-06-30", "1_000_000", task="tuyen-truyen"), encoding="utf-8")
    result = prog.check_progress(progress, checked.plan, plan, checked.catalogue, LATER)
    assert codes(result) == ["KH605"]
    hint = result.diagnostics[0].hint
    assert "không có số tiền" in hint and "không có mục kinh phí" not in hint


def test_plain_spending_on_a_line_split_by_source_is_its_own_row_under_the_line(plan_file):
    """A record may give one amount for a line that is split by source: under the line, its
    source rows then add up with a "chưa ghi nguồn vốn" row, never to less than the line spent."""
    write(plan_file, spend("2024-05-01", "{ngan-sach-xa: 800_000}")
          + spend("2024-06-01", "1_000_000"))
    data = json.loads(runner.invoke(app, ["progress", str(plan_file), "--as-of", "2024-12-31",
                                          "-f", "json"]).stdout)
    line = data["budget"][0]
    assert line["spent"] == 1_800_000
    assert line["unassigned"] == {"amount": None, "spent": 1_000_000}
    assert sum(s["spent"] for s in line["sources"]) + line["unassigned"]["spent"] == line["spent"]
    assert data["budget"][1]["unassigned"] is None  # not split by source: nothing to add up
    md = runner.invoke(app, ["progress", str(plan_file), "--as-of", "2024-12-31", "-f", "md"]).stdout
    assert "|  | · chưa ghi nguồn vốn |  | 1.000.000 |" in md
    table = runner.invoke(app, ["progress", str(plan_file), "--as-of", "2024-12-31"]).stdout
    row = next(r for r in table.splitlines() if "· chưa ghi nguồn vốn" in r)
    assert "1.000.000" in row
