"""Stage 3: the document's parts under Decree 30, found by what they say, not how kehoach lays
them out: the header (a borderless table, tab-separated lines or text boxes), the document kind
and trích yếu, the preamble (Căn cứ lines, an opening paragraph), the body, the signature block
(Nơi nhận, Lưu, authority, name — a table or plain lines) and the appendices after it.

Every line keeps its đoạn, and every part says which đoạn it used, so the next stage can list
what nothing used.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from kehoach.diagnostics import KehoachError
from kehoach.docximport.lines import Line, collapse, lines_of, split_label
from kehoach.docximport.read import Para, Source, Table

KINDS = {  # other document kinds (Phụ lục III), to say what a document is when it is no plan
    "bao cao": "BÁO CÁO",
    "quyet dinh": "QUYẾT ĐỊNH",
    "to trinh": "TỜ TRÌNH",
    "thong bao": "THÔNG BÁO",
    "chuong trinh": "CHƯƠNG TRÌNH",
    "de an": "ĐỀ ÁN",
    "huong dan": "HƯỚNG DẪN",
    "bien ban": "BIÊN BẢN",
    "giay moi": "GIẤY MỜI",
    "cong van": "CÔNG VĂN",
    "nghi quyet": "NGHỊ QUYẾT",
    "chi thi": "CHỈ THỊ",
    "phuong an": "PHƯƠNG ÁN",
    "du an": "DỰ ÁN",
    "quy che": "QUY CHẾ",
}
AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\s*\.\s*(.+)$")
_NUMBER = re.compile(
    r"^Số\s*:?\s*(?P<n>\d+)?[\s.…_]*/\s*(?P<kind>[A-ZĐa-zđ]+)\s*(?:[-–]\s*(?P<code>.+?))?\s*$"
)
_DATE = re.compile(
    r"^(?P<place>[^,]+?)\s*,\s*ngày\s*(?P<d>\d{1,2})?[\s.…_/]*tháng\s*(?P<m>\d{1,2})?[\s.…_/]*"
    r"năm\s*(?P<y>\d{4})?\s*\.?$",
    re.I,
)
_RULE = re.compile(r"^[\s\-_=─—–.*·]*$")
SIGNED = re.compile(
    r"^\(?\s*(đã ký|da ky|ký,? (ghi rõ họ tên,? )?đóng dấu|ký tên|ký và đóng dấu)[^)]*\)?$", re.I
)


def plain(text: str) -> str:
    """Lower case without accents, spaces collapsed: for matching words however they are typed."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())


@dataclass
class Piece:
    """A short line of the header or signature: where it stood (column) and how it looked."""

    index: int
    text: str
    column: int  # 0 left, 1 right, -1 not known
    bold: bool = False
    italic: bool = False


@dataclass
class Header:
    parent_lines: list[str] = field(default_factory=list)
    issuer_lines: list[str] = field(default_factory=list)
    number: int | None = None
    number_seen: bool = False
    kind_code: str = ""
    issuer_code: str = ""
    place: str = ""
    date: date | None = None
    date_parts: tuple[int | None, int | None, int | None] = (None, None, None)
    national: bool = False
    motto: bool = False
    used: set[int] = field(default_factory=set)
    unplaced: list[Piece] = field(default_factory=list)


@dataclass
class Signature:
    recipients: list[tuple[int, str]] = field(default_factory=list)
    archive: list[str] = field(default_factory=list)
    archive_index: int = 0
    authority: list[tuple[int, str]] = field(default_factory=list)  # the capital lines
    name: str = ""
    name_index: int = 0
    used: set[int] = field(default_factory=set)
    unplaced: list[Piece] = field(default_factory=list)


@dataclass
class AppendixPart:
    index: int
    label: str
    title: list[str]
    note: str
    tables: list[Table]
    lines: list[Line]


@dataclass
class Parts:
    header: Header
    kind_index: int
    summary: str
    summary_indexes: list[int]
    preamble: list[Line]
    body: list[Line | Table]
    signature: Signature
    appendices: list[AppendixPart]
    stray: list[Line | Table]  # blocks found nowhere (before the header, between parts)


