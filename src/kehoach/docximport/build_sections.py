"""The parts of the plan kehoach gives a meaning of their own, for `build.Builder`: Mục đích,
yêu cầu (`purpose`), Tổ chức thực hiện (`organization`, one entry per unit), and the generic
sections a plan writes itself (title, paragraphs, items, numbered children). A part whose shape
does not fit its key (a purpose with sub-headings of its own) becomes a generic section.
"""

from __future__ import annotations

from typing import Any

from kehoach.docximport.build_body import heading_like, time_or_units, unit_heading
from kehoach.docximport.draft import Path
from kehoach.docximport.lines import Line
from kehoach.docximport.read import Table
from kehoach.docximport.text import plain
from kehoach.docximport.tree import BULLETS, Node, lines_under


class SectionsPart:
    """The sections' methods of the Builder (its state lives in build.Builder)."""

    # ---- purpose -------------------------------------------------------------------------------

    def purpose(self, node: Node, title: str) -> dict[str, Any] | None:
        low = plain(title)
        children = [c for c in node.children if c.key not in BULLETS]
        out: dict[str, Any] = {}
        if children:
            if any(x for x in node.order if not isinstance(x, Node)):
                return None
            for child in children:
                self.styles.level(self._section, 0, child.line)
                which = plain(child.text.rstrip(":"))
                key = (
                    "goals"
                    if which.startswith("muc dich")
                    else "requirements"
                    if which.startswith("yeu cau")
                    else None
                )
                if key is None or key in out:
                    return None
                value = self.prose(child, ("purpose", key))
                if value is None:
                    return None
                self.use(child.index)
                out[key] = value
            return out
        key = "requirements" if low.startswith("yeu cau") else "goals"
        value = self.prose(node, ("purpose", key))
        if value is None:
            return None
        out[key] = value
        return out

    def prose(self, node: Node, path: Path) -> list[str] | str | None:
        """Bullets → a list; paragraphs → one string (paragraphs apart by a blank line); None
        when the part holds more than that (headings, sub-bullets, both kinds)."""
        bullets = [x for x in node.order if isinstance(x, Node)]
        paragraphs = [x for x in node.order if isinstance(x, Line)]
        if any(isinstance(x, Table) for x in node.order):
            return None
        if bullets and (paragraphs or not all(_plain_bullets(b) for b in bullets)):
            return None
        if bullets:
            return [self.bullet(b, 0) for b in bullets]
        if not paragraphs:
            return None
        self.use(*(p.index for p in paragraphs))
        if any(p.kind for p in paragraphs):
            return None
        said = [self.marked(p, path=path) for p in paragraphs]
        return "\n\n".join(said) if len(said) > 1 else said[0]

    def bullet(self, node: Node, depth: int) -> str | dict[str, Any]:
        """A bullet of a list (purpose, organization): its text, or {text, items} over sub-bullets."""
        self.use(node.index)
        self.styles.item(depth, node.line)
        text = self.marked(node.line) if node.line else node.text
        if not node.order:
            return text
        subs = [self.bullet(x, depth + 1) for x in node.order if isinstance(x, Node)]
        return {"text": text, "items": subs}

    # ---- generic sections ---------------------------------------------------------------------

    def generic(self, node: Node, title: str, path: Path) -> dict[str, Any]:
        entry: dict[str, Any] = {"title": title}
        text: list[str] = []
        items: list[Any] = []
        children: list[dict[str, Any]] = []
        dashes = any(c.key in BULLETS for c in node.children)
        holder: dict[str, Any] = {}  # the table, once read
        before: Line | Table | Node | None = None
        for x in node.order:
            if isinstance(x, Node):
                if x.key in BULLETS or (x.key == "letter" and not heading_like(x) and not dashes):
                    items.append(self.item(x, (*path, "items", len(items)), text, (*path, "text")))
                else:
                    child = self.activity(x, (*path, "children", len(children)), None)
                    if child is not None:
                        children.append(child)
            elif isinstance(x, Table):
                self.table(x, before, holder, path, bool(items or children))
            else:
                self.use(x.index)
                if (items or children) and not time_or_units(x.text):
                    self.note(
                        x.index,
                        "đoạn này đứng sau các ý/mục con trong văn bản; kehoach in đoạn văn trước chúng",
                        (*path, "text", len(text)),
                    )
                elif "table" in holder:
                    self.note(x.index, "đoạn này đứng sau bảng trong văn bản; kehoach in đoạn văn trước bảng",
                              (*path, "text", len(text)))
                text.append(self.marked(x, full=True, path=(*path, "text")))
            before = x
        if text:
            entry["text"] = text
        if "table" in holder:
            entry["table"] = holder["table"]
        if items:
            entry["items"] = items
        if children:
            entry["children"] = children
        if len(entry) == 1:
            entry["text"] = [title]
            self.note(
                node.index,
                "mục không có nội dung; kehoach cần ít nhất một đoạn: đã chép tiêu đề làm nội dung",
                (*path, "text"),
            )
        return entry

    # ---- activities ----------------------------------------------------------------------------

    # ---- organization --------------------------------------------------------------------------

    def organization(self, node: Node) -> dict[str, Any] | None:
        children = node.children
        if not children or any(c.key in BULLETS for c in children):
            return None
        out: dict[str, Any] = {}
        for x in node.order:
            if not isinstance(x, Node):
                self.unplaced(
                    x,
                    None,
                    ("organization",),
                    "đoạn chung của mục Tổ chức thực hiện, chưa có chỗ trong kế hoạch",
                )
        for child in children:
            self.styles.level(self._section, 0, child.line)
            name, duty = unit_heading(child.text)
            if duty:
                duty = self.marked(child.line, duty[:1].upper() + duty[1:], path=("organization",))
            uid = self.unit(name)
            self.use(child.index)
            value = self.prose(child, ("organization", uid)) if child.order else None
            if duty and value is None and not child.order:
                value = duty
            elif duty:
                value = [duty, *value] if isinstance(value, list) else f"{duty}\n\n{value}"
            if value is None:  # more than bullets or paragraphs: each line kept, as a bullet
                value = [*([duty] if duty else []), *(self.marked(x, full=True) for x in lines_under(child))]
                self.note(child.index, "nhiệm vụ của đơn vị có nhiều cấp hơn kehoach ghi được: mỗi dòng "
                          "thành một gạch đầu dòng", ("organization", uid))
                for sub in child.indexes():
                    self.use(sub)
            if uid in out:
                self.note(
                    child.index, "đơn vị có hai mục trong Tổ chức thực hiện: gộp lại", ("organization", uid)
                )
                old = out[uid]
                out[uid] = [
                    *(old if isinstance(old, list) else [old]),
                    *(value if isinstance(value, list) else [value]),
                ]
                continue
            out[uid] = value
        return out


def _plain_bullets(node: Node) -> bool:
    """A bullet whose whole content is sub-bullets (no paragraph, no table, no heading)."""
    return node.key in ("dash", "plus", "bullet", "letter") and all(
        isinstance(x, Node) and _plain_bullets(x) for x in node.order)
