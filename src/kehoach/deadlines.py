"""Deadlines as officials write them: a date, a month (12/2024) or a quarter (Q4/2024, quý IV/2024).

A month or quarter means its last day; the text form is kept so the renderer can phrase it the
way it was meant ("Hoàn thành hết quý IV năm 2024", not "trước ngày 31/12/2024").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {v: k for k, v in ROMAN.items()}

_QUARTER = re.compile(r"(?:q|quý|quy)\s*([1-4]|i{1,3}|iv)\s*[/\-.]?\s*(?:năm\s*)?(\d{4})", re.I)
_MONTH = re.compile(r"(?:tháng\s*)?(\d{1,2})\s*[/\-.]\s*(\d{4})", re.I)
_DATE_VN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: Literal["date", "month", "quarter"]
    end: date  # the last day the work may be finished on
    text: str  # as written in the plan

    @property
    def quarter(self) -> int:
        return (self.end.month - 1) // 3 + 1

    def __str__(self) -> str:
        return self.text


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(value: object) -> Deadline:
    """Parse a deadline; raise ValueError with a Vietnamese message on anything else."""
    if isinstance(value, Deadline):
        return value
    if isinstance(value, datetime):  # `2024-12-31 08:00` in YAML: a deadline has no hour
        raise ValueError(
            f"`{value}` có cả giờ; thời hạn chỉ ghi ngày (2024-12-31), tháng (12/2024) hoặc quý "
            "(Q4/2024)"
        )
    if isinstance(value, date):
        return Deadline("date", value, value.isoformat())
    if not isinstance(value, str) or not value.strip():
        raise ValueError("cần một thời hạn: ngày (2024-12-31), tháng (12/2024) hoặc quý (Q4/2024)")
    text = value.strip()
    if m := _QUARTER.fullmatch(text):
        q = m.group(1).upper()
        quarter = int(q) if q.isdigit() else _FROM_ROMAN[q]
        return Deadline("quarter", quarter_end(int(m.group(2)), quarter), text)
    try:
        if m := _DATE_VN.fullmatch(text):
            return Deadline("date", date(int(m[3]), int(m[2]), int(m[1])), text)
        if m := _MONTH.fullmatch(text):
            year, month = int(m[2]), int(m[1])
            return Deadline("month", date(year, month, calendar.monthrange(year, month)[1]), text)
        return Deadline("date", date.fromisoformat(text), text)
    except ValueError:
        pass
    raise ValueError(
        f"`{text}` không phải thời hạn hợp lệ: viết ngày có thật (2024-12-31 hoặc 31/12/2024), "
        "tháng (12/2024) hoặc quý (Q4/2024, quý IV/2024)"
    )
