"""kehoach.deadlines: the forms officials write a deadline in, each meaning its last day."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.deadlines import ROMAN, Deadline, parse_deadline, quarter_end


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
