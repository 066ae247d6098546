"""Stage 4: the document's parts → plan data (plain dicts and lists in the plan file's key order),
with what a person must review.

Every line of the document ends up in a field, or in the nearest `text` (or, outside the body,
in a comment) with a review note naming its đoạn: nothing is dropped silently. `Draft.used`
holds the đoạn that went into fields; the api checks every non-empty paragraph is accounted for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from kehoach.docximport import recase
from kehoach.docximport.budget import read_budget
from kehoach.docximport.ids import Ids, ascii_words
from kehoach.docximport.lines import Line
from kehoach.docximport.parts import AUTHORITY, AppendixPart, Parts, plain
from kehoach.docximport.read import Note, Source, Table
from kehoach.docximport.times import Time, possible_time, time_line, trailing_time
from kehoach.docximport.tree import BULLETS, Node, build_tree

Path = tuple[str | int, ...]

DEFAULT_TITLES = {
    "purpose": "Mục đích, yêu cầu",
    "activities": "Nội dung thực hiện",
    "budget": "Kinh phí thực hiện",
    "organization": "Tổ chức thực hiện",
}
DEFAULT_APPENDIX = "Phân công nhiệm vụ thực hiện Kế hoạch"
_UNITS_LINE = re.compile(
    r"^(?:đơn vị|cơ quan)\s+chủ trì\s*:\s*(?P<lead>[^;]+?)\s*(?:[;.]\s*(?:đơn vị|cơ quan)\s+phối hợp\s*:\s*"
    r"(?P<partners>.+?))?\s*[.;]?$",
    re.I,
)
_PARTNERS_LINE = re.compile(r"^(?:đơn vị|cơ quan)\s+phối hợp\s*:\s*(?P<partners>.+?)\s*[.;]?$", re.I)
_LEAD_SENTENCE = re.compile(r"^(?P<lead>[A-ZĐÀ-Ỹ][^,;:()]{2,80}?)\s+chủ trì\b(?P<rest>.*)$")
_NOTE_KIND = {
    "tracked": "có thay đổi được theo dõi (track changes): đã lấy nội dung như Word hiển thị khi chấp nhận "
    "mọi thay đổi",
    "field": "có trường (field) của Word: đã lấy kết quả đang hiển thị",
    "comment": "có nhận xét (comment) trong Word",
    "footnote": "có chú thích cuối trang",
    "hidden": "có chữ ẩn (hidden) không in ra: không nhập",
    "embedded": "có nội dung nhúng từ tệp khác (altChunk): không đọc được",
    "truncated": "văn bản quá dài: chỉ đọc đến đây",
}


@dataclass(frozen=True, slots=True)
class Review:
    """One thing a person must look at: the đoạn of the source (0: the whole document), what,
    and where in the plan it landed (a data path; () when nowhere)."""

    index: int
    message: str
    path: Path = ()


@dataclass
class Draft:
    data: dict[str, Any]
    comments: dict[Path, list[str]]
    review: list[Review]
    used: set[int]
    fields: dict[str, Any] = field(default_factory=dict)  # what was recovered, for scoring


class _Catalogues:
    """The packaged programme catalogues, indexed by the headings they print."""

    def __init__(self) -> None:
        from kehoach.catalogue import load_catalogue, packaged_names

        self.by_heading: dict[str, list[tuple[str, str]]] = {}
        self.by_label: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.catalogues = {}
        for name in packaged_names():
            catalogue = load_catalogue(name)
            self.catalogues[catalogue.id] = catalogue
            for code, project in catalogue.projects.items():
                self.by_heading.setdefault(_key(catalogue.heading(code)), []).append((catalogue.id, code))
                short = f"{project.label(catalogue)}: {project.title}"
                self.by_heading.setdefault(_key(short), []).append((catalogue.id, code))
                self.by_label.setdefault((_key(short), project.parent or ""), []).append((catalogue.id, code))


def _key(text: str) -> str:
    return " ".join(ascii_words(text))


class Builder:
    def __init__(self, parts: Parts, source: Source) -> None:
        self.parts = parts
        self.source = source
        self.review: list[Review] = []
        self.comments: dict[Path, list[str]] = {}
        self.used: set[int] = set()
        self.unit_ids = Ids()
        self.units: dict[str, str] = {}  # id → name
        self.unit_by_name: dict[str, str] = {}  # folded name → id
        self.activity_ids = Ids()
        self.activities_by_title: dict[str, dict] = {}
        self.source_ids = Ids()
        self.funding_sources: dict[str, str] = {}
        self.deadlines: list[Time] = []
        self.catalogues = _Catalogues()
        self.programme_votes: Counter[str] = Counter()
        self.corpus = recase.Corpus(self._texts())
        self.tasks: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
        self.points_convention = False
        self._current: dict[str, Any] | None = None
        self.appendix_rows: list[tuple[str, str, list[str], list[str]]] = []
        self.fields: dict[str, Any] = {
            "bases": [],
            "sections": [],
            "deadlines": [],
            "amounts": [],
            "recipients": [],
        }

    # ---- bookkeeping --------------------------------------------------------------------

    def _texts(self) -> list[str]:
        parts = self.parts
        out = [parts.summary]
        out += [line.text for line in parts.preamble]
        out += [x.text for x in parts.body if isinstance(x, Line)]
        out += [text for _, text in parts.signature.recipients]
        for appendix in parts.appendices:
            out.append(appendix.note)
            out += [p.text for t in appendix.tables for row in t.rows for cell in row for p in cell]
        return out

    def note(self, index: int, message: str, path: Path = (), comment: bool = True) -> None:
        self.review.append(Review(index, message, path))
        if comment:
            where = f"đoạn {index}" if index else "văn bản"
            self.comments.setdefault(path, []).append(f"XEM LẠI ({where}): {message}")

    def use(self, *indexes: int) -> None:
        self.used.update(indexes)

    def unplaced(self, line: Line | Table, texts: list[str] | None, path: Path, why: str) -> None:
        """A line that has no field of its own: into the nearest text (`texts`, at `path`), or,
        where there is none, a comment at `path`; either way on the review list."""
        words = line.text() if isinstance(line, Table) else line.full
        shown = _excerpt(words)
        self.use(line.index)
        if texts is not None and not isinstance(line, Table):
            texts.append(line.full)
            self.note(line.index, f"{why}: đặt vào đây", (*path, len(texts) - 1))
        else:
            self.note(line.index, f'{why}: "{shown}"', path)

    # ---- units ---------------------------------------------------------------------------

    def unit(self, name: str) -> str:
        name = " ".join(name.split()).strip(" ;,.:")
        folded = recase.fold(name)
        if folded not in self.unit_by_name:
            uid = self.unit_ids.make(name)
            self.unit_by_name[folded] = uid
            self.units[uid] = name
        return self.unit_by_name[folded]

    def known_units(self, text: str) -> list[str]:
        """Unit ids named in a list ("A, B và C"), known names first, then split at commas."""
        found: list[str] = []
        rest = " " + recase.fold(text) + " "
        for folded, uid in sorted(self.unit_by_name.items(), key=lambda kv: -len(kv[0])):
            if f" {folded} " in rest or f" {folded}," in rest or f",{folded}," in rest:
                found.append(uid)
                rest = rest.replace(folded, " ")
        leftover = [p.strip(" ,;.") for p in re.split(r",|\bvà\b", rest) if p.strip(" ,;.")]
        if leftover:
            return []
        order = recase.fold(text)
        return sorted(found, key=lambda uid: order.find(recase.fold(self.units[uid])))

    def units_of(self, text: str) -> list[str]:
        """Unit ids of a list as printed (appendix cells, "đơn vị phối hợp: …")."""
        known = self.known_units(text)
        if known:
            return known
        return [self.unit(p) for p in re.split(r",\s*|\s+và\s+", text) if p.strip(" ;.")]

    # ---- the plan ------------------------------------------------------------------------

    def build(self) -> Draft:
        data: dict[str, Any] = {"kehoach": 1}
        data["document"] = self.document()
        data["year"] = None  # placeholder: keeps the key order; filled after the body
        programme_at = len(data)
        bases, opening = self.preamble()
        self.organization_units()
        body = self.body()
        budget_data = body.pop("budget", None)
        activities = body.pop("activities", None)
        data.update({k: v for k, v in (("bases", bases), ("opening", opening)) if v})
        data["units"] = {}  # its place in the file; filled once every part has named its units
        if body.get("sections") is not None:
            data["sections"] = body.pop("sections")
        if "purpose" in body:
            data["purpose"] = body.pop("purpose")
        if activities:
            data["activities"] = activities
        if self.funding_sources:
            data["funding_sources"] = dict(self.funding_sources)
        if budget_data is not None:
            data["budget"] = budget_data
        if "organization" in body:
            data["organization"] = body.pop("organization")
        data.update(self.signature())
        appendices = self.appendices()
        if appendices:
            data["appendices"] = appendices
        self.apply_appendix()
        data["units"] = dict(self.units)
        self.years(data, programme_at)
        _finish(data)
        self.notes()
        self.fields["units"] = dict(self.units)
        return Draft(data, self.comments, self.review, self.used, self.fields)

    def notes(self) -> None:
        seen: set[tuple[str, int]] = set()
        for note in self.source.notes:
            if (note.kind, note.index) in seen:
                continue
            seen.add((note.kind, note.index))
            text = _NOTE_KIND[note.kind]
            if note.kind in ("comment", "footnote") and note.text:
                text += f': "{_excerpt(note.text, 30)}"'
            self.note(note.index, text, comment=note.kind in ("comment", "footnote", "truncated"))

    # ---- header ----------------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        from kehoach.render import agency

        header = self.parts.header
        self.use(*header.used, self.parts.kind_index, *self.parts.summary_indexes)
        out: dict[str, Any] = {}
        parent = (
            recase.agency(agency.expand(" ".join(header.parent_lines)), self.corpus)
            if header.parent_lines
            else ""
        )
        issuer = recase.agency(" ".join(header.issuer_lines), self.corpus) if header.issuer_lines else ""
        if parent:
            out["parent"] = parent
            computed = agency.parent_lines(parent, _header_width(), _agency_size())
            if [recase.fold(x) for x in computed] != [recase.fold(x) for x in header.parent_lines] and _fits(
                header.parent_lines
            ):
                out["parent_lines"] = [
                    recase.agency(x, self.corpus)
                    if not x.upper().startswith(("UBND", "HĐND"))
                    else _abbreviated(x, self.corpus)
                    for x in header.parent_lines
                ]
        out["issuer"] = issuer
        if not issuer:
            self.note(0, "không tìm thấy tên cơ quan ban hành ở góc trái tiêu đề", ("document", "issuer"))
        elif len(header.issuer_lines) > 0:
            computed = agency.issuer_lines(issuer, _header_width(), _agency_size())
            if [recase.fold(x) for x in computed] != [recase.fold(x) for x in header.issuer_lines] and _fits(
                header.issuer_lines
            ):  # a typed split kehoach can print as it is
                out["issuer_lines"] = _line_split(issuer, header.issuer_lines)
        out["issuer_code"] = header.issuer_code or None
        if not header.number_seen:
            self.note(0, 'không tìm thấy dòng "Số: …/KH-…"', ("document", "issuer_code"))
        elif header.kind_code and header.kind_code != "KH":
            self.note(
                0, f'ký hiệu văn bản ghi "{header.kind_code}", kế hoạch là "KH"', ("document", "issuer_code")
            )
        out["number"] = header.number
        out["place"] = header.place or None
        if not header.place:
            self.note(0, "không tìm thấy dòng địa danh, ngày tháng", ("document", "place"))
        out["date"] = header.date
        d, m, y = header.date_parts
        if header.date is None and header.place:
            shown = f"ngày {d or '…'} tháng {m or '…'} năm {y or '…'}"
            self.note(0, f"ngày ban hành để trống hoặc chưa đủ ({shown}): giữ trống", ("document", "date"))
        summary = self.parts.summary
        if summary and recase._all_caps(summary):
            summary = recase.sentence_case(summary, self.corpus.upper_words)
            self.parts.summary = summary
            self.note(
                self.parts.summary_indexes[0] if self.parts.summary_indexes else 0,
                "trích yếu in hoa: đã viết thường như Nghị định 30 quy định; kiểm tra chữ hoa của tên riêng",
                ("document", "summary"),
            )
        out["summary"] = summary or None
        if not self.parts.summary:
            self.note(
                self.parts.kind_index,
                "không tìm thấy trích yếu dưới tên loại KẾ HOẠCH",
                ("document", "summary"),
            )
        self.fields.update(
            issuer=issuer,
            parent=parent,
            number=header.number,
            issuer_code=header.issuer_code,
            date=header.date,
            place=header.place,
            summary=self.parts.summary,
        )
        return out

    # ---- preamble ------------------------------------------------------------------------------

    def preamble(self) -> tuple[list[str], list[str] | str | None]:
        lines = self.parts.preamble
        bases: list[str] = []
        opening: list[str] = []
        italic_bases = any(line.italic and _is_basis(line) for line in lines)
        for line in lines:
            self.use(line.index)
            text = line.full
            if _is_basis(line) and (line.italic or not italic_bases) and not opening and not _opens(text):
                bases.append(text.rstrip(";.,").rstrip())
                self.fields["bases"].append(bases[-1])
            else:
                opening.append(text)
        value: list[str] | str | None = opening if len(opening) > 1 else (opening[0] if opening else None)
        return bases, value

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
                        self.unit(_unit_heading(child.text)[0])

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
            title = recase.sentence_case(node.text.rstrip(":").strip(), self.corpus.upper_words)
            self.fields["sections"].append(title)
            entry: dict[str, Any] = {}
            if kind == "purpose" and (purpose := self.purpose(node, title)) is not None:
                out["purpose"] = purpose
                entry = {"use": "purpose"}
            elif kind == "activities":
                out["activities"] = self.activities(node)
                entry = {"use": "activities"}
            elif kind == "budget" and (budget := self.budget(node)) is not None:
                out["budget"] = budget
                entry = {"use": "budget"}
            elif kind == "organization" and (org := self.organization(node)) is not None:
                out["organization"] = org
                entry = {"use": "organization"}
            else:
                kind = "generic"
                entry = self.generic(node, title, ("sections", i))
            if kind != "generic" and recase.fold(title) != recase.fold(self._default_title(kind, out)):
                entry["title"] = title
            kinds.append(kind)
            sections.append(entry)
        default = [k for k in ("purpose", "activities", "budget", "organization") if k in kinds]
        if kinds != default or any(len(s) > 1 for s in sections):
            out["sections"] = sections
        if root.children and root.children[0].line and root.children[0].line.kind == "upper":
            self.note(
                root.children[0].index,
                "văn bản đánh số mục lớn bằng chữ cái (A., B.); kehoach in số La Mã (I., II.)",
                ("sections",) if "sections" in out else (),
            )
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

    # ---- purpose -------------------------------------------------------------------------------

    def purpose(self, node: Node, title: str) -> dict[str, Any] | None:
        low = plain(title)
        children = [c for c in node.children if c.key not in BULLETS]
        out: dict[str, Any] = {}
        if children:
            if any(x for x in node.order if not isinstance(x, Node)):
                return None
            for child in children:
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
        if bullets and (paragraphs or any(b.key not in ("dash", "bullet") or b.order for b in bullets)):
            return None
        if bullets:
            self.use(*(b.index for b in bullets))
            return [b.text for b in bullets]
        if not paragraphs:
            return None
        self.use(*(p.index for p in paragraphs))
        if any(p.kind for p in paragraphs):
            return None
        return "\n\n".join(p.text for p in paragraphs) if len(paragraphs) > 1 else paragraphs[0].text

    # ---- generic sections ---------------------------------------------------------------------

    def generic(self, node: Node, title: str, path: Path) -> dict[str, Any]:
        entry: dict[str, Any] = {"title": title}
        text: list[str] = []
        items: list[Any] = []
        children: list[dict[str, Any]] = []
        for x in node.order:
            if isinstance(x, Node):
                if x.key in BULLETS:
                    items.append(self.item(x, (*path, "items", len(items)), text, (*path, "text")))
                else:
                    child = self.activity(x, (*path, "children", len(children)), None)
                    if child is not None:
                        children.append(child)
            elif isinstance(x, Table):
                self.unplaced(x, None, (*path, "title"), "bảng trong mục này chưa nhập được")
            else:
                self.use(x.index)
                if (items or children) and not _time_or_units(x.text):
                    self.note(
                        x.index,
                        "đoạn này đứng sau các ý/mục con trong văn bản; kehoach in đoạn văn trước chúng",
                        (*path, "text", len(text)),
                    )
                text.append(x.full)
        if text:
            entry["text"] = text
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

    def activities(self, node: Node) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        loose: list[str] = []
        for x in node.order:
            if isinstance(x, Node) and x.key not in BULLETS:
                child = self.activity(x, ("activities", len(out)), None)
                if child is not None:
                    out.append(child)
            else:
                loose_line = x if not isinstance(x, Node) else x.line
                assert loose_line is not None
                self.unplaced(
                    loose_line,
                    None,
                    ("activities",),
                    "đoạn nằm ngay dưới mục Nội dung, ngoài các nhiệm vụ đánh số",
                )
                if isinstance(x, Node):
                    for sub in x.indexes():
                        self.use(sub)
        del loose
        return out

    def project_code(self, heading: str, parent: str | None) -> str | None:
        key = _key(heading.rstrip(":."))
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
        heading = node.text.rstrip(":").strip()
        out: dict[str, Any] = {}
        self.tasks.append((out, parent_task))
        outer, self._current = self._current, out
        code = self.project_code(heading, parent_code)
        if code:
            out["project"] = code
        else:
            out["title"] = heading
        text: list[str] = []
        items: list[Any] = []
        children: list[dict[str, Any]] = []
        letters = [c for c in node.children if c.key == "letter"]
        points = _points(letters)
        for x in node.order:
            if isinstance(x, Line):
                self.use(x.index)
                if self.attribute(x.text, x.index, out, path):
                    continue
                if "deadline" not in out and (cut := trailing_time(x.text)) is not None and cut[0]:
                    kept, time = cut
                    out["deadline"] = time.text
                    self.deadlines.append(time)
                    self.fields["deadlines"].append(time.deadline)
                    self.note(
                        x.index,
                        f'đã tách thời hạn "{time.text}" khỏi câu sang `deadline`',
                        (*path, "deadline"),
                    )
                    x = replace(x, text=kept)
                self.lead_sentence(x.text, out)
                if possible_time(x.text) and "deadline" in out and x.text == x.full:
                    pass
                elif possible_time(x.text):
                    self.note(
                        x.index,
                        f'câu có thể nói thời hạn nhưng kehoach không tách được: "{_excerpt(x.text)}"',
                        (*path, "text", len(text)),
                    )
                if (items or children) and text is not None:
                    self.note(
                        x.index,
                        "đoạn này đứng sau các ý/mục con trong văn bản; kehoach in đoạn văn trước chúng",
                        (*path, "text", len(text)),
                    )
                text.append(x.full)
            elif isinstance(x, Table):
                self.unplaced(x, None, path, "bảng trong mục này chưa nhập được")
            elif points is not None and x in points:
                self.use(x.index)
                if x is points[0]:
                    if recase.fold(x.text.rstrip(":")) != "nội dung thực hiện" or len(points) == 1:
                        out["items_title"] = x.text.rstrip(":").strip()
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
            elif x.key in BULLETS:
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
            # a numbered paragraph with no heading of its own: its words are its content
            out.pop("title", None)
            if code:
                self.note(node.index, "dự án chưa có nội dung", path)
                out["text"] = [heading]
            else:
                out["title"] = _first_words(heading)
                out["text"] = [heading]
                self.note(
                    node.index,
                    "đoạn đánh số không có tiêu đề riêng: lấy phần đầu làm tiêu đề, cả đoạn làm nội dung",
                    (*path, "title"),
                )
        key = recase.fold(self._title_of(out))
        self.activities_by_title.setdefault(key, out)
        return out

    def _title_of(self, activity: dict[str, Any]) -> str:
        if "project" in activity:
            for catalogue in self.catalogues.catalogues.values():
                if activity["project"] in catalogue.projects:
                    return catalogue.heading(activity["project"])
        return str(activity.get("title", ""))

    def attribute(self, text: str, index: int, out: dict[str, Any], path: Path) -> bool:
        """A time line or a units line under a task: into `deadline`, `lead`, `partners`."""
        t = time_line(text)
        if t is not False:
            if t is None:
                self.note(index, f'không đọc được thời gian "{_excerpt(text)}": giữ trong nội dung', path)
                return False
            if "deadline" in out:
                self.note(index, "mục có hai dòng thời gian: lấy dòng đầu", (*path, "deadline"))
                return True
            out["deadline"] = t.text
            self.deadlines.append(t)
            self.fields["deadlines"].append(t.deadline)
            return True
        if m := _UNITS_LINE.match(text.strip()):
            out["lead"] = self.unit(m["lead"])
            if m["partners"]:
                out["partners"] = self.units_of(m["partners"].rstrip(".;"))
            return True
        if m := _PARTNERS_LINE.match(text.strip()):
            out["partners"] = self.units_of(m["partners"].rstrip(".;"))
            return True
        return False

    def item(
        self,
        node: Node,
        path: Path,
        parent_text: list[str],
        parent_path: Path,
        parent_task: dict[str, Any] | None = None,
    ) -> Any:
        self.use(node.index)
        out: dict[str, Any] = {"text": node.text}
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
                self.fields["deadlines"].pop()
        for x in times:
            self.use(x.index)
            if self.attribute(x.text, x.index, out, path):
                out["_line_time"] = True
        if subs:
            out["items"] = subs
        if "deadline" not in out and (cut := trailing_time(node.text)) is not None and cut[0]:
            out["text"], time = cut
            out["deadline"] = time.text
            self.deadlines.append(time)
            self.fields["deadlines"].append(time.deadline)
            self.note(
                node.index, f'đã tách thời hạn "{time.text}" khỏi câu sang `deadline`', (*path, "deadline")
            )
        self.lead_sentence(node.text, out)
        self.tasks.append((out, parent_task))
        return out

    def lead_sentence(self, text: str, out: dict[str, Any]) -> None:
        """ "Phòng Văn hóa - Xã hội chủ trì, phối hợp với A và B tổ chức …": lead and partners, when the
        units are ones the plan names (Tổ chức thực hiện); the sentence itself stays as written."""
        if "lead" in out or not (m := _LEAD_SENTENCE.match(text)):
            return
        lead = recase.fold(m["lead"].strip())
        if lead not in self.unit_by_name:
            return
        out["lead"] = self.unit_by_name[lead]
        partners = re.match(
            r"^,?\s*phối hợp(?: với)?\s+(?P<p>.+?)(?:\s+(?:tổ chức|thực hiện|triển khai|"
            r"xây dựng|rà soát|tuyên truyền|hướng dẫn|kiểm tra|vận động|thăm)\b|[.;]|$)",
            m["rest"].strip(),
        )
        if partners and (found := self.known_units(partners["p"])) and "partners" not in out:
            out["partners"] = found

    # ---- budget --------------------------------------------------------------------------------

    def budget(self, node: Node) -> dict[str, Any] | None:
        flat: list[Line] = []

        def walk(n: Node) -> None:
            for x in n.order:
                if isinstance(x, Node):
                    assert x.line is not None
                    flat.append(x.line)
                    walk(x)
                elif isinstance(x, Line):
                    flat.append(x)
                else:
                    self.unplaced(x, None, ("budget",), "bảng trong mục Kinh phí chưa nhập được")

        walk(node)

        def project(text: str, group: str | None) -> str | None:
            return self.project_code(text, group)

        def activity(text: str) -> str | None:
            found = self.activities_by_title.get(recase.fold(text.rstrip(":;.")))
            if found is None:
                return None
            if "project" in found:
                return str(found["project"])
            if "id" not in found:
                found["id"] = self.activity_ids.make(str(found.get("title", "")), words=5)
            return str(found["id"])

        def source(name: str) -> str | None:
            from kehoach import funding

            folded = recase.fold(name)
            for code, printed in {**funding.builtin(), **self.funding_sources}.items():
                if recase.fold(printed) == folded:
                    return code
            return None

        def new_source(name: str) -> str:
            code = self.source_ids.make(name, words=5)
            self.funding_sources[code] = name[:1].upper() + name[1:] if name[1:2].isupper() else name
            return code

        result = read_budget(flat, project, activity, source, new_source)
        self.use(*result.used)
        self.fields["amounts"] += [v for _, v in result.amounts]
        for index, message in result.review:
            self.note(
                index,
                message,
                ("budget", "total") if "tổng" in message or "bằng chữ" in message else ("budget",),
            )
        data = result.data
        for line in result.leftover:
            sentence = data.get("sources")
            data["sources"] = f"{sentence} {line.full}" if sentence else line.full
            self.use(line.index)
            self.note(
                line.index,
                f"dòng kinh phí không gắn được với dự án hay nhiệm vụ nào: đặt vào câu nguồn "
                f'kinh phí ("{_excerpt(line.full)}")',
                ("budget", "sources"),
            )
        if not data:
            return None
        return data

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
            name, duty = _unit_heading(child.text)
            duty = duty[:1].upper() + duty[1:]
            uid = self.unit(name)
            self.use(child.index)
            value = self.prose(child, ("organization", uid)) if child.order else None
            if duty and value is None and not child.order:
                value = duty
            elif duty:
                value = [duty, *value] if isinstance(value, list) else f"{duty}\n\n{value}"
            if value is None:
                value = child.text
                self.note(child.index, "nhiệm vụ của đơn vị chưa đọc được đầy đủ", ("organization", uid))
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

    # ---- signature -------------------------------------------------------------------------------

    def signature(self) -> dict[str, Any]:
        from kehoach.render import agency

        sig = self.parts.signature
        self.use(*sig.used)
        out: dict[str, Any] = {}
        out["recipients"] = [text for _, text in sig.recipients]
        self.fields["recipients"] = list(out["recipients"])
        if not sig.recipients:
            self.note(0, "không tìm thấy Nơi nhận", ("recipients",))
        if sig.archive:
            out["archive"] = sig.archive
        lines = [text for _, text in sig.authority]
        signer: dict[str, Any] = {}
        issuer = self.fields.get("issuer") or ""
        default_collective = agency.expand(agency.split_agency(issuer)[0]).upper() if issuer else ""
        first = AUTHORITY.match(lines[0]) if lines else None
        title_line = ""
        if first and first[1] == "TM":
            rest = lines[1:]
            if recase.fold(first[2]) != recase.fold(default_collective):
                signer["collective"] = recase.agency(first[2], self.corpus)
            second = AUTHORITY.match(rest[0]) if rest else None
            if second and second[1] in ("KT", "Q"):
                signer["authority"] = second[1]
                head = second[2]
                title_line = rest[1] if len(rest) > 1 else head
                if recase.fold(head) != "chủ tịch":
                    signer["head_title"] = recase.title(head)
            else:
                signer["authority"] = "TM"
                title_line = rest[0] if rest else ""
        elif first:
            signer["authority"] = first[1]
            head = first[2]
            title_line = lines[1] if len(lines) > 1 else head
            if recase.fold(head) != "chủ tịch":
                signer["head_title"] = recase.title(head)
        elif lines:
            title_line = lines[0]
        if len(lines) > 3 or (not first and len(lines) > 1):
            self.note(
                sig.authority[-1][0], "khối chữ ký có dòng chưa nhận ra: " + " / ".join(lines), ("signer",)
            )
        signer["title"] = recase.title(title_line) if title_line else None
        if not title_line:
            self.note(0, "không tìm thấy chức vụ người ký", ("signer",))
        signer["name"] = sig.name or None
        if not sig.name:
            self.note(0, "không tìm thấy họ tên người ký", ("signer",))
        order = ("authority", "head_title", "collective", "title", "name")
        out["signer"] = {k: signer[k] for k in order if k in signer}
        self.fields["signer"] = dict(out["signer"])
        for piece in sig.unplaced:
            self.use(piece.index)
            self.note(
                piece.index, f'dòng trong khối chữ ký chưa nhận ra: "{_excerpt(piece.text)}"', ("signer",)
            )
        return out

    # ---- appendices ------------------------------------------------------------------------------

    def appendices(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for part in self.parts.appendices:
            self.use(part.index)
            table = next((t for t in part.tables if _task_table(t)), None)
            title = " ".join(part.title)
            if part.note:
                self.use(*(i for i in _indexes_of(self.source, part.note)))
            self.use(*(i for i in _indexes_of_title(self.source, part)))
            if table is None:
                self.note(
                    part.index,
                    f'phụ lục "{_excerpt(title or part.label)}" không phải bảng phân công '
                    "nhiệm vụ: kehoach chưa nhập được, giữ ở tệp Word",
                    (),
                )
                for t in part.tables:
                    self.use(*(p.index for row in t.rows for cell in row for p in cell))
                for line in part.lines:
                    self.use(line.index)
                continue
            entry: dict[str, Any] = {"use": "tasks"}
            if title and recase.fold(title) != recase.fold(DEFAULT_APPENDIX):
                entry["title"] = recase.sentence_case(title, self.corpus.upper_words)
            out.append(entry)
            self.task_table(table)
            for other in part.tables:
                if other is not table:
                    self.note(other.index, "bảng thứ hai trong phụ lục chưa nhập được", ())
                    self.use(*(p.index for row in other.rows for cell in row for p in cell))
            for line in part.lines:
                self.use(line.index)
                self.note(line.index, f'đoạn trong phụ lục chưa nhập được: "{_excerpt(line.full)}"', ())
        return out

    def task_table(self, table: Table) -> None:
        """Leads and partners from the appendix's rows, onto the activities and items they name."""
        self.use(*(p.index for row in table.rows for cell in row for p in cell))
        header = [" ".join(p.text for p in cell) for cell in table.rows[0]] if table.rows else []
        cols = {name: i for i, name in enumerate(plain(h) for h in header)}
        lead_col = next((i for n, i in cols.items() if "chu tri" in n), None)
        partner_col = next((i for n, i in cols.items() if "phoi hop" in n), None)
        content_col = next((i for n, i in cols.items() if "noi dung" in n), 1)
        number_col = next((i for n, i in cols.items() if n.startswith("stt")), 0)
        for row in table.rows[1:]:
            cells = [" ".join(p.text for p in cell).strip() for cell in row]
            if len(cells) <= max(content_col, number_col):
                continue
            lead = cells[lead_col] if lead_col is not None and lead_col < len(cells) else ""
            partners = cells[partner_col] if partner_col is not None and partner_col < len(cells) else ""
            self.appendix_rows.append(
                (
                    cells[number_col],
                    cells[content_col],
                    [self.unit(lead)] if lead else [],
                    self.units_of(partners) if partners else [],
                )
            )

    def apply_appendix(self) -> None:
        """Leads and partners the task table names, on the tasks in the order the table lists
        them; a lead the task inherits from its parent is not repeated."""
        if not self.appendix_rows:
            return
        rows = self.appendix_rows
        effective: dict[int, str | None] = {}
        at = 0
        for task, parent in self.tasks:
            inherited = effective.get(id(parent)) if parent is not None else None
            is_item = "title" not in task and "project" not in task
            content = f"- {str(task.get('text', '')).rstrip(';.,')}" if is_item else self._title_of(task)
            found = next(
                (j for j in range(at, len(rows)) if recase.fold(rows[j][1]) == recase.fold(content)), None
            )
            if found is not None:
                at = found + 1
                _, _, lead, partners = rows[found]
                if lead and lead[0] != inherited and "lead" not in task:
                    task["lead"] = lead[0]
                if partners and "partners" not in task:
                    task["partners"] = partners
            effective[id(task)] = task.get("lead") or inherited

    # ---- year, period, programme -------------------------------------------------------------------

    def years(self, data: dict[str, Any], at: int) -> None:
        summary = self.parts.summary
        issued: date | None = data["document"].get("date")
        issued_year = issued.year if issued else self.parts.header.date_parts[2]
        period = None
        year = None
        if m := re.search(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", summary, re.I):
            period = f"{m[1]}-{m[2]}"
        plain_years = [
            int(m[1]) for m in re.finditer(r"(?<!đến )(?<!tới )năm\s+(\d{4})(?!\s*[-–]\s*\d)", summary, re.I)
        ]
        horizon = [int(m[1]) for m in re.finditer(r"(?<!hướng )(?:đến|tới) năm\s+(\d{4})", summary, re.I)]
        if plain_years:
            year, period = plain_years[-1], None
        elif period is None and horizon:
            if issued_year and horizon[0] > issued_year:
                period = f"{issued_year}-{horizon[0]}"
            else:
                year = horizon[0]
        dated = [t.deadline for t in self.deadlines if t.deadline.end is not None]
        ends = sorted({d.end.year for d in dated if d.end})  # type: ignore[union-attr]
        if year is None and period is None:
            if ends and ends[0] != ends[-1]:
                period = f"{ends[0]}-{ends[-1]}"
            elif ends:
                year = ends[0]
            else:
                year = issued_year
            self.note(
                0,
                f"trích yếu không nói rõ năm kế hoạch: kehoach lấy {year or period} theo thời hạn và ngày "
                "ban hành",
                ("year" if year else "period",),
            )
        else:
            first, last = (year, year) if year else (int(period[:4]), int(period[-4:]))  # type: ignore[index]
            if ends and (ends[0] < first or ends[-1] > last):
                lo, hi = min(first, ends[0]), max(last, ends[-1])
                said = year or period
                year, period = None, f"{lo}-{hi}"
                self.note(
                    0,
                    f"trích yếu nói {said} nhưng có thời hạn trong năm "
                    f"{ends[0] if ends[0] < first else ends[-1]}:"
                    f" kehoach ghi giai đoạn {period}",
                    ("period",),
                )
        keys = list(data)
        del data["year"]
        items = list(data.items())
        insert = [("year", year)] if year is not None else [("period", period)]
        # KH302's reading: a time due, or starting, before the issue date needs `start`
        early = [
            d.start if d.start is not None and d.start_last is not None and d.start_last < issued else d.end
            for d in dated
            if issued is not None
            and d.end is not None
            and (d.end < issued or (d.start_last is not None and d.start_last < issued))
        ]
        first_day = min((d for d in early if d is not None), default=None)
        if issued is not None and first_day is not None:
            insert.append(("start", first_day))
            self.note(
                0,
                f"có thời hạn bắt đầu trước ngày ban hành: ghi `start: {first_day:%Y-%m-%d}` (ngày bắt đầu "
                "thực hiện), kiểm tra lại",
                ("start",),
            )
        if self.programme_votes:
            insert.append(("programme", self.programme_votes.most_common(1)[0][0]))
        del keys
        pos = at - 1
        items[pos:pos] = insert
        data.clear()
        data.update(items)
        self.fields["year"] = year
        self.fields["period"] = period


_ORDER = (
    "project",
    "id",
    "title",
    "lead",
    "partners",
    "deadline",
    "text",
    "items_title",
    "items",
    "children",
)


def _finish(node: Any) -> None:
    """Items that are only text written as text; keys in the plan format's order."""
    if isinstance(node, list):
        for x in node:
            _finish(x)
        return
    if not isinstance(node, dict):
        return
    for key, value in list(node.items()):
        _finish(value)
        if key == "items" and isinstance(value, list):
            node[key] = [_compact(x) if isinstance(x, dict) else x for x in value]
        if key in ("activities", "children") and isinstance(value, list):
            node[key] = [dict(sorted(a.items(), key=lambda kv: _ORDER.index(kv[0]))) for a in value]


def _compact(item: dict[str, Any]) -> Any:
    """An item is written as its text alone when that is all it has."""
    item = {k: v for k, v in item.items() if not k.startswith("_")}
    if set(item) == {"text"}:
        return item["text"]
    order = ("id", "text", "lead", "partners", "deadline", "items")
    return {k: item[k] for k in order if k in item}


def _points(letters: list[Node]) -> list[Node] | None:
    """ "a) Nội dung thực hiện" (its bullets) and "b) Thời gian thực hiện: …", as kehoach and many
    plans print a task's two points; None when the letters are sub-headings."""
    if not letters or len(letters) > 2:
        return None
    first = letters[0]
    if time_line(first.text) is not False:
        return None
    if any(isinstance(x, Node) and x.key not in BULLETS for x in first.order):
        return None
    if len(letters) == 2:
        return letters if time_line(letters[1].text) not in (False, None) and not letters[1].order else None
    return letters if any(isinstance(x, Node) for x in first.order) else None


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


def _unit_heading(text: str) -> tuple[str, str]:
    """ "Phòng Văn hóa - Xã hội: chủ trì …" → ("Phòng Văn hóa - Xã hội", "chủ trì …")."""
    text = text.strip()
    if ":" in text:
        name, _, duty = text.partition(":")
        if 0 < len(name) <= 90:
            return name.strip(), duty.strip()
    return text.rstrip(":.").strip(), ""


def _time_or_units(text: str) -> bool:
    return time_line(text) is not False or bool(_UNITS_LINE.match(text.strip()))


def _is_basis(line: Line) -> bool:
    return not line.kind and plain(line.text).startswith("can cu")


def _opens(text: str) -> bool:
    """An opening paragraph ("… như sau:"), not a Căn cứ line."""
    return text.rstrip().endswith(":") or "như sau" in text.lower()


def _first_words(text: str, words: int = 12) -> str:
    head = re.split(r"[.:;]", text, maxsplit=1)[0].strip()
    parts = head.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _excerpt(text: str, words: int = 12) -> str:
    parts = " ".join(text.split()).split(" ")
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _header_width() -> float:
    from kehoach.metrics import HEADER_LEFT

    return HEADER_LEFT / 20


def _agency_size() -> float:
    from kehoach.metrics import AGENCY_SIZE_PT

    return AGENCY_SIZE_PT


def _fits(lines: list[str]) -> bool:
    """Whether every typed header line fits the header's column (else Word wrapped it anyway)."""
    from kehoach.metrics import text_width_pt

    return all(text_width_pt(line.upper(), _agency_size(), bold=True) <= _header_width() for line in lines)


def _line_split(name: str, lines: list[str]) -> list[str]:
    """The issuer's own line split, in the case of the recovered name."""
    out, rest = [], name
    for line in lines:
        n = len(" ".join(line.split()))
        out.append(rest[:n].strip())
        rest = rest[n:].strip()
    if rest:
        out[-1] = f"{out[-1]} {rest}".strip()
    return out


def _abbreviated(line: str, corpus: recase.Corpus) -> str:
    head, _, rest = line.strip().partition(" ")
    return (
        f"{head.upper()} {recase.agency(rest, corpus)[:1].lower()}{recase.agency(rest, corpus)[1:]}".strip()
        if rest
        else head.upper()
    )


def _task_table(table: Table) -> bool:
    if not table.rows:
        return False
    header = " ".join(plain(p.text) for cell in table.rows[0] for p in cell)
    return "noi dung" in header and "chu tri" in header


def _indexes_of(source: Source, text: str) -> list[int]:
    from kehoach.docximport.read import Para

    return [b.index for b in source.blocks if isinstance(b, Para) and " ".join(b.text.split()) == text]


def _indexes_of_title(source: Source, part: AppendixPart) -> list[int]:
    from kehoach.docximport.read import Para

    titles = set(part.title)
    return [b.index for b in source.blocks if isinstance(b, Para) and " ".join(b.text.split()) in titles]


__all__ = ["Builder", "Draft", "Note", "Review"]
