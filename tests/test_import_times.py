"""Times in a document's words → the deadline text the plan format reads
(kehoach.docximport.times)."""

from __future__ import annotations

import pytest

from kehoach.deadlines import parse_deadline
from kehoach.docximport.times import possible_time, read_time, time_line, trailing_time


@pytest.mark.parametrize(
    "written",
    [
        "31/12/2024",
        "12/2024",
        "Q4/2024",
        "6 tháng đầu năm 2024",
        "H2/2024",
        "năm 2024",
        "vào ngày 04/11/2025",
        "từ tháng 4 đến tháng 12/2024",
        "01/7/2023 - 31/7/2023",
        "từ tháng 10/2024 đến tháng 3/2025",
        "từ quý II đến quý IV/2024",
        "từ năm 2022 đến năm 2025",
        "định kỳ hằng quý",
        "định kỳ 6 tháng",
        "hằng tháng trước ngày 20",
        "hằng năm",
        "hằng năm trước ngày 15/12",
        "định kỳ 6 tháng, hằng năm",
        "thường xuyên",
        "thường xuyên, liên tục",
        "05/01/2024",
    ],
)
def test_every_printed_phrase_reads_back_to_the_same_time(written):
    original = parse_deadline(written)
    found = read_time(original.phrase())
    assert found is not None and found.exact
    assert (found.deadline.kind, found.deadline.start, found.deadline.end, found.deadline.every) == (
        original.kind,
        original.start,
        original.end,
        original.every,
    )
    assert found.deadline.phrase() == original.phrase()


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("Quý II/2025", ("quarter", "2025-06-30")),
        ("Trước 30/6/2025", ("date", "2025-06-30")),
        ("tháng 6/2025", ("month", "2025-06-30")),
        ("Năm 2025", ("year", "2025-12-31")),
        ("Trước ngày 15/12/2023.", ("date", "2023-12-15")),
        ("Chậm nhất ngày 20/11/2024", ("date", "2024-11-20")),
        ("Trong tháng 5 năm 2025", ("month", "2025-05-31")),
        ("Hằng quý", ("recurring", None)),
    ],
)
def test_times_as_clerks_type_them(typed, meaning):
    found = read_time(typed)
    assert found is not None
    end = found.deadline.end.isoformat() if found.deadline.end else None
    assert (found.deadline.kind, end) == meaning


def test_time_lines_and_sentences():
    assert time_line("Thời gian thực hiện: Quý III/2024").text == "quý III/2024"
    assert time_line("Thời hạn hoàn thành: 30/6/2024").text == "30/6/2024"
    assert time_line("Thời gian: theo kế hoạch của huyện") is None  # a time line, no time in it
    assert time_line("Tuyên truyền trên đài.") is False
    kept, time = trailing_time("Tổ chức tập huấn cho cán bộ, hoàn thành trước ngày 30/6/2025.")
    assert (kept, time.text) == ("Tổ chức tập huấn cho cán bộ.", "30/6/2025")
    assert trailing_time("Tổ chức tập huấn cho cán bộ.") is None
    assert possible_time("Báo cáo định kỳ về Ủy ban nhân dân xã") and not possible_time("Tập huấn cán bộ")
