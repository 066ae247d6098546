"""Reading the one `deadline` key: every form an office writes, or a Vietnamese message that says
what is wrong and lists the forms that are accepted. Nothing is guessed: a month without a year
is read only as the start of a range whose end gives the year.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime
from typing import NamedTuple

from kehoach.deadlines.kinds import TIME_OF_DAY, Deadline, Every, LazyPattern, month_end, quarter_end

FORMS = (
    "ngày (31/12/2024 hoặc 2024-12-31), tháng (12/2024), quý (Q4/2024, quý IV/2024), "
    "nửa năm (6 tháng đầu năm 2024, H1/2024), cả năm (năm 2024), sự kiện (vào ngày 04/11/2025), "
    "khoảng (từ tháng 4 đến tháng 12/2024, 01/7/2023 - 31/7/2023), định kỳ (định kỳ hằng quý, "
    "định kỳ 6 tháng, hằng tháng trước ngày 20, hằng năm, định kỳ 6 tháng, hằng năm), "
    "thường xuyên; “trong” một tháng, quý, năm (trong quý IV năm 2025); giờ trước một ngày "
    "(chiều ngày 04/11/2025, 14 giờ 00 ngày 04/11/2025)"
)
_FROM_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}

_ISO = LazyPattern(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = LazyPattern(r"(?:ngày\s*)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?")
_DMY_WORDS = LazyPattern(r"(?:ngày\s*)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_MONTH = LazyPattern(r"(?:tháng\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})|tháng\s*(\d{1,2})(?:\s+năm\s+(\d{4}))?")
_QUARTER = LazyPattern(r"(?:quý|quy|q)\s*(\d+|[ivx]+)(?:\s*[/.-]?\s*(?:năm\s*)?(\d{4}))?")
_HALF = LazyPattern(r"(?:6|sáu) tháng (đầu|cuối) năm(?:\s*(\d{4}))?|h(\d)\s*/\s*(\d{4})")
_YEAR = LazyPattern(r"(?:năm\s*)?(\d{4})")
_EVENT = LazyPattern(r"(?:vào\s+)?ngày\s+(.+)")
_RANGE_WORDS = LazyPattern(r"từ\s+(.+?)\s+đến\s+(?:hết\s+)?(.+)")
_RANGE_DASH = LazyPattern(r"(.+?)(?:\s+-\s+|\s*[–—]\s*)(.+)")
_TIMED = LazyPattern(TIME_OF_DAY + r"(?P<day>(?:ngày\s*)?\d.*)")
_DAYTIME = tuple(f"{lead}{word}" for lead in ("", "vào ", "vào lúc ", "lúc ")
                 for word in ("sáng", "trưa", "chiều", "tối", "buổi"))
_CONTINUOUS = LazyPattern(r"thường xuyên(?:\s*(?:,|và)\s*liên tục)?")
_EVERY = LazyPattern(
    r"(?:định kỳ\s+)?(?:(hằng)\s+)?(6 tháng|sáu tháng|3 tháng|tháng|quý|năm)"
    r"(?:\s+trước\s+ngày\s+(\d{1,2})(?:\s*/\s*(\d{1,2}))?)?")
_UNITS = {"6 tháng": "half", "sáu tháng": "half", "3 tháng": "quarter", "tháng": "month",
          "quý": "quarter", "năm": "year"}

Point = tuple[str, date, date]  # how it was written, its first day, its last day


class Spot(NamedTuple):
    """Where, in the normalised text, a year or the day of a 29 February was written."""

    what: str  # "year" | "leap-day"
    start: int
    end: int
    year: int = 0  # leap-day: the year that day is in (written, or a range's end year)


class _Refused(ValueError):
    """A form that is recognised but impossible: its own reason, then the accepted forms."""


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = " ".join(text.split())
    return re.sub(r"\bhàng\b", "hằng", text) if "hàng" in text else text


def _shown(part: str) -> str:
    """A part of the normalised (lower-case) text as a message shows it: "quý II", "Q2", "H1"."""
    part = re.sub(r"\bquý ([ivx]+)\b", lambda m: f"quý {m[1].upper()}", part)
    return re.sub(r"\b([qh])(\d)\b", lambda m: f"{m[1].upper()}{m[2]}", part)


def _day(year: int, month: int, day: int, written: str) -> date:
    if not 1 <= month <= 12:
        raise _Refused(f"tháng {month} không có (tháng từ 1 đến 12)")
    try:
        return date(year, month, day)
    except ValueError:
        raise _Refused(f"ngày `{written}` không có thật") from None


def _month(year: int, month: int) -> tuple[date, date]:
    if not 1 <= month <= 12:
        raise _Refused(f"tháng {month} không có (tháng từ 1 đến 12)")
    return date(year, month, 1), month_end(year, month)


def _year(digits: str) -> int:
    """A year as written (four digits); year 0 does not exist (the calendar starts at year 1)."""
    year = int(digits)
    if year < 1:
        raise _Refused(f"năm {digits} không có")
    return year


def _point(s: str, year: int | None, at: int = 0, spots: list[Spot] | None = None) -> Point | None:
    """A date, month, quarter, half-year or year; `year` fills in a missing year (range start).
    `spots` receives where (in the normalised text, `s` starting at `at`) each year was written
    and each 29 February's day: what `shifted` rewrites when a plan moves to another year."""
    reading = _PointReading(s, year, at)
    point = reading.read()
    if point is not None and spots is not None:
        spots += reading.found
    return point


