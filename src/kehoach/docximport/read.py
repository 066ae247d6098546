"""Stage 1: a .docx → the document as a person sees it, in plain data.

Paragraphs and tables in reading order, each paragraph with its text as Word shows it (tracked
changes accepted, deleted text and hidden text left out, field results kept, text boxes read
where they are anchored), Word's automatic numbering label computed (`numbering.py`), and the
formatting the next stage may weigh (bold, italic, centred, the style's name and outline level).
Nothing of kehoach's own markup is relied on: a document LibreOffice re-saved, or one a clerk
typed, reads the same way.

python-docx opens the package (parts, relationships, content types) and parses each part with
lxml, entities off; the text itself is walked here, because python-docx's `Paragraph.text` skips
tracked insertions and has no numbering.

Long because WordprocessingML nests text in many containers (runs in insertions, hyperlinks,
content controls, fields, text boxes; paragraphs in tables, content controls, text boxes): one
walker keeps the paragraph count, the field state and the limits in one place.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kehoach.diagnostics import KehoachError
from kehoach.docximport.marks import flag as marks_flag
from kehoach.docximport.marks import join as marks_join
from kehoach.docximport.numbering import Numbering, W, bullet

MAX_PARAGRAPHS = 20_000  # paragraphs (with table cells) read before the document is called too long
MAX_CHARS = 1_000_000  # characters read likewise (a kế hoạch of 50 pages holds about 120,000)
CHARS_PER_PAGE = 2_500  # for saying how long a document is, in pages (14 pt, A4)

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TXBX = W + "txbxContent"
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = {
    "\u00a0": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2011": "-",
    "\u2010": "-",
}
_SPACE_MAP = str.maketrans(_SPACES)


@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph as shown. `index` is its number in the document (đoạn), counting every
    paragraph, in table cells and text boxes too, from 1. `text` keeps tabs ("\t") and manual
    line breaks ("\n"); `label` is Word's automatic number ("1.", "a)", "-", "•"), "" if none."""

    index: int
    text: str
    label: str = ""
    style: str = ""
    bold: bool = False
    italic: bool = False
    align: str = ""  # center, right, both, or "" (left)
    outline: int | None = None  # heading level of the style (Heading 1 → 0), if any
    where: str = "body"  # body, table, textbox
    kind: str = "para"
    # Bold and italic set off inside the paragraph, one flag a character of `text` (marks.py);
    # "" when nothing is.
    marks: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A table: rows of cells, each cell its paragraphs (a nested table's paragraphs inline)."""

    index: int  # the đoạn of its first paragraph
    rows: tuple[tuple[tuple[Para, ...], ...], ...]
    kind: str = "table"
    # How many grid columns each cell spans (Word's gridSpan), row by row; () when not read.
    spans: tuple[tuple[int, ...], ...] = ()

    def text(self) -> str:
        return "\n".join(p.text for row in self.rows for cell in row for p in cell)


Block = Para | Table


@dataclass(frozen=True, slots=True)
class Piece:
    """A run's text as shown, its (bold, italic), and whether a character style set each."""

    text: str
    face: tuple[bool, bool] = (False, False)
    styled: tuple[bool, bool] = (False, False)


@dataclass(frozen=True, slots=True)
class Note:
    """Something a reviewer should know about the source: a tracked change accepted, a field, a
    comment, a footnote, hidden text, a document cut short."""

    kind: str  # tracked, field, comment, footnote, hidden, truncated, embedded
    index: int  # the đoạn it belongs to (0: the whole document)
    text: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...]
    paragraphs: int  # paragraphs read
    truncated: bool = False  # stopped at the limits (MAX_PARAGRAPHS, MAX_CHARS)
    pages: int = 0  # length in pages of 2,500 characters (as read; a lower bound when truncated)


class TooLong(Exception):
    """The document passed the limits: raised inside the walk, turned into `truncated`."""


def normal_text(text: str) -> str:
    """NFC, no-break and thin spaces as spaces, invisible characters removed."""
    text = _INVISIBLE.sub("", text.translate(_SPACE_MAP))
    return unicodedata.normalize("NFC", text)


def _on(element: Any) -> bool | None:
    if element is None:
        return None
    return element.get(W + "val") not in ("0", "false", "off", "none")


@dataclass
class _StyleInfo:
    name: str
    based_on: str | None
    ppr: Any
    rpr: Any
    kind: str


