"""What a PDF that LibreOffice wrote shows: each page's text lines (where, in which font) and its
outline (one entry per heading, with its page and height), read with the standard library.

kehoach needs this to check LibreOffice's page breaks (render/pdf.py) and to name the fonts it
used. It reads what LibreOffice writes — a classic cross-reference table, objects outside object
streams, text placed with Td/Tm — and raises ValueError on anything else, so the caller can leave
the PDF as it is. No text is decoded: positions and font names are all that is needed.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text on a page: its left edge and baseline in points from the page's bottom
    left corner, the font (PostScript name, no subset prefix) and size of its first piece."""

    x: float
    y: float
    font: str
    size: float


@dataclass(frozen=True, slots=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]  # top to bottom


@dataclass(frozen=True, slots=True)
class Heading:
    """An outline entry: a heading's title, its page (0-based) and the top of its first line."""

    title: str
    page: int
    top: float


@dataclass(frozen=True, slots=True)
class Layout:
    pages: tuple[Page, ...]
    headings: tuple[Heading, ...]  # document order
    fonts: tuple[str, ...]  # every font the pages use, sorted


_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_REF = rb"(\d+)\s+\d+\s+R"
_NUMBER = rb"(-?\d*\.?\d+)"


class _File:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offsets: dict[int, int] = {}
        self._xref()

    def _xref(self) -> None:
        start = self.data.rfind(b"startxref")
        match = re.match(rb"startxref\s+(\d+)", self.data[start:]) if start >= 0 else None
        if match is None:
            raise ValueError("no startxref")
        at = int(match[1])
        if not self.data.startswith(b"xref", at):
            raise ValueError("not a classic xref table")
        pos = at + 4
        while True:
            head = re.match(rb"\s*(\d+)\s+(\d+)\s*\r?\n", self.data[pos:pos + 64])
            if head is None:
                break
            first, count = int(head[1]), int(head[2])
            pos += head.end()
            for i in range(count):
                entry = self.data[pos:pos + 20]
                if entry[17:18] == b"n":
                    self.offsets[first + i] = int(entry[:10])
                pos += 20
        trailer = self.data.find(b"trailer", pos)
        root = re.search(rb"/Root\s+" + _REF, self.data[trailer:trailer + 400]) if trailer >= 0 else None
        if root is None:
            raise ValueError("no /Root")
        self.root = int(root[1])

    def body(self, number: int) -> bytes:
        """The object's text up to its stream or its end (the dictionary, or a bare value)."""
        at = self.offsets.get(number)
        if at is None:
            raise ValueError(f"no object {number}")
        match = _OBJ.match(self.data, at)
        if match is None or int(match[1]) != number:
            raise ValueError(f"object {number} is not where the xref says")
        end = min((i for i in (self.data.find(b"stream", match.end()), self.data.find(b"endobj", match.end()))
                   if i >= 0), default=-1)
        if end < 0:
            raise ValueError(f"object {number} has no end")
        return self.data[match.end():end]

    def stream(self, number: int) -> bytes:
        body = self.body(number)
        length = re.search(rb"/Length\s+(?:" + _REF + rb"|(\d+))", body)
        if length is None:
            raise ValueError(f"stream {number} without /Length")
        size = int(self.body(int(length[1])).strip()) if length[1] else int(length[2])
        start = self.data.index(b"stream", self.offsets[number]) + len(b"stream")
        start += 2 if self.data[start:start + 2] == b"\r\n" else 1
        raw = self.data[start:start + size]
        return zlib.decompress(raw) if b"/FlateDecode" in body else raw

    def ref(self, body: bytes, key: bytes) -> int | None:
        match = re.search(rb"/" + key + rb"\s*" + _REF, body)
        return int(match[1]) if match else None


