"""Stage 2: paragraphs → lines, each with its numbering label told apart from its text.

A label is what a clerk types (or Word numbers) before a heading or a point: "I.", "A.", "1.",
"1.2.", "a)", "-", "+", "•". A manual line break (Shift+Enter) starts a new line only when what
follows it is labelled — otherwise it is only where the text was wrapped (a long trích yếu, a
typography fix) and becomes a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.docximport import marks
from kehoach.docximport.read import Para

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
ROMAN_RE = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
# "I.", "II -", "IV/": Roman numerals up to 39 followed by a mark.
_ROMAN = re.compile(rf"^(?P<n>{ROMAN_RE})\s*(?P<m>[.:)/]|\s-\s)\s*(?=\S)")
_UPPER = re.compile(r"^(?P<n>[A-ZĐ])\s*(?P<m>[.:)/])\s+(?=\S)")
_NUMBER = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})*)(?P<m>\.|\)|/|(?<=\d)(?=\s))\s*(?=\S)")
_PAREN = re.compile(r"^\((?P<n>\d{1,2}|[a-zđ])\)\s*(?=\S)")
_LETTER = re.compile(r"^(?P<n>[a-zđ])\s*(?P<m>[).])\s*(?=\S)")
_DASH = re.compile(r"^[-–—−‐](?!\d)\s*(?=\S)")
_PLUS = re.compile(r"^\+\s*(?=\S)")
_BULLET = re.compile(r"^[•·●○◦▪■□♦❖➢➤►✓*]\s*(?=\S)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Line:
    """One logical line of the body. `kind`: roman (I.), upper (A.), number (1., 1.2. — `depth`
    counts the parts), paren ((1)), letter (a)), dash (-), plus (+), bullet (•), or "" unlabelled."""

    index: int  # the đoạn it comes from
    text: str  # after the label, spaces collapsed
    label: str = ""
    kind: str = ""
    depth: int = 0
    number: int = 0  # the label's value: II → 2, 1.3. → 3, c) → 3
    bold: bool = False
    italic: bool = False
    align: str = ""
    outline: int | None = None
    auto: bool = False  # the label is Word's automatic numbering
    top: bool = False  # a top section's heading (set by parts.py)
    marks: str = ""  # bold and italic set off in `text` (marks.py); "" when none

    @property
    def full(self) -> str:
        return f"{self.label} {self.text}".strip()

    @property
    def full_marks(self) -> str:
        """The marks of `full`."""
        if not self.marks or not self.label:
            return self.marks
        return marks.PLAIN * (len(self.label) + 1) + self.marks


def roman_value(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        value = _ROMAN_VALUES.get(ch, 0)
        total += -value if value < prev else value
        prev = max(prev, value)
    return total


_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"


def letter_value(ch: str) -> int:
    ch = ch.lower()
    return _VI_LETTERS.index(ch) + 1 if ch in _VI_LETTERS else ord(ch) - ord("a") + 1


def split_label(text: str) -> tuple[str, str, int, int, str]:
    """(label, kind, depth, number, rest) of a typed line; ("", "", 0, 0, text) when unlabelled."""
    s = text.lstrip()
    if (m := _ROMAN.match(s)) and m["n"]:
        return f"{m['n']}.", "roman", 1, roman_value(m["n"]), s[m.end() :]
    if m := _NUMBER.match(s):
        parts = m["n"].split(".")
        if m["m"] in (")", "/") and len(parts) == 1:
            return f"{m['n']})", "paren", 1, int(parts[0]), s[m.end() :]
        if m["m"] or len(parts) > 1:
            return f"{m['n']}.", "number", len(parts), int(parts[-1]), s[m.end() :]
    if m := _PAREN.match(s):
        n = m["n"]
        return f"({n})", "paren", 1, int(n) if n.isdigit() else letter_value(n), s[m.end() :]
    if m := _UPPER.match(s):
        return f"{m['n']}.", "upper", 1, letter_value(m["n"]), s[m.end() :]
    if m := _LETTER.match(s):
        return f"{m['n']})", "letter", 1, letter_value(m["n"]), s[m.end() :]
    if m := _DASH.match(s):
        return "-", "dash", 1, 0, s[m.end() :]
    if m := _PLUS.match(s):
        return "+", "plus", 1, 0, s[m.end() :]
    if m := _BULLET.match(s):
        return "•", "bullet", 1, 0, s[m.end() :]
    return "", "", 0, 0, s


def _auto(label: str) -> tuple[str, str, int, int]:
    """Kind, depth and value of an automatic label as Word shows it."""
    if label in ("-", "+", "•"):
        return label, {"-": "dash", "+": "plus", "•": "bullet"}[label], 1, 0
    found, kind, depth, number, rest = split_label(label + " x")
    if kind and rest == "x":
        return found, kind, depth, number
    return label, "bullet", 1, 0  # anything else Word shows is a mark of some kind


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def lines_of(para: Para) -> list[Line]:
    """The paragraph's lines: one, or more where a manual break is followed by a label."""
    parts = para.text.split("\n")
    chunks: list[tuple[str, str]] = []  # (text, marks)
    at = 0
    for part in parts:
        own = marks.cut(para.marks, at, at + len(part))
        at += len(part) + 1
        if chunks and not split_label(part)[1]:
            before, before_marks = chunks[-1]
            chunks[-1] = (f"{before} {part}", marks.join((before, before_marks), (" ", ""), (part, own)))
        else:
            chunks.append((part, own))
    out = []
    for i, (chunk, chunk_marks) in enumerate(chunks):
        if i == 0 and para.label:
            label, kind, depth, number = _auto(para.label)
            text, auto = chunk, True
        else:
            label, kind, depth, number, text = split_label(chunk.replace("\t", " "))
            auto = False
        text, text_marks = marks.collapse(text, marks.cut(chunk_marks, len(chunk) - len(text)))
        if not text and not label:
            continue
        out.append(
            Line(
                para.index,
                text,
                label,
                kind,
                depth,
                number,
                para.bold,
                para.italic,
                para.align,
                para.outline,
                auto,
                marks=text_marks,
            )
        )
    return out
