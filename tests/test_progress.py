"""Tests for progress records: states as of a date (every boundary), budget use, the KH6xx
checks at file:line:col, the `validate` hook, and `kehoach progress` in every format."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach import progress as prog
from kehoach.cli import app
from kehoach.codes import all_codes
from kehoach.progress.rules import PROGRESS_RULES
from kehoach.validate import check_plan

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
LATER = date(2030, 1, 1)  # "today" for checks, so no record counts as future by accident

# Tracked tasks: thong-tin (II.1.1, due 2024-06-30, line DA6.TDA1 = 5.000.000), DA6.TDA2
# (II.1.2, due Q4/2024, line DA6.TDA2 = 2.000.000) and its item viet-bai (II.1.2.a-1).
PLAN = """\
kehoach: 1
document:
  issuer: Ủy ban nhân dân xã An Dương
  issuer_code: UBND
  place: An Dương
  date: 2024-03-29
  summary: Thử nghiệm
year: 2024
programme: giam-ngheo-2021-2025
units:
  vhxh: Công chức Văn hóa - Xã hội
  dai-truyen-thanh: Đài truyền thanh xã
purpose:
  goals: [Mục đích]
  requirements: [Yêu cầu]
activities:
  - project: DA6
    children:
      - project: DA6.TDA1
        id: thong-tin
        lead: vhxh
        deadline: 2024-06-30
        text: [Hỗ trợ hộ nghèo]
      - project: DA6.TDA2
        lead: vhxh
        deadline: Q4/2024
        items:
          - id: viet-bai
            text: Viết bài tuyên truyền
            partners: [dai-truyen-thanh]
          - Treo băng rôn
budget:
  total: 7_000_000
  lines:
    DA6.TDA1: 5_000_000
    DA6.TDA2: 2_000_000
organization:
  vhxh: [Triển khai kế hoạch]
recipients: [Các thôn]
archive: [VT, VHXH]
signer:
  authority: TM
  title: Chủ tịch
  name: Nguyễn Tuấn Anh
