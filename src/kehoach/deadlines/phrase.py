"""A deadline in the words an office prints after "Thời gian thực hiện:". The file holds the time,
never the phrase: "Q4/2024" prints "Hoàn thành hết quý IV năm 2024."
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for the annotations only: kinds imports this module, never the reverse
    from kehoach.deadlines.kinds import Deadline, Every

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}  # quý IV


def short_date(day: date) -> str:
    """`31/12/2024`, `05/01/2024`, `06/3/2024`: day two digits, month two digits only for 1 and 2
    (Phụ lục I of Decree 30)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def _quarter(day: date) -> str:
    return ROMAN[(day.month - 1) // 3 + 1]


def _half(day: date) -> str:
    return "6 tháng đầu năm" if day.month <= 6 else "6 tháng cuối năm"


def _range(deadline: Deadline) -> str:
    assert deadline.start is not None and deadline.end is not None
    first, last = deadline.start, deadline.end
    how_first, how_last = deadline.ends
    # The start's year is said only when the end does not already say it for both.
    own_year = first.year != last.year or how_first != how_last
    year = f" năm {first.year}" if own_year else ""
    begin = {
        "date": f"ngày {short_date(first)}",
        "month": f"tháng {first.month}{year}",
        "quarter": f"quý {_quarter(first)}{year}",
        "half": f"{_half(first)}{f' {first.year}' if own_year else ''}",
        "year": f"năm {first.year}",
    }[how_first]
    finish = {
        "date": f"ngày {short_date(last)}",
        "month": f"hết tháng {last.month} năm {last.year}",
        "quarter": f"hết quý {_quarter(last)} năm {last.year}",
        "half": f"hết {_half(last)} {last.year}",
        "year": f"năm {last.year}",
    }[how_last]
    return f"Từ {begin} đến {finish}."


def _every(every: Every, regular: bool) -> str:
    # "6 tháng" alone reads as a length: it says "định kỳ" unless the phrase already began with it.
    half = "6 tháng" if regular else "định kỳ 6 tháng"
    words = {"month": "hằng tháng", "quarter": "hằng quý", "half": half, "year": "hằng năm"}
    said = words[every.unit]
    if every.day is not None and every.month is not None:
        said += f" trước ngày {every.day:02d}/{every.month:02d}" if every.month <= 2 else \
            f" trước ngày {every.day:02d}/{every.month}"
    elif every.day is not None:
        said += f" trước ngày {every.day}"
    return said


def _recurring(deadline: Deadline) -> str:
    said = ", ".join(_every(e, deadline.regular) for e in deadline.every)
    if deadline.regular:
        said = f"định kỳ {said}"
    return f"{said[:1].upper()}{said[1:]}."


def phrase(deadline: Deadline) -> str:
    """What the plan commits to, in the words a plan uses."""
    end = deadline.end
    kind = deadline.kind
    if deadline.written:  # "Trong quý IV năm 2025.", "Chiều ngày 04/11/2025."
        said = " ".join(deadline.text.split())
        return said[:1].upper() + said[1:] + ("" if said.endswith(".") else ".")
    if kind == "continuous":
        return "Thường xuyên, liên tục." if "liên tục" in deadline.text.lower() else "Thường xuyên."
    if kind == "recurring":
        return _recurring(deadline)
    assert end is not None
    if kind == "range":
        return _range(deadline)
    if kind == "event":
        return f"Vào ngày {short_date(end)}."
    if kind == "quarter":
        return f"Hoàn thành hết quý {_quarter(end)} năm {end.year}."
    if kind == "month":
        return f"Hoàn thành trong tháng {end.month} năm {end.year}."
    if kind == "half":
        return f"Hoàn thành trong {_half(end)} {end.year}."
    if kind == "year":
        return f"Hoàn thành trong năm {end.year}."
    return f"Hoàn thành trước ngày {short_date(end)}."


def label(deadline: Deadline | None) -> str:
    """A short time label for tables (`tasks`, `progress`): the day for a date, the text as
    written and its last day for a period, the text alone for recurring and continuous work."""
    if deadline is None:
        return ""
    if deadline.end is None:
        return deadline.text
    day = short_date(deadline.end)
    if deadline.kind == "date":
        return f"{deadline.end:%d/%m/%Y}"
    if deadline.kind == "event":
        return f"ngày {day}"
    return f"{deadline.text} ({deadline.end:%d/%m/%Y})"