class _PointReading:
    """One point in time read from `s`; each pattern is tried only where its first word can
    match, so only those are compiled."""

    def __init__(self, s: str, year: int | None, at: int) -> None:
        self.s, self.year, self.at = s, year, at
        self.found: list[Spot] = []

    def years(self, m: re.Match[str], *groups: int) -> int:
        """The year written in the first of `groups` that holds one, else the range end's."""
        for g in groups:
            if m[g]:
                self.found.append(Spot("year", self.at + m.start(g), self.at + m.end(g)))
                return _year(m[g])
        assert self.year is not None  # each pattern is tried only with a year somewhere
        return self.year

    def dated(self, m: re.Match[str], year: int, month: int, day_group: int) -> Point:
        day = _day(year, month, int(m[day_group]), self.s)
        if (day.month, day.day) == (2, 29):  # a day only leap years have
            where = self.at + m.start(day_group), self.at + m.end(day_group)
            self.found.append(Spot("leap-day", *where, year))
        return "date", day, day

    def read(self) -> Point | None:
        s, year = self.s, self.year
        numeric = s[:1].isdigit() or s.startswith(("ngày", "tháng"))
        if numeric and "-" in s and (m := _ISO.fullmatch(s)):
            return self.dated(m, self.years(m, 1), int(m[2]), 3)
        for pattern, sign in ((_DMY, "/"), (_DMY_WORDS, "tháng")):
            if numeric and sign in s and (m := pattern.fullmatch(s)) and (m[3] or year):
                return self.dated(m, self.years(m, 3), int(m[2]), 1)
        if numeric and (m := _MONTH.fullmatch(s)) and (m[2] or m[4] or year):
            return "month", *_month(self.years(m, 2, 4), int(m[1] or m[3]))
        if s.startswith("q") and (m := _QUARTER.fullmatch(s)) and (m[2] or year):
            n = int(m[1]) if m[1].isdigit() else _FROM_ROMAN.get(m[1], 0)
            if not 1 <= n <= 4:
                raise _Refused(f"quý `{m[1].upper()}` không có (quý I, II, III, IV hoặc Q1 đến Q4)")
            y = self.years(m, 2)
            return "quarter", date(y, n * 3 - 2, 1), quarter_end(y, n)
        if s.startswith(("6", "sáu", "h")) and (m := _HALF.fullmatch(s)) and (m[2] or m[4] or year):
            if m[3] and m[3] not in "12":
                raise _Refused(f"`H{m[3]}` không có (H1: 6 tháng đầu năm, H2: 6 tháng cuối năm)")
            second = m[1] == "cuối" or m[3] == "2"
            y = self.years(m, 2, 4)
            return "half", date(y, 7 if second else 1, 1), month_end(y, 12 if second else 6)
        if (s.startswith("năm") or (year and s[:1].isdigit())) and (m := _YEAR.fullmatch(s)):
            y = self.years(m, 1)
            return "year", date(y, 1, 1), date(y, 12, 31)
        return None


