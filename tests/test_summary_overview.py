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
