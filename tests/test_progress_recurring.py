"""kehoach.progress.recurring and the progress CLI over every kind of time: each occurrence of a
recurring deadline is a due date; an event done on its day is on time; a range is overdue only
after its end; continuous work is never overdue and shows its last record."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.progress.recurring import Occurrence, named_round, settle, state_of

D = date
QUARTERS = [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]
EXAMPLE = Path(__file__).parent.parent / "plans" / "examples" / "quangnam-2023-giam-sat.yaml"
runner = CliRunner()


def unnamed(*days: date) -> list[tuple[date, None]]:
    return [(day, None) for day in days]


def test_q2_missed_stays_overdue_after_q3_was_sent():
    # Q1 on time, nothing in Q2, Q3's report on 25/09: it is Q3's, so Q2 is still missed.
    rounds = settle(QUARTERS, unnamed(D(2024, 3, 25), D(2024, 9, 25)))
    assert [o.done_on for o in rounds] == [D(2024, 3, 25), None, D(2024, 9, 25), None]
    on_26_09 = state_of(rounds, D(2024, 9, 26), 30, True)
    assert (on_26_09.state, on_26_09.days, on_26_09.focus.due) == ("overdue", 88, D(2024, 6, 30))
    as_of_august = state_of(settle(QUARTERS, unnamed(D(2024, 3, 25))), D(2024, 8, 1), 30, True)
    assert (as_of_august.state, as_of_august.days, as_of_august.focus.due) == ("overdue", 32, D(2024, 6, 30))


def test_a_late_report_catches_up_the_round_it_names():
    rounds = settle(QUARTERS, [(D(2024, 3, 25), None), (D(2024, 7, 10), D(2024, 6, 30))])
    assert rounds[1] == Occurrence(D(2024, 6, 30), D(2024, 7, 10)) and rounds[1].late_days == 10
    assert state_of(rounds, D(2024, 7, 11), 30, True).state == "on-track"


def test_an_unnamed_late_report_is_the_next_rounds():
    rounds = settle(QUARTERS, unnamed(D(2024, 3, 25), D(2024, 7, 10)))
    assert [o.done_on for o in rounds] == [D(2024, 3, 25), None, D(2024, 7, 10), None]
    assert state_of(rounds, D(2024, 7, 11), 30, True).state == "overdue"


def test_two_reports_in_one_period_do_not_cover_the_next():
    rounds = settle(QUARTERS, unnamed(D(2024, 3, 1), D(2024, 3, 20), D(2024, 6, 1)))
    assert [o.done_on for o in rounds] == [D(2024, 3, 1), D(2024, 6, 1), None, None]


def test_a_report_after_the_last_due_date_is_the_last_rounds():
    rounds = settle(QUARTERS, unnamed(D(2024, 3, 1), D(2024, 6, 1), D(2024, 9, 1), D(2025, 1, 5)))
    assert rounds[-1] == Occurrence(D(2024, 12, 31), D(2025, 1, 5))


@pytest.mark.parametrize(("text", "due", "why"), [
    ("quý II/2024", D(2024, 6, 30), ""),
    ("Q3/2024", D(2024, 9, 30), ""),
    ("30/06/2024", D(2024, 6, 30), ""),
    ("6 tháng đầu năm 2024", None, "gồm 2 kỳ"),
    ("năm 2024", None, "gồm 4 kỳ"),
    ("tháng 5/2024", None, "không có kỳ nào đến hạn"),
    ("quý V/2024", None, "không phải thời hạn hợp lệ"),
    ("hằng quý", None, "không chỉ một kỳ"),
])
def test_named_round(text, due, why):
    found, said = named_round(text, QUARTERS)
    assert found == due
    assert why in said and (not why) == (not said)


def test_every_round_done_is_done_or_done_late():
    on_time = settle(QUARTERS, unnamed(D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)))
    assert state_of(on_time, D(2025, 1, 5), 30, True).state == "done"
    late = settle(QUARTERS, [(D(2024, 3, 31), None), (D(2024, 7, 5), D(2024, 6, 30)),
                           *unnamed(D(2024, 9, 30), D(2024, 12, 31))])
    assert (state_of(late, D(2025, 1, 5), 30, True).state, state_of(late, D(2025, 1, 5), 30, True).days) \
        == ("done-late", 5)


def test_next_round_due_soon_or_not_started():
    assert state_of(settle(QUARTERS, []), D(2024, 3, 10), 30, False).state == "due-soon"
    assert state_of(settle(QUARTERS, []), D(2024, 1, 10), 30, False).state == "not-started"
    assert state_of(settle(QUARTERS, []), D(2024, 1, 10), 30, True).state == "on-track"


# --- through the CLI, on the example plan and its progress file ---------------------------------

@pytest.fixture
def example(tmp_path: Path) -> Path:
    for suffix in (".yaml", ".progress.yaml"):
        shutil.copy(EXAMPLE.with_suffix("").with_suffix(suffix), tmp_path / f"qn{suffix}")
    text = (tmp_path / "qn.progress.yaml").read_text(encoding="utf-8")
    (tmp_path / "qn.progress.yaml").write_text(text.replace("plan: quangnam-2023-giam-sat.yaml",
                                                            "plan: qn.yaml"), encoding="utf-8")
    return tmp_path / "qn.yaml"


def progress(plan: Path, as_of: str, *extra: str):
    result = runner.invoke(app, ["progress", str(plan), "--as-of", as_of, *extra])
    assert "Traceback" not in result.output
    return result


def states(plan: Path, as_of: str) -> dict[str, dict]:
    result = progress(plan, as_of, "-f", "json")
    assert result.exit_code == 0, result.output
    return {t["task"]: t for t in json.loads(result.stdout)["tasks"]}


def test_missed_monthly_report_fails_on_overdue(example):
    # Due 20/7, 20/8, 20/9, 20/10, …: September's was missed, sent on 18/10.
    before = progress(example, "2023-10-01", "--fail-on", "overdue")
    assert before.exit_code == 1 and "kỳ 20/09/2023" in before.output
    caught_up = progress(example, "2023-10-19", "--fail-on", "overdue")
    assert caught_up.exit_code == 0, caught_up.output
    after = progress(example, "2023-10-25", "--fail-on", "overdue")
    assert after.exit_code == 1 and "Quá hạn 5 ngày, kỳ 20/10/2023 (xong 3/6 kỳ)" in after.output
    task = states(example, "2023-10-25")["bao-cao-thang"]
    assert task["state"] == "overdue"
    assert [o["due"] for o in task["occurrences"]] == [f"2023-{m:02d}-20" for m in range(7, 13)]
    assert [o["done_on"] for o in task["occurrences"]][:4] == ["2023-07-18", "2023-08-19", "2023-10-18", None]


def test_recurring_rounds_before_the_plan_date_are_not_due(example):
    # The plan is dated 13/7/2023: "định kỳ 6 tháng, hằng năm" is due once, on 31/12/2023.
    task = states(example, "2023-11-01")["bao-cao-dinh-ky"]
    assert [o["due"] for o in task["occurrences"]] == ["2023-12-31"]
    assert task["state"] == "not-started"


def test_event_done_on_its_day_is_on_time(example):
    task = states(example, "2023-10-25")["tap-huan-giam-sat"]
    assert (task["state"], task["done_on"], task["deadline_date"]) == ("done", "2023-09-15", "2023-09-15")


def test_range_is_overdue_only_after_its_end(example):
    assert states(example, "2023-11-30")["doan-giam-sat"]["state"] == "due-soon"
    assert states(example, "2023-12-01")["doan-giam-sat"]["state"] == "overdue"


def test_continuous_work_is_never_overdue_and_shows_its_last_record(example):
    task = states(example, "2023-12-31")["giam-sat-thuong-xuyen"]
    assert task["state"] == "on-track" and task["deadline_date"] is None
    assert (task["status_date"], task["note"]) == ("2023-10-10", "Đã giám sát 9/18 huyện")
    table = progress(example, "2023-12-31")
    assert "thường xuyên" in table.output and "10/10/2023" in table.output


def test_a_parent_of_a_recurring_report_is_not_done_while_rounds_remain(tmp_path):
    plan = tmp_path / "p.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    head, rest = text.split("  - title: Chế độ báo cáo\n", 1)
    tail = rest[rest.index("  - use: organization"):]
    # The three report items now sit under one tracked activity without records of its own.
    text = head + """  - title: Chế độ báo cáo
    children:
      - title: Báo cáo của các sở
        id: bao-cao-so
        lead: cac-so
        items:
          - {id: bao-cao-dinh-ky, text: Báo cáo kết quả, deadline: "định kỳ 6 tháng, hằng năm"}
          - {id: bao-cao-thang, text: Cập nhật tiến độ giải ngân, deadline: hằng tháng trước ngày 20}
          - {id: bao-cao-quy, text: Báo cáo chỉ tiêu, deadline: định kỳ hằng quý}