class NotAPlan(KehoachError):
    """No KẾ HOẠCH in the document."""


# ---------------------------------------------------------------------------------------------


def _pieces_of(block: Para | Table) -> list[Piece]:
    """A header or signature block as its short lines, with their column."""
    if isinstance(block, Table):
        out = []
        for row in block.rows:
            width = len(row)
            for c, cell in enumerate(row):
                column = 0 if c == 0 and width > 1 else (1 if width > 1 else -1)
                for para in cell:
                    for part in para.text.split("\n"):
                        if part.strip():
                            out.append(Piece(para.index, collapse(part), column, para.bold, para.italic))
        return out
    out = []
    for part in block.text.split("\n"):
        columns = [c for c in re.split(r"\t+|\s{3,}", part) if c.strip()]
        if len(columns) >= 2:
            out.append(Piece(block.index, collapse(columns[0]), 0, block.bold, block.italic))
            out.append(Piece(block.index, collapse(" ".join(columns[1:])), 1, block.bold, block.italic))
        elif columns:
            column = 1 if block.align == "right" else -1
            out.append(Piece(block.index, collapse(columns[0]), column, block.bold, block.italic))
    return out


def is_national(text: str) -> bool:
    p = plain(text).replace("hoa", "hoa").replace("hõa", "hoa")
    return "cong hoa xa hoi chu nghia viet nam" in p


def is_motto(text: str) -> bool:
    p = plain(text)
    return "doc lap" in p and "hanh phuc" in p


def parse_number(text: str) -> re.Match[str] | None:
    return _NUMBER.match(text.strip())


def parse_date_line(text: str) -> re.Match[str] | None:
    return _DATE.match(text.strip())


def is_rule(text: str) -> bool:
    return bool(_RULE.match(text)) and not text.strip().isalnum()


def _header(pieces: list[Piece]) -> Header:
    header = Header()
    agency: list[Piece] = []
    for piece in pieces:
        text = piece.text
        if is_rule(text):
            header.used.add(piece.index)
            continue
        if is_national(text):
            header.national = True
        elif is_motto(text):
            header.motto = True
        elif (m := parse_number(text)) is not None:
            header.number_seen = True
            header.number = int(m["n"]) if m["n"] else None
            header.kind_code = m["kind"].upper()
            header.issuer_code = re.sub(r"\s+", "", m["code"] or "")
        elif (m := parse_date_line(text)) is not None:
            header.place = collapse(m["place"])
            d, mo, y = (int(m[k]) if m[k] else None for k in ("d", "m", "y"))
            header.date_parts = (d, mo, y)
            if d and mo and y:
                try:
                    header.date = date(y, mo, d)
                except ValueError:
                    header.unplaced.append(piece)
                    continue
        elif piece.column != 1:
            agency.append(piece)
            continue
        else:
            header.unplaced.append(piece)
            continue
        header.used.add(piece.index)
    # The agency lines: the issuer in bold under a parent that is not; without that difference,
    # the last agency named (a line opening with the name of a body) is the issuer.
    if agency:
        bolds = [p.bold for p in agency]
        if any(bolds) and not all(bolds) and bolds.index(True) > 0 and all(bolds[bolds.index(True) :]):
            cut = bolds.index(True)
        else:
            cut = _last_body_start(agency)
        header.parent_lines = [p.text for p in agency[:cut]]
        header.issuer_lines = [p.text for p in agency[cut:]]
        header.used.update(p.index for p in agency)
    return header


_BODY_WORDS = (
    "uy ban",
    "ubnd",
    "hoi dong",
    "hdnd",
    "so ",
    "phong ",
    "ban ",
    "van phong",
    "trung tam",
    "ngan hang",
    "truong ",
    "chi cuc",
    "cuc ",
    "bo ",
    "dang uy",
    "cong an",
    "quan su",
    "kho bac",
    "bao hiem",
    "doan ",
    "hoi ",
    "dai ",
    "tram ",
    "benh vien",
    "chi nhanh",
)


def _last_body_start(agency: list[Piece]) -> int:
    """Where the last agency's name begins (0 when only one is named)."""
    starts = [i for i, p in enumerate(agency) if plain(p.text).startswith(_BODY_WORDS)]
    return starts[-1] if starts else 0


