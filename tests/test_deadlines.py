"""kehoach.deadlines: the forms officials write a deadline in, each meaning its last day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.deadlines import ROMAN, Deadline, parse_deadline, quarter_end, shifted


@pytest.mark.parametrize(
    ("text", "kind", "end"),
    [
        ("Q4/2024", "quarter", "2024-12-31"),
        ("Q1/2024", "quarter", "2024-03-31"),
        ("Q2/2023", "quarter", "2023-06-30"),
        ("Q3/2024", "quarter", "2024-09-30"),
        ("q4/2024", "quarter", "2024-12-31"),
        ("quý IV/2024", "quarter", "2024-12-31"),
        ("Quý I/2024", "quarter", "2024-03-31"),
        ("quý II năm 2024", "quarter", "2024-06-30"),
        ("quy 3/2024", "quarter", "2024-09-30"),
        ("12/2024", "month", "2024-12-31"),
        ("2/2024", "month", "2024-02-29"),  # leap year
        ("2/2023", "month", "2023-02-28"),
        ("02/2024", "month", "2024-02-29"),
        ("tháng 6/2024", "month", "2024-06-30"),
        ("2024-12-31", "date", "2024-12-31"),
        ("31/12/2024", "date", "2024-12-31"),
        ("6/3/2024", "date", "2024-03-06"),  # day/month/year, as Vietnamese write it
        ("  Q4/2024  ", "quarter", "2024-12-31"),
    ],
)
def test_forms(text, kind, end):
    deadline = parse_deadline(text)
    assert deadline.kind == kind
    assert deadline.end == dt.date.fromisoformat(end)
    assert deadline.text == text.strip()
    assert str(deadline) == text.strip()


def test_date_object_from_yaml():
    deadline = parse_deadline(dt.date(2024, 6, 30))
    assert (deadline.kind, deadline.end, deadline.text) == ("date", dt.date(2024, 6, 30), "2024-06-30")


def test_already_parsed_is_returned_as_is():
    deadline = Deadline("month", dt.date(2024, 5, 31), "5/2024")
    assert parse_deadline(deadline) is deadline


@pytest.mark.parametrize(
    "value",
    ["cuối năm", "Q5/2024", "Q0/2024", "quý V/2024", "13/2024", "0/2024", "2024-02-30",
     "30/02/2024", "2024", "", "   ", None, 2024, 4.2024, dt.datetime(2024, 12, 31, 8, 0)],
)
def test_refused_with_a_vietnamese_message(value):
    with pytest.raises(ValueError) as info:
        parse_deadline(value)
    message = str(info.value)
    assert "Q4/2024" in message and "12/2024" in message


def test_quarter_property():
    assert [parse_deadline(t).quarter for t in ("Q1/2024", "5/2024", "2024-09-01", "quý IV/2024")] \
        == [1, 2, 3, 4]


@pytest.mark.parametrize(("year", "quarter", "end"), [(2024, 1, "2024-03-31"), (2024, 2, "2024-06-30"),
                                                      (2024, 3, "2024-09-30"), (2024, 4, "2024-12-31")])
def test_quarter_end(year, quarter, end):
    assert quarter_end(year, quarter) == dt.date.fromisoformat(end)


def test_roman_numerals():
    assert ROMAN == {1: "I", 2: "II", 3: "III", 4: "IV"}


# --- every kind of time (issue 9) -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "phrase"),
    [
        ("31/12/2024", "date", None, "2024-12-31", "Hoàn thành trước ngày 31/12/2024."),
        ("2024-03-06", "date", None, "2024-03-06", "Hoàn thành trước ngày 06/3/2024."),
        ("12/2024", "month", None, "2024-12-31", "Hoàn thành trong tháng 12 năm 2024."),
        ("tháng 2 năm 2024", "month", None, "2024-02-29", "Hoàn thành trong tháng 2 năm 2024."),
        ("Q4/2024", "quarter", None, "2024-12-31", "Hoàn thành hết quý IV năm 2024."),
        ("quý II năm 2024", "quarter", None, "2024-06-30", "Hoàn thành hết quý II năm 2024."),
        ("6 tháng đầu năm 2024", "half", None, "2024-06-30", "Hoàn thành trong 6 tháng đầu năm 2024."),
        ("H2/2024", "half", None, "2024-12-31", "Hoàn thành trong 6 tháng cuối năm 2024."),
        ("năm 2024", "year", None, "2024-12-31", "Hoàn thành trong năm 2024."),
        ("ngày 04/11/2025", "event", "2025-11-04", "2025-11-04", "Vào ngày 04/11/2025."),
        ("vào ngày 04/11/2025", "event", "2025-11-04", "2025-11-04", "Vào ngày 04/11/2025."),
        ("Vào ngày 5 tháng 1 năm 2025", "event", "2025-01-05", "2025-01-05", "Vào ngày 05/01/2025."),
        ("từ tháng 4 đến tháng 12/2024", "range", "2024-04-01", "2024-12-31",
         "Từ tháng 4 đến hết tháng 12 năm 2024."),
        ("từ tháng 4 đến hết tháng 12/2024", "range", "2024-04-01", "2024-12-31",
         "Từ tháng 4 đến hết tháng 12 năm 2024."),
        ("01/7/2023 - 31/7/2023", "range", "2023-07-01", "2023-07-31",
         "Từ ngày 01/7/2023 đến ngày 31/7/2023."),
        ("từ ngày 01/7 đến ngày 31/7/2023", "range", "2023-07-01", "2023-07-31",
         "Từ ngày 01/7/2023 đến ngày 31/7/2023."),
        ("từ tháng 10/2024 đến tháng 3/2025", "range", "2024-10-01", "2025-03-31",
         "Từ tháng 10 năm 2024 đến hết tháng 3 năm 2025."),
        ("từ quý II đến quý IV/2024", "range", "2024-04-01", "2024-12-31",
         "Từ quý II đến hết quý IV năm 2024."),
        ("từ năm 2021 đến năm 2025", "range", "2021-01-01", "2025-12-31", "Từ năm 2021 đến năm 2025."),
        ("định kỳ hằng quý", "recurring", None, None, "Định kỳ hằng quý."),
        ("Định kỳ hàng quý", "recurring", None, None, "Định kỳ hằng quý."),
        ("định kỳ 6 tháng", "recurring", None, None, "Định kỳ 6 tháng."),
        ("hằng tháng trước ngày 20", "recurring", None, None, "Hằng tháng trước ngày 20."),
        ("hàng năm", "recurring", None, None, "Hằng năm."),
        ("định kỳ 6 tháng, hằng năm", "recurring", None, None, "Định kỳ 6 tháng, hằng năm."),
        ("hằng năm trước ngày 15/12", "recurring", None, None, "Hằng năm trước ngày 15/12."),
        ("thường xuyên", "continuous", None, None, "Thường xuyên."),
        ("Thường xuyên, liên tục", "continuous", None, None, "Thường xuyên, liên tục."),
    ],
)
def test_every_kind_and_its_phrase(text, kind, start, end, phrase):
    deadline = parse_deadline(text)
    assert deadline.kind == kind
    assert deadline.start == (dt.date.fromisoformat(start) if start else None)
    assert deadline.end == (dt.date.fromisoformat(end) if end else None)
    assert deadline.text == text
    assert deadline.phrase() == phrase


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("13/2024", "tháng 13 không có"),
        ("quý V/2024", "quý `V` không có"),
        ("H3/2024", "`H3` không có"),
        ("từ tháng 10 đến tháng 3/2025", "kết thúc (tháng 3/2025) trước khi bắt đầu (tháng 10)"),
        ("từ quý IV đến quý II/2024", "kết thúc (quý II/2024) trước khi bắt đầu (quý IV)"),
        ("từ Q4 đến Q2/2024", "kết thúc (Q2/2024) trước khi bắt đầu (Q4)"),
        ("01/8/2023 - 31/7/2023", "kết thúc"),
        ("31/7/2023 - 31/7/2023", "chỉ có một ngày; viết `vào ngày 31/7/2023`"),
        ("hằng tháng trước ngày 32", "ngày 32 không có"),
        ("hằng quý trước ngày 15/12", "chỉ dùng cho hằng năm"),
        ("định kỳ", "không phải thời hạn hợp lệ"),
        ("tháng 4", "không phải thời hạn hợp lệ"),  # a month needs its year outside a range
        ("6 tháng đầu năm", "không phải thời hạn hợp lệ"),
        ("quý", "không phải thời hạn hợp lệ"),
    ],
)
def test_impossible_forms_say_why_and_list_the_forms(text, reason):
    with pytest.raises(ValueError) as info:
        parse_deadline(text)
    message = str(info.value)
    assert reason in message
    for form in ("Q4/2024", "6 tháng đầu năm 2024", "vào ngày 04/11/2025", "từ tháng 4 đến tháng 12/2024",
                 "định kỳ hằng quý", "thường xuyên"):
        assert form in message


D = dt.date


@pytest.mark.parametrize(
    ("text", "first", "last", "due"),
    [
        ("định kỳ hằng quý", D(2024, 1, 1), D(2024, 12, 31),
         [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]),
        ("định kỳ 6 tháng, hằng năm", D(2023, 7, 13), D(2023, 12, 31), [D(2023, 12, 31)]),
        ("định kỳ 6 tháng, hằng năm", D(2021, 1, 1), D(2022, 12, 31),
         [D(2021, 6, 30), D(2021, 12, 31), D(2022, 6, 30), D(2022, 12, 31)]),
        ("hằng tháng trước ngày 20", D(2024, 10, 5), D(2024, 12, 31),
         [D(2024, 10, 20), D(2024, 11, 20), D(2024, 12, 20)]),
        ("hằng tháng trước ngày 31", D(2024, 1, 1), D(2024, 3, 31),
         [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)]),  # no 31 February: its last day
        ("hằng năm", D(2021, 3, 1), D(2025, 12, 31), [D(y, 12, 31) for y in range(2021, 2026)]),
        ("hằng năm trước ngày 15/12", D(2024, 1, 1), D(2024, 12, 31), [D(2024, 12, 15)]),
        ("thường xuyên", D(2024, 1, 1), D(2024, 12, 31), []),
        ("Q2/2024", D(2024, 1, 1), D(2024, 12, 31), [D(2024, 6, 30)]),
        ("Q2/2025", D(2024, 1, 1), D(2024, 12, 31), []),
        ("vào ngày 04/11/2025", D(2025, 1, 1), D(2025, 12, 31), [D(2025, 11, 4)]),
    ],
)
def test_occurrences(text, first, last, due):
    assert parse_deadline(text).occurrences(first, last) == due


@pytest.mark.parametrize(
    ("text", "years", "moved"),
    [
        ("Q4/2024", 1, "Q4/2025"),
        ("quý IV/2024", 1, "quý IV/2025"),
        ("quý II năm 2024", 2, "quý II năm 2026"),
        ("31/12/2024", 1, "31/12/2025"),
        ("2024-12-31", 1, "2025-12-31"),
        ("29/02/2024", 1, "28/02/2025"),
        ("29/2/2024", 4, "29/2/2028"),  # a leap year again keeps the 29th
        ("2024-02-29", 1, "2025-02-28"),
        ("tháng 2/2024", 1, "tháng 2/2025"),
        ("6 tháng đầu năm 2024", 1, "6 tháng đầu năm 2025"),
        ("H1/2024", -1, "H1/2023"),
        ("năm 2024", 1, "năm 2025"),
        ("vào ngày 04/11/2025", 1, "vào ngày 04/11/2026"),
        ("từ tháng 4 đến tháng 12/2024", 1, "từ tháng 4 đến tháng 12/2025"),
        ("từ tháng 10/2024 đến tháng 3/2025", 1, "từ tháng 10/2025 đến tháng 3/2026"),
        ("01/7/2023 - 31/7/2023", 1, "01/7/2024 - 31/7/2024"),
        ("thường xuyên", 1, "thường xuyên"),
        ("định kỳ 6 tháng, hằng năm", 1, "định kỳ 6 tháng, hằng năm"),
        ("hằng năm trước ngày 29/02", 1, "hằng năm trước ngày 29/02"),
    ],
)
def test_shifted_keeps_the_form(text, years, moved):
    deadline = parse_deadline(text)
    assert shifted(deadline.text, years) == moved
    again = parse_deadline(moved)  # still a deadline, of the same kind
    assert again.kind == deadline.kind
    if deadline.end is not None:
        assert again.end.year == deadline.end.year + years


def test_shifted_from_a_yaml_date():
    assert shifted(parse_deadline(dt.date(2024, 2, 29)).text, 1) == "2025-02-28"


# ---- issue 28, class 4: every form of 29 February moves through the one reading ----------------

_SEP = st.sampled_from(["/", " / ", "/ "])


@st.composite
def leap_day_forms(draw) -> tuple[str, str]:
    """29 February 2024 in any form the parser reads, and what it is: "date", "event", "range"."""
    day = "29"
    month = draw(st.sampled_from(["2", "02"]))
    sep = draw(_SEP)
    prefix = draw(st.sampled_from(["", "ngày ", "Ngày "]))
    whole = draw(st.sampled_from([
        f"{prefix}{day}{sep}{month}{sep}2024",
        f"2024-{month}-{day}",
        f"ngày {day} tháng {month} năm 2024",
        f"Ngày  {day}  tháng {month}  năm 2024",
    ]))
    kind = draw(st.sampled_from(["alone", "event", "range-start", "range-start-no-year", "range-end"]))
    end = draw(st.sampled_from(["31/12/2024", "tháng 6/2024", "quý II/2024", "năm 2024", "2024-12-31"]))
    dash = draw(st.sampled_from([" - ", " – ", "—"]))
    if kind == "event":
        written = whole if whole.lower().startswith("ngày") else f"ngày {whole}"
        # a day during, or at a time of day (the parser reads these before a day month year only)
        timed = [f"trong {written}", f"chiều {written}", f"14 giờ 30 {written}", f"8h {written}"]
        return draw(st.sampled_from([written, f"vào {written}", *(timed * ("-" not in whole))])), "event"
    bare = not whole.lower().startswith("ngày")  # "ngày …" first is read as an event, never a range
    if kind == "range-start":
        return draw(st.sampled_from([f"từ {whole} đến {end}"] + [f"{whole}{dash}{end}"] * bare)), "range"
    if kind == "range-start-no-year":
        short = f"{prefix}{day}{sep}{month}"
        forms = [f"từ {short} đến {end}"] + [f"{short}{dash}{end}"] * (not prefix)
        return draw(st.sampled_from(forms)), "range"
    if kind == "range-end":
        return f"từ tháng 1/2024 đến {whole}", "range"
    return whole, parse_deadline(whole).kind


def _days(deadline: Deadline) -> list[dt.date]:
    return [d for d in (deadline.start, deadline.end) if d is not None]


@settings(max_examples=300, deadline=None)
@given(form=leap_day_forms(), years=st.sampled_from([1, 2, 3, 4, 5, -1, -4]))
def test_every_form_of_29_february_moves_to_a_real_day(form, years):
    """Whatever form the 29th is written in, the moved text is read again, its 29 February became
    the 28th in a common year (kept in a leap year), and every other day moved by whole years."""
    text, kind = form
    before = parse_deadline(text)
    assert before.kind == kind
    moved = shifted(before.text, years)
    after = parse_deadline(moved)  # never "ngày không có thật"
    assert after.kind == before.kind
    for old, new in zip(_days(before), _days(after), strict=True):
        target_year = old.year + years
        if (old.month, old.day) == (2, 29):
            leap = target_year % 4 == 0 and (target_year % 100 != 0 or target_year % 400 == 0)
            assert new == dt.date(target_year, 2, 29 if leap else 28), (text, moved)
        elif kind == "range" and new == after.end and before.kind == "range":
            assert (new.year, new.month) == (target_year, old.month), (text, moved)  # a period's end
        else:
            assert new == old.replace(year=target_year), (text, moved)


@pytest.mark.parametrize("text", ["Q1/0000", "quý I năm 0000", "12/0000", "tháng 12 năm 0000", "năm 0000",
                                  "H1/0000", "6 tháng cuối năm 0000", "31/12/0000", "0000-12-31",
                                  "từ tháng 1 đến tháng 3/0000", "vào ngày 01/01/0000"])
def test_year_zero_is_said_in_vietnamese(text):
    with pytest.raises(ValueError) as caught:
        parse_deadline(text)
    message = str(caught.value)
    assert "năm 0000 không có" in message
    assert "out of range" not in message and "year" not in message
