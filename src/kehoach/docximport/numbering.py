"""Word's automatic numbering, computed: the label Word shows before a paragraph ("I.", "1.2.", "a)",
"-") from numbering.xml, which stores only formats and never the numbers themselves.

python-docx has no numbering API, and docx2python only knows six bare formats (no "%1.%2.", no
"a)"); plans need both. What is modelled: abstract definitions and their instances (`w:num`),
`w:lvlOverride`/`w:startOverride` (an instance that restarts a list), `w:numStyleLink` (a list
defined through a numbering style), `w:lvlText` with every `%n` of the level above, `w:isLgl`,
`w:lvlRestart`, and the formats plans use (decimal, decimalZero, upper/lower Roman and letters,
bullet, none). Counters belong to the abstract definition: two instances of one list continue
each other's numbers unless one restarts, as Word and LibreOffice both count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
# Bullet characters of the Symbol and Wingdings fonts live in the private-use area: shown as •.
_DASHES = {"-", "–", "—", "−", "‐", "‑", "\uf02d"}
_PLUSES = {"+", "\uf02b"}


def roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa … zz (the letter repeated), no Vietnamese đ."""
    n -= 1
    return chr(ord("a") + n % 26) * (n // 26 + 1)


def formatted(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        text = roman(max(n, 1))
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        text = letters(max(n, 1))
        return text.upper() if fmt == "upperLetter" else text
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal, and every other counting format read as its number


def bullet(text: str) -> str:
    """A bullet as plans write it: "-" for any dash, "+" for a plus, "•" for the rest."""
    text = text.strip()
    if not text:
        return ""
    if text in _DASHES:
        return "-"
    if text in _PLUSES:
        return "+"
    return "•"


@dataclass(frozen=True, slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  # w:isLgl: every number of the label in decimal
    restart: int | None = None  # w:lvlRestart: restart after this level (1-based); 0: never
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


@dataclass
class _Abstract:
    levels: dict[int, Level] = field(default_factory=dict)
    style_link: str | None = None  # w:numStyleLink: defined by that numbering style


def _val(element: Any, child: str) -> str | None:
    found = element.find(W + child)
    return None if found is None else found.get(W + "val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(element: Any) -> Level:
    text = _val(element, "lvlText")
    restart = _val(element, "lvlRestart")
    legal = element.find(W + "isLgl")
    return Level(
        start=_int(_val(element, "start"), 1),
        fmt=_val(element, "numFmt") or "decimal",
        text="" if text is None else text,
        legal=legal is not None and legal.get(W + "val") not in ("0", "false", "off"),
        restart=None if restart is None else _int(restart, 1),
        style=_val(element, "pStyle"),
    )


class Numbering:
    """Labels for numbered paragraphs, in document order: call `label` once per paragraph."""

    def __init__(self, root: Any | None, style_numbering: dict[str, tuple[str | None, int | None]]):
        # style id → (numId, ilvl) its paragraph properties give (through its basedOn chain)
        self._style_numbering = style_numbering
        self._abstract: dict[str, _Abstract] = {}
        self._nums: dict[str, tuple[str, dict[int, tuple[int | None, Level | None]]]] = {}
        self._counts: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if root is None:
            return
        for element in root.iterchildren(W + "abstractNum"):
            abstract = _Abstract(style_link=_val(element, "numStyleLink") or _val(element, "styleLink"))
            for lvl in element.iterchildren(W + "lvl"):
                abstract.levels[_int(lvl.get(W + "ilvl"), 0)] = _level(lvl)
            self._abstract[element.get(W + "abstractNumId") or ""] = abstract
        for element in root.iterchildren(W + "num"):
            overrides: dict[int, tuple[int | None, Level | None]] = {}
            for override in element.iterchildren(W + "lvlOverride"):
                start = _val(override, "startOverride")
                lvl = override.find(W + "lvl")
                overrides[_int(override.get(W + "ilvl"), 0)] = (
                    None if start is None else _int(start, 1),
                    None if lvl is None else _level(lvl),
                )
            self._nums[element.get(W + "numId") or ""] = (_val(element, "abstractNumId") or "", overrides)

    def _resolve(self, num_id: str, depth: int = 0) -> tuple[str, _Abstract] | None:
        """The abstract definition a list instance counts with, following numbering-style links."""
        found = self._nums.get(num_id)
        if found is None:
            return None
        abstract_id = found[0]
        abstract = self._abstract.get(abstract_id)
        if abstract is None:
            return None
        if not abstract.levels and abstract.style_link and depth < 4:
            linked_num, _ = self._style_numbering.get(abstract.style_link, (None, None))
            if linked_num and linked_num != num_id:
                return self._resolve(linked_num, depth + 1)
        return abstract_id, abstract

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """The level whose w:pStyle names `style_id` (a heading style bound to a list)."""
        resolved = self._resolve(num_id)
        if resolved is None:
            return None
        for ilvl, level in resolved[1].levels.items():
            if level.style == style_id:
                return ilvl
        return None

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph of list `num_id` at level `ilvl`; "" for none."""
        if num_id in ("", "0"):
            return ""
        resolved = self._resolve(num_id)
        if resolved is None:
            return ""
        abstract_id, abstract = resolved
        overrides = self._nums[num_id][1]
        levels = {**abstract.levels, **{k: lvl for k, (_, lvl) in overrides.items() if lvl is not None}}
        level = levels.get(ilvl)
        if level is None:
            return ""
        counts = self._counts.setdefault(abstract_id, {})
        if num_id not in self._started:  # an instance that restarts its list does so on first use
            self._started.add(num_id)
            for k, (start, _) in overrides.items():
                if start is not None:
                    counts[k] = start - 1
                    for deeper in [d for d in counts if d > k]:
                        del counts[deeper]
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else level.start
        for deeper in [d for d in counts if d > ilvl]:
            if levels.get(deeper, Level()).restart != 0:
                del counts[deeper]
        if level.fmt == "bullet":
            return bullet(level.text)

        def number(match_level: int) -> str:
            own = levels.get(match_level, Level())
            n = counts.get(match_level, own.start)
            return str(n) if level.legal and match_level != ilvl else formatted(n, own.fmt)

        out, i, text = [], 0, level.text
        while i < len(text):
            if text[i] == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                out.append(number(int(text[i + 1]) - 1))
                i += 2
            else:
                out.append(text[i])
                i += 1
        return "".join(out).strip()