# ---------------------------------------------------------------------------------------------


def _is_kind_line(text: str) -> bool:
    return plain(text) in ("ke hoach", "k e h o a c h")


def _find_kind(blocks: list[Para | Table]) -> tuple[int, int] | None:
    """(block position, đoạn) of the KẾ HOẠCH line: a paragraph, or a line of a header table."""
    for pos, block in enumerate(blocks):
        if isinstance(block, Para):
            first = block.text.split("\n")[0]
            if _is_kind_line(first):
                return pos, block.index
        elif pos < 3:
            for row in block.rows:
                for cell in row:
                    for para in cell:
                        if _is_kind_line(para.text.split("\n")[0]):
                            return pos, para.index
    return None


def _other_kind(blocks: list[Para | Table]) -> str | None:
    for block in blocks[:40]:
        texts = (
            [block.text] if isinstance(block, Para) else [p.text for r in block.rows for c in r for p in c]
        )
        for text in texts:
            key = plain(text.split("\n")[0])
            if key in KINDS:
                return KINDS[key]
    return None


def _starts_signature(block: Para | Table) -> bool:
    """ "Nơi nhận" in a paragraph or a table; a table holding a signer ("TM. ỦY BAN NHÂN DÂN")."""
    texts = (
        [block.text]
        if isinstance(block, Para)
        else [p.text for row in block.rows for cell in row for p in cell]
    )
    for text in texts:
        for part in re.split(r"[\t\n]|\s{3,}", text):
            if plain(part).startswith("noi nhan"):
                return True
            if isinstance(block, Table) and _signer_line(part):
                return True
    return False


def _signer_line(text: str) -> bool:
    t = collapse(text)
    return bool(AUTHORITY.match(t)) and t.upper() == t


def _is_appendix_start(block: Para | Table) -> bool:
    return isinstance(block, Para) and bool(re.match(r"^phu luc\b", plain(block.text)))


def split_parts(source: Source) -> Parts:
    blocks = list(source.blocks)
    found = _find_kind(blocks)
    if found is None:
        other = _other_kind(blocks)
        if other:
            raise NotAPlan(
                f"Văn bản này là {other}, không phải KẾ HOẠCH.",
                "kehoach chỉ nhập kế hoạch; kiểm tra lại tệp.",
            )
        raise NotAPlan(
            'Không tìm thấy kế hoạch trong văn bản: không có dòng tên loại "KẾ HOẠCH".',
            "Kiểm tra đúng tệp kế hoạch; nếu văn bản ghi tên loại ở chỗ khác, sửa cho có "
            'dòng "KẾ HOẠCH" riêng rồi nhập lại.',
        )
    pos, kind_index = found
    head_blocks = blocks[: pos + (1 if isinstance(blocks[pos], Table) else 0)]
    pieces = [piece for block in head_blocks for piece in _pieces_of(block)]
    pieces = [p for p in pieces if p.index != kind_index]
    header = _header(pieces)

    # The trích yếu: what follows KẾ HOẠCH in its own paragraph, then the centred paragraphs
    # after it (a long one is often typed over two or three), up to a rule or the text.
    rest = blocks[pos + 1 :]
    summary_parts: list[str] = []
    summary_indexes: list[int] = []
    if isinstance(blocks[pos], Para):
        tail = blocks[pos].text.split("\n", 1)
        if len(tail) > 1 and tail[1].strip():
            summary_parts.append(tail[1])
            summary_indexes.append(blocks[pos].index)
    else:  # the KẾ HOẠCH line inside a header table: the trích yếu may sit under it in the cell
        summary_parts, summary_indexes = _summary_in_table(blocks[pos], kind_index)
    i = 0
    while i < len(rest):
        block = rest[i]
        if not isinstance(block, Para) or block.label:
            break
        text = block.text.strip()
        if not text:
            if summary_parts:
                i += 1
                break
            i += 1
            continue
        if is_rule(text):
            i += 1
            break
        starts_text = plain(text).startswith(("can cu", "thuc hien", "de ", "nham ", "trien khai "))
        first = not summary_parts  # the paragraph right under KẾ HOẠCH is the trích yếu
        if (
            split_label(text)[1]
            or (starts_text and not first)
            or (
                block.align != "center"
                and not (first and (block.bold or (len(text) < 300 and not starts_text)))
            )
        ):
            break
        summary_parts.append(text)
        summary_indexes.append(block.index)
        i += 1
    summary = _summary_text(summary_parts)
    rest = rest[i:]

    # The signature and what follows it: from "Nơi nhận" (or a signer typed as lines before it).
    end = next((k for k, b in enumerate(rest) if _starts_signature(b) or _is_appendix_start(b)), len(rest))
    k = _signer_start(rest, end)
    body_blocks, after = rest[:k], rest[k:]
    appendix_at = next((j for j, b in enumerate(after) if _is_appendix_start(b)), len(after))
    signature = _signature(after[:appendix_at])
    appendices, stray = _appendices(after[appendix_at:])

    body_lines: list[Line | Table] = []
    for block in body_blocks:
        if isinstance(block, Table):
            body_lines.append(block)
        else:
            body_lines.extend(line for line in lines_of(block) if not is_rule(line.full))
    _unclose(body_lines)
    preamble: list[Line] = []
    top = _top_kind(body_lines)
    while body_lines and isinstance(body_lines[0], Line) and not _is_top(body_lines[0], top):
        preamble.append(body_lines.pop(0))  # type: ignore[arg-type]
    stray_header = [Line(p.index, p.text) for p in header.unplaced]
    return Parts(
        header,
        kind_index,
        summary,
        summary_indexes,
        preamble,
        body_lines,
        signature,
        appendices,
        [*stray_header, *stray],
    )


