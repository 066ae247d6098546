"""Times in the words a document uses → the `deadline` text the plan format reads.

"Hoàn thành hết quý IV năm 2024." is printed by kehoach for `Q4/2024`, and typed by clerks as
"Quý IV/2024", "trước ngày 30/6/2024", "trong tháng 5 năm 2025", "hằng quý". Every reading the
plan format accepts is tried; the one whose printed phrase is the document's own phrase wins, so
a plan kehoach rendered comes back to the same time (and prints the same words), and a typed one
comes back to the time it means.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kehoach.deadlines import Deadline, parse_deadline

# The label of a time line: "Thời gian thực hiện: …", "Thời gian: …", "Thời hạn hoàn thành: …".
TIME_LABEL = re.compile(
    r"^(?:thời gian(?: thực hiện| hoàn thành| triển khai| tổ chức)?|thời hạn(?: hoàn thành| thực hiện)?"
    r"|tiến độ(?: thực hiện)?|hạn hoàn thành)\s*[:.\-–]\s*(?P<when>.+)$",
    re.I,
)
# A time said at the end of a sentence: "…, hoàn thành trước ngày 30/6/2025." / "(thời gian: …)".
TRAILING = re.compile(
    r"(?P<sep>[,;]\s*|\s*\(\s*|\s+)(?P<when>(?:(?:thời gian(?: thực hiện)?|thời hạn)\s*:\s*|"
    r"(?:hoàn thành|xong|thực hiện) (?:trước|trong|hết|chậm nhất)\s+)[^()]+?)\s*\)?\s*(?P<end>[.;]?)$",
    re.I,
)
_PREFIXES = (
    "hoàn thành trước ngày ",
    "hoàn thành trước ",
    "hoàn thành hết ",
    "hoàn thành trong ",
    "hoàn thành vào ",
    "hoàn thành ",
    "xong trước ngày ",
    "xong trước ",
    "chậm nhất ngày ",
    "chậm nhất là ngày ",
    "chậm nhất là ",
    "chậm nhất ",
    "trước ngày ",
    "trước ",
    "hết ",
    "trong ",
    "cả ",
    "thực hiện trong ",
    "thực hiện ",
    "dự kiến ",
)


@dataclass(frozen=True, slots=True)
class Time:
    text: str  # what to write under `deadline:`
    deadline: Deadline
    exact: bool  # kehoach prints the document's own words back


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().rstrip(".;,").strip().lower()
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\bhàng\b", "hằng", text)
    # 06/3/2024 and 6/3/2024 are the same day; compare days as numbers
    return re.sub(r"\b0(\d)\b", r"\1", text)


def _candidates(phrase: str) -> list[str]:
    said = " ".join(phrase.split()).rstrip(".;,").strip()
    low = said[:1].lower() + said[1:]
    out = [low]
    lower = low.lower()
    for prefix in _PREFIXES:
        if lower.startswith(prefix):
            rest = low[len(prefix) :].strip()
            out.append(rest)
            if prefix.endswith("trước ") and not rest.startswith("ngày"):
                out.append(rest)
    out.extend(c.replace(" - ", " đến ") for c in list(out) if " - " in c and c.startswith("từ"))
    # "quý IV/2024" after the words: "Quý IV năm 2024" → "quý IV năm 2024"; "Năm 2025" → "năm 2025"
    return list(dict.fromkeys(c for c in out if c))


def read_time(phrase: str) -> Time | None:
    """The deadline a time phrase means, or None when no reading of it is a time."""
    wanted = _norm(phrase)
    first: Time | None = None
    for candidate in _candidates(phrase):
        try:
            deadline = parse_deadline(candidate)
        except ValueError:
            continue
        printed = _norm(deadline.phrase())
        time = Time(candidate, deadline, printed == wanted)
        if time.exact:
            return time
        first = first or time
    return first


def time_line(text: str) -> Time | bool | None:
    """A line that is a time line ("Thời gian thực hiện: …"): its Time, None when the words
    after the label are no time the format knows; False when the line is not a time line."""
    m = TIME_LABEL.match(text.strip())
    if not m:
        return False
    return read_time(m["when"])


def trailing_time(text: str) -> tuple[str, Time] | None:
    """A time said at the end of a sentence, cut off: (the sentence without it, the time)."""
    m = TRAILING.search(text)
    if not m:
        return None
    when = re.sub(r"^(?:thời gian(?: thực hiện)?|thời hạn)\s*:\s*", "", m["when"], flags=re.I)
    time = read_time(when)
    if time is None:
        return None
    kept = text[: m.start()].rstrip(" ,;(")
    end = m["end"] or ("." if text.rstrip().endswith(".") else "")
    return (kept + end if kept else kept), time


_MAYBE = re.compile(
    r"\b(?:hoàn thành (?:trước|trong|hết|vào)|thời gian(?: thực hiện)?\s*:|thời hạn\s*:|chậm nhất|định kỳ|"
    r"hằng (?:tháng|quý|năm)|hàng (?:tháng|quý|năm)|trước ngày \d)",
    re.I,
)


def possible_time(text: str) -> bool:
    """Words that usually say when work is due, for a sentence no time was taken from."""
    return bool(_MAYBE.search(text))
