"""Where a kehoach PDF's signer block is: read from the PDF itself, never typed.

The renderer marks five paragraphs with Word bookmarks (templates/docx/word/document.xml) and
LibreOffice exports them as PDF named destinations: the page and the top-left corner of the
marked line as LibreOffice laid it out. The text at each mark is then read with pdfminer.six,
which gives every glyph's box: the signer's title (its last line) and name, the number line and
the date line. A PDF without the marks was not rendered by kehoach (or by a template without
them): its signer block cannot be found, so it is refused, never signed at a guessed place.

All coordinates are PDF points, origin at the bottom left of the page, as in the PDF itself.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from kehoach.diagnostics import KehoachError

# The bookmark names of templates/docx/word/document.xml (letters only: LibreOffice writes
# any other character of a destination's name as hex).
DRAFT, NUMBER, DATE = "kehoachDuThao", "kehoachSo", "kehoachNgay"
TITLE, NAME = "kehoachChucVu", "kehoachHoTen"

NOT_KEHOACH = (
    "Chỉ ký được PDF do kehoach kết xuất: kehoach render KẾ_HOẠCH.yaml -f pdf "
    "(LibreOffice 7.4 trở lên, mẫu của kehoach hoặc mẫu giữ các dấu vị trí)."
)


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page, in points (1/72 inch), origin bottom left."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0),
                   max(self.x1, other.x1), max(self.y1, other.y1))


@dataclass(frozen=True, slots=True)
class Line:
    """The text of a marked paragraph and the box of its glyphs (every line, if it wrapped)."""

    page: int  # 0-based
    box: Box
    text: str


@dataclass(frozen=True, slots=True)
class Blank:
    """A gap the renderer left in a line for the văn thư to fill (the number, the day, the month):
    where a form field goes, and the line's type so the filled text matches it."""

    field: str  # the form field's name (NUMBER_FIELD, DAY_FIELD, MONTH_FIELD)
    page: int
    box: Box  # the gap, from one glyph's right edge to the next one's left, the line's height
    baseline: float
    size: float  # font size of the line, points
    italic: bool


# The form fields a person's signature leaves in the blanks, filled by `kehoach sign --as body`.
NUMBER_FIELD, DAY_FIELD, MONTH_FIELD = "SoVanBan", "NgayBanHanh", "ThangBanHanh"


@dataclass(frozen=True, slots=True)
class Layout:
    """What `kehoach sign` needs to know of a kehoach PDF."""

    pages: tuple[Box, ...]  # each page's media box
    title: Line  # the signer's title: the last line of the authority stack (CHỦ TỊCH)
    name: Line  # the signer's name
    number: Line | None  # `Số: 05/KH-UBND` (None: a template without the mark)
    date: Line | None  # `An Dương, ngày 29 tháng 3 năm 2024`
    draft: bool  # rendered with --draft (DỰ THẢO): never signed
    blanks: tuple[Blank, ...] = ()  # the number's, the day's and the month's gaps, while printed blank
    fields: dict[str, str] = field(default_factory=dict)  # the PDF's text form fields and their values

    @property
    def room(self) -> Box:
        """The space the renderer leaves for the signature and the seal: between the bottom of
        the title and the top of the name, as wide as the wider of the two lines."""
        left = min(self.title.box.x0, self.name.box.x0)
        right = max(self.title.box.x1, self.name.box.x1)
        return Box(left, self.name.box.y1, right, self.title.box.y0)

    @property
    def registration(self) -> str | None:
        """`05/KH-UBND` once the văn thư has given the number — printed, or filled in its form
        field after the person signed; None while it is blank."""
        if self.number is None:
            return None
        printed = registration(self.number.text)
        filled = self.fields.get(NUMBER_FIELD, "").strip()
        code = _CODE.search(self.number.text)
        if printed is None and filled and code:
            return f"{filled}/{code[1]}"
        return printed

    @property
    def issued_on(self) -> date | None:
        """The date of the date line — printed, or its day and month filled after the person signed."""
        if self.date is None:
            return None
        printed = issue_date(self.date.text)
        day, month = self.fields.get(DAY_FIELD, "").strip(), self.fields.get(MONTH_FIELD, "").strip()
        year = _YEAR.search(self.date.text)
        if printed is None and day.isdigit() and month.isdigit() and year:
            try:
                return date(int(year[1]), int(month), int(day))
            except ValueError:
                return None
        return printed

    @property
    def year(self) -> int | None:
        """The year the date line prints, even while its day and month are blank."""
        found = _YEAR.search(self.date.text) if self.date else None
        return int(found[1]) if found else None

    def blank(self, name: str) -> Blank | None:
        return next((b for b in self.blanks if b.field == name), None)

    @property
    def place(self) -> str | None:
        """The place of the date line (`An Dương`), the signature's location."""
        if self.date is None or "," not in self.date.text:
            return None
        return self.date.text.split(",", 1)[0].strip() or None