"""


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "2024.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def write_progress(plan_file: Path, records: str, head: str = "plan: 2024.yaml\n",
                   name: str = "2024.progress.yaml") -> Path:
    path = plan_file.with_name(name)
    path.write_text(head + "records:\n" + records, encoding="utf-8")
    return path


def check(plan_file: Path, records: str, today: date = LATER, **kw: str) -> prog.ProgressChecked:
    checked = check_plan(plan_file)
    path = write_progress(plan_file, records, **kw)
    return prog.check_progress(path, checked.plan, plan_file, checked.catalogue, today)


def found(result: prog.ProgressChecked) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in result.diagnostics]


def report(plan_file: Path, records: str, as_of: date, window: int = 30) -> prog.Report:
    checked = check_plan(plan_file)
    result = check(plan_file, records)
    assert not result.errors, result.errors
    return prog.compute(checked.plan, checked.catalogue, result.progress, as_of, window)


def state(plan_file: Path, records: str, as_of: date, task: str = "thong-tin",
          window: int = 30) -> tuple[str, int | None]:
    for t in report(plan_file, records, as_of, window).tasks:
        if t.task.key == task:
            return t.state, t.days
    raise AssertionError(task)


def rec(day: str, status: str, task: str = "thong-tin", extra: str = "") -> str:
    return f"  - date: {day}\n    task: {task}\n    status: {status}\n{extra}"


# ---- states as of a date -----------------------------------------------------------------------

def test_deadline_day_itself_is_not_overdue(plan_file: Path) -> None:
    assert state(plan_file, "", date(2024, 6, 30)) == ("due-soon", 0)


def test_day_after_deadline_is_overdue(plan_file: Path) -> None:
    assert state(plan_file, "", date(2024, 7, 1)) == ("overdue", 1)
    assert state(plan_file, rec("2024-05-01", "in-progress"), date(2024, 7, 31)) == ("overdue", 31)


def test_done_on_deadline_is_on_time(plan_file: Path) -> None:
    assert state(plan_file, rec("2024-06-30", "done"), date(2024, 12, 31)) == ("done", None)


def test_done_after_deadline_is_late(plan_file: Path) -> None:
    assert state(plan_file, rec("2024-07-01", "done"), date(2024, 12, 31)) == ("done-late", 1)
    assert state(plan_file, rec("2024-07-10", "done"), date(2024, 7, 10)) == ("done-late", 10)


def test_record_after_as_of_is_ignored(plan_file: Path) -> None:
    records = rec("2024-06-01", "in-progress") + rec("2024-07-05", "done")
    assert state(plan_file, records, date(2024, 7, 3)) == ("overdue", 3)
    assert state(plan_file, records, date(2024, 6, 15)) == ("due-soon", 15)
    assert state(plan_file, records, date(2024, 7, 5)) == ("done-late", 5)


def test_due_soon_window_edges(plan_file: Path) -> None:
    assert state(plan_file, "", date(2024, 5, 31)) == ("due-soon", 30)
    assert state(plan_file, "", date(2024, 5, 30)) == ("not-started", 31)
    started = rec("2024-04-01", "in-progress")
    assert state(plan_file, started, date(2024, 5, 30)) == ("on-track", 31)
    assert state(plan_file, "", date(2024, 6, 29), window=0) == ("not-started", 1)
    assert state(plan_file, "", date(2024, 6, 30), window=0) == ("due-soon", 0)
    assert state(plan_file, "", date(2024, 6, 20), window=10) == ("due-soon", 10)


def test_blocked_and_not_started_records(plan_file: Path) -> None:
    blocked = rec("2024-04-01", "blocked", extra="    note: Chờ huyện\n")
    assert state(plan_file, blocked, date(2024, 4, 2)) == ("on-track", 89)
    assert state(plan_file, rec("2024-04-01", "not-started"), date(2024, 4, 2)) == (
        "not-started", 89)


def test_latest_record_wins_and_finish_is_start_of_final_done_run(plan_file: Path) -> None:
    records = (rec("2024-06-20", "done") + rec("2024-06-25", "in-progress", extra="    note: Làm lại\n")
               + rec("2024-07-02", "done") + rec("2024-07-09", "done", extra="    spent: 100_000\n"))
    assert state(plan_file, records, date(2024, 6, 26)) == ("due-soon", 4)
    assert state(plan_file, records, date(2024, 12, 1)) == ("done-late", 2)


def test_same_day_later_line_wins(plan_file: Path) -> None:
    records = rec("2024-05-01", "done") + rec("2024-05-01", "in-progress", extra="    note: Sửa\n")
    assert state(plan_file, records, date(2024, 5, 2)) == ("on-track", 59)
    records = rec("2024-05-01", "in-progress") + rec("2024-05-01", "done")
    assert state(plan_file, records, date(2024, 5, 2)) == ("done", None)


def test_parent_without_records_follows_its_items(plan_file: Path) -> None:
    r = report(plan_file, rec("2024-11-01", "done", "viet-bai"), date(2024, 11, 2))
    parent = next(t for t in r.tasks if t.task.key == "DA6.TDA2")
    assert (parent.state, parent.derived, parent.done_on) == ("done", True, date(2024, 11, 1))
    r = report(plan_file, rec("2024-08-01", "in-progress", "viet-bai"), date(2024, 8, 2))
    parent = next(t for t in r.tasks if t.task.key == "DA6.TDA2")
    assert (parent.state, parent.derived) == ("on-track", True)
    r = report(plan_file, "", date(2024, 8, 2))
    parent = next(t for t in r.tasks if t.task.key == "DA6.TDA2")
    assert (parent.state, parent.derived) == ("not-started", False)


def test_tracked_tasks_and_order(plan_file: Path) -> None:
    r = report(plan_file, "", date(2024, 4, 1))
    assert [(t.task.ref, t.task.key) for t in r.tasks] == [
        ("II.1.1", "thong-tin"), ("II.1.2", "DA6.TDA2"), ("II.1.2.a-1", "viet-bai")]


def test_budget_use_as_of(plan_file: Path) -> None:
    records = (rec("2024-05-01", "in-progress", "viet-bai", "    spent: 500_000\n")
               + rec("2024-06-01", "in-progress", "DA6.TDA2", "    spent: 300_000\n")
               + rec("2024-06-02", "done", "thong-tin", "    spent: 4_000_000\n")
               + rec("2024-09-01", "done", "viet-bai", "    spent: 1_000_000\n"))
    r = report(plan_file, records, date(2024, 8, 31))
    lines = {line.key: (line.amount, line.spent, line.remaining, round(line.percent, 1))
             for line in r.lines}
    assert lines == {"DA6.TDA1": (5_000_000, 4_000_000, 1_000_000, 80.0),
                     "DA6.TDA2": (2_000_000, 800_000, 1_200_000, 40.0)}
    assert (r.allocated, r.spent) == (7_000_000, 4_800_000)
    assert r.count("done") == 1 and round(r.done_share, 1) == 33.3


def test_fail_on_due_soon_counts_overdue(plan_file: Path) -> None:
    r = report(plan_file, "", date(2024, 7, 1))
    assert [t.task.key for t in prog.failing(r, "overdue")] == ["thong-tin"]
    assert [t.task.key for t in prog.failing(r, "due-soon")] == ["thong-tin"]
    r = report(plan_file, "", date(2024, 6, 30))
    assert prog.failing(r, "overdue") == []
    assert [t.task.key for t in prog.failing(r, "due-soon")] == ["thong-tin"]


# ---- validation at file:line:col ----------------------------------------------------------------

def test_clean_file_has_no_diagnostics(plan_file: Path) -> None:
    result = check(plan_file, rec("2024-06-01", "done", extra="    spent: 5_000_000\n"))
    assert result.diagnostics == []
    assert result.progress is not None


def test_unknown_task_bad_status_early_date(plan_file: Path) -> None:
    records = (rec("2024-06-01", "in-progress", "viet-bay")     # lines 3-5
               + rec("2024-06-02", "xong", "viet-bai")          # lines 6-8
               + rec("2023-06-30", "in-progress"))              # lines 9-11
    result = check(plan_file, records)
    assert found(result) == [("KH601", 4, 11), ("KH602", 8, 13), ("KH603", 9, 11)]
    unknown, status, early = result.diagnostics
    assert "`viet-bay`" in unknown.message and "`viet-bai`" in unknown.hint
    assert "Viết `hoàn thành` (hoặc `done`)" in status.hint
    assert "30/06/2023" in early.message and "29/03/2024" in early.message
    assert all(d.file == str(plan_file.with_name("2024.progress.yaml")) for d in result.diagnostics)


@pytest.mark.parametrize(("word", "code"), [
    ("hoàn thành", "done"), ("Hoàn thành", "done"), ("đã hoàn thành", "done"),
    ("đang thực hiện", "in-progress"), ("Đang  triển khai", "in-progress"),
    ("chưa thực hiện", "not-started"), ("chưa bắt đầu", "not-started"),
    ("vướng mắc", "blocked"), ("gặp vướng mắc", "blocked"),
])
def test_status_in_vietnamese_is_read_as_its_code(plan_file: Path, word: str, code: str) -> None:
    """Issue 24 item 7: the words an office writes are the status; every consumer sees the code."""
    result = check(plan_file, rec("2024-06-01", word, extra="    note: Chờ kinh phí\n"))
    assert result.diagnostics == []
    assert result.progress is not None and result.progress.records[0].status == code


def test_a_status_without_accents_is_refused_with_the_word_to_write(plan_file: Path) -> None:
    result = check(plan_file, rec("2024-06-01", "dang thuc hien"))
    assert found(result) == [("KH602", 5, 13)]
    assert "Viết `đang thực hiện` (hoặc `in-progress`)" in result.diagnostics[0].hint


def test_catalogue_code_not_in_plan(plan_file: Path) -> None:
    result = check(plan_file, rec("2024-06-01", "in-progress", "DA7.TDA2"))
    assert found(result) == [("KH601", 4, 11)]
    assert "có trong danh mục" in result.diagnostics[0].message


def test_float_spending_is_refused(plan_file: Path) -> None:
    result = check(plan_file, rec("2024-06-01", "in-progress", extra="    spent: 5.000\n"))
    assert found(result) == [("KH105", 6, 12)]
    assert "5.000" in result.diagnostics[0].message
    assert result.progress is None


def test_unknown_key_and_not_a_mapping(plan_file: Path) -> None:
    result = check(plan_file, rec("2024-06-01", "in-progress", extra="    spend: 5_000\n"))
    assert found(result) == [("KH102", 6, 5)]
    path = write_progress(plan_file, "", head="")
    path.write_text("- a\n- b\n", encoding="utf-8")
    checked = check_plan(plan_file)
    result = prog.check_progress(path, checked.plan, plan_file, checked.catalogue, LATER)
    assert [d.code for d in result.errors] == ["KH103"]


def test_overspending_says_the_excess_and_points_at_the_record(plan_file: Path) -> None:
    records = (rec("2024-06-30", "in-progress", "viet-bai", "    spent: 1_500_000\n")  # 3-6
               + rec("2024-11-28", "done", "DA6.TDA2", "    spent: 800_000\n")         # 7-10
               + rec("2024-12-01", "done", "viet-bai", "    spent: 100_000\n"))        # 11-14
    result = check(plan_file, records)
    assert found(result) == [("KH604", 10, 12)]
    d = result.diagnostics[0]
    assert "DA6.TDA2" in d.message and "2.400.000 đồng" in d.message
    assert "2.000.000 đồng" in d.message and "vượt 400.000 đồng" in d.message
    assert d.notes[0] == "dòng 3: 30/06/2024 viet-bai 1.500.000 đồng"


def test_overspending_follows_dates_not_file_order(plan_file: Path) -> None:
    records = (rec("2024-12-01", "done", "viet-bai", "    spent: 1_500_000\n")   # 3-6
               + rec("2024-06-30", "in-progress", "viet-bai", "    spent: 1_000_000\n"))  # 7-10
    result = check(plan_file, records)
    assert found(result) == [("KH604", 6, 12)]  # the later date is what crossed the line
    assert "vượt 500.000 đồng" in result.diagnostics[0].message


def test_spending_within_line_is_fine(plan_file: Path) -> None:
    records = (rec("2024-06-30", "in-progress", "viet-bai", "    spent: 1_500_000\n")
               + rec("2024-11-28", "done", "DA6.TDA2", "    spent: 500_000\n"))
    assert check(plan_file, records).diagnostics == []


def test_spending_without_a_line(plan_file: Path) -> None:
    result = check(plan_file, rec("2024-06-01", "in-progress", "DA6", "    spent: 100_000\n"))
    assert found(result) == [("KH605", 6, 12)]
    assert "DA6.TDA1, DA6.TDA2" in result.diagnostics[0].hint


def test_plan_key_must_name_the_plan(plan_file: Path) -> None:
    result = check(plan_file, rec("2024-06-01", "in-progress"), head="plan: 2023.yaml\n")
    assert found(result) == [("KH606", 1, 7)]
    assert result.diagnostics[0].severity.value == "warning"
    assert "plan: 2024.yaml" in result.diagnostics[0].hint
    result = check(plan_file, rec("2024-06-01", "in-progress"), head="")
    assert [d.code for d in result.diagnostics] == ["KH606"]


def test_warnings_future_duplicate_reopened_blocked(plan_file: Path) -> None:
    records = (rec("2024-05-01", "done")                    # 3-5
               + rec("2024-05-01", "done")                  # 6-8: duplicate
               + rec("2024-05-02", "in-progress")           # 9-11: after done, no note
               + rec("2024-05-03", "blocked", "viet-bai")   # 12-14: no note
               + rec("2024-08-01", "in-progress", "viet-bai"))  # 15-17: after "today"
    result = check(plan_file, records, today=date(2024, 7, 1))
    assert found(result) == [("KH607", 15, 11), ("KH608", 6, 5), ("KH609", 11, 13),
                             ("KH610", 14, 13)]
    assert not result.errors
    assert "dòng 3" in result.diagnostics[1].message


def test_validate_checks_the_progress_file_beside_the_plan(plan_file: Path) -> None:
    write_progress(plan_file, rec("2024-06-01", "in-progress", "viet-bay"))
    result = runner.invoke(app, ["validate", str(plan_file), "--format", "parsable"])
    assert result.exit_code == 1
    assert f"{plan_file.with_name('2024.progress.yaml')}:4:11: error[KH601]" in result.stdout


def test_validate_without_progress_file_is_unchanged(plan_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(plan_file)])
    assert result.exit_code == 0, result.output


def test_real_progress_file_validates_clean() -> None:
    checked = check_plan(ROOT / "plans" / "2024.yaml")
    assert checked.diagnostics == []
    result = prog.check_progress(ROOT / "plans" / "2024.progress.yaml", checked.plan,
                                 ROOT / "plans" / "2024.yaml", checked.catalogue)
    assert result.diagnostics == [] and len(result.progress.records) > 10


def test_rules_are_documented_and_listed() -> None:
    codes = {c.code for c in all_codes()}
    for r in PROGRESS_RULES:
        assert r.code in codes
        assert "\n\nSai:\n" in r.doc and "\n\nĐúng:\n" in r.doc, r.code
    assert [r.code for r in PROGRESS_RULES] == [f"KH6{n:02d}" for n in range(1, 15)]
    listing = runner.invoke(app, ["rules"]).stdout
    assert "KH604  progress-overspent" in listing


# ---- the command -------------------------------------------------------------------------------

OVERDUE_AND_DUE = (rec("2024-05-01", "in-progress", extra="    spent: 1_000_000\n")
                   + rec("2024-07-05", "done"))


def test_table_piped_is_plain(plan_file: Path) -> None:
    write_progress(plan_file, OVERDUE_AND_DUE)
    result = runner.invoke(app, ["progress", str(plan_file), "--as-of", "2024-07-02"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out
    assert "tính đến ngày 02/07/2024" in out
    assert "Quá hạn 2 ngày" in out and "Chưa bắt đầu (còn 182 ngày)" in out
    assert "Tổng cộng" in out and "1.000.000" in out
    assert "Hoàn thành 0/3 nhiệm vụ (0,0%); quá hạn 1" in out


def test_json_output(plan_file: Path) -> None:
    write_progress(plan_file, OVERDUE_AND_DUE)
    result = runner.invoke(app, ["progress", str(plan_file), "--as-of", "10/07/2024", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first = data["tasks"][0]
    assert (first["task"], first["state"], first["days_late"], first["done_on"]) == (
        "thong-tin", "done-late", 5, "2024-07-05")
    assert data["as_of"] == "2024-07-10"
    assert data["summary"]["done_late"] == 1 and data["summary"]["spent"] == 1_000_000
    assert data["budget"][0] == {"line": "DA6.TDA1", "heading": "Tiểu dự án 1 thuộc Dự án 6: "
                                 "Giảm nghèo về thông tin", "amount": 5_000_000,
                                 "spent": 1_000_000, "remaining": 4_000_000, "percent": 20.0, "sources": [],
                                 "unassigned": None}
    assert data["by_source"] == []


def test_markdown_output(plan_file: Path) -> None:
    write_progress(plan_file, OVERDUE_AND_DUE)
    result = runner.invoke(app, ["progress", str(plan_file), "--as-of", "2024-07-02", "-f", "md"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"# Tiến độ {plan_file} tính đến ngày 02/07/2024"
    assert "## Kinh phí" in lines
    assert any(line.startswith("| II.1.1 | thong-tin — ") and "| Quá hạn 2 ngày |" in line
               for line in lines)


@pytest.mark.parametrize(("as_of", "fail_on", "code"), [
    ("2024-07-02", "overdue", 1),
    ("2024-06-30", "overdue", 0),    # the deadline day itself
    ("2024-06-30", "due-soon", 1),
    ("2024-07-02", "due-soon", 1),   # overdue counts for due-soon too
    ("2024-07-06", "overdue", 0),    # done late is not overdue
    ("2024-07-02", None, 0),
])
def test_fail_on(plan_file: Path, as_of: str, fail_on: str | None, code: int) -> None:
    write_progress(plan_file, OVERDUE_AND_DUE)
    args = ["progress", str(plan_file), "--as-of", as_of, "-f", "json", "--due-soon-days", "10"]
    result = runner.invoke(app, args + (["--fail-on", fail_on] if fail_on else []))
    assert result.exit_code == code, result.output


def test_other_progress_file_and_plan_mismatch_warning(plan_file: Path) -> None:
    other = write_progress(plan_file, rec("2024-05-01", "done"), head="plan: 2023.yaml\n",
                           name="khac.yaml")
    result = runner.invoke(app, ["progress", str(plan_file), "--progress", str(other),
                                 "--as-of", "2024-05-02", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "KH606" in result.stderr
    assert json.loads(result.stdout)["tasks"][0]["state"] == "done"


def test_no_progress_file_means_no_reports(plan_file: Path) -> None:
    result = runner.invoke(app, ["progress", str(plan_file), "--as-of", "2024-04-01", "-f", "json"])
    assert result.exit_code == 0
    assert "Chưa có tệp tiến độ" in result.stderr
    assert {t["state"] for t in json.loads(result.stdout)["tasks"]} == {"not-started"}


def test_missing_progress_option_file_exits_2(plan_file: Path) -> None:
    result = runner.invoke(app, ["progress", str(plan_file), "--progress", "khong-co.yaml"])
    assert result.exit_code == 2
    assert "khong-co.yaml" in result.stderr


def test_bad_as_of_exits_2(plan_file: Path) -> None:
    result = runner.invoke(app, ["progress", str(plan_file), "--as-of", "2024-02-30"])
    assert result.exit_code == 2
    assert "không phải ngày có thật" in result.stderr


def test_invalid_progress_file_is_refused_with_position(plan_file: Path) -> None:
    path = write_progress(plan_file, rec("2024-06-01", "in-progress", extra="    spent: 5.000\n"))
    result = runner.invoke(app, ["progress", str(plan_file), "--as-of", "2024-07-01"])
    assert result.exit_code == 1
    assert f"{path}:6:12" in result.stderr and "KH105" in result.stderr
    assert result.stdout == ""


def test_real_plan_year_end() -> None:
    plan = str(ROOT / "plans" / "2024.yaml")
    result = runner.invoke(app, ["progress", plan, "--as-of", "2024-12-31", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    states = {t["task"]: t["state"] for t in data["tasks"]}
    assert states["ra-soat-ho-ngheo"] == "done" and states["viet-bai"] == "done"
    assert states["pano-to-roi"] == "due-soon" and states["giam-sat-danh-gia"] == "due-soon"
    assert data["summary"]["spent"] == 12_600_000
    result = runner.invoke(app, ["progress", plan, "--as-of", "2025-01-31", "-f", "json",
                                 "--fail-on", "overdue"])
    assert result.exit_code == 1
    tasks = {t["task"]: t for t in json.loads(result.stdout)["tasks"]}
    assert (tasks["giam-sat-danh-gia"]["state"], tasks["giam-sat-danh-gia"]["days_late"]) == (
        "done-late", 10)
    assert (tasks["pano-to-roi"]["state"], tasks["pano-to-roi"]["days_late"]) == ("overdue", 31)
    early = runner.invoke(app, ["progress", plan, "--as-of", "2024-09-30", "-f", "json"])
    assert json.loads(early.stdout)["tasks"][4]["state"] == "not-started"  # cuoc-thi-bao-chi


def test_a_parent_whose_sub_items_carry_the_deadlines_is_due_with_the_last(tmp_path: Path) -> None:
    from conftest import mutated_text

    head = "        lead: vhxh\n        deadline: Q4/2024\n        items:\n          - id: viet-bai\n"
    text = mutated_text(head, head.replace("        deadline: Q4/2024\n", "")
                        + "            deadline: Q2/2024\n")
    for item in ("pano-to-roi", "cuoc-thi-bao-chi", "trang-thong-tin"):
        line = f"          - id: {item}\n"
        text = text.replace(line, line + "            deadline: Q3/2024\n")
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["validate", "--strict", str(tmp_path / "p.yaml")]).exit_code == 0

    def parent(as_of: str) -> dict:
        result = runner.invoke(app, ["progress", str(tmp_path / "p.yaml"), "--as-of", as_of, "-f", "json"])
        assert result.exit_code == 0, result.output
        return next(t for t in json.loads(result.stdout)["tasks"] if t["task"] == "truyen-thong-da-chieu")

    august = parent("2024-08-01")
    assert (august["state"], august["deadline_date"]) == ("not-started", "2024-09-30")
    assert parent("2024-10-01")["state"] == "overdue"
