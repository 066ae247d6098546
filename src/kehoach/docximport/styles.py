"""The document's numbering as the plan format writes it (`numbering:`): the style of each level,
learnt from the labels the document uses — "A." for its sections, "1." then "a)" for headings,
"-" then "+" for points. Only what differs from kehoach's default (I.; 1., 1.1., 1.1.1.; -, +) is
written; a section numbered unlike the others gets its own `numbering`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kehoach.docximport.lines import Line

DEFAULT_SECTIONS = "I."
DEFAULT_LEVELS = ("1.", "1.1.", "1.1.1.")
DEFAULT_ITEMS = ("-", "+")
_BY_KIND = {"roman": "I.", "upper": "A.", "letter": "a)", "paren": "1.", "dash": "-", "bullet": "-",
            "plus": "+"}


def style_of(line: Line | None) -> str | None:
    """The plan format's style of a label: "1.2." → "1.1.", "c)" → "a)", "•" → "-"."""
    if line is None or not line.kind:
        return None
    if line.kind == "number":
        return ("1.", "1.1.", "1.1.1.")[min(line.depth, 3) - 1]
    return _BY_KIND.get(line.kind)


@dataclass
class Styles:
    """Styles seen, by where: each section's heading levels by depth, the items' levels."""

    sections: Counter[str] = field(default_factory=Counter)
    levels: dict[int, dict[int, Counter[str]]] = field(default_factory=dict)  # section → depth → styles
    items: dict[int, Counter[str]] = field(default_factory=dict)  # depth → styles

    def section(self, line: Line | None) -> None:
        if (style := style_of(line)) is not None:
            self.sections[style] += 1

    def level(self, section: int, depth: int, line: Line | None) -> None:
        if (style := style_of(line)) is not None:
            self.levels.setdefault(section, {}).setdefault(depth, Counter())[style] += 1

    def item(self, depth: int, line: Line | None) -> None:
        if (style := style_of(line)) is not None:
            self.items.setdefault(depth, Counter())[style] += 1

    def numbering(self) -> tuple[dict[str, Any] | None, dict[int, list[str]]]:
        """(the plan's `numbering`, or None for the default; each section's own levels where
        they differ from the plan's)."""
        out: dict[str, Any] = {}
        if self.sections and (top := self.sections.most_common(1)[0][0]) != DEFAULT_SECTIONS and top in (
                "A.", "1."):
            out["sections"] = top
        every: dict[int, Counter[str]] = {}
        for by_depth in self.levels.values():
            for depth, seen in by_depth.items():
                every.setdefault(depth, Counter()).update(seen)
        levels = _styles(every, DEFAULT_LEVELS)
        if levels is not None:
            out["levels"] = levels
        items = _styles(self.items, DEFAULT_ITEMS)
        if items is not None:
            out["items"] = items
        plan_levels = levels or list(DEFAULT_LEVELS)
        own: dict[int, list[str]] = {}
        for section, by_depth in self.levels.items():
            mine = [by_depth[d].most_common(1)[0][0] for d in sorted(by_depth)]
            if any(style != _at(plan_levels, d) for d, style in zip(sorted(by_depth), mine, strict=True)):
                own[section] = mine
        return (out or None), own


def _at(styles: list[str] | tuple[str, ...], depth: int) -> str:
    return styles[min(depth, len(styles) - 1)]


def _styles(seen: dict[int, Counter[str]], default: tuple[str, ...]) -> list[str] | None:
    """The styles by depth (the most used at each), or None when they are the default's."""
    if not seen:
        return None
    depth = max(seen)
    found = [seen[d].most_common(1)[0][0] if d in seen else _at(default, d) for d in range(depth + 1)]
    if all(style == _at(default, d) for d, style in enumerate(found)):
        return None
    return found