class _Styles:
    """Style inheritance (basedOn chains), cached per style id."""

    def __init__(self, root: Any | None) -> None:
        self.styles: dict[str, _StyleInfo] = {}
        self.default_para: str | None = None
        self.default_rpr: Any = None
        self.default_char: str | None = None
        self._cache: dict[tuple[str | None, str], Any] = {}
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_rpr = defaults
        for style in root.iterchildren(W + "style"):
            sid = style.get(W + "styleId") or ""
            name = style.find(W + "name")
            based = style.find(W + "basedOn")
            kind = style.get(W + "type") or "paragraph"
            self.styles[sid] = _StyleInfo(
                name=(name.get(W + "val") if name is not None else sid) or sid,
                based_on=based.get(W + "val") if based is not None else None,
                ppr=style.find(W + "pPr"),
                rpr=style.find(W + "rPr"),
                kind=kind,
            )
            if style.get(W + "default") in ("1", "true", "on"):
                if kind == "paragraph":
                    self.default_para = sid
                elif kind == "character":
                    self.default_char = sid

    def chain(self, sid: str | None) -> list[_StyleInfo]:
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen and len(out) < 20:
            seen.add(sid)
            info = self.styles[sid]
            out.append(info)
            sid = info.based_on
        return out

    def run_prop(self, sid: str | None, tag: str) -> bool | None:
        key = (sid, tag)
        if key not in self._cache:
            value = None
            for info in self.chain(sid):
                if info.rpr is not None and (value := _on(info.rpr.find(W + tag))) is not None:
                    break
            self._cache[key] = value
        return self._cache[key]

    def para_prop(self, sid: str | None, path: str) -> Any:
        key = (sid, "p:" + path)
        if key not in self._cache:
            value = None
            for info in self.chain(sid):
                if info.ppr is not None and (value := info.ppr.find(path)) is not None:
                    break
            self._cache[key] = value
        return self._cache[key]

    def numbering(self) -> dict[str, tuple[str | None, int | None]]:
        """style id → (numId, ilvl) given through its chain, for numbering styles and headings."""
        out = {}
        for sid in self.styles:
            num = self.para_prop(sid, f"{W}numPr/{W}numId")
            lvl = self.para_prop(sid, f"{W}numPr/{W}ilvl")
            if num is not None:
                out[sid] = (num.get(W + "val"), int(lvl.get(W + "val") or 0) if lvl is not None else None)
        return out