_NUMBER = re.compile(r"Số\s*:\s*(\d+)\s*/\s*(\S+)")
_CODE = re.compile(r"Số\s*:\s*/\s*(\S+)")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_YEAR = re.compile(r"năm\s+(\d{4})")


def registration(number_line: str) -> str | None:
    """`Số: 05/KH-UBND` → `05/KH-UBND`; `Số:     /KH-UBND` (not numbered yet) → None."""
    m = _NUMBER.search(number_line)
    return f"{m[1]}/{m[2]}" if m else None


def issue_date(date_line: str) -> date | None:
    """`An Dương, ngày 29 tháng 3 năm 2024` → 2024-03-29; `ngày     tháng     năm 2024` → None."""
    m = _DATE.search(date_line)
    if not m:
        return None
    try:
        return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _Glyph:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    baseline: float = 0.0
    font: str = ""


def read_layout(pdf: bytes) -> Layout:
    """The layout of a kehoach PDF; KehoachError (exit 2) for any other PDF."""
    from pdfminer.pdfdocument import PDFDestinationNotFound, PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        document = PDFDocument(PDFParser(io.BytesIO(pdf)))
        if document.encryption is not None:
            raise KehoachError("PDF này được mã hóa (đặt mật khẩu): kehoach không ký tệp mã hóa.",
                               "Ký bản PDF do kehoach kết xuất, chưa mã hóa.")
        pages = list(PDFPage.create_pages(document))
    except KehoachError:
        raise
    except Exception as exc:  # pdfminer's many parse errors: the file is no usable PDF
        raise KehoachError(f"Không đọc được PDF: tệp hỏng hoặc không phải PDF ({type(exc).__name__}).",
                           "Kết xuất lại: kehoach render KẾ_HOẠCH.yaml -f pdf.") from None
    page_ids = {page.pageid: index for index, page in enumerate(pages)}

    def mark(name: str) -> tuple[int, float, float] | None:
        try:
            dest = resolve1(document.get_dest(name))
        except (PDFDestinationNotFound, KeyError, TypeError):
            return None
        if isinstance(dest, dict):  # a destination may be wrapped as << /D [...] >>
            dest = resolve1(dest.get("D"))
        if not isinstance(dest, list) or len(dest) < 4:
            return None
        page = page_ids.get(getattr(dest[0], "objid", None))
        x, top = resolve1(dest[2]), resolve1(dest[3])
        if page is None or not isinstance(x, int | float) or not isinstance(top, int | float):
            return None
        return page, float(x), float(top)

    title_mark, name_mark = mark(TITLE), mark(NAME)
    if title_mark is None or name_mark is None:
        raise KehoachError("PDF này không có dấu vị trí khối chữ ký của kehoach, nên không biết đặt "
                           "chữ ký ở đâu.", NOT_KEHOACH)
    if title_mark[0] != name_mark[0] or title_mark[2] <= name_mark[2]:
        raise KehoachError("Dấu vị trí chức vụ và họ tên người ký không cùng một trang, hoặc chức vụ "
                           "không ở trên họ tên: không đặt được chữ ký.", NOT_KEHOACH)
    marks = {name: at for name in (NUMBER, DATE) if (at := mark(name)) is not None}
    glyph_pages = {title_mark[0]} | {at[0] for at in marks.values()}
    glyphs = {index: _glyphs(pages[index]) for index in sorted(glyph_pages)}

    page_glyphs = glyphs[title_mark[0]]
    name_line = _line(page_glyphs, name_mark, stop_x=None)
    title_line = _line(page_glyphs, title_mark, stop_x=None, below=name_line.box.y1) if name_line else None
    if name_line is None or title_line is None:
        raise KehoachError("Không đọc được chữ của chức vụ hoặc họ tên người ký tại dấu vị trí.", NOT_KEHOACH)

    def row(name: str) -> Line | None:
        at = marks.get(name)
        if at is None:
            return None
        # The number and the date share a row (two cells): the number's text stops at the date.
        others = [m[1] for n, m in marks.items() if n != name and m[0] == at[0] and m[1] > at[1]
                  and abs(m[2] - at[2]) < 3]
        return _line(glyphs[at[0]], at, stop_x=min(others) if others else None)

    number_line, date_line = row(NUMBER), row(DATE)
    blanks: list[Blank] = []
    if number_line is not None and registration(number_line.text) is None:
        blanks += _blanks(glyphs[marks[NUMBER][0]], marks[NUMBER], ((NUMBER_FIELD, ":", "/"),))
    if date_line is not None and issue_date(date_line.text) is None:
        blanks += _blanks(glyphs[marks[DATE][0]], marks[DATE],
                          ((DAY_FIELD, "ngày", "tháng"), (MONTH_FIELD, "tháng", "năm")))
    return Layout(
        pages=tuple(Box(*map(float, resolve1(p.mediabox))) for p in pages),
        title=title_line, name=name_line, number=number_line, date=date_line,
        draft=mark(DRAFT) is not None, blanks=tuple(blanks), fields=_text_fields(document),
    )


