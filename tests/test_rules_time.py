"""Deadline rules over every kind of time (issue 9): KH301/KH302 for every form and every
occurrence, period plans, the plan's `start`, impossible forms at file:line:col, and a parent
whose children all carry deadlines."""

from __future__ import annotations

import pytest

from conftest import check_text, codes, column_of, line_of, mini, only, where
from kehoach.render.views import build_view
from kehoach.validate import check_plan
from readback import shown

OWN = "        deadline: Q4/2024\n        text: [Hỗ trợ thông tin]"


def with_deadline(value: str, text: str | None = None) -> str:
    return mini(OWN, f"        deadline: {value}\n        text: [Hỗ trợ thông tin]") if text is None \
        else text.replace(OWN, f"        deadline: {value}\n        text: [Hỗ trợ thông tin]")


@pytest.mark.parametrize("value", [
    "vào ngày 04/01/2025", "từ tháng 10/2024 đến tháng 3/2025", "H1/2025", "năm 2025",
    "01/12/2024 - 15/01/2025", "từ quý IV/2024 đến quý I/2025",
])
def test_every_form_after_the_plan_year(tmp_path, value):
    text = with_deadline(value)
    d = only(check_text(tmp_path, text), "KH301")
    assert where(d) == ("KH301", line_of(text, f"deadline: {value}"), 19)
    assert "năm kế hoạch 2024" in d.message and "31/12/2024" in d.message


@pytest.mark.parametrize("value", ["từ tháng 12/2023 đến tháng 3/2024", "năm 2023", "H2/2023"])
def test_every_form_before_the_plan_year(tmp_path, value):
    d = only(check_text(tmp_path, with_deadline(value)), "KH301")
    assert "ở trước năm kế hoạch 2024" in d.message


@pytest.mark.parametrize("value", ["thường xuyên", "định kỳ hằng quý", "hằng tháng trước ngày 20",
                                   "định kỳ 6 tháng, hằng năm", "từ tháng 4 đến tháng 12/2024",
                                   "vào ngày 04/11/2024", "6 tháng cuối năm 2024", "năm 2024"])
def test_forms_within_the_year_are_clean(tmp_path, value):
    assert codes(check_text(tmp_path, with_deadline(value))) == []


def test_a_recurring_deadline_with_no_occurrence_left(tmp_path):
    # Dated 25/12: the 20th of each month has passed for good.
    text = with_deadline("hằng tháng trước ngày 20").replace("date: 2024-03-29", "date: 2024-12-25")
    d = only(check_text(tmp_path, text), "KH301")
    assert "không có lần nào đến hạn" in d.message
    # …while a quarterly one still falls due on 31/12.
    text = with_deadline("định kỳ hằng quý").replace("date: 2024-03-29", "date: 2024-12-25")
    assert codes(check_text(tmp_path, text)) == []


def test_a_range_starting_before_the_plan_date_needs_start(tmp_path):
    text = with_deadline("từ tháng 1 đến tháng 12/2024")
    d = only(check_text(tmp_path, text), "KH302")
    assert where(d) == ("KH302", line_of(text, "deadline: từ tháng 1"), 19)
    assert "bắt đầu trước ngày ban hành kế hoạch 29/3/2024".replace("29/3", "29/03") in d.message
    assert "start:" in d.hint
    started = text.replace("year: 2024\n", "year: 2024\nstart: 2024-01-01\n")
    assert codes(check_text(tmp_path, started)) == []


@pytest.mark.parametrize(("value", "clean"), [
    ("từ tháng 3 đến tháng 12/2024", True),    # the plan is dated in March: it may say "from March"
    ("từ quý I đến quý IV/2024", True),
    ("từ tháng 2 đến tháng 12/2024", False),
    ("từ ngày 28/3 đến ngày 30/6/2024", False),
    ("từ ngày 29/3 đến ngày 30/6/2024", True),
    ("từ năm 2024 đến năm 2024", True),
])
def test_a_range_may_start_in_the_period_the_plan_is_dated(tmp_path, value, clean):
    found = codes(check_text(tmp_path, with_deadline(value)))
    assert found == ([] if clean else ["KH302"]), (value, found)


def test_an_event_before_the_plan_date(tmp_path):
    d = only(check_text(tmp_path, with_deadline("vào ngày 15/3/2024")), "KH302")
    assert "trước ngày ban hành kế hoạch 29/03/2024" in d.message


def test_start_after_the_plan_date_or_before_the_period(tmp_path):
    late = mini("year: 2024\n", "year: 2024\nstart: 2024-04-01\n")
    d = only(check_text(tmp_path, late), "KH302")
    assert where(d) == ("KH302", line_of(late, "start: 2024-04-01"), 8)
    early = mini("year: 2024\n", "year: 2024\nstart: 2023-12-01\n")
    assert "ở trước năm kế hoạch 2024" in only(check_text(tmp_path, early), "KH301").message


