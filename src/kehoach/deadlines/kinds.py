"""The kinds of time a plan gives its work, as one value: what was written, what it means.

A deadline (date, month, quarter, half-year, year) means its last day; an event is the day itself;
a range runs from its first to its last day; a recurring deadline falls due at the end of each
period it names (or on the day it names); continuous work ("thường xuyên") has no due date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Kind = Literal["date", "month", "quarter", "half", "year", "event", "range", "recurring", "continuous"]
# A time of day before a date ("chiều ngày 04/11/2025", "14 giờ 00 ngày 04/11/2025", "8h30, ngày …").
TIME_OF_DAY = (r"(?:vào\s+)?(?:lúc\s+)?(?:(?:buổi\s+)?(?:sáng|trưa|chiều|tối)"
               r"|(?P<h>\d{1,2})\s*(?:giờ|h)\s*(?:(?P<min>\d{1,2})(?:\s*phút)?)?"
               r"(?:\s+(?:sáng|trưa|chiều|tối))?)\s*,?\s*")
Unit = Literal["month", "quarter", "half", "year"]
# Which months close each period of a recurring unit.
_CLOSING_MONTHS: dict[str, tuple[int, ...]] = {
    "month": tuple(range(1, 13)), "quarter": (3, 6, 9, 12), "half": (6, 12), "year": (12,),
}
DATED: frozenset[str] = frozenset({"date", "month", "quarter", "half", "year", "event", "range"})


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, quarter * 3)


@dataclass(frozen=True, slots=True)
class Every:
    """One period of a recurring deadline: due on `day` of the period's last month (its last day
    when None); for `year`, `month` may name the month instead of December."""

    unit: Unit
    day: int | None = None
    month: int | None = None

    def due_dates(self, year: int) -> list[date]:
        months = (self.month,) if self.unit == "year" and self.month else _CLOSING_MONTHS[self.unit]
        out = []
        for month in months:
            last = calendar.monthrange(year, month)[1]
            out.append(date(year, month, min(self.day or last, last)))
        return out


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: Kind
    end: date | None  # the last day the work may be finished on; None: recurring, continuous
    text: str  # as written in the plan
    start: date | None = None  # the day the work is said to begin (event, range); else None
    every: tuple[Every, ...] = ()  # recurring: its periods ("định kỳ 6 tháng, hằng năm": two)
    regular: bool = False  # recurring written with "định kỳ"
    ends: tuple[str, str] = ()  # range: how each end was written (date, month, quarter, half, year)
    # Printed as written: "trong quý IV năm 2025" (during the quarter, due at its end), "chiều
    # ngày 04/11/2025" (an event at a time of day), where the usual phrase would change the words.
    written: bool = False

    @property
    def quarter(self) -> int:
        assert self.end is not None
        return (self.end.month - 1) // 3 + 1

    @property
    def start_last(self) -> date | None:
        """The last day of the period a start names: "từ tháng 3" begins at any time in March, so
        a plan dated 29/03 may say it; an event's or a date's start is its day."""
        if self.start is None:
            return None
        how = self.ends[0] if self.ends else "date"
        first = self.start
        if how == "month":
            return month_end(first.year, first.month)
        if how == "quarter":
            return quarter_end(first.year, (first.month - 1) // 3 + 1)
        if how == "half":
            return month_end(first.year, 6 if first.month <= 6 else 12)
        if how == "year":
            return date(first.year, 12, 31)
        return first

    @property
    def span(self) -> tuple[date, date] | None:
        """The first and last day the written time covers ("quý II/2024": 01/4–30/6/2024, a date:
        that day); None for recurring and continuous work."""
        end = self.end
        if end is None:
            return None
        if self.start is not None:
            return self.start, end
        first = {"month": lambda: end.replace(day=1),
                 "quarter": lambda: date(end.year, end.month - 2, 1),
                 "half": lambda: date(end.year, end.month - 5, 1),
                 "year": lambda: date(end.year, 1, 1)}.get(self.kind)
        return (first() if first else end), end

    @property
    def dated(self) -> bool:
        """One due date (every kind but recurring and continuous)."""
        return self.end is not None

    def occurrences(self, first: date, last: date) -> list[date]:
        """Every due date from `first` to `last` inclusive: a recurring deadline's occurrences, a
        dated one's end when it falls there, none for continuous work."""
        if self.kind == "continuous":
            return []
        if self.end is not None:
            return [self.end] if first <= self.end <= last else []
        days = {d for year in range(first.year, last.year + 1) for every in self.every
                for d in every.due_dates(year)}
        return sorted(d for d in days if first <= d <= last)

    def phrase(self) -> str:
        """The words a plan prints for this deadline (kehoach.deadlines.phrase)."""
        from kehoach.deadlines.phrase import phrase  # one way only: phrase needs kinds' types alone

        return phrase(self)

    def __str__(self) -> str:
        return self.text


class LazyPattern:
    """A regular expression compiled on first use: `validate` pays only for the forms a plan uses."""

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)