class _Reader:
    def __init__(self, document: Any) -> None:
        part = document.part
        self.styles = _Styles(_root(part, "styles"))
        numbering_root = _root(part, "numbering")
        self.style_numbering = self.styles.numbering()
        self.numbering = Numbering(numbering_root, self.style_numbering)
        self.footnotes = _notes_text(part, "footnotes", "footnote")
        self.endnotes = _notes_text(part, "endnotes", "endnote")
        self.comments = _notes_text(part, "comments", "comment")
        self.count = 0
        self.chars = 0
        self.notes: list[Note] = []
        self.field_depth: list[str] = []  # per open complex field: "instr" or "result"

    # ---- blocks ---------------------------------------------------------------------------

    def blocks(self, parent: Any, where: str = "body") -> Iterator[Block]:
        pending: Para | None = None  # a paragraph whose mark was deleted joins the next one
        for child in parent.iterchildren():
            tag = child.tag
            if tag == W + "p":
                for para, joined in self.paragraph(child, where):
                    if pending is not None:
                        para = _join(pending, para)
                        pending = None
                    if joined:
                        pending = para
                    else:
                        yield para
            elif tag == W + "tbl":
                if pending is not None:
                    yield pending
                    pending = None
                yield self.table(child)
            elif tag in (W + "sdt", W + "customXml"):
                content = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if content is not None:
                    yield from self.blocks(content, where)
            elif tag == W + "altChunk":
                self.notes.append(Note("embedded", self.count + 1))
        if pending is not None:
            yield pending

    def table(self, element: Any) -> Table:
        first = self.count + 1
        rows = []
        spans = []
        for tr in element.iterchildren(W + "tr"):
            cells = []
            widths = []
            for tc in _cells(tr):
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                try:
                    widths.append(max(1, min(64, int(span.get(W + "val") or 1))) if span is not None else 1)
                except ValueError:
                    widths.append(1)
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and merge.get(W + "val") in (None, "continue"):
                    for _ in self.blocks(tc, "table"):  # counted (đoạn numbers), not shown twice
                        pass
                    cells.append(())  # the lower part of a merged cell: its text is above
                    continue
                paras: list[Para] = []
                for block in self.blocks(tc, "table"):
                    if isinstance(block, Table):
                        paras += [p for row in block.rows for cell in row for p in cell]
                    else:
                        paras.append(block)
                cells.append(tuple(paras))
            rows.append(tuple(cells))
            spans.append(tuple(widths))
        return Table(first, tuple(rows), spans=tuple(spans))

    # ---- paragraphs ------------------------------------------------------------------------

    def paragraph(self, element: Any, where: str) -> Iterator[tuple[Para, bool]]:
        """The paragraph (and before it, the paragraphs of text boxes anchored in it); `True`
        with a paragraph whose mark is a tracked deletion (it runs on into the next one)."""
        self.count += 1
        if self.count > MAX_PARAGRAPHS:
            raise TooLong
        index = self.count
        ppr = element.find(W + "pPr")
        sid = None
        if ppr is not None and (ps := ppr.find(W + "pStyle")) is not None:
            sid = ps.get(W + "val")
        sid = sid or self.styles.default_para
        boxes: list[Any] = []
        pieces: list[Piece] = []
        self.runs(element, sid, pieces, boxes, index)
        for box in boxes:
            for block in self.blocks(box, "textbox"):
                if isinstance(block, Para):
                    yield block, False
        text, bold, italic, marks = self.face(pieces, sid)
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            raise TooLong
        label = self.label(ppr, sid) if text.strip() or self._numbered(ppr, sid) else ""
        jc = ppr.find(W + "jc") if ppr is not None else None
        if jc is None:
            jc = self.styles.para_prop(sid, W + "jc")
        align = {
            "center": "center",
            "right": "right",
            "end": "right",
            "both": "both",
            "distribute": "both",
        }.get(jc.get(W + "val") if jc is not None else "", "")
        outline = ppr.find(W + "outlineLvl") if ppr is not None else None
        if outline is None:
            outline = self.styles.para_prop(sid, W + "outlineLvl")
        level = int(outline.get(W + "val") or 9) if outline is not None else None
        info = self.styles.styles.get(sid or "")
        deleted_mark = ppr is not None and ppr.find(f"{W}rPr/{W}del") is not None
        if deleted_mark:
            self.notes.append(Note("tracked", index))
        yield (
            Para(
                index,
                text,
                label,
                info.name if info else "",
                bold,
                italic,
                align,
                level if level is not None and level < 9 else None,
                where,
                marks=marks,
            ),
            deleted_mark,
        )

    def face(self, pieces: list[Piece], sid: str | None) -> tuple[str, bool, bool, str]:
        """(text, bold, italic, marks) of a paragraph from its runs. The paragraph's own face is
        its style's where a character style sets words off (KH Đậm, Strong …); where words are
        formatted directly it is the face of most of them (a heading a clerk made bold by hand):
        bold or italic when over 80 % of the visible letters so formatted are. Words unlike that
        face are set off (marks.py)."""
        texts = [normal_text(p.text) for p in pieces]
        joined = "".join(texts)
        text = normal_text(joined)
        faces = []
        for prop in (0, 1):
            direct = [(len(t.strip()), p.face[prop]) for t, p in zip(texts, pieces, strict=True)
                      if t.strip() and not p.styled[prop]]
            if direct:
                weight = sum(n for n, _ in direct)
                faces.append(sum(n for n, on in direct if on) / weight > 0.8)
            else:
                faces.append(bool(self.styles.run_prop(sid, "bi"[prop]) or self._default("bi"[prop])))
        bold, italic = faces
        if not any(t.strip() for t in texts):
            return text, False, False, ""
        marks = "".join(marks_flag(p.face[0] != bold, p.face[1] != italic) * len(t)
                        for t, p in zip(texts, pieces, strict=True))
        if text != joined or not marks.strip("0"):  # a letter composed across two runs: no marks
            marks = ""
        return text, bold, italic, marks

    def _default(self, tag: str) -> bool:
        return self.styles.default_rpr is not None and bool(_on(self.styles.default_rpr.find(W + tag)))

    def _numbered(self, ppr: Any, sid: str | None) -> bool:
        return ppr is not None and ppr.find(W + "numPr") is not None

    def label(self, ppr: Any, sid: str | None) -> str:
        num_id, ilvl = None, None
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is not None:
            n, lv = numpr.find(W + "numId"), numpr.find(W + "ilvl")
            num_id = n.get(W + "val") if n is not None else None
            ilvl = int(lv.get(W + "val") or 0) if lv is not None else None
        if num_id is None and sid is not None:
            num_id, style_level = self.style_numbering.get(sid, (None, None))
            ilvl = ilvl if ilvl is not None else style_level
        if num_id is None:
            return ""
        if ilvl is None:
            ilvl = (self.numbering.level_for_style(num_id, sid) if sid else None) or 0
        return self.numbering.label(num_id, ilvl)

    def runs(
        self,
        parent: Any,
        sid: str | None,
        out: list[Piece],
        boxes: list[Any],
        index: int,
        inserted: bool = False,
    ) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == W + "r":
                self.run(child, sid, out, boxes, index)
            elif tag in (W + "del", W + "moveFrom"):
                if any(t.text and t.text.strip() for t in child.iter(W + "delText", W + "t")):
                    self.notes.append(Note("tracked", index))
            elif tag in (W + "ins", W + "moveTo"):
                if not inserted and any(t.text and t.text.strip() for t in child.iter(W + "t")):
                    self.notes.append(Note("tracked", index))
                self.runs(child, sid, out, boxes, index, True)
            elif tag == W + "fldSimple":
                before = len(out)
                self.runs(child, sid, out, boxes, index, inserted)
                if "".join(p.text for p in out[before:]).strip():
                    self.notes.append(Note("field", index, (child.get(W + "instr") or "").strip()))
            elif tag in (W + "hyperlink", W + "smartTag", W + "customXml", W + "bdo", W + "dir"):
                self.runs(child, sid, out, boxes, index, inserted)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.runs(content, sid, out, boxes, index, inserted)
            elif tag == W + "commentRangeStart":
                text = self.comments.get(child.get(W + "id") or "")
                if text:
                    self.notes.append(Note("comment", index, text))
            elif tag.endswith("}oMath") or tag.endswith("}oMathPara"):
                out.append(Piece("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))))

    def run(
        self, element: Any, sid: str | None, out: list[Piece], boxes: list[Any], index: int
    ) -> None:
        rpr = element.find(W + "rPr")
        rsid = None
        if rpr is not None and (rs := rpr.find(W + "rStyle")) is not None:
            rsid = rs.get(W + "val")

        def prop(tag: str) -> bool:
            own = _on(rpr.find(W + tag)) if rpr is not None else None
            if own is None and rsid:
                own = self.styles.run_prop(rsid, tag)
            if own is None:
                own = self.styles.run_prop(sid, tag)
            if own is None and self.styles.default_rpr is not None:
                own = _on(self.styles.default_rpr.find(W + tag))
            return bool(own)

        def toggle(tag: str) -> tuple[bool, bool]:
            """(shown, set by a character style) of bold or italic. Direct formatting is what it
            says; a character style turning it on toggles the paragraph's (ECMA-376 17.7.3: a bold
            style over a bold heading shows plain, as Word shows it). LibreOffice, which does not
            toggle, saves such a run with the style's bold repeated as direct formatting: a run
            whose direct formatting only repeats its character style is read as the style."""
            own = _on(rpr.find(W + tag)) if rpr is not None else None
            styled = bool(rsid and self.styles.run_prop(rsid, tag))
            if own is not None and not (own and styled):  # LibreOffice repeats the style's value
                return own, False  # as direct formatting: that run is still the style's
            para = self.styles.run_prop(sid, tag)
            if para is None:
                para = self._default(tag)
            if styled:
                return not para, True
            return bool(para), False

        chars: list[str] = []
        for child in element.iterchildren():
            tag = child.tag
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.field_depth.append("instr")
                elif kind == "separate" and self.field_depth:
                    self.field_depth[-1] = "result"
                elif kind == "end" and self.field_depth:
                    self.field_depth.pop()
                continue
            if self.field_depth and self.field_depth[-1] == "instr":
                continue  # the field's code (PAGE, MERGEFIELD …), not what it shows
            if tag == W + "t":
                chars.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                chars.append("\t")
            elif tag in (W + "br", W + "cr"):
                chars.append("\n")
            elif tag == W + "noBreakHyphen":
                chars.append("-")
            elif tag == W + "sym":
                code = child.get(W + "char") or ""
                try:
                    value = int(code, 16)
                except ValueError:
                    continue
                chars.append(chr(value) if value < 0xF000 else (bullet(chr(value)) or "•"))
            elif tag == W + "footnoteReference":
                if text := self.footnotes.get(child.get(W + "id") or ""):
                    self.notes.append(Note("footnote", index, text))
            elif tag == W + "endnoteReference":
                if text := self.endnotes.get(child.get(W + "id") or ""):
                    self.notes.append(Note("footnote", index, text))
            elif tag in (W + "drawing", W + "pict", _MC + "AlternateContent", W + "object"):
                boxes.extend(_text_boxes(child))
        text = "".join(chars)
        if not text:
            return
        if prop("vanish"):
            if text.strip():
                self.notes.append(Note("hidden", index, text.strip()))
            return
        if prop("caps") or prop("smallCaps"):
            text = text.upper()
        if self.field_depth and text.strip():
            self.notes.append(Note("field", index))
        (bold, bold_styled), (italic, italic_styled) = toggle("b"), toggle("i")
        out.append(Piece(text, (bold, italic), (bold_styled, italic_styled)))


def _cells(tr: Any) -> Iterator[Any]:
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from (c for c in content.iterchildren(W + "tc"))


def _text_boxes(element: Any) -> list[Any]:
    """Text box contents inside a drawing, once: of mc:AlternateContent only the first choice
    (its fallback repeats the same text as VML)."""
    if element.tag == _MC + "AlternateContent":
        choice = element.find(_MC + "Choice")
        element = choice if choice is not None else element.find(_MC + "Fallback")
        if element is None:
            return []
    return list(element.iter(_TXBX))


def _join(first: Para, second: Para) -> Para:
    """Two paragraphs joined by a tracked deletion of the first one's mark: as Word shows them."""
    return Para(
        first.index,
        first.text + second.text,
        first.label,
        first.style,
        first.bold and second.bold,
        first.italic and second.italic,
        first.align,
        first.outline,
        first.where,
        marks=marks_join((first.text, first.marks), (second.text, second.marks)),
    )


def _root(part: Any, kind: str) -> Any | None:
    """The XML root of a related part (styles, numbering, footnotes …), or None."""
    target = _related(part, kind)
    if target is None:
        return None
    element = getattr(target, "element", None)
    return element if element is not None else _parse(target)


def _related(part: Any, kind: str) -> Any | None:
    for rel in part.rels.values():
        if rel.reltype.endswith("/" + kind) and not rel.is_external:
            return rel.target_part
    return None


def _parse(part: Any) -> Any | None:
    from docx.oxml.parser import parse_xml

    try:
        return parse_xml(part.blob)
    except Exception:  # a broken optional part (footnotes …) is left out, not fatal
        return None


def _notes_text(part: Any, kind: str, tag: str) -> dict[str, str]:
    root = _root(part, kind)
    if root is None:
        return {}
    out = {}
    for note in root.iterchildren(W + tag):
        text = " ".join("".join(t.text or "" for t in p.iter(W + "t")) for p in note.iter(W + "p")).strip()
        if text:
            out[note.get(W + "id") or ""] = normal_text(" ".join(text.split()))
    return out


def read_docx(data: bytes, name: str, *, limit: bool = True) -> Source:
    """Read a .docx (already vetted by `container.identify`) into plain data. With `limit`, a
    document past MAX_PARAGRAPHS or MAX_CHARS is read up to there and marked `truncated`."""
    document = open_docx(data, name)
    reader = _Reader(document)
    blocks: list[Block] = []
    truncated = False
    try:
        for block in reader.blocks(document.element.body):
            blocks.append(block)
    except TooLong:
        truncated = True
        reader.notes.append(Note("truncated", reader.count))
    return Source(
        tuple(blocks),
        tuple(reader.notes),
        reader.count,
        truncated,
        max(1, -(-reader.chars // CHARS_PER_PAGE)),
    )


def open_docx(data: bytes, name: str) -> Any:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:
        raise KehoachError(
            "`kehoach import` cần gói python-docx, máy này chưa cài.",
            "Cài phần nhập văn bản: pip install 'kehoach[import]'.",
        ) from None

    hint = "Mở tệp bằng Word; nếu Word sửa được thì lưu lại rồi nhập tệp đã lưu."
    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise KehoachError(f"{name} không phải văn bản Word hoặc bị hỏng.", hint) from None
    except ValueError as exc:
        if "content type" in str(exc):
            raise KehoachError(
                f"{name} không phải văn bản Word (.docx) mà là một loại tệp Office khác.",
                "Mở bằng Word và lưu thành Tài liệu Word (.docx).",
            ) from None
        raise KehoachError(f"{name} bị hỏng: một phần văn bản không đọc được.", hint) from None
    except KeyError:
        raise KehoachError(f"{name} bị hỏng: thiếu một phần của văn bản Word.", hint) from None
    except Exception as exc:  # lxml's XMLSyntaxError, zipfile's BadZipFile (a CRC that lies) …
        kind = type(exc).__name__
        if kind in ("XMLSyntaxError", "BadZipFile", "error", "EOFError", "DocumentInvalid"):
            raise KehoachError(f"{name} bị hỏng: nội dung văn bản không đọc được.", hint) from None
        raise
    return document