@pytest.mark.parametrize(("value", "reason"), [
    ("13/2024", "tháng 13 không có"),
    ("quý V/2024", "quý `V` không có"),
    ("từ tháng 10 đến tháng 3/2024", "kết thúc (tháng 3/2024) trước khi bắt đầu (tháng 10)"),
    ("hằng tuần", "không phải thời hạn hợp lệ"),
])
def test_impossible_forms_at_file_line_col(tmp_path, value, reason):
    text = with_deadline(value)
    d = only(check_text(tmp_path, text), "KH106")
    assert where(d) == ("KH106", line_of(text, f"deadline: {value}"), column_of(text, value))
    assert reason in d.message
    for form in ("31/12/2024", "Q4/2024", "6 tháng đầu năm 2024", "vào ngày 04/11/2025",
                 "từ tháng 4 đến tháng 12/2024", "định kỳ hằng quý", "thường xuyên"):
        assert form in d.message


# --- period plans --------------------------------------------------------------------------------

PERIOD = mini("year: 2024\n", "period: 2021-2025\n")


def test_a_period_plan_validates_and_its_deadlines_span_the_period(tmp_path):
    text = with_deadline("Q4/2025", PERIOD)
    assert codes(check_text(tmp_path, text)) == []
    late = with_deadline("Q1/2026", PERIOD)
    d = only(check_text(tmp_path, late), "KH301")
    assert "giai đoạn kế hoạch 2021-2025" in d.message and "31/12/2025" in d.message
    assert "giai đoạn 2021-2025" in d.hint and "Q4/2025" in d.hint


def test_first_and_last_year(tmp_path):
    plan = check_text(tmp_path, PERIOD).plan
    assert (plan.first_year, plan.last_year, plan.years_label) == (2021, 2025, "giai đoạn 2021-2025")
    plan = check_text(tmp_path, mini()).plan
    assert (plan.first_year, plan.last_year, plan.years_label) == (2024, 2024, "năm 2024")


def test_year_and_period_together(tmp_path):
    text = mini("year: 2024\n", "year: 2024\nperiod: 2021-2025\n")
    d = only(check_text(tmp_path, text), "KH106")
    assert where(d) == ("KH106", line_of(text, "period: 2021-2025"), 9)
    assert "không ghi cả hai" in d.message


def test_neither_year_nor_period(tmp_path):
    d = only(check_text(tmp_path, mini("year: 2024\n", "")), "KH101")
    assert "`year`" in d.message and "`period`" in d.message and "period: 2021-2025" in d.hint


@pytest.mark.parametrize("value", ["2025-2021", "2021", "2021-2021", "hai năm", "1990-1995"])
def test_a_bad_period(tmp_path, value):
    text = mini("year: 2024\n", f"period: {value}\n")
    d = only(check_text(tmp_path, text), "KH106")
    assert "2021-2025" in d.message


def test_a_period_plan_issued_mid_period_is_no_warning(tmp_path):
    text = PERIOD.replace("date: 2024-03-29", "date: 2022-03-15")
    assert codes(check_text(tmp_path, text)) == []
    text = PERIOD.replace("date: 2024-03-29", "date: 2026-01-15")
    assert "KH502" in codes(check_text(tmp_path, text))


# --- a parent whose children all carry deadlines -------------------------------------------------

PARENT = mini("""      - project: DA6.TDA2
        deadline: Q4/2024
        items:
          - id: viet-bai
            text: Viết bài
            lead: vhxh
            partners: [tckt]""", """      - project: DA6.TDA2
        id: truyen-thong
        lead: vhxh
        items:
          - id: viet-bai
            text: Viết bài
            deadline: Q2/2024
          - id: pano
            text: Làm pa nô
            deadline: vào ngày 04/11/2024""")


def test_no_warning_when_every_child_has_a_deadline(tmp_path):
    assert codes(check_text(tmp_path, PARENT)) == []
    one_missing = PARENT.replace("            deadline: vào ngày 04/11/2024\n", "")
    found = [d for d in check_text(tmp_path, one_missing).diagnostics if d.code == "KH303"]
    assert [d.message.split()[1] for d in found] == ["II.1.2", "II.1.2-2"]  # the parent and the child
    assert "mục con" in found[0].hint


def test_no_time_line_under_such_a_parent(tmp_path):
    checked = check_plan(_write(tmp_path, PARENT))
    view = build_view(checked.plan, checked.catalogue)
    texts = [shown(p.text) for p in view.body if p.kind == "para"]
    times = [t for t in texts if "Thời gian thực hiện" in t]
    assert times == ["Thời gian thực hiện: Hoàn thành hết quý IV năm 2024.",
                     "Thời gian thực hiện: Hoàn thành hết quý II năm 2024.",
                     "Thời gian thực hiện: Vào ngày 04/11/2024."]


def _write(tmp_path, text):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path
