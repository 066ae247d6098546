"""The document's outline, computed once: section numerals, activity numbers, inherited leads
and deadlines. Rules, the renderer and `kehoach tasks` all read numbers from here, so the number
a unit sees in `tasks` is the number printed in the document.

Numbering is data (`numbering:` of the plan, `numbering:` of a section): each level has a style,
written as it prints (I., A., 1., 1.1., a), -, +). The default is the seed's: I.; 1., 1.1.,
1.1.1.; then "-" and "+" for bullets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kehoach.catalogue import Catalogue
from kehoach.deadlines import Deadline
from kehoach.loader import DataPath
from kehoach.model import Activity, Item, Plan, Section, SectionUse

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# Points (điểm) use the Vietnamese alphabet, which has đ and no f, j, w, z.
LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
           "u", "v", "x", "y"]

# The sections a plan has when it does not list its own (`sections:`), with their usual titles.
DEFAULT_ORDER = ("purpose", "activities", "budget", "organization")
DEFAULT_TITLES = {
    "purpose": "Mục đích, yêu cầu",
    "activities": "Nội dung thực hiện",
    "budget": "Kinh phí thực hiện",
    "organization": "Tổ chức thực hiện",
}


def letter(index: int) -> str:
    """0 → a, 4 → đ; past y the letters double (aa), which no real plan reaches."""
    if index < len(LETTERS):
        return LETTERS[index]
    return LETTERS[index // len(LETTERS) - 1] + LETTERS[index % len(LETTERS)]


def roman(number: int) -> str:
    """1 → I, 14 → XIV."""
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out += digits * count
    return out


BULLETS = ("-", "+")
NESTED = ("1.1.", "1.1.1.")
_DOTTED = re.compile(r"(\d+\.)+")


def label(style: str, index: int, parent: str = "") -> str:
    """The printed number of the `index`-th (0-based) entry of a level: "II.", "B.", "3.", "1.3."
    (after its parent's "1."), "c)", or the bullet itself."""
    if style == "I.":
        return f"{roman(index + 1)}."
    if style == "A.":
        return f"{letter(index).upper()}."
    if style in NESTED:
        return f"{parent if _DOTTED.fullmatch(parent) else ''}{index + 1}."
    if style == "a)":
        return f"{letter(index)})"
    if style in BULLETS:
        return style
    return f"{index + 1}."


def style_at(styles: tuple[str, ...], depth: int) -> str:
    """A level's style; levels deeper than the plan names take the style of the last one."""
    return styles[min(depth, len(styles) - 1)]


def _ref(base: str, style: str, number: str, index: int) -> str:
    """A reference a person can find in the document: "II.1.2", "A.1.b", "II.1-3" for a bullet."""
    if style in BULLETS:
        return f"{base}-{index + 1}"
    if style in NESTED:
        return f"{base}.{index + 1}"
    return f"{base}.{number.rstrip('.)')}"


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """One Roman-numbered section as printed: only sections with content are numbered."""

    numeral: str
    use: SectionUse | None  # purpose / activities / budget / organization; None: a generic section
    title: str  # as written (sentence case); printed in capitals
    path: DataPath  # where its content lives: ("sections", i) for a generic one, else (use,)
    section: Section | None  # the generic section itself
    levels: tuple[str, ...] = ("1.", "1.1.", "1.1.1.")  # numbering styles of its children, by depth

    def number(self, index: int) -> str:
        """The number of its `index`-th child at the first level: "1.", "a)" … (purpose's parts,
        organization's units)."""
        return label(self.levels[0], index)


def has_content(plan: Plan, use: SectionUse) -> bool:
    """Whether the plan has anything to print under a meaningful section."""
    if use == "purpose":
        return plan.purpose is not None and bool(plan.purpose.goals or plan.purpose.requirements)
    if use == "activities":
        return bool(plan.activities)
    if use == "budget":
        return plan.budget is not None
    return bool(plan.organization)


def _purpose_title(plan: Plan) -> str:
    """With only one of its two parts, the section is named after that part."""
    purpose = plan.purpose
    if purpose is not None and not purpose.requirements:
        return "Mục đích"
    if purpose is not None and not purpose.goals:
        return "Yêu cầu"
    return DEFAULT_TITLES["purpose"]


def _entries(plan: Plan) -> Iterator[tuple[SectionUse | None, str, DataPath, Section | None,
                                           Section | None]]:
    """(use, title, path, generic section, the `sections:` entry) of each section in order."""
    if plan.sections is None:
        for use in DEFAULT_ORDER:
            title = _purpose_title(plan) if use == "purpose" else DEFAULT_TITLES[use]
            yield use, title, (use,), None, None
        return
    for i, section in enumerate(plan.sections):
        if section.use is None:
            yield None, section.title or "", ("sections", i), section, section
        else:
            default = _purpose_title(plan) if section.use == "purpose" else DEFAULT_TITLES[section.use]
            yield section.use, section.title or default, (section.use,), None, section


def _sections(plan: Plan) -> tuple[SectionEntry, ...]:
    found: list[SectionEntry] = []
    placed: set[str] = set()
    style = plan.numbering.sections
    for use, title, path, section, entry in _entries(plan):
        # A part placed twice is a rule's error (KH405); the document prints it once.
        if use is not None and (use in placed or not has_content(plan, use)):
            continue
        if use is not None:
            placed.add(use)
        levels = tuple(entry.numbering if entry is not None and entry.numbering else plan.numbering.levels)
        found.append(SectionEntry(label(style, len(found)).rstrip("."), use, title, path, section, levels))
    return tuple(found)


def sections(plan: Plan) -> dict[str, str]:
    """Meaningful section (purpose, activities, budget, organization) → its Roman numeral, for the
    sections the plan prints."""
    return {entry.use: entry.numeral for entry in of(plan).sections if entry.use is not None}


def prints_time(activity: Activity) -> bool:
    """Whether an activity prints its own "Thời gian thực hiện" line."""
    return activity.deadline is not None


def has_points(activity: Activity, plan: Plan | None = None) -> bool:
    """Items sit under "a) Nội dung thực hiện" only when a "b)" point (the time line) follows them
    or the plan names the point itself; otherwise the bullets stand directly under the heading.
    Never when the plan letters its items themselves (`numbering.items: ["a)", …]`): a), b) would
    then mean two things at once."""
    if plan is not None and plan.numbering.items[0] == "a)":
        return False
    return bool(activity.items) and (prints_time(activity) or activity.items_title is not None)


@dataclass(frozen=True, slots=True)
class Node:
    """One activity or item in document order."""

    path: DataPath
    number: str  # as printed within its section: "1.2.", "a)" for activities; "-", "+" for items
    ref: str  # full reference a person can find in the document: "II.1.2", "II.1.2.a-1"
    node: Activity | Item
    depth: int
    lead: str | None  # own or inherited
    partners: tuple[str, ...]  # own only: partners are named where the text names them
    deadline: Deadline | None  # own or inherited
    deadline_path: DataPath | None  # where the effective deadline is written
    project: str | None  # nearest catalogue code at or above this node
    parent: Node | None

    @property
    def is_item(self) -> bool:
        return isinstance(self.node, Item)


@dataclass(frozen=True, slots=True)
class Outline:
    sections: tuple[SectionEntry, ...]
    nodes: tuple[Node, ...]


_last: tuple[Plan, Outline] | None = None


def of(plan: Plan) -> Outline:
    """The plan's sections and nodes, built once.

    Every rule walks the outline; the last plan's outline is kept (plans are never mutated after
    validation) so a run over a thousand plans builds each outline once.
    """
    global _last
    if _last is None or _last[0] is not plan:
        entries = _sections(plan)
        _last = (plan, Outline(entries, tuple(_walk(plan, entries))))
    return _last[1]


def walk(plan: Plan) -> tuple[Node, ...]:
    """Every activity and item, of the activities section and of generic sections, depth first,
    in document order."""
    return of(plan).nodes


def _walk(plan: Plan, entries: tuple[SectionEntry, ...]) -> Iterator[Node]:
    bullets = tuple(plan.numbering.items)

    def items(parent: Node | None, entries: list[Item], base: str, path: DataPath,
              depth: int, level: int = 0) -> Iterator[Node]:
        style = style_at(bullets, level)
        for i, item in enumerate(entries):
            number = label(style, i)
            node = _node((*path, i), number, _ref(base, style, number, i), item, depth, parent)
            yield node
            yield from items(node, item.items, node.ref, (*node.path, "items"), depth + 1, level + 1)

    def activities(entries: list[Activity], parent_number: str, base: str, path: DataPath, depth: int,
                   parent: Node | None, levels: tuple[str, ...]) -> Iterator[Node]:
        style = style_at(levels, depth)
        for i, activity in enumerate(entries):
            number = label(style, i, parent_number)
            node = _node((*path, i), number, _ref(base, style, number, i), activity, depth, parent)
            yield node
            # "a) Nội dung thực hiện" holds the items when "b) Thời gian thực hiện" follows them.
            point = f".{LETTERS[0]}" if has_points(activity, plan) else ""
            yield from items(node, activity.items, f"{node.ref}{point}", (*node.path, "items"), depth + 1)
            yield from activities(activity.children, number, node.ref, (*node.path, "children"),
                                  depth + 1, node, levels)

    for entry in entries:
        if entry.use == "activities":
            yield from activities(plan.activities, "", entry.numeral, ("activities",), 0, None,
                                  entry.levels)
        elif entry.section is not None:
            yield from items(None, entry.section.items, entry.numeral, (*entry.path, "items"), 0)
            yield from activities(entry.section.children, "", entry.numeral, (*entry.path, "children"),
                                  0, None, entry.levels)


def _node(path: DataPath, number: str, ref: str, node: Activity | Item, depth: int,
          parent: Node | None) -> Node:
    own_deadline = node.deadline
    return Node(
        path=path,
        number=number,
        ref=ref,
        node=node,
        depth=depth,
        lead=node.lead or (parent.lead if parent else None),
        partners=tuple(node.partners),
        deadline=own_deadline or (parent.deadline if parent else None),
        deadline_path=(*path, "deadline") if own_deadline else (parent.deadline_path if parent else None),
        project=getattr(node, "project", None) or (parent.project if parent else None),
        parent=parent,
    )


def heading(activity: Activity, catalogue: Catalogue | None) -> str:
    """What a person reads as an activity's name: the catalogue's heading of its project, its
    title, or for a numbered paragraph (no heading) its first paragraph."""
    code = activity.project
    if code and catalogue is not None and catalogue.get(code) is not None:
        return catalogue.heading(code)
    return activity.title or (activity.text[0] if activity.text else code or "")


def ids(plan: Plan) -> dict[str, Node]:
    """Tracked activities and items by id (first occurrence wins; duplicates are a rule's job)."""
    found: dict[str, Node] = {}
    for node in walk(plan):
        if node.node.id and node.node.id not in found:
            found[node.node.id] = node
    return found
