"""The JSON Schema of `deadline` for editors: one pattern per kind, saying what the parser reads.

A pattern cannot know calendars or order: 30/02/2024 and a range that ends before it starts pass
the pattern and are refused by `kehoach validate`. Everything else agrees with parse.py (a test
checks both on the same samples). Only a word's first letter may be a capital here, where the
parser takes any case.
"""

from __future__ import annotations

_D = r"(0?[1-9]|[12]\d|3[01])"
_M = r"(0?[1-9]|1[0-2])"
_Y = r"\d{4}"
_ISO = rf"{_Y}-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])"
_DMY = rf"{_D}\s*/\s*{_M}\s*/\s*{_Y}"
_WORDS = rf"{_D}\s+tháng\s+{_M}\s+năm\s+{_Y}"
_NGAY = r"([Nn]gày\s*)?"


def _points(year: str) -> str:
    """Date, month, quarter, half-year or year; `year` is "" (required) or "?" (may be left out,
    at the start of a range)."""
    dmy = rf"{_D}\s*/\s*{_M}(\s*/\s*{_Y}){year}"
    month = rf"([Tt]háng\s*)?{_M}\s*[/.-]\s*{_Y}|[Tt]háng\s*{_M}(\s+năm\s+{_Y}){year}"
    quarter = rf"([Qq]uý|[Qq]uy|[Qq])\s*([1-4]|I|II|III|IV|i|ii|iii|iv)(\s*[/.-]?\s*(năm\s*)?{_Y}){year}"
    half = rf"(6|[Ss]áu)\s+tháng\s+(đầu|cuối)\s+năm(\s*{_Y}){year}|[Hh][12]\s*/\s*{_Y}"
    whole = rf"[Nn]ăm\s*{_Y}" if not year else rf"([Nn]ăm\s*)?{_Y}"
    return rf"{_ISO}|{_NGAY}({dmy})|{_NGAY}({_WORDS})|{month}|{quarter}|{half}|{whole}"


_MONTH_END = rf"([Tt]háng\s*)?{_M}\s*[/.-]\s*{_Y}|[Tt]háng\s*{_M}\s+năm\s+{_Y}"
_QUARTER_END = rf"([Qq]uý|[Qq]uy|[Qq])\s*([1-4]|I|II|III|IV|i|ii|iii|iv)\s*[/.-]?\s*(năm\s*)?{_Y}"
_HALF_END = rf"(6|[Ss]áu)\s+tháng\s+(đầu|cuối)\s+năm\s*{_Y}|[Hh][12]\s*/\s*{_Y}"
_END = _points("")
_START = _points("?")
_ONE_DAY = rf"{_ISO}|{_DMY}|{_WORDS}"
_HANG = r"[Hh][ằà]ng"
_DK = r"[Đđ]ịnh\s+kỳ"
_UNIT = rf"((6|sáu|3)\s+tháng|tháng|quý)(\s+trước\s+ngày\s+{_D})?|năm(\s+trước\s+ngày\s+{_D}(\s*/\s*{_M})?)?"
_SEP = r"(\s*[,;]\s*|\s+và\s+)"

PATTERNS: dict[str, str] = {
    "ngày": rf"^\s*({_ISO}|{_DMY})\s*$",
    "tháng": rf"^\s*(([Tt]háng\s*)?{_M}\s*[/.-]\s*{_Y}|[Tt]háng\s*{_M}\s+năm\s+{_Y})\s*$",
    "quý": rf"^\s*([Qq]uý|[Qq]uy|[Qq])\s*([1-4]|I|II|III|IV|i|ii|iii|iv)\s*[/.-]?\s*(năm\s*)?{_Y}\s*$",
    "nửa năm": rf"^\s*((6|[Ss]áu)\s+tháng\s+(đầu|cuối)\s+năm\s*{_Y}|[Hh][12]\s*/\s*{_Y})\s*$",
    "cả năm": rf"^\s*[Nn]ăm\s*{_Y}\s*$",
    "sự kiện": rf"^\s*([Vv]ào\s+)?[Nn]gày\s+({_ONE_DAY})\s*$",
    "khoảng": (rf"^\s*([Tt]ừ\s+({_START})\s+đến\s+(hết\s+)?({_END})"
               rf"|({_START})(\s+-\s+|\s*[–—]\s*)({_END}))\s*$"),
    "định kỳ": (rf"^\s*({_DK}\s+({_HANG}\s+)?({_UNIT})({_SEP}({_DK}\s+)?({_HANG}\s+)?({_UNIT}))*"
                rf"|{_HANG}\s+({_UNIT})({_SEP}({_DK}\s+({_HANG}\s+)?|{_HANG}\s+)({_UNIT}))*)\s*$"),
    "thường xuyên": r"^\s*[Tt]hường\s+xuyên(\s*(,|và)\s*liên\s+tục)?\s*$",
    "trong": (rf"^\s*[Tt]rong\s+({_NGAY}({_ONE_DAY})|{_MONTH_END}|{_QUARTER_END}|{_HALF_END}"
              rf"|[Nn]ăm\s*{_Y})\s*$"),
    "giờ trong ngày": (r"^\s*([Vv]ào\s+)?([Ll]úc\s+)?(([Bb]uổi\s+)?([Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối)"
                       r"|([01]?\d|2[0-3])\s*(giờ|h)\s*([0-5]?\d(\s*phút)?)?(\s+(sáng|trưa|chiều|tối))?)"
                       rf"\s*,?\s*({_NGAY})({_ONE_DAY})\s*$"),
}


def deadline_schema(description: str) -> dict:
    return {
        "anyOf": [{"type": "string", "pattern": p, "title": kind} for kind, p in PATTERNS.items()],
        "description": description,
        "x-kehoach": "deadline",  # kehoach.jsonschema: the editor's message; removed from the file
    }