def _font_names(pdf: _File, resources: bytes) -> dict[bytes, str]:
    inline = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
    if inline is None:
        ref = pdf.ref(resources, b"Font")
        fonts = pdf.body(ref) if ref is not None else b""
    else:
        fonts = inline[1]
    names = {}
    for key, number in re.findall(rb"/([^\s/<>\[\]()]+)\s*" + _REF, fonts):
        base = re.search(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", pdf.body(int(number)))
        if base:
            names[key] = base[1].decode("latin-1").split("+", 1)[-1]
    return names


_TOKEN = re.compile(rb"""
    (?P<space>\s+|%[^\r\n]*)
  | (?P<name>/[^\s/<>\[\]{}()%]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dict><<|>>)
  | (?P<open>\[) | (?P<close>\])
  | (?P<op>[A-Za-z'"*]+)
""", re.X)


def _literal_end(data: bytes, start: int) -> int:
    """Index after the literal string opening at `start` ('('), nested parentheses and escapes
    taken into account."""
    depth, i = 0, start
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unterminated string")


def _lines(content: bytes, fonts: dict[bytes, str]) -> list[Line]:
    """Where each piece of text starts: Td/TD/T*/Tm under cm and q/Q, the font set by Tf."""
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[tuple[float, ...]] = []
    tm = line = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    leading, font, size = 0.0, "", 0.0
    operands: list[bytes] = []
    found: list[Line] = []
    i = 0

    def mul(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
        return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
                a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
                a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])

    def nums(n: int) -> list[float]:
        return [float(v) for v in operands[-n:]] if len(operands) >= n else [0.0] * n

    while i < len(content):
        if content[i] == 0x28:  # a literal string
            end = _literal_end(content, i)
            operands.append(b"()")
            i = end
            continue
        match = _TOKEN.match(content, i)
        if match is None:
            i += 1
            continue
        i = match.end()
        kind = match.lastgroup
        if kind in ("space", "dict", "open", "close"):
            continue
        if kind != "op":
            operands.append(match[0])
            continue
        op = match[0]
        if op == b"q":
            saved.append(ctm)
        elif op == b"Q" and saved:
            ctm = saved.pop()
        elif op == b"cm":
            ctm = mul(tuple(nums(6)), ctm)
        elif op == b"BT":
            tm = line = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op in (b"Td", b"TD"):
            tx, ty = nums(2)
            if op == b"TD":
                leading = -ty
            tm = line = mul((1.0, 0.0, 0.0, 1.0, tx, ty), line)
        elif op == b"Tm":
            tm = line = tuple(nums(6))
        elif op == b"TL":
            leading = nums(1)[0]
        elif op in (b"T*", b"'", b'"'):
            tm = line = mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), line)
            if op != b"T*":
                op = b"Tj"
        elif op == b"Tf" and len(operands) >= 2:
            font = fonts.get(operands[-2].lstrip(b"/"), "")
            size = float(operands[-1])
        if op in (b"Tj", b"TJ"):
            x, y = mul(tm, ctm)[4:6]
            found.append(Line(round(x, 2), round(y, 2), font, size))
        operands.clear()
    return found


def _merge(pieces: list[Line]) -> tuple[Line, ...]:
    """Pieces on one baseline are one line (the leftmost piece names it), top to bottom."""
    rows: dict[float, Line] = {}
    for piece in pieces:
        key = next((y for y in rows if abs(y - piece.y) < 0.6), piece.y)
        if key not in rows or piece.x < rows[key].x:
            rows[key] = Line(piece.x, key, piece.font, piece.size)
    return tuple(sorted(rows.values(), key=lambda line: (-line.y, line.x)))


def _title(raw: bytes) -> str:
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode("ascii"))
        if data.startswith(b"\xfe\xff"):
            return data[2:].decode("utf-16-be", "replace")
        return data.decode("latin-1")
    text = re.sub(rb"\\([nrtbf()\\])", lambda m: {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b",
                                                   b"f": b"\f"}.get(m[1], m[1]), raw[1:-1])
    if text.startswith(b"\xfe\xff"):
        return text[2:].decode("utf-16-be", "replace")
    return text.decode("latin-1")


def read(data: bytes) -> Layout:
    """The pages, outline and fonts of a PDF LibreOffice wrote; ValueError if it is not one."""
    try:
        return _read(_File(data))
    except (IndexError, KeyError, UnicodeDecodeError, zlib.error, OverflowError) as exc:
        raise ValueError(str(exc)) from None