""" + tail
    plan.write_text(text, encoding="utf-8")
    (tmp_path / "p.progress.yaml").write_text(
        "plan: p.yaml\nrecords:\n  - {date: 2023-07-18, task: bao-cao-thang, status: done}\n"
        "  - {date: 2023-07-18, task: bao-cao-quy, status: done}\n"
        "  - {date: 2023-07-18, task: bao-cao-dinh-ky, status: done}\n", encoding="utf-8")
    result = runner.invoke(app, ["progress", str(plan), "--as-of", "2023-07-20", "-f", "json"])
    assert result.exit_code == 0, result.output
    tasks = {t["task"]: t for t in json.loads(result.stdout)["tasks"]}
    assert tasks["bao-cao-so"]["status_from_sub_items"] is True
    assert tasks["bao-cao-so"]["status"] == "in-progress" and tasks["bao-cao-so"]["state"] != "done"


def _without_round(example: Path, replacement: str = "") -> None:
    progress_file = example.with_suffix("").with_suffix(".progress.yaml")
    text = progress_file.read_text(encoding="utf-8")
    assert "round: tháng 9/2023, " in text
    progress_file.write_text(text.replace("round: tháng 9/2023, ", replacement), encoding="utf-8")


def test_a_report_that_names_no_round_leaves_the_missed_one_overdue(example):
    _without_round(example)
    # The 18/10 report is October's: September's is still missed the day after.
    after = progress(example, "2023-10-19", "--fail-on", "overdue")
    assert after.exit_code == 1 and "kỳ 20/09/2023" in after.output
    result = runner.invoke(app, ["validate", "--strict", str(example)])
    assert result.exit_code == 1
    assert "KH613" in result.output and "ghi `round: 20/09/2023`" in result.output
    assert "qn.progress.yaml:10:" in result.output


@pytest.mark.parametrize(("replacement", "said"), [
    ("round: năm 2023, ", "gồm 6 kỳ"),
    ("round: tháng 2/2023, ", "không có kỳ nào đến hạn"),
    ("round: quý V/2023, ", "không phải thời hạn hợp lệ"),
])
def test_a_round_that_is_not_one_of_the_tasks_is_an_error(example, replacement, said):
    _without_round(example, replacement)
    result = runner.invoke(app, ["validate", str(example)])
    assert result.exit_code == 1 and "KH614" in result.output and said in result.output
    assert "qn.progress.yaml:10:" in result.output


def test_a_round_on_work_that_does_not_recur_is_an_error(example):
    progress_file = example.with_suffix("").with_suffix(".progress.yaml")
    text = progress_file.read_text(encoding="utf-8")
    progress_file.write_text(text.replace("task: tap-huan-giam-sat, status: done}",
                                          "task: tap-huan-giam-sat, status: done, round: quý III/2023}"),
                             encoding="utf-8")
    result = runner.invoke(app, ["validate", str(example)])
    assert result.exit_code == 1 and "KH614" in result.output and "không có thời hạn định kỳ" in result.output
