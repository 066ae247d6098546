"""Deadline rules KH301–KH303: every deadline, own or inherited, fits the plan's year."""

from __future__ import annotations

import pytest

from conftest import check_text, codes, line_of, mini, only, where
from kehoach.diagnostics import Severity

OWN = "        deadline: Q4/2024\n        text: [Hỗ trợ thông tin]"


def with_deadline(value: str) -> str:
    return mini(OWN, f"        deadline: {value}\n        text: [Hỗ trợ thông tin]")


@pytest.mark.parametrize("value", ["Q1/2025", "1/2025", "2025-01-01", "quý I/2025"])
def test_deadline_after_plan_year(tmp_path, value):
    text = with_deadline(value)
    d = only(check_text(tmp_path, text), "KH301")
    assert where(d) == ("KH301", line_of(text, f"deadline: {value}"), 19)
    assert f"`{value}`" in d.message
    assert "quý IV/2024" in d.message and "31/12/2024" in d.message
    assert "II.1.1" in d.message  # the item, as numbered in the document
    assert "Q4/2024" in d.hint


def test_deadline_before_plan_year(tmp_path):
    text = with_deadline("2023-12-31")
    checked = check_text(tmp_path, text)
    d = only(checked, "KH301")
    assert d.line == line_of(text, "deadline: 2023-12-31")
    assert "trước năm kế hoạch 2024" in d.message
    assert codes(checked) == ["KH301", "KH302"]  # and before the plan's date


@pytest.mark.parametrize("value", ["2024-12-31", "Q4/2024", "12/2024", "2024-03-29"])
def test_deadlines_within_year_and_after_issue(tmp_path, value):
    assert check_text(tmp_path, with_deadline(value)).diagnostics == []


def test_item_deadline_checked_where_written(tmp_path):
    text = mini("            partners: [tckt]\n",
                "            partners: [tckt]\n            deadline: 3/2025\n")
    d = only(check_text(tmp_path, text), "KH301")
    assert where(d) == ("KH301", line_of(text, "deadline: 3/2025"), 23)
    assert "II.1.2.a-1" in d.message


@pytest.mark.parametrize("value", ["2024-03-15", "1/2024", "2/2024", "2024-03-28"])
def test_deadline_before_issue_date(tmp_path, value):
    text = with_deadline(value)
    d = only(check_text(tmp_path, text), "KH302")
    assert where(d) == ("KH302", line_of(text, f"deadline: {value}"), 19)
    assert "29/03/2024" in d.message and f"`{value}`" in d.message


def test_quarter_ending_after_issue_is_fine(tmp_path):
    # Q1/2024 ends on 31/03, after a plan issued on 29/03
    text = with_deadline("Q1/2024")
    text = text.replace("  date: 2024-03-29", "  date: 2024-03-01")
    assert check_text(tmp_path, text).diagnostics == []


def test_tracked_work_without_deadline_warns(tmp_path):
    text = mini("        deadline: Q4/2024\n        text:", "        text:")
    checked = check_text(tmp_path, text)
    d = only(checked, "KH303")
    assert d.severity is Severity.WARNING
    assert where(d) == ("KH303", line_of(text, "      - project: DA6.TDA1"), 9)
    assert "II.1.1" in d.message
    assert checked.errors == []


def test_item_without_inherited_deadline_warns(tmp_path):
    text = mini("      - project: DA6.TDA2\n        deadline: Q4/2024\n", "      - project: DA6.TDA2\n")
    d = only(check_text(tmp_path, text), "KH303")
    assert where(d) == ("KH303", line_of(text, "- id: viet-bai"), 13)
    # Without its own deadline the activity prints no "a)" point: the bullet is II.1.2-1.
    assert "II.1.2-1" in d.message


def test_deadline_inherited_from_parent_is_enough(tmp_path):
    # viet-bai has no deadline of its own; it inherits DA6.TDA2's
    assert "deadline" not in mini().split("- id: viet-bai")[1]
    assert check_text(tmp_path, mini()).diagnostics == []


def test_inherited_from_grandparent(tmp_path):
    text = mini(
        "  - project: DA6\n    children:\n",
        "  - project: DA6\n    deadline: Q4/2024\n    children:\n",
    ).replace("        deadline: Q4/2024\n        text: [Hỗ trợ thông tin]",
              "        text: [Hỗ trợ thông tin]")
    assert check_text(tmp_path, text).diagnostics == []