def _read(pdf: _File) -> Layout:
    root = pdf.body(pdf.root)
    pages_ref = pdf.ref(root, b"Pages")
    if pages_ref is None:
        raise ValueError("no /Pages")
    order: list[int] = []

    def walk(number: int, depth: int = 0) -> None:
        body = pdf.body(number)
        if depth > 32:
            raise ValueError("page tree too deep")
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids is None:
            order.append(number)
            return
        for kid in re.findall(_REF, kids[1]):
            walk(int(kid), depth + 1)

    walk(pages_ref)
    pages: list[Page] = []
    used: set[str] = set()
    for number in order:
        body = pdf.body(number)
        box = re.search(rb"/MediaBox\s*\[\s*" + rb"\s+".join([_NUMBER] * 4), body)
        if box is None:
            raise ValueError("page without /MediaBox")
        resources_ref = pdf.ref(body, b"Resources")
        resources = pdf.body(resources_ref) if resources_ref is not None else body
        fonts = _font_names(pdf, resources)
        contents = re.search(rb"/Contents\s*(?:\[([^\]]*)\]|" + _REF + rb")", body)
        streams = [int(n) for n in re.findall(_REF, contents[1])] if contents and contents[1] else (
            [int(contents[2])] if contents else [])
        pieces = [piece for n in streams for piece in _lines(pdf.stream(n), fonts)]
        used.update(piece.font for piece in pieces if piece.font)
        pages.append(Page(float(box[3]) - float(box[1]), float(box[4]) - float(box[2]), _merge(pieces)))
    index = {number: i for i, number in enumerate(order)}
    headings: list[Heading] = []
    outlines = pdf.ref(root, b"Outlines")

    def entries(number: int | None, depth: int = 0) -> None:
        seen = 0
        while number is not None and seen < 100_000 and depth < 32:
            body = pdf.body(number)
            title = re.search(rb"/Title\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))", body, re.S)
            dest = re.search(rb"/Dest\s*\[\s*" + _REF + rb"\s*/XYZ\s+" + _NUMBER + rb"\s+" + _NUMBER, body)
            if title and dest and int(dest[1]) in index:
                headings.append(Heading(_title(title[1]), index[int(dest[1])], float(dest[3])))
            entries(pdf.ref(body, b"First"), depth + 1)
            number = pdf.ref(body, b"Next")
            seen += 1

    if outlines is not None:
        entries(pdf.ref(pdf.body(outlines), b"First"))
    return Layout(tuple(pages), tuple(headings), tuple(sorted(used)))


def heading_lines(page: Page, heading: Heading) -> tuple[int, int] | None:
    """Indexes in `page.lines` of a heading's first and last line: the first line under its top,
    then the lines that follow it without a paragraph's spacing."""
    first = next((i for i, line in enumerate(page.lines)
                  if heading.top - 2.5 * max(line.size, 1) < line.y <= heading.top + 0.5), None)
    if first is None:
        return None
    last = first
    while (last + 1 < len(page.lines)
           and page.lines[last].y - page.lines[last + 1].y <= 1.45 * page.lines[last].size):
        last += 1
    return first, last


def stranded(layout: Layout, top_margin: float = 20 * 72 / 25.4) -> int | None:
    """The first heading chain that ends its page with nothing after it on that page (so LibreOffice
    did not keep it with its text): the index in `layout.headings` of the chain's first heading.
    None when there is none, or when the chain starts its page (a break would not help). Lines
    above `top_margin` (the page number) are not the page's text."""
    for i, heading in enumerate(layout.headings):
        if heading.page >= len(layout.pages) - 1:
            continue
        page = layout.pages[heading.page]
        span = heading_lines(page, heading)
        if span is None or span[1] != len(page.lines) - 1:
            continue
        start, first = i, span[0]
        while start > 0 and layout.headings[start - 1].page == heading.page:
            before = heading_lines(page, layout.headings[start - 1])
            if before is None or before[1] + 1 != first:
                break
            start, first = start - 1, before[0]
        above = [line for line in page.lines[:first] if line.y < page.height - top_margin]
        return start if above else None
    return None
