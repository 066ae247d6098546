"""kehoach.summary.overview: the index row of a plan — its counts are validate's, its province
row is summary's, from one checking of the files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kehoach.summary.overview import overview
from kehoach.summary.rows import summarise
from kehoach.validate import check_plan, expand

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2024, 12, 31)


@pytest.mark.parametrize("plan", list(expand([ROOT / "plans"])), ids=lambda p: p.name)
def test_counts_are_validates_and_the_row_is_summarys(plan: Path):
    seen = overview(plan, DAY)
    checked = check_plan(plan)
    assert (seen.errors, seen.warnings) == (len(checked.errors), len(checked.warnings))
    assert seen.row == summarise(plan, DAY)
    assert seen.tasks == seen.row.tasks and sum(seen.tasks.values()) > 0
    assert seen.issuer == checked.plan.document.issuer and seen.title == checked.plan.document.summary


def test_the_seed_at_a_glance():
    seen = overview(ROOT / "plans" / "2024.yaml", DAY)
    assert (seen.years, seen.total, seen.number) == ("2024", 13_000_000, None)
    plans = ROOT / "plans"
    assert seen.depends_on[:2] == (str(plans / "2024.yaml"), str(plans / "2024.progress.yaml"))


def test_a_plan_with_errors_keeps_its_first_error(tmp_path: Path):
    bad = tmp_path / "x.yaml"
    bad.write_text((ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8").replace(
        "total: 13_000_000", "total: 12_000_000"), encoding="utf-8")
    seen = overview(bad, DAY)
    assert seen.errors >= 1 and seen.first_error is not None and seen.first_error.code == "KH201"
    assert not seen.row.ok and seen.issuer == "Ủy ban nhân dân xã An Dương"


def test_errors_in_the_plan_and_its_progress_file_are_counted_as_summary_counts_them(tmp_path: Path):
    """The index counts every file's problems (as validate does); the province row, like `kehoach
    summary`, only the plan's while the plan has errors (its progress file is not read then)."""
    from kehoach.summary.rows import counted

    plans = ROOT / "plans"
    plan = tmp_path / "2024.yaml"
    plan.write_text((plans / "2024.yaml").read_text(encoding="utf-8").replace(
        "total: 13_000_000", "total: 12_000_000"), encoding="utf-8")
    progress = tmp_path / "2024.progress.yaml"
    progress.write_text((plans / "2024.progress.yaml").read_text(encoding="utf-8")
                        + "\n  - date: 2024-12-30\n    task: khong-co\n    status: done\n", encoding="utf-8")
    checked = check_plan(plan)
    in_progress = [d for d in checked.errors if d.file == str(progress)]
    assert [d.code for d in in_progress] == ["KH601"] and any(d.file == str(plan) for d in checked.errors)

    seen = overview(plan, DAY)
    assert seen.errors == len(checked.errors)  # the index: as validate counts
    assert seen.row == summarise(plan, DAY)  # the province row: as summary counts
    assert seen.row.errors == len(checked.errors) - len(in_progress)
    assert counted(plan, checked.diagnostics) == [d for d in checked.diagnostics if d.file == str(plan)]

    # Once the plan is right, the progress file's errors count in both.
    plan.write_text((plans / "2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    seen = overview(plan, DAY)
    assert seen.row == summarise(plan, DAY) and seen.row.errors == 1 and seen.row.error.code == "KH601"
