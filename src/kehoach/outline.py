"""The document's outline, computed once: section numerals, activity numbers, inherited leads
and deadlines. Rules, the renderer and `kehoach tasks` all read numbers from here, so the number
a unit sees in `tasks` is the number printed in the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kehoach.deadlines import Deadline
from kehoach.loader import DataPath
from kehoach.model import Activity, Item, Plan

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# Points (điểm) use the Vietnamese alphabet, which has đ and no f, j, w, z.
LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
           "u", "v", "x", "y"]

SECTION_PURPOSE = "MỤC ĐÍCH, YÊU CẦU"
SECTION_CONTENT = "NỘI DUNG THỰC HIỆN"
SECTION_BUDGET = "KINH PHÍ THỰC HIỆN"
SECTION_ORGANIZATION = "TỔ CHỨC THỰC HIỆN"


def letter(index: int) -> str:
    """0 → a, 4 → đ; past y the letters double (aa), which no real plan reaches."""
    if index < len(LETTERS):
        return LETTERS[index]
    return LETTERS[index // len(LETTERS) - 1] + LETTERS[index % len(LETTERS)]


def sections(plan: Plan) -> dict[str, str]:
    """Section key → Roman numeral. Kinh phí is numbered only when the plan has a budget."""
    keys = ["purpose", "activities"] + (["budget"] if plan.budget else []) + ["organization"]
    return {key: ROMAN[i] for i, key in enumerate(keys)}


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


_last: tuple[Plan, tuple[Node, ...]] | None = None


def walk(plan: Plan) -> tuple[Node, ...]:
    """Every activity and item, depth first, in document order.

    Every rule walks the outline; the last plan's outline is kept (plans are never mutated after
    validation) so a run over a thousand plans builds each outline once.
    """
    global _last
    if _last is None or _last[0] is not plan:
        _last = (plan, tuple(_walk(plan)))
    return _last[1]


def _walk(plan: Plan) -> Iterator[Node]:
    section = sections(plan)["activities"]

    def items(parent: Node, entries: list[Item], base: str, key: str) -> Iterator[Node]:
        for i, item in enumerate(entries, 1):
            path = (*parent.path, key, i - 1)
            node = _node(path, "", f"{base}-{i}", item, parent.depth + 1, parent)
            yield node
            yield from items(node, item.items, f"{base}-{i}", "items")

    def activities(entries: list[Activity], prefix: str, base: DataPath, depth: int,
                   parent: Node | None) -> Iterator[Node]:
        for i, activity in enumerate(entries, 1):
            number = f"{prefix}{i}."
            path = (*base, i - 1)
            node = _node(path, number, f"{section}.{number.rstrip('.')}", activity, depth, parent)
            yield node
            # "a) Nội dung thực hiện" holds the items; "b) Thời gian thực hiện" follows them.
            yield from items(node, activity.items, f"{node.ref}.{LETTERS[0]}", "items")
            yield from activities(activity.children, number, (*path, "children"), depth + 1, node)

    yield from activities(plan.activities, "", ("activities",), 0, None)


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
