"""The document's outline, computed once: section numerals, activity numbers, inherited leads
and deadlines. Rules, the renderer and `kehoach tasks` all read numbers from here, so the number
a unit sees in `tasks` is the number printed in the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """One Roman-numbered section as printed: only sections with content are numbered."""

    numeral: str
    use: SectionUse | None  # purpose / activities / budget / organization; None: a generic section
    title: str  # as written (sentence case); printed in capitals
    path: DataPath  # where its content lives: ("sections", i) for a generic one, else (use,)
    section: Section | None  # the generic section itself


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


def _entries(plan: Plan) -> Iterator[tuple[SectionUse | None, str, DataPath, Section | None]]:
    if plan.sections is None:
        for use in DEFAULT_ORDER:
            title = _purpose_title(plan) if use == "purpose" else DEFAULT_TITLES[use]
            yield use, title, (use,), None
        return
    for i, section in enumerate(plan.sections):
        if section.use is None:
            yield None, section.title or "", ("sections", i), section
        else:
            default = _purpose_title(plan) if section.use == "purpose" else DEFAULT_TITLES[section.use]
            yield section.use, section.title or default, (section.use,), None


def _sections(plan: Plan) -> tuple[SectionEntry, ...]:
    found: list[SectionEntry] = []
    placed: set[str] = set()
    for use, title, path, section in _entries(plan):
        # A part placed twice is a rule's error (KH405); the document prints it once.
        if use is not None and (use in placed or not has_content(plan, use)):
            continue
        if use is not None:
            placed.add(use)
        found.append(SectionEntry(ROMAN[len(found)] if len(found) < len(ROMAN) else str(len(found) + 1),
                                  use, title, path, section))
    return tuple(found)


def sections(plan: Plan) -> dict[str, str]:
    """Meaningful section (purpose, activities, budget, organization) → its Roman numeral, for the
    sections the plan prints."""
    return {entry.use: entry.numeral for entry in of(plan).sections if entry.use is not None}


def prints_time(activity: Activity) -> bool:
    """Whether an activity prints its own "Thời gian thực hiện" line."""
    return activity.deadline is not None


def has_points(activity: Activity) -> bool:
    """Items sit under "a) Nội dung thực hiện" only when a "b)" point (the time line) follows them
    or the plan names the point itself; otherwise the bullets stand directly under the heading."""
    return bool(activity.items) and (prints_time(activity) or activity.items_title is not None)


@dataclass(frozen=True, slots=True)
class Node:
    """One activity or item in document order."""

    path: DataPath
    number: str  # as printed within its section: "1.2." for activities; "" for items
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
    def items(parent: Node | None, entries: list[Item], base: str, path: DataPath,
              depth: int) -> Iterator[Node]:
        for i, item in enumerate(entries, 1):
            node = _node((*path, i - 1), "", f"{base}-{i}", item, depth, parent)
            yield node
            yield from items(node, item.items, f"{base}-{i}", (*node.path, "items"), depth + 1)

    def activities(entries: list[Activity], prefix: str, base: DataPath, depth: int,
                   parent: Node | None, numeral: str) -> Iterator[Node]:
        for i, activity in enumerate(entries, 1):
            number = f"{prefix}{i}."
            path = (*base, i - 1)
            node = _node(path, number, f"{numeral}.{number.rstrip('.')}", activity, depth, parent)
            yield node
            # "a) Nội dung thực hiện" holds the items when "b) Thời gian thực hiện" follows them.
            point = f".{LETTERS[0]}" if has_points(activity) else ""
            yield from items(node, activity.items, f"{node.ref}{point}", (*path, "items"), depth + 1)
            yield from activities(activity.children, number, (*path, "children"), depth + 1, node,
                                  numeral)

    for entry in entries:
        if entry.use == "activities":
            yield from activities(plan.activities, "", ("activities",), 0, None, entry.numeral)
        elif entry.section is not None:
            yield from items(None, entry.section.items, entry.numeral, (*entry.path, "items"), 0)
            yield from activities(entry.section.children, "", (*entry.path, "children"), 0, None,
                                  entry.numeral)


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


def ids(plan: Plan) -> dict[str, Node]:
    """Tracked activities and items by id (first occurrence wins; duplicates are a rule's job)."""
    found: dict[str, Node] = {}
    for node in walk(plan):
        if node.node.id and node.node.id not in found:
            found[node.node.id] = node
    return found
