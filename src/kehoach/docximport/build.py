"""Stage 4: the document's parts → plan data (plain dicts and lists in the plan file's key order),
with what a person must review.

Every line of the document ends up in a field, or in the nearest `text` (or, outside the body,
in a comment) with a review note naming its đoạn: nothing is dropped silently. `Draft.used`
holds the đoạn that went into fields; the api checks every non-empty paragraph is accounted for.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from kehoach.docximport import marks, recase, unitlists
from kehoach.docximport.build_body import BodyPart
from kehoach.docximport.build_document import DocumentPart
from kehoach.docximport.build_end import EndPart
from kehoach.docximport.build_sections import SectionsPart
from kehoach.docximport.draft import Draft, Path, Review
from kehoach.docximport.ids import Ids
from kehoach.docximport.lines import Line
from kehoach.docximport.parts import Parts
from kehoach.docximport.projects import Catalogues
from kehoach.docximport.read import Source, Table
from kehoach.docximport.styles import Styles
from kehoach.docximport.text import excerpt
from kehoach.docximport.times import Time
from kehoach.docximport.tree import Node

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


class Builder(DocumentPart, BodyPart, SectionsPart, EndPart):
    """One document's parts → one Draft: `build()` once. The parts' methods live in the mixins
    (build_document, build_body, build_sections, build_end); the state they share lives here."""

    def __init__(self, parts: Parts, source: Source) -> None:
        self.parts = parts
        self.source = source
        self.review: list[Review] = []
        self.comments: dict[Path, list[str]] = {}
        self.used: set[int] = set()
        self.unit_ids = Ids()
        self.units: dict[str, str] = {}  # id → name
        self.unit_by_name: dict[str, str] = {}  # folded name → id
        self.named: list[str] = []  # names given alone (a lead, a heading), not yet units
        self.activity_ids = Ids()
        self.activities_by_title: dict[str, dict] = {}
        self.source_ids = Ids()
        self.funding_sources: dict[str, str] = {}
        self.deadlines: list[Time] = []
        self.catalogues = Catalogues()
        self.programme_votes: Counter[str] = Counter()
        self.corpus = recase.Corpus(self._texts())
        self.tasks: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
        self.trailing: list[str] = []  # comment lines after the plan (an appendix kehoach cannot hold)
        self.points_convention = False
        self.units_forms: set[str] = set()  # label, sentence: how the body said who leads
        self.appendix_units = False  # the task appendix has its unit columns
        self.styles = Styles()
        self._section = 0
        self._current: dict[str, Any] | None = None
        self.appendix_rows: list[tuple[str, str, list[str], list[str]]] = []
        self.issuer = ""  # the issuer as recovered, for the signer's default collective

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

    def note(self, index: int, message: str, path: Path = (), comment: bool = True,
             whole: str | None = None) -> None:
        """A review entry (the list printed at the end) and, with `comment`, its `# XEM LẠI`
        comment in the plan file; `whole`, when given, is the comment's message: the words the
        list shows cut short, where the comment is the only place they are kept."""
        self.review.append(Review(index, message, path))
        if comment:
            where = f"đoạn {index}" if index else "văn bản"
            self.comments.setdefault(path, []).append(f"XEM LẠI ({where}): {whole or message}")

    def use(self, *indexes: int) -> None:
        self.used.update(indexes)

    def unplaced(self, line: Line | Table, texts: list[str] | None, path: Path, why: str) -> None:
        """A line that has no field of its own: into the nearest text (`texts`, at `path`), or,
        where there is none, a comment at `path`; either way on the review list."""
        words = line.text() if isinstance(line, Table) else line.full
        shown = excerpt(words)
        self.use(line.index)
        if texts is not None and not isinstance(line, Table):
            texts.append(self.marked(line, full=True))
            self.note(line.index, f"{why}: đặt vào đây", (*path, len(texts) - 1))
        else:  # the comment is the only place the words are kept: all of them
            self.note(line.index, f'{why}: "{shown}"', path, whole=f'{why}: "{" ".join(words.split())}"')

    def marked(self, line: Line, value: str | None = None, *, full: bool = False, path: Path = ()) -> str:
        """What a text field holds of `line` (its text, `full` with its label, or `value`, a part
        of it as the field keeps it), bold and italic words in the plan format's markers and a
        plain asterisk escaped where kehoach would read it as one. Emphasis kehoach cannot write
        back is left out, with a review note."""
        text, own = (line.full, line.full_marks) if full else (line.text, line.marks)
        value = text if value is None else value
        if not own:
            out = marks.written(value, "")
            return value if out is None else out
        start = _locate(text, value)
        if start is not None:
            out = marks.written(value, marks.cut(own, start, start + len(value)))
        else:  # the sentence with its end changed ("…, hoàn thành trước …" cut off, a "." put back)
            same = next((i for i, (a, b) in enumerate(zip(text, value, strict=False)) if a != b),
                        min(len(text), len(value)))
            out = marks.written(value, marks.join((value[:same], marks.cut(own, 0, same)),
                                                  (value[same:], ""))) if same >= len(value) - 2 else None
        if out is None:
            self.note(line.index, "chữ đậm, nghiêng trong đoạn này không ghi lại được bằng dấu * (xem "
                      "“Bảng và chữ đậm, nghiêng”): đã ghi chữ thường, kiểm tra lại", path)
            out = marks.written(value, "")
            return value if out is None else out
        return out

    def table(self, table: Table, before: Line | Table | Node | None, out: dict[str, Any], path: Path,
              later: bool) -> None:
        """A table of a section or a task into its `table` (tables.py); a second one, or one
        the plan format cannot hold, kept as a comment for review. `before`: what stands right
        above it (a "Đơn vị tính: …" line); `later`: it comes after the items or sub-sections,
        which kehoach prints after it."""
        from kehoach.docximport.tables import read_table

        above = before.text if isinstance(before, Line) else ""
        reading = read_table(table, above) if "table" not in out else None
        if reading is None or reading.data is None:
            why = "mục đã có một bảng; kehoach ghi một bảng cho mỗi mục" if reading is None else \
                "bảng chỉ có một hàng"
            self.unplaced(table, None, path, f"{why}: bảng chưa nhập được")
            return
        self.use(*(p.index for row in table.rows for cell in row for p in cell))
        out["table"] = reading.data
        for index, message in reading.notes:
            self.note(index, message, (*path, "table"))
        if later:
            self.note(table.index, "bảng đứng sau các ý/mục con trong văn bản; kehoach in bảng ngay sau "
                      "các đoạn văn của mục, trước các ý", (*path, "table"))

    # ---- units ---------------------------------------------------------------------------

    def unit(self, name: str) -> str:
        name = " ".join(name.split()).strip(" ;,.:")
        if name.startswith(("các ", "những ")):  # "các thôn" as the middle of a sentence writes it
            name = name[:1].upper() + name[1:]
        folded = recase.fold(name)
        if folded not in self.unit_by_name:
            uid = self.unit_ids.make(name)
            self.unit_by_name[folded] = uid
            self.units[uid] = name
        return self.unit_by_name[folded]

    @property
    def known_names(self) -> list[str]:
        """Unit names the document gives alone somewhere (unitlists.py)."""
        return [*self.units.values(), *self.named]

    def known_units(self, text: str) -> list[str]:
        """Unit ids named in a list ("A, B và C") when every one is a unit the plan has."""
        names = unitlists.split(text, self.known_names)
        if not names or any(recase.fold(n) not in self.unit_by_name for n in names):
            return []
        return [self.unit_by_name[recase.fold(n)] for n in names]

    def units_of(self, text: str) -> list[str] | None:
        """Unit ids of a list as printed (appendix cells, "đơn vị phối hợp: …"); None when where
        a name ends cannot be told (a name with a comma the document gives nowhere alone)."""
        names = unitlists.split(text, self.known_names)
        return None if names is None else [self.unit(n) for n in names]

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
        entries = body.pop("_sections", [])
        numbering, own = self.styles.numbering()
        if own and "sections" not in body:
            body["sections"] = entries
        for index, levels in own.items():
            if index < len(entries) and entries[index].get("use") != "budget":
                entries[index]["numbering"] = levels
        if body.get("sections") is not None:
            data["sections"] = body.pop("sections")
        if numbering is not None:
            data["numbering"] = numbering
        data["show_units"] = None  # its place; filled once the appendix is read
        data["units"] = {}  # its place in the file; filled once every part has named its units
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
        show = self.show_units()
        if show is None:
            del data["show_units"]
        else:
            data["show_units"] = show
        self.years(data, programme_at)
        _finish(data)
        self.notes()
        return Draft(data, self.comments, self.review, self.used, self.trailing)

    def show_units(self) -> str | dict[str, str] | None:
        """Where the document prints who leads and who takes part: under the tasks (body), in
        the task appendix (the default), or both; and in which words."""
        if not self.units_forms:
            return None
        where = "both" if self.appendix_units else "body"
        if "sentence" in self.units_forms:
            return {"where": where, "form": "sentence"}
        return where

    def notes(self) -> None:
        seen: set[tuple[str, int]] = set()
        for note in self.source.notes:
            if (note.kind, note.index) in seen:
                continue
            seen.add((note.kind, note.index))
            text = whole = _NOTE_KIND[note.kind]
            if note.kind in ("comment", "footnote") and note.text:
                text += f': "{excerpt(note.text, 30)}"'
                whole += f': "{" ".join(note.text.split())}"'
            commented = note.kind in ("comment", "footnote", "truncated")
            self.note(note.index, text, comment=commented, whole=whole)

    # ---- year, period, programme -------------------------------------------------------------------

    def years(self, data: dict[str, Any], at: int) -> None:
        summary = self.parts.summary
        written = data["document"].get("date")
        _, month, said_year = self.parts.header.date_parts
        # a date with a blank day counts from the first day it may be (as KH302 checks it)
        issued: date | None = written if isinstance(written, date) else (
            date(said_year, month, 1) if written and month and said_year else None)
        issued_year = issued.year if issued else said_year
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
        first_year = year if year is not None else int(str(period)[:4])
        if written is None and said_year and said_year != first_year:
            # "ngày    tháng    năm 2022" of a plan for 2023: the year the line prints is its own
            data["document"]["date"] = f"năm {said_year}"
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


_ORDER = (
    "project",
    "id",
    "title",
    "lead",
    "partners",
    "deadline",
    "text",
    "table",
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


def _locate(text: str, value: str) -> int | None:
    """Where `value` (a field cut from `text`, maybe recased) starts in `text`; None if not in it."""
    if text.startswith(value):
        return 0
    if (at := text.find(value)) >= 0:
        return at
    if (at := text.lower().find(value.lower())) >= 0 and len(text.lower()) == len(text):
        return at
    return None
