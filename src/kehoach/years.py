"""Years named in a plan's prose, and which of them are stale: a year before the plan's (its first
year), that is neither one end of a span ("giai đoạn 2021-2025", "từ năm 2021 đến năm 2025") nor
part of a cited document (its symbol "30/2020/NĐ-CP" or its date "Kế hoạch số 52/KH-UBND ngày
06/3/2024"). A later year is never a leftover of a copy (plans are carried forward): it is the
plan's horizon ("định hướng đến năm 2030") or next year's work ("chính sách năm 2026").

One rule, shared by `kehoach validate` (KH520) and `kehoach new`'s review list, so a copied plan's
"năm 2024" is said by both and "giai đoạn 2021-2025" by neither. A leaf: text in, matches out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_SPAN_BEFORE = re.compile(r"(?:\d{4}\s*[-–]\s*"
                          r"|từ\s+(?:năm\s+)?\d{4}\s+(?:đến|tới)\s+(?:hết\s+)?(?:năm\s+)?)$", re.IGNORECASE)
_SPAN_AFTER = re.compile(r"^(?:\s*[-–]\s*\d{4}|\s+(?:đến|tới)\s+(?:hết\s+)?(?:năm\s+)?\d{4})", re.IGNORECASE)
# A document symbol: số 30/2020/NĐ-CP, 02/2019/NĐ-CP, 55/2023/TT-BTC.
_SYMBOL_BEFORE = re.compile(r"\d+\s*/\s*$")
_SYMBOL_AFTER = re.compile(r"^\s*/\s*[A-ZĐ]")
# The year of a date: 06/3/2024, 06-3-2024, ngày 06 tháng 3 năm 2024.
_DATE_BEFORE = re.compile(r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*"
                          r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+)$", re.IGNORECASE)
# What a cited document is called, or its number: the date after it is that document's.
_DOCUMENT = re.compile(
    r"\b(?:Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Quyết định|Thông tư(?: liên tịch)?|Chỉ thị|"
    r"Kế hoạch|Công văn|Văn bản|Hướng dẫn|Kết luận|Thông báo|Báo cáo|Chương trình|Đề án|Quy định|Quy chế|"
    r"Tờ trình|Công điện)\b|\bsố\s*:?\s*\d+\s*[/-]")
_CLAUSE_END = re.compile(r"[;.!?]\s")
_LOOK_BACK = 160  # characters before a date searched for the document it belongs to


def in_span(text: str, hit: re.Match[str]) -> bool:
    """One end of a span: "2021-2025", "2021 – 2025", "từ năm 2021 đến năm 2025"."""
    return bool(_SPAN_BEFORE.search(text[:hit.start()]) or _SPAN_AFTER.match(text[hit.end():]))


def cited(text: str, hit: re.Match[str]) -> bool:
    """Part of a cited document: its symbol, or the date that follows its name or number in the
    same clause."""
    before = text[:hit.start()]
    if _SYMBOL_BEFORE.search(before) and _SYMBOL_AFTER.match(text[hit.end():]):
        return True
    date = _DATE_BEFORE.search(before)
    if date is None:
        return False
    window = before[max(0, date.start() - _LOOK_BACK):date.start()]
    clause = _CLAUSE_END.split(window)[-1]
    return _DOCUMENT.search(clause) is not None


def locate(lines: list[str], line: int, column: int, text: str, word: str, at: int,
           last: int | None = None) -> tuple[int, int] | None:
    """Where `word`, at offset `at` of `text` (a value starting at 0-based `line`, `column` of the
    file's `lines`), is in the file: the same occurrence of the same word, counted from the value's
    start, since a folded paragraph spans lines. 0-based (line, column); None past `last` or the
    end."""
    nth = text.count(word, 0, at)
    end = len(lines) - 1 if last is None else min(last, len(lines) - 1)
    while line <= end:
        found = lines[line].find(word, column)
        while found >= 0 and nth:
            nth -= 1
            found = lines[line].find(word, found + 1)
        if found >= 0:
            return line, found
        line, column = line + 1, 0
    return None


def stale(text: str, first: int) -> Iterator[re.Match[str]]:
    """The years of `text` a plan beginning in `first` should not name (see the module's rule)."""
    for hit in YEAR.finditer(text):
        if int(hit[1]) < first and not in_span(text, hit) and not cited(text, hit):
            yield hit