TITLES = (
    "chu tich",
    "pho chu tich",
    "truong phong",
    "pho truong phong",
    "giam doc",
    "pho giam doc",
    "truong ban",
    "pho truong ban",
    "chanh van phong",
    "pho chanh van phong",
    "bi thu",
    "pho bi thu",
    "chi huy truong",
    "truong tram",
    "hieu truong",
    "thu truong",
)


def _signer_head(text: str) -> bool:
    """An authority line ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") or a signer's title in capitals."""
    t = collapse(text)
    return t.upper() == t and (bool(AUTHORITY.match(t)) or plain(t) in TITLES)


def _signer_start(blocks: list[Para | Table], end: int) -> int:
    """Where a signer block typed as short paragraphs begins, just before `end`; `end` if none."""
    start = end
    for j in range(end - 1, max(-1, end - 9), -1):
        block = blocks[j]
        if not isinstance(block, Para) or block.label or len(block.text.strip()) > 80:
            break
        if _signer_head(block.text):
            start = j
    return start


# Words that never start a proper name: a capital on them after a line break is the clerk's.
_FUNCTION_WORDS = {
    "của",
    "đến",
    "và",
    "về",
    "trên",
    "tại",
    "cho",
    "trong",
    "theo",
    "với",
    "các",
    "những",
    "năm",
    "giai",
    "nhằm",
    "để",
    "từ",
    "thuộc",
    "định",
    "hướng",
    "thực",
    "triển",
    "khai",
    "hiện",
}


def _summary_text(parts: list[str]) -> str:
    """The trích yếu from its lines (manual breaks, or paragraphs): one sentence; a capital a
    line break put on a common word ("…ngày 06/9/2023 / Của Ban Thường vụ…") made small."""
    lines = [collapse(line) for part in parts for line in part.split("\n") if line.strip()]
    out = []
    for i, line in enumerate(lines):
        first = line.split(" ", 1)[0]
        if (
            i
            and not out[-1].endswith((".", ":", ";", "!", "?"))
            and first[:1].isupper()
            and first[1:].islower()
            and first.lower() in _FUNCTION_WORDS
        ):
            line = line[:1].lower() + line[1:]
        out.append(line)
    return " ".join(out)