def _glyphs(page) -> list[_Glyph]:  # page: pdfminer PDFPage
    """Every glyph drawn by the page's content (annotations, such as signatures, are not)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)
    PDFPageInterpreter(manager, device).process_page(page)
    out: list[_Glyph] = []

    def walk(item) -> None:  # type: ignore[no-untyped-def]
        if isinstance(item, LTChar):
            text = unicodedata.normalize("NFC", item.get_text())
            out.append(_Glyph(text, item.x0, item.y0, item.x1, item.y1, item.size, item.matrix[5],
                              str(item.fontname)))
        elif isinstance(item, LTContainer):
            for child in item:
                walk(child)

    walk(device.get_result())
    return out


def _row(glyphs: list[_Glyph], x: float, top: float, stop_x: float | None) -> list[_Glyph]:
    """The glyphs of the line whose top left corner is at (x, top), up to stop_x."""
    return sorted(
        (g for g in glyphs
         if abs(g.y1 - top) <= 0.4 * g.size and g.x0 >= x - 1 and (stop_x is None or g.x0 < stop_x - 1)),
        key=lambda g: g.x0,
    )


def _text(row: list[_Glyph]) -> str:
    """The row's text: a space wherever the glyphs are apart (LibreOffice draws no space glyph)."""
    parts: list[str] = []
    previous: _Glyph | None = None
    for g in row:
        if previous is not None and g.x0 - previous.x1 > 0.15 * g.size and not parts[-1].endswith(" "):
            parts.append(" ")
        parts.append(g.text)
        previous = g
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", "".join(parts)).strip())


def _box(row: list[_Glyph]) -> Box:
    return Box(min(g.x0 for g in row), min(g.y0 for g in row), max(g.x1 for g in row), max(g.y1 for g in row))


def _line(glyphs: list[_Glyph], at: tuple[int, float, float], stop_x: float | None,
          below: float | None = None) -> Line | None:
    """The marked paragraph: its first line at the mark, then, while `below` (the top of the next
    marked line) leaves room, any wrapped line under it that sits within the first line's width
    (centred text wraps to a line no wider, on the same centre)."""
    page, x, top = at
    first = _row(glyphs, x, top, stop_x)
    if not first:
        return None
    box, text = _box(first), _text(first)
    if below is not None:
        size = max(g.size for g in first)
        while True:
            lower = [g for g in glyphs
                     if box.y0 - 1.6 * size < g.y0 < box.y0 - 0.5 * size and g.y1 > below
                     and g.x0 >= box.x0 - 1 and g.x1 <= box.x1 + 1]
            if not lower:
                break
            box, text = box.union(_box(lower)), f"{text} {_text(sorted(lower, key=lambda g: g.x0))}"
    return Line(page, box, text)


def _blanks(glyphs: list[_Glyph], at: tuple[int, float, float],
            gaps: tuple[tuple[str, str, str], ...]) -> list[Blank]:
    """Each (field, before, after): the gap between the glyphs that end `before` and those that
    start `after` on the marked line (`Số:` … `/KH-UBND`; `ngày` … `tháng` … `năm`)."""
    row = _row(glyphs, at[1], at[2], stop_x=None)
    text = "".join(g.text for g in row)
    owner = [i for i, g in enumerate(row) for _ in g.text]  # character → glyph
    found = []
    for name, before, after in gaps:
        end = text.find(before)
        start = text.find(after, end + len(before)) if end >= 0 else -1
        if end < 0 or start < 0:
            continue
        left, right = row[owner[end + len(before) - 1]], row[owner[start]]
        size = max(g.size for g in row)
        below, above = round(0.3 * size), round(0.9 * size)  # whole points: pyHanko's boxes want them
        box = Box(left.x1, right.baseline - below, right.x0, right.baseline + above)
        if box.width > size / 2:  # a real gap, not two words side by side
            found.append(Blank(name, at[0], box, right.baseline, size, "italic" in right.font.lower()))
    return found


def _text_fields(document) -> dict[str, str]:  # document: pdfminer PDFDocument
    """The PDF's text form fields (`/FT /Tx`) by name, with their values ("" when empty)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    form = resolve1(document.catalog.get("AcroForm"))
    out: dict[str, str] = {}
    if not isinstance(form, dict):
        return out
    for ref in resolve1(form.get("Fields")) or ():
        item = resolve1(ref)
        if not isinstance(item, dict) or getattr(resolve1(item.get("FT")), "name", None) != "Tx":
            continue
        name, value = resolve1(item.get("T")), resolve1(item.get("V"))
        if isinstance(name, bytes):
            out[decode_text(name)] = decode_text(value) if isinstance(value, bytes) else ""
    return out