def _range(m: re.Match[str], spots: list[Spot] | None) -> Deadline | None:
    a, b = m[1], m[2]
    found: list[Spot] = []
    end = _point(b, None, m.start(2), found)
    if end is None:
        return None
    start = _point(a, end[2].year, m.start(1), found)
    if start is None:
        return None
    if start[0] == end[0] == "date" and end[1] == start[1]:
        raise _Refused(f"khoảng thời gian chỉ có một ngày; viết `vào ngày {_shown(b)}`")
    if end[2] < start[1] or (start[0] == end[0] == "date" and end[1] < start[1]):
        raise _Refused(f"khoảng thời gian kết thúc ({_shown(b)}) trước khi bắt đầu ({_shown(a)})")
    if spots is not None:
        spots += found
    return Deadline("range", end[2], "", start=start[1], ends=(start[0], end[0]))


def _recurring(s: str) -> Deadline | None:
    regular = s.startswith("định kỳ")  # "định kỳ" ahead of the first period speaks for all
    every: list[Every] = []
    for part in re.split(r"\s*[,;]\s*|\s+và\s+", s):
        m = _EVERY.fullmatch(part)
        if m is None or not (regular or m[1] or part.startswith("định kỳ")):
            return None
        unit = _UNITS[m[2]]
        day = int(m[3]) if m[3] else None
        month = int(m[4]) if m[4] else None
        if day is not None and not 1 <= day <= 31:
            raise _Refused(f"ngày {day} không có (ngày từ 1 đến 31)")
        if month is not None:
            if unit != "year":
                raise _Refused("ngày/tháng cụ thể chỉ dùng cho hằng năm (hằng năm trước ngày 15/12)")
            _day(2024, month, day or 1, f"{day}/{month}")  # a leap year: 29/02 is a real day
        every.append(Every(unit, day, month))  # type: ignore[arg-type]
    return Deadline("recurring", None, "", every=tuple(every), regular=regular)


def _during(s: str, spots: list[Spot] | None = None) -> Deadline | None:
    """`trong quý IV năm 2025`, `trong tháng 12/2025`, `trong năm 2025`: during a period, due at
    its end, printed as written; `trong ngày 04/11/2025` is that day."""
    rest = s.removeprefix("trong")
    at = len(s) - len(rest.lstrip())
    point = _point(rest.strip(), None, at, spots)
    if point is None:
        return None
    kind = "event" if point[0] == "date" else point[0]
    return Deadline(kind, point[2], "", start=point[1] if kind == "event" else None, written=True)  # type: ignore[arg-type]


def _timed(s: str, spots: list[Spot] | None = None) -> Deadline | None:
    """An event at a time of day: `chiều ngày 04/11/2025`, `14 giờ 30 ngày 04/11/2025`."""
    m = _TIMED.fullmatch(s)
    if m is None:
        return None
    if m["h"] is not None and (int(m["h"]) > 23 or (m["min"] is not None and int(m["min"]) > 59)):
        shown = f"{m['h']} giờ" + (f" {m['min']} phút" if m["min"] is not None else "")
        raise _Refused(f"`{shown}` không có (giờ từ 0 đến 23, phút từ 0 đến 59)")
    found: list[Spot] = []
    point = _point(m["day"], None, m.start("day"), found)
    if point is None or point[0] != "date":
        return None
    if spots is not None:
        spots += found
    return Deadline("event", point[2], "", start=point[1], written=True)