def _unclose(lines: list[Line | Table]) -> None:
    """The body ends with "./." (Decree 30's mark after the last sentence): the sentence's own
    full stop stays, the mark goes; a "./." alone on its line goes with it."""
    from dataclasses import replace

    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if isinstance(line, Table) or not line.text:
            continue
        if line.text.strip() in ("./.", "/."):
            del lines[i]
            continue
        if line.text.rstrip().endswith("/."):
            lines[i] = replace(line, text=line.text.rstrip()[:-2].rstrip().rstrip(".") + ".")
        return


def _summary_in_table(table: Table, kind_index: int) -> tuple[list[str], list[int]]:
    parts, indexes, seen = [], [], False
    for row in table.rows:
        for cell in row:
            for para in cell:
                if para.index == kind_index:
                    seen = True
                    continue
                if seen and para.text.strip() and not is_rule(para.text):
                    parts.append(para.text)
                    indexes.append(para.index)
    return parts, indexes


TOP_KINDS = ("roman", "upper")


def _top_kind(lines: list[Line | Table]) -> str:
    for line in lines:
        if isinstance(line, Line) and line.kind in TOP_KINDS and _looks_heading(line):
            return line.kind
    return "number"


def _looks_heading(line: Line) -> bool:
    letters = [ch for ch in line.text if ch.isalpha()]
    upper = bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.8
    return line.bold or upper or (len(line.text) < 120 and not line.text.rstrip().endswith((".", ";")))


def _is_top(line: Line, top: str) -> bool:
    return line.kind == top and (top != "number" or line.depth == 1) and _looks_heading(line)


def _signature(blocks: list[Para | Table]) -> Signature:
    signature = Signature()
    left: list[Piece] = []
    right: list[Piece] = []
    in_recipients = False
    for block in blocks:
        for piece in _pieces_of(block):
            text = piece.text
            p = plain(text)
            if p.startswith("noi nhan"):
                in_recipients = True
                signature.used.add(piece.index)
                rest = re.sub(r"^\s*nơi nhận\s*:?\s*", "", text, flags=re.I)
                if rest and rest != text:
                    left.append(Piece(piece.index, rest, 0))
                continue
            is_recipient = text.startswith(("-", "–", "+", "•")) or p.startswith("luu")
            if piece.column == 0 or (piece.column == -1 and in_recipients and is_recipient):
                left.append(piece)
            else:
                right.append(piece)
    for piece in left:
        text = re.sub(r"^[-–+•]\s*", "", piece.text).strip()
        if m := re.match(r"^lưu\s*:?\s*(.*)$", text, re.I):
            signature.archive = [a.strip() for a in re.split(r"[,;]", m[1].strip().rstrip(".;")) if a.strip()]
            signature.archive_index = piece.index
        elif text:
            signature.recipients.append((piece.index, text.rstrip(";.,").strip()))
        signature.used.add(piece.index)
    names = [p for p in right if not is_rule(p.text)]
    for piece in names:
        text = piece.text.strip()
        if SIGNED.match(text):
            signature.used.add(piece.index)
            continue
        letters = [ch for ch in text if ch.isalpha()]
        if letters and all(ch.isupper() for ch in letters):
            signature.authority.append((piece.index, text))
            signature.used.add(piece.index)
        elif not signature.name:
            signature.name = text
            signature.name_index = piece.index
            signature.used.add(piece.index)
        else:
            signature.unplaced.append(piece)
    return signature


def _appendices(blocks: list[Para | Table]) -> tuple[list[AppendixPart], list[Line | Table]]:
    out: list[AppendixPart] = []
    stray: list[Line | Table] = []
    for block in blocks:
        if _is_appendix_start(block):
            assert isinstance(block, Para)
            out.append(AppendixPart(block.index, collapse(block.text), [], "", [], []))
            continue
        if not out:
            if isinstance(block, Table) or block.text.strip():
                stray.append(block if isinstance(block, Table) else Line(block.index, collapse(block.text)))
            continue
        current = out[-1]
        if isinstance(block, Table):
            current.tables.append(block)
            continue
        text = collapse(block.text)
        if not text:
            continue
        if text.startswith("(") and "kèm theo" in text.lower():
            current.note = text
        elif not current.tables and not current.note and text.upper() == text:
            current.title.append(text)
        else:
            current.lines.extend(lines_of(block))
    return out, stray
