"""The body of the plan, for `build.Builder`: the sections (purpose, activities, budget and
organization placed where the document has them, or generic ones), tasks with their text,
items, times and units, each line either in a field or, with a review note, in the nearest text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kehoach import emphasis
from kehoach.docximport import marks, recase, unitlists
from kehoach.docximport.draft import Path
from kehoach.docximport.lines import Line
from kehoach.docximport.projects import heading_key
from kehoach.docximport.read import Table
from kehoach.docximport.text import excerpt, plain
from kehoach.docximport.times import possible_time, time_line, trailing_time
from kehoach.docximport.tree import BULLETS, Node, build_tree, lines_under
from kehoach.outline import DEFAULT_TITLES

_UNITS_LINE = re.compile(
    r"^(?:đơn vị|cơ quan)\s+chủ trì\s*:\s*(?P<lead>[^;]+?)\s*(?:[;.]\s*(?:đơn vị|cơ quan)\s+phối hợp\s*:\s*"
    r"(?P<partners>.+?))?\s*[.;]?$",
    re.I,
)
_PARTNERS_LINE = re.compile(r"^(?:đơn vị|cơ quan)\s+phối hợp\s*:\s*(?P<partners>.+?)\s*[.;]?$", re.I)
# The whole line saying who leads and who takes part, as `show_units: {form: sentence}` prints it.
_UNITS_SENTENCE = re.compile(
    r"^(?:(?P<lead>[^,;:]{3,90}?) chủ trì(?:, phối hợp với (?P<partners>[^.]+)| thực hiện)"
    r"|Phối hợp thực hiện: (?P<partners2>[^.]+))\.$")
# Words that say what is done: a units sentence naming them is the task's own sentence.
_DOING = re.compile(r"\b(tổ chức|thực hiện|triển khai|xây dựng|tuyên truyền|kiểm tra|hướng dẫn|rà soát"
                    r"|vận động|thăm|báo cáo|tham mưu|chỉ đạo|theo dõi|tập huấn|hỗ trợ|phát động"
                    r"|giám sát)\b", re.I)
# A lead named alone before "chủ trì", commas allowed (for the names known before lists are split).
_NAMED_LEAD = re.compile(r"^(?P<lead>[A-ZĐÀ-Ỹ][^;:()]{2,150}?) chủ trì(?:, phối hợp với | thực hiện\.$)")
_LEAD_SENTENCE = re.compile(r"^(?P<lead>[A-ZĐÀ-Ỹ\ue000][^,;:()]{2,80}?)\s+chủ trì\b(?P<rest>.*)$")


class BodyPart:
    """The body's methods of the Builder (its state lives in build.Builder)."""

    # ---- body ----------------------------------------------------------------------------------

    def organization_units(self) -> None:
        """Unit names the Tổ chức thực hiện section lists, known before the body is read, so a
        task's "phối hợp với A, B" finds them; and whether the document gives a task's time as a
        "b)" point."""
        self.points_convention = any(
            isinstance(x, Line) and x.kind == "letter" and plain(x.text).startswith("thoi gian")
            for x in self.parts.body
        )
        root = build_tree(self.parts.body)
        for node in root.children:
            if _section_kind(node) == "organization":
                for child in node.children:
                    if child.key not in BULLETS:
                        self.unit(unit_heading(child.text)[0])
        # names given alone elsewhere (a lead may hold a comma: "Ban Chỉ huy phòng, chống thiên tai
        # xã chủ trì …"), known before any list is split
        for x in self.parts.body:
            if isinstance(x, Line):
                said = x.text.strip()
                m = _UNITS_LINE.match(said) or _NAMED_LEAD.match(said)
                if m and m["lead"] and not _DOING.search(m["lead"]):
                    self.named.append(" ".join(m["lead"].split()).strip(" ;,."))
        self.named += self.appendix_leads()

    def body(self) -> dict[str, Any]:
        root = build_tree(self.parts.body)
        out: dict[str, Any] = {}
        sections: list[dict[str, Any]] = []
        kinds: list[str] = []
        chosen = self._choose_kinds(root.children)
        opening_extra: list[Line | Table] = [x for x in root.order if not isinstance(x, Node)]
        for x in opening_extra:
            self.unplaced(x, None, ("opening",), "nằm trước mục đầu tiên, chưa có chỗ trong kế hoạch")
        for i, (node, kind) in enumerate(zip(root.children, chosen, strict=True)):
            self.use(node.index)
            self._section = i
            self.styles.section(node.line)
            title = recase.sentence_case(node.text.rstrip(":").strip(), self.corpus.upper_words)
            shown = self.marked(node.line, title, path=("sections", i)) if node.line else title
            entry: dict[str, Any] = {}
            if kind == "purpose" and (purpose := self.purpose(node, title)) is not None:
                out["purpose"] = purpose
                entry = {"use": "purpose"}
            elif kind == "activities":
                out["activities"] = self.activities(node)
                entry = {"use": "activities"}
            elif kind == "budget" and not _holds_table(node) and (budget := self.budget(node)) is not None:
                out["budget"] = budget
                entry = {"use": "budget"}
            elif kind == "organization" and (org := self.organization(node)) is not None:
                out["organization"] = org
                entry = {"use": "organization"}
            else:
                if kind == "budget" and _holds_table(node):
                    self.note(node.index, "mục Kinh phí có bảng: ghi thành mục có `table` (bảng được kiểm "
                              "tra cộng đúng), không thành `budget`; muốn kehoach kiểm tra tổng, nguồn và số "
                              "tiền bằng chữ thì ghi lại thành `budget`", ("sections", i))
                kind = "generic"
                entry = self.generic(node, shown, ("sections", i))
            if kind != "generic" and recase.fold(title) != recase.fold(self._default_title(kind, out)):
                entry["title"] = shown
            kinds.append(kind)
            sections.append(entry)
        default = [k for k in ("purpose", "activities", "budget", "organization") if k in kinds]
        if kinds != default or any(len(s) > 1 for s in sections):
            out["sections"] = sections
        out["_sections"] = sections  # every section's entry, for a numbering of its own
        return out

    def _default_title(self, kind: str, out: dict[str, Any]) -> str:
        if kind == "purpose":
            purpose = out.get("purpose") or {}
            if purpose.get("goals") and not purpose.get("requirements"):
                return "Mục đích"
            if purpose.get("requirements") and not purpose.get("goals"):
                return "Yêu cầu"
        return DEFAULT_TITLES[kind]

    def _choose_kinds(self, nodes: list[Node]) -> list[str]:
        kinds = [_section_kind(n) for n in nodes]
        seen: set[str] = set()
        for i, kind in enumerate(kinds):
            if kind in seen:
                kinds[i] = "generic"
            seen.add(kind)
        if "activities" not in kinds:  # the section whose headings are the programme's projects
            for i, node in enumerate(nodes):
                if kinds[i] == "generic" and any(self.project_code(c.text, None) for c in node.children):
                    kinds[i] = "activities"
                    break
        return kinds

    def activities(self, node: Node) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for x in node.order:
            if isinstance(x, Node) and x.key not in BULLETS:
                child = self.activity(x, ("activities", len(out)), None)
                if child is not None:
                    out.append(child)
            else:
                for line in [x] if not isinstance(x, Node) else [x.line, *lines_under(x)]:
                    assert line is not None
                    self.unplaced(line, None, ("activities",),
                                  "đoạn nằm ngay dưới mục Nội dung, ngoài các nhiệm vụ đánh số")
        return out

    def project_code(self, heading: str, parent: str | None) -> str | None:
        key = heading_key(heading.rstrip(":."))
        found = self.catalogues.by_label.get((key, parent or "")) if parent else None
        found = found or self.catalogues.by_heading.get(key)
        if not found:
            return None
        catalogue, code = found[0]
        if parent and self.catalogues.catalogues[catalogue].projects[code].parent not in (parent, None):
            return None
        self.programme_votes[catalogue] += 1
        return code

    def activity(
        self, node: Node, path: Path, parent_code: str | None, parent_task: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        self.use(node.index)
        self.styles.level(self._section, path.count("children") - (path[0] == "sections"), node.line)
        heading = node.text.rstrip(":").strip()
        out: dict[str, Any] = {}
        self.tasks.append((out, parent_task))
        outer, self._current = self._current, out
        headed = heading_like(node)
        code = self.project_code(heading, parent_code) if headed else None
        if code:
            out["project"] = code
        elif headed:
            out["title"] = self.marked(node.line, heading, path=path)
        # a numbered paragraph ("1. Chủ động phòng ngừa … ."): no heading, its words are its text
        text: list[str] = [] if headed else [self.marked(node.line, path=path)]
        items: list[Any] = []
        children: list[dict[str, Any]] = []
        letters = [c for c in node.children if c.key == "letter"]
        # where the items are "-", a plain "a)" line is a numbered paragraph, not an item
        dashes = any(c.key in BULLETS for c in node.children)
        points = _points(letters)
        before: Line | Table | Node | None = None
        for i, x in enumerate(node.order):
            before = node.order[i - 1] if i else None
            if isinstance(x, Line):
                self.use(x.index)
                if self.attribute(x.text, x.index, out, path):
                    continue
                if "deadline" not in out and (cut := trailing_time(x.text)) is not None and cut[0]:
                    kept, time = cut
                    out["deadline"] = time.text
                    self.deadlines.append(time)
                    self.note(
                        x.index,
                        f'đã tách thời hạn "{time.text}" khỏi câu sang `deadline`',
                        (*path, "deadline"),
                    )
                    x = replace(x, text=kept, marks=marks.retext(x.text, x.marks, kept))
                self.lead_sentence(x.text, out)
                if possible_time(x.text) and "deadline" in out and x.text == x.full:
                    pass
                elif possible_time(x.text):
                    self.note(
                        x.index,
                        f'câu có thể nói thời hạn nhưng kehoach không tách được: "{excerpt(x.text)}"',
                        (*path, "text", len(text)),
                    )
                if (items or children) and text is not None:
                    self.note(
                        x.index,
                        "đoạn này đứng sau các ý/mục con trong văn bản; kehoach in đoạn văn trước chúng",
                        (*path, "text", len(text)),
                    )
                elif "table" in out:
                    self.note(x.index, "đoạn này đứng sau bảng trong văn bản; kehoach in đoạn văn trước bảng",
                              (*path, "text", len(text)))
                text.append(self.marked(x, full=True, path=(*path, "text")))
            elif isinstance(x, Table):
                self.table(x, before, out, path, bool(items or children))
            elif points is not None and x in points:
                self.use(x.index)
                if x is points[0]:
                    timed = any(time_line(p.text) not in (False, None) for p in points[1:])
                    if recase.fold(x.text.rstrip(":")) != "nội dung thực hiện" or not timed:
                        out["items_title"] = self.marked(x.line, x.text.rstrip(":").strip(), path=path)
                    for y in x.order:
                        if isinstance(y, Node) and y.key in BULLETS:
                            items.append(self.item(y, (*path, "items", len(items)), text, (*path, "text")))
                        elif isinstance(y, Line):
                            self.use(y.index)
                            if not self.attribute(y.text, y.index, out, path):
                                self.unplaced(y, text, (*path, "text"), "đoạn trong phần nội dung thực hiện")
                        else:
                            self.unplaced(
                                y if isinstance(y, Table) else y.line,
                                text,
                                (*path, "text"),
                                "phần này chưa nhập được",
                            )
                else:
                    if not self.attribute(x.text, x.index, out, path):
                        self.unplaced(x.line, text, (*path, "text"), "điểm này chưa nhập được")
                    for y in x.order:
                        self.unplaced(
                            y if not isinstance(y, Node) else y.line,
                            text,
                            (*path, "text"),
                            "nội dung dưới điểm thời gian",
                        )
            elif x.key in BULLETS or (x.key == "letter" and not heading_like(x) and not dashes):
                if not x.children and self.attribute(x.text, x.index, out, path):
                    self.use(x.index)
                    continue
                items.append(self.item(x, (*path, "items", len(items)), text, (*path, "text")))
            else:
                child = self.activity(x, (*path, "children", len(children)), code or parent_code, out)
                if child is not None:
                    children.append(child)
        self._current = outer
        # "- ý" … "Thời gian thực hiện: …" under a task: in a document that puts a task's time in a
        # "b)" point, the line is the last item's; otherwise it is the task's own
        timed = [i for i, item in enumerate(items) if item.get("_line_time")]
        if not self.points_convention and "deadline" not in out and timed == [len(items) - 1]:
            last = items[-1]
            out["deadline"] = last.pop("deadline")
            last.pop("_line_time")
            self.note(
                node.index,
                "dòng thời gian sau ý cuối được hiểu là thời hạn của cả mục",
                (*path, "deadline"),
                comment=False,
            )
        for key, value in (("text", text), ("items", items), ("children", children)):
            if value:
                out[key] = value
        if not (text or items or children):
            out["text"] = [self.marked(node.line, heading, path=path)]
            self.note(node.index, "mục chưa có nội dung: đã chép tiêu đề làm nội dung", (*path, "text"))
        key = recase.fold(self._title_of(out))
        self.activities_by_title.setdefault(key, out)
        return out

    def _title_of(self, activity: dict[str, Any]) -> str:
        """What a reader sees as the task's name (outline.heading): the project's heading, the
        title, or a numbered paragraph's first paragraph."""
        if "project" in activity:
            for catalogue in self.catalogues.catalogues.values():
                if activity["project"] in catalogue.projects:
                    return catalogue.heading(activity["project"])
        text = activity.get("text") or [""]
        return emphasis.plain(str(activity.get("title") or text[0]))

    def attribute(self, text: str, index: int, out: dict[str, Any], path: Path) -> bool:
        """A time line or a units line under a task: into `deadline`, `lead`, `partners`."""
        t = time_line(text)
        if t is not False:
            if t is None:
                self.note(index, f'không đọc được thời gian "{excerpt(text)}": giữ trong nội dung', path)
                return False
            if "deadline" in out:
                self.note(index, "mục có hai dòng thời gian: lấy dòng đầu", (*path, "deadline"))
                return True
            out["deadline"] = t.text
            self.deadlines.append(t)
            return True
        # known names as one token each, so that a comma inside one is not read as a list's
        said, names = unitlists.mask(text.strip(), self.known_names)
        form = "label"
        m = _UNITS_LINE.match(said) or _PARTNERS_LINE.match(said)
        if m is None and (m := _UNITS_SENTENCE.match(said)) is not None:
            named = " ".join(v for v in m.groupdict().values() if v)
            if _DOING.search(named):  # "… phối hợp với X tổ chức lễ phát động.": a task's sentence
                return False
            form = "sentence"
        if m is None:
            return False
        groups = {k: unitlists.unmask(v, names) if v else v for k, v in m.groupdict().items()}
        groups["partners"] = groups.get("partners") or groups.get("partners2")
        partners = self.units_of(groups["partners"].rstrip(".;")) if groups.get("partners") else []
        if partners is None:
            self.note(index, f'không tách được danh sách đơn vị "{excerpt(groups["partners"])}": có tên '
                      "đơn vị chứa dấu phẩy hoặc chữ “và” mà văn bản không nêu riêng ở đâu; giữ câu trong "
                      "nội dung, ghi `lead`, `partners` (và tên đơn vị trong `units`) bằng tay", path)
            return False
        if groups.get("lead"):
            out["lead"] = self.unit(groups["lead"])
        if partners:
            out["partners"] = partners
        self.units_forms.add(form)
        return True

    def item(
        self,
        node: Node,
        path: Path,
        parent_text: list[str],
        parent_path: Path,
        parent_task: dict[str, Any] | None = None,
    ) -> Any:
        self.use(node.index)
        self.styles.item(path.count("items") - 1, node.line)
        out: dict[str, Any] = {"text": self.marked(node.line, path=path)}
        parent_task = parent_task if parent_task is not None else self._current
        subs: list[Any] = []
        times: list[Line] = []
        for x in node.order:
            if isinstance(x, Node):
                subs.append(self.item(x, (*path, "items", len(subs)), parent_text, parent_path, out))
            elif isinstance(x, Line) and time_line(x.text) not in (False, None):
                times.append(x)
            elif isinstance(x, Line):
                self.use(x.index)
                if self.attribute(x.text, x.index, out, path):
                    continue
                self.unplaced(x, parent_text, parent_path, "đoạn không đánh dấu nằm sau một ý")
            else:
                self.unplaced(x, None, path, "bảng sau một ý chưa nhập được")
        # "- ý" "+ ý con" "Thời gian …": one time line after the last sub-item is the item's own
        if subs and not times:
            last = node.children[-1]
            last_times = [
                x for x in last.order if isinstance(x, Line) and time_line(x.text) not in (False, None)
            ]
            last_data = subs[-1]
            if len(last_times) == 1 and "deadline" in last_data and last_times[-1] is last.order[-1]:
                times.append(last_times[0])
                del last_data["deadline"]
                self.deadlines.pop()
        for x in times:
            self.use(x.index)
            if self.attribute(x.text, x.index, out, path):
                out["_line_time"] = True
        if subs:
            out["items"] = subs
        if "deadline" not in out and (cut := trailing_time(node.text)) is not None and cut[0]:
            time = cut[1]
            out["text"] = self.marked(node.line, cut[0], path=path)
            out["deadline"] = time.text
            self.deadlines.append(time)
            self.note(
                node.index, f'đã tách thời hạn "{time.text}" khỏi câu sang `deadline`', (*path, "deadline")
            )
        self.lead_sentence(node.text, out)
        self.tasks.append((out, parent_task))
        return out

    def lead_sentence(self, text: str, out: dict[str, Any]) -> None:
        """ "Phòng Văn hóa - Xã hội chủ trì, phối hợp với A và B tổ chức …": lead and partners, when the
        units are ones the plan names (Tổ chức thực hiện); the sentence itself stays as written."""
        if "lead" in out:
            return
        said, names = unitlists.mask(text, [*self.units.values()])
        if not (m := _LEAD_SENTENCE.match(said)):
            return
        lead = recase.fold(unitlists.unmask(m["lead"], names).strip())
        if lead not in self.unit_by_name:
            return
        out["lead"] = self.unit_by_name[lead]
        partners = re.match(
            r"^,?\s*phối hợp(?: với)?\s+(?P<p>.+?)(?:\s+(?:tổ chức|thực hiện|triển khai|"
            r"xây dựng|rà soát|tuyên truyền|hướng dẫn|kiểm tra|vận động|thăm)\b|[.;]|$)",
            m["rest"].strip(),
        )
        if partners and (found := self.known_units(unitlists.unmask(partners["p"], names))) and \
                "partners" not in out:
            out["partners"] = found



def _points(letters: list[Node]) -> list[Node] | None:
    """ "a) Nội dung thực hiện" (its bullets), then "b) Đơn vị chủ trì: …" and "b)"/"c) Thời gian
    thực hiện: …", as kehoach and many plans print a task's points; None when the letters are
    sub-headings."""
    if not letters or len(letters) > 3:
        return None
    first, rest = letters[0], letters[1:]
    if time_or_units(first.text):
        return None
    if any(isinstance(x, Node) and x.key not in BULLETS for x in first.order):
        return None
    if rest:
        return letters if all(time_or_units(x.text) and not x.order for x in rest) else None
    return letters if any(isinstance(x, Node) for x in first.order) else None


def _holds_table(node: Node) -> bool:
    """A Kinh phí section with a table of its own is a section of the plan's own (text and
    `table`): `budget` has lines, not tables."""
    return any(isinstance(x, Table) or (isinstance(x, Node) and _holds_table(x)) for x in node.order)


def _section_kind(node: Node) -> str:
    p = plain(node.text.rstrip(":"))
    if p.startswith(("muc dich", "yeu cau")):
        return "purpose"
    if "kinh phi" in p:
        return "budget"
    if p.startswith("to chuc thuc hien") or p == "to chuc":
        return "organization"
    if p.startswith(("noi dung", "nhiem vu", "cac nhiem vu", "cac noi dung")) or "noi dung thuc hien" in p:
        return "activities"
    return "generic"


def unit_heading(text: str) -> tuple[str, str]:
    """ "Phòng Văn hóa - Xã hội: chủ trì …" → ("Phòng Văn hóa - Xã hội", "chủ trì …")."""
    text = text.strip()
    if ":" in text:
        name, _, duty = text.partition(":")
        if 0 < len(name) <= 90:
            return name.strip(), duty.strip()
    return text.rstrip(":.").strip(), ""


def time_or_units(text: str) -> bool:
    said = text.strip()
    return time_line(said) not in (False, None) or any(
        p.match(said) for p in (_UNITS_LINE, _PARTNERS_LINE, _UNITS_SENTENCE))


def heading_like(node: Node) -> bool:
    """Whether a numbered line is a heading (bold, or short without a full stop, or over
    numbered lines of its own) rather than a numbered paragraph or a point."""
    line = node.line
    if line is None:
        return True
    text = line.text.rstrip()
    return (line.bold or any(c.key not in BULLETS and c.key != "letter" for c in node.children)
            or (not text.endswith((".", ";")) and len(text) <= 120))