def _read(s: str, spots: list[Spot] | None = None) -> Deadline | None:
    if s.startswith("trong "):
        return _during(s, spots)
    if ("giờ" in s or "h" in s[1:3] or s.startswith(_DAYTIME)) and (found := _timed(s, spots)) is not None:
        return found
    if s.startswith("thường") and _CONTINUOUS.fullmatch(s):
        return Deadline("continuous", None, "")
    if s.startswith(("định kỳ", "hằng")):
        return _recurring(s)
    if s.startswith(("vào", "ngày")) and (m := _EVENT.fullmatch(s)):
        point = _point(m[1], None, m.start(1), spots)
        if point is not None and point[0] == "date":
            return Deadline("event", point[2], "", start=point[1])
        return None
    ranges = ((_RANGE_WORDS, s.startswith("từ")), (_RANGE_DASH, " - " in s or "–" in s or "—" in s))
    for pattern, possible in ranges:
        if possible and (m := pattern.fullmatch(s)) and (found := _range(m, spots)):
            return found
    point = _point(s, None, 0, spots)
    if point is None or (point[0] == "year" and not s.startswith("năm")):
        return None
    return Deadline(point[0], point[2], "")  # type: ignore[arg-type]


def parse_deadline(value: object) -> Deadline:
    """Parse a deadline; raise ValueError with a Vietnamese message on anything else."""
    if isinstance(value, Deadline):
        return value
    if isinstance(value, datetime):  # `2024-12-31 08:00` in YAML: a deadline has no hour
        raise ValueError(f"`{value}` có cả giờ; thời hạn chỉ ghi ngày, không ghi giờ. Viết theo một "
                         f"trong các cách: {FORMS}")
    if isinstance(value, date):
        return Deadline("date", value, value.isoformat())
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"cần một thời hạn, viết theo một trong các cách: {FORMS}")
    text = value.strip()
    try:
        found = _read(_normal(text))
    except _Refused as exc:
        raise ValueError(f"`{text}` không phải thời hạn hợp lệ: {exc}. Các cách viết: {FORMS}") from None
    if found is None:
        raise ValueError(f"`{text}` không phải thời hạn hợp lệ; viết theo một trong các cách: {FORMS}")
    return Deadline(found.kind, found.end, text, found.start, found.every, found.regular, found.ends,
                    found.written)



_DIGITS = re.compile(r"\d+")


def shifted(text: str, years: int) -> str:
    """`text` (a deadline as written) moved by `years` years, in the same form and through the
    same reading as parse_deadline: each year the reading found moves, and a 29 February it found
    (written with its year, in words, ISO with one-digit month, or a range start taking its end's
    year) becomes the 28th in a common year. Forms without a year stay as they are.

    The normalised text keeps the written digits in order (NFC, case and spaces never touch a
    digit), so the n-th run of digits there is the n-th run in `text`: the edit is made in `text`
    itself. Raises ValueError (Vietnamese) when the moved text would not be a deadline."""
    spots: list[Spot] = []
    normal = _normal(text)
    try:
        _read(normal, spots)
    except _Refused as exc:
        raise ValueError(f"`{text.strip()}` không phải thời hạn hợp lệ: {exc}") from None
    runs, written = list(_DIGITS.finditer(normal)), list(_DIGITS.finditer(text))
    if [r[0] for r in runs] != [w[0] for w in written]:  # never expected: refuse rather than guess
        raise ValueError(f"không tìm thấy năm trong `{text.strip()}` để dời")
    edits: list[tuple[int, int, str]] = []
    for spot in spots:
        run = next(i for i, r in enumerate(runs) if r.start() <= spot.start and spot.end <= r.end())
        begin = written[run].start() + spot.start - runs[run].start()
        old = text[begin:begin + spot.end - spot.start]
        if spot.what == "year":
            new = str(int(old) + years)
            if len(new) != 4:
                raise ValueError(f"năm {old} dời {years} năm thành năm {new}")
        else:
            new = old if calendar.isleap(spot.year + years) else "28"
        edits.append((begin, begin + len(old), new))
    out = text
    for begin, end, new in sorted(edits, reverse=True):
        out = out[:begin] + new + out[end:]
    return out
