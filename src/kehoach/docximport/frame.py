"""The frame of a Decree 30 document: its header (agency, Số/ký hiệu, place and date, quốc hiệu
and tiêu ngữ) and its signature block (Nơi nhận, Lưu, authority lines, the signer's name), read
from short lines whatever holds them: a borderless table, lines typed with tabs, text boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kehoach.docximport.lines import collapse
from kehoach.docximport.read import Para, Table
from kehoach.docximport.text import plain

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


def pieces_of(block: Para | Table) -> list[Piece]:
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
        # columns apart by tabs; without tabs, by a run of spaces (not the blank of "Số:    /KH")
        gap = r"\t+" if "\t" in part else r"(?<!Số:)(?<!Số)\s{3,}(?!/)"
        columns = [c for c in re.split(gap, part) if c.strip()]
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


def read_header(pieces: list[Piece]) -> Header:
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
        first_bold = bolds.index(True) if any(bolds) else 0
        opens_body = plain(agency[first_bold].text).startswith(_BODY_WORDS)
        if first_bold > 0 and all(bolds[first_bold:]) and opens_body:
            cut = first_bold
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


def signer_line(text: str) -> bool:
    t = collapse(text)
    return bool(AUTHORITY.match(t)) and t.upper() == t


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


def signer_head(text: str) -> bool:
    """An authority line ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") or a signer's title in capitals."""
    t = collapse(text)
    return t.upper() == t and (bool(AUTHORITY.match(t)) or plain(t) in TITLES)


def read_signature(blocks: list[Para | Table]) -> Signature:
    signature = Signature()
    left: list[Piece] = []
    right: list[Piece] = []
    in_recipients = False
    for block in blocks:
        for piece in pieces_of(block):
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
