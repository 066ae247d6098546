"""The Kinh phí section: total, amount in words, split by source, lines per project or activity.

Amounts are read as the document writes them ("13.000.000 đồng", "13.000.000đ", "1.234,5 triệu
đồng", "50 triệu đồng") and kept exact in đồng; a plan whose every amount is in triệu đồng keeps
that unit. The amount in words is checked against the figure: a mismatch in the Word file is
reported, never corrected. Lines are matched to projects (by the catalogue's headings) and to the
plan's activities (by title); a line matched to neither stays in the section's sentence and is
listed for review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kehoach.docximport.lines import Line
from kehoach.docximport.text import plain
from kehoach.money import UNITS, amount_in_words, format_in_unit, words_match

_AMOUNT = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?\s*"
    r"(?P<unit>nghìn đồng|ngàn đồng|triệu đồng|tỷ đồng|tỉ đồng|triệu|tỷ|tỉ|nghìn|đồng|vnđ|vnd|đ)"
    r"(?![^\W\d_])",
    re.I,
)
_SCALE = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_WORDS = re.compile(r"^\s*\((?:bằng chữ\s*:?\s*)?(?P<words>[^()]+?)\)", re.I)
_TOTAL = re.compile(
    r"^(?:tổng số tiền|tổng kinh phí(?: thực hiện)?(?: là)?|tổng cộng|tổng số|tổng dự toán"
    r"|kinh phí thực hiện(?: là)?|tổng)\s*[:\-–]?\s*",
    re.I,
)
_PREFIX = re.compile(r"^(?:kinh phí (?:thực hiện |cho )?|chi (?:cho |phí )?|nguồn vốn |nguồn )", re.I)


@dataclass(frozen=True, slots=True)
class Amount:
    value: int  # đồng
    unit: str  # the unit it was written in: đồng, triệu đồng …
    start: int
    end: int


def amounts(text: str) -> list[Amount]:
    out = []
    for m in _AMOUNT.finditer(text):
        word = m["unit"].lower()
        scale_word = word.split()[0]
        scale = _SCALE.get(scale_word, 1)
        digits = m["num"].replace(".", "")
        if scale == 1 and m["frac"]:
            continue  # "1,5 đồng": no such amount
        frac = m["frac"] or ""
        whole = int(digits) * scale + (int(frac) * scale // 10 ** len(frac) if frac else 0)
        unit = {1: "đồng", 10**3: "nghìn đồng", 10**6: "triệu đồng", 10**9: "tỷ đồng"}[scale]
        if scale == 1 and len(digits) < 4 and "." not in m["num"]:
            continue  # "3 đ" is no budget figure; a plan writes đồng in thousands at least
        out.append(Amount(whole, unit, m.start(), m.end()))
    return out


@dataclass
class Budget:
    data: dict = field(default_factory=dict)
    funding_sources: dict[str, str] = field(default_factory=dict)
    review: list[tuple[int, str]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    leftover: list[Line] = field(default_factory=list)
    words_mismatch: tuple[int, str] | None = None
    amounts: list[tuple[int, int]] = field(default_factory=list)  # (đoạn, đồng) of each figure read


Matcher = Callable[[str, str | None], str | None]


def read_budget(
    lines: list[Line],
    project: Callable[[str, str | None], str | None],
    activity: Callable[[str], str | None],
    source: Callable[[str], str | None],
    new_source: Callable[[str], str],
) -> Budget:
    """`project(text, group)`: the catalogue code a heading names (under group); `activity(text)`:
    the id of the activity titled so; `source(name)`: a known funding source's code;
    `new_source(name)`: a code for a source the plan must declare itself."""
    out = Budget()
    every = [a for line in lines for a in amounts(line.text)]
    unit = "triệu đồng" if every and all(a.unit == "triệu đồng" for a in every) else "đồng"

    def shown(value: int) -> int | str:
        return value if unit == "đồng" else format_in_unit(value, unit)

    sources_text: list[str] = []
    total: int | None = None
    total_line: Line | None = None
    from_total = ""
    by_source: dict[str, int | str] = {}
    budget_lines: dict[str, object] = {}
    group: str | None = None
    allocating = False
    for line in lines:
        text = line.text.strip()
        found = amounts(text)
        low = plain(text)
        if not found:
            if low.startswith(("phan bo", "cu the", "chi tiet")) and text.endswith(":"):
                allocating = True
                out.used.add(line.index)
                continue
            code = project(text.rstrip(":;."), None)
            if code is not None and (sources_text or total is not None or budget_lines):
                group = code
                out.used.add(line.index)
                continue
            if total is None and not budget_lines and not by_source:
                sources_text.append(text)
                out.used.add(line.index)
                continue
            out.leftover.append(line)
            continue
        first = found[0]
        label = text[: first.start].strip().rstrip(":").strip()
        label = re.sub(r"\s*với số tiền$", "", label, flags=re.I).strip().rstrip(":").strip()
        after = text[first.end :]
        if total is None and (
            (_TOTAL.match(text) and len(_TOTAL.match(text)[0]) >= len(text[: first.start]))
            or re.match(r"^(tổng|tổng cộng)\b", label, re.I)
        ):
            total = first.value
            total_line = line
            out.amounts.append((line.index, first.value))
            rest = after
            if m := _WORDS.match(after):
                rest = after[m.end() :]
                words = m["words"].strip().rstrip(".;")
                if not words_match(words, total):
                    out.words_mismatch = (line.index, words)
                    out.review.append(
                        (
                            line.index,
                            f'số tiền bằng chữ "{words}" không khớp con số '
                            f"{format_in_unit(total, 'đồng')} đồng ({amount_in_words(total)}); "
                            "kehoach giữ con số và in lại bằng chữ theo con số",
                        )
                    )
            rest = (
                re.sub(r"^[\s,;.:]*(?:trong đó\s*:?)?[\s,;.:]*", "", rest, flags=re.I).strip().rstrip(";.:,")
            )
            if any(ch.isalpha() for ch in rest):
                from_total = rest[:1].upper() + rest[1:] + "."
                sources_text.append(from_total)
                out.review.append(
                    (line.index, f'phần sau tổng kinh phí ("{rest}") đặt vào câu nguồn kinh phí')
                )
            out.used.add(line.index)
            continue
        name = _PREFIX.sub("", label).strip()
        known = (source(label) or source(name)) if name else None
        if (
            name
            and known is None
            and not budget_lines
            and not allocating
            and total is not None
            and project(name, group) is None
            and activity(name) is None
            and _looks_source(name)
        ):
            known = new_source(name)
        if known is not None and not budget_lines and not allocating:
            by_source[known] = shown(first.value)
            out.amounts.append((line.index, first.value))
            out.used.add(line.index)
            continue
        key = project(label, group) or project(name, group) or activity(label) or activity(name)
        if key is None:
            out.leftover.append(line)
            continue
        entry: dict[str, object] = {"amount": shown(first.value)}
        out.amounts.append((line.index, first.value))
        split_text = after.strip()
        if m := re.match(r"^\((?P<inner>.+)\)\s*[;.]?$", split_text):
            entry["sources"] = _split(m["inner"], source, new_source, shown)
        elif m := re.match(r"^,?\s*trong đó\s*:?\s*(?P<inner>.+?)[;.]?$", split_text, re.I):
            entry["of_which"] = _split(m["inner"], source, new_source, shown)
        elif split_text.strip(" ;.,"):
            out.review.append((line.index, f'phần sau số tiền "{split_text.strip()}" chưa nhập được'))
        budget_lines[key] = entry if len(entry) > 1 else entry["amount"]
        out.used.add(line.index)
    if total is not None and total_line is not None and not by_source and not budget_lines:
        # kehoach checks a total against its split; a total with none stays the document's sentence
        sources_text = [*(t for t in sources_text if t != from_total), total_line.full]
        out.review = [r for r in out.review if "phần sau tổng" not in r[1]]
        total = None
        unit = "đồng"
        out.review.append(
            (
                total_line.index,
                "văn bản ghi tổng kinh phí nhưng không chia theo nguồn hay "
                "theo nội dung: giữ nguyên câu; để kehoach đối chiếu số tiền, ghi `total` cùng "
                "`by_source` hoặc `lines`",
            )
        )
    if unit != "đồng":
        out.data["unit"] = unit
    if sources_text:
        out.data["sources"] = " ".join(sources_text)
    if total is not None:
        out.data["total"] = shown(total)
    if by_source:
        out.data["by_source"] = by_source
    if budget_lines:
        out.data["lines"] = budget_lines
    if total is None and (by_source or budget_lines):
        values = [a for _, a in out.amounts]
        out.data["total"] = shown(sum(values))
        out.review.append(
            (lines[0].index if lines else 0, "văn bản không ghi tổng kinh phí: kehoach lấy tổng các dòng")
        )
    return out


def _looks_source(name: str) -> bool:
    low = plain(name)
    return low.startswith(
        (
            "ngan sach",
            "von ",
            "quy ",
            "nguon",
            "nguoi dan",
            "doanh nghiep",
            "xa hoi hoa",
            "huy dong",
            "ho tro",
            "dong gop",
        )
    )


def _split(
    inner: str,
    source: Callable[[str], str | None],
    new_source: Callable[[str], str],
    shown: Callable[[int], int | str],
) -> dict[str, int | str]:
    out: dict[str, int | str] = {}
    for part in re.split(r";\s*|,\s*(?=[^\d])", inner):
        found = amounts(part)
        if not found:
            continue
        name = part[: found[0].start].strip().rstrip(":").strip()
        name = _PREFIX.sub("", name).strip() if source(name) is None else name
        code = source(name) or new_source(name)
        out[code] = shown(found[0].value)
    return out


__all__ = ["UNITS", "Budget", "amounts", "read_budget"]
