"""The body's outline: labelled lines nested the way the labels nest ("I." over "1." over "1.1."
over "a)" over "-" over "+"), whatever style each level uses.

The nesting is learnt from the document: a label style seen for the first time opens a level
under the current one; a style already open closes every level below it. So "A." sections over
"1." headings, "1." over "-" bullets with no "a)" between, and Word's numbering all nest as the
reader sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kehoach.docximport.lines import Line
from kehoach.docximport.read import Table

BULLETS = ("dash", "plus", "bullet")


def key(line: Line) -> str:
    """The level a label opens. A bold "a)" or "-" is a heading styled so (a plan's numbering may
    print its sub-headings "a)" or "-"), a level apart from the points and bullets under it."""
    if line.top:
        return "top"
    if line.kind == "number":
        return f"number{line.depth}"
    return f"{line.kind}!" if line.bold and line.kind in ("letter", "dash", "plus", "bullet") else line.kind


@dataclass
class Node:
    line: Line | None  # None: the root
    key: str = ""
    # What stands under the node, in document order: unlabelled lines, tables, child nodes.
    order: list[Line | Table | Node] = field(default_factory=list)

    @property
    def children(self) -> list[Node]:
        return [x for x in self.order if isinstance(x, Node)]

    @property
    def text(self) -> str:
        return self.line.text if self.line else ""

    @property
    def index(self) -> int:
        return self.line.index if self.line else 0

    def indexes(self) -> list[int]:
        """Every đoạn in this node and under it."""
        out = [self.index] if self.line else []
        for x in self.order:
            if isinstance(x, Node):
                out += x.indexes()
            elif isinstance(x, Line):
                out.append(x.index)
            else:
                out.append(x.index)
        return out


def build_tree(lines: list[Line | Table]) -> Node:
    root = Node(None, "root")
    stack: list[Node] = [root]
    for item in lines:
        if isinstance(item, Table):  # a table belongs to the heading above, not to a bullet
            while stack[-1].key in BULLETS:
                stack.pop()
            stack[-1].order.append(item)
            continue
        if not item.kind:
            stack[-1].order.append(item)
            continue
        k = key(item)
        if k not in BULLETS:  # a bullet holds sub-bullets, never a heading
            while stack[-1].key in BULLETS:
                stack.pop()
        # a deeper "1.2.3." opens under "1.2." even if that level was typed by hand above
        open_keys = [n.key for n in stack]
        k = _same_list(k, item, stack)
        top = stack[-1]
        if top.key == k and k not in BULLETS and top.line is not None and item.number == 1 \
                and top.line.number >= 1:
            # "c) Kiểm tra" then "a) Kiểm tra tại thôn": a list starting again under a heading of
            # the same style is a level below it (a plan may number every level "a)")
            node = Node(item, k)
            top.order.append(node)
            stack.append(node)
            continue
        if k in open_keys:
            while stack[-1].key != k:
                stack.pop()
            stack.pop()
        elif k.startswith("number") and item.depth > 1:
            # "2.1." after "1.3.": close to the "number{depth-1}" level
            parent_key = f"number{item.depth - 1}"
            if parent_key in open_keys:
                while stack[-1].key != parent_key:
                    stack.pop()
        node = Node(item, k)
        stack[-1].order.append(node)
        stack.append(node)
    return root


def lines_under(node: Node) -> list[Line]:
    """Every line below a node, in document order (a table as one line of its cells' text)."""
    out: list[Line] = []
    for x in node.order:
        if isinstance(x, Node):
            assert x.line is not None
            out.append(x.line)
            out += lines_under(x)
        elif isinstance(x, Line):
            out.append(x)
        else:
            out.append(Line(x.index, " | ".join(p.text for row in x.rows for cell in row for p in cell)))
    return out


def _same_list(k: str, line: Line, stack: list[Node]) -> str:
    """A letter that goes on counting an open list of the other weight ("a)" a bold heading, "b)"
    a numbered paragraph in plain type) is in that list: its key."""
    if not k.startswith("letter"):
        return k
    other = k[:-1] if k.endswith("!") else f"{k}!"
    if k in [n.key for n in stack]:
        return k
    for node in reversed(stack):
        if node.key == other and node.line is not None and node.line.number + 1 == line.number:
            return other
    return k
