"""A Word table in the body (a chỉ tiêu table of targets per year or per village, a small cost
table) → the plan format's `table: {header, rows, money, unit, total}`, as clerks type them.

- The first row is the header; a header over two rows (a cell spanning "Năm" over "2024", "2025")
  is read as one ("Năm 2024", "Năm 2025"). Cells: their text, paragraphs joined by a space.
- A column is money when every cell under the header reads as an amount and either its header
  says so (a unit — "(đồng)", "(triệu đồng)", "VNĐ" — or words such as "Kinh phí", "Số tiền") or
  its figures are right-aligned (as kehoach prints money) and written as amounts ("3.000.000") or
  under a "Đơn vị tính" line — counts are right-aligned too. The unit is the header's, else a
  line "Đơn vị tính: …" just above the table, else đồng (said).
- A last row that starts "Tổng cộng", "Tổng", "Cộng" is the total row: when its money cells are
  the sums of the rows above, it becomes `total`; when they are not, it is kept as an ordinary
  row, as written, and the difference is reported — never corrected.
Anything the plan format cannot hold as the document shows it (merged cells, a cell of several
paragraphs, a money column in another unit) is said in a review note.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from kehoach import emphasis
from kehoach.docximport.lines import collapse
from kehoach.docximport.read import Table
from kehoach.money import MoneyError, format_in_unit, parse_money

# unit words, longest first, matched in lower case with their accents ("động" is no "đồng")
_UNITS = (
    ("tỷ đồng", "tỷ đồng"),
    ("tỉ đồng", "tỷ đồng"),
    ("triệu đồng", "triệu đồng"),
    ("tr.đ", "triệu đồng"),
    ("trđ", "triệu đồng"),
    ("nghìn đồng", "nghìn đồng"),
    ("ngàn đồng", "nghìn đồng"),
    ("đồng", "đồng"),
    ("vnđ", "đồng"),
    ("vnd", "đồng"),
    ("đ", "đồng"),
)
_MONEY_WORDS = re.compile(r"(?<!\w)(kinh phí|số tiền|thành tiền|dự toán|ngân sách|nguồn vốn|chi phí|giá trị|"
                          r"đơn giá|tiền)(?!\w)")
_UNIT_LINE = re.compile(r"^\(?\s*(?:đơn vị tính|đvt)\s*:?\s*(?P<unit>.+?)\s*[.;)]?$")
# "Tổng cộng", "Tổng", "Cộng", "Tổng số", "Tổng kinh phí", "Tổng cộng (I + II)", "Cộng:" — and not
# a row that merely starts with the word ("Tổng kết năm", "Cộng tác viên")
_TOTAL = re.compile(r"^(?:tổng cộng|tổng số|tổng|cộng)(?:\s+(?:kinh phí|số tiền|giá trị|dự toán|vốn|chi phí"
                    r"|ngân sách|nguồn vốn|thành tiền))?(?:\s*[:(].*)?\s*$")
_NUMBERING = {"stt", "tt", "số tt", "số thứ tự"}
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")


def _lower(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).lower()


@dataclass
class Reading:
    """A table read for the plan: `data` is the `table:` value (None when the table cannot be
    one: a header alone), `notes` (đoạn, message) for the review list."""

    data: dict[str, Any] | None
    notes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Cell:
    text: str
    align: str
    index: int  # its đoạn (the table's first when it is empty)
    paragraphs: int


def unit_of(text: str) -> str | None:
    """The money unit a header or a "Đơn vị tính: …" line names, if any."""
    said = _lower(text)
    for word, unit in _UNITS:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", said):
            if word == "đ" and not re.search(r"\(\s*đ\s*\)|(?<!\w)đ\s*$", said):
                continue  # a lone "đ" only in "(đ)" or at the end
            return unit
    return None


def unit_line(text: str) -> str | None:
    """ "Đơn vị tính: triệu đồng" (a line clerks put above a table) → its unit."""
    m = _UNIT_LINE.match(_lower(text))
    return unit_of(m["unit"]) if m else None


def _rows(table: Table) -> list[tuple[list[_Cell], list[bool]]]:
    """The rows with merged cells spread over the columns they cover: (cells, for each column
    whether a merged cell covers it), rows with no text left out."""
    out = []
    for r, row in enumerate(table.rows):
        spans = table.spans[r] if r < len(table.spans) else ()
        cells: list[_Cell] = []
        spread: list[bool] = []
        for c, paras in enumerate(row):
            said = [collapse(p.text) for p in paras if p.text.strip()]
            first = paras[0] if paras else None
            cell = _Cell(" ".join(said), first.align if first else "", first.index if first else table.index,
                         len(said))
            width = spans[c] if c < len(spans) else 1
            cells.append(cell)
            cells += [_Cell("", cell.align, cell.index, 0) for _ in range(width - 1)]
            spread += [width > 1] * width
        if any(c.text for c in cells):
            out.append((cells, spread))
    return out


def read_table(table: Table, above: str = "") -> Reading:
    """The plan's `table` from a Word table of the body; `above`: the line right before it."""
    notes: list[tuple[int, str]] = []
    read = _rows(table)
    if len(read) < 2:
        return Reading(None, notes)
    (first, spread), rest = read[0], read[1:]
    header = [c.text for c in first]
    body = [cells for cells, _ in rest]
    second = body[0]
    if any(spread) and len(body) > 1 and len(second) == len(header) and all(
            bool(s.text) == wide for s, wide in zip(second, spread, strict=True)):
        # a header over two rows: "Năm" spread over "2024", "2025"; the other cells merged down
        group = ""
        joined = []
        for h, s, wide in zip(header, second, spread, strict=True):
            group = h or group if wide else ""
            joined.append(f"{group} {s.text}".strip() if wide else h)
        header = joined
        said = "; ".join(header)
        notes.append((first[0].index, f"hàng tiêu đề hai tầng: gộp thành một hàng ({said})"))
        body = body[1:]
    if any(any(wide) for _, wide in rest):
        notes.append((table.index, "bảng có ô gộp: mỗi ô gộp thành một ô và các ô trống bên cạnh"))
    width = max(len(header), *(len(row) for row in body)) if body else len(header)
    if any(len(row) != width for row in body) or len(header) != width:
        notes.append((table.index, "các hàng của bảng không đủ số ô như nhau: thêm ô trống cho đủ"))
    for i, h in enumerate(header + [""] * (width - len(header))):
        if not h:
            notes.append((first[0].index, f"cột {i + 1} không có tiêu đề: ghi “Cột {i + 1}”"))
    header = [h or f"Cột {i + 1}" for i, h in enumerate(header + [""] * (width - len(header)))]
    body = [row + [_Cell("", "", table.index, 0)] * (width - len(row)) for row in body]
    if any(c.paragraphs > 1 for row in [first, *body] for c in row):
        notes.append((table.index, "có ô gồm nhiều đoạn: nối thành một dòng"))
    if not body:
        return Reading(None, notes)

    total_row = body[-1] if len(body) > 1 and _is_total(body[-1]) else None
    above_total = body[:-1] if total_row is not None else body
    table_unit = unit_line(above) if above else None
    money: list[int] = []
    unit: str | None = None
    for c in range(width):
        column = [row[c] for row in above_total if row[c].text]
        if not column or _lower(header[c]) in _NUMBERING:
            continue
        named = unit_of(header[c])
        said = named is not None or bool(_MONEY_WORDS.search(_lower(header[c])))
        # right-aligned figures are money when written as amounts ("3.000.000") or under a
        # "Đơn vị tính" line; counts are right-aligned too ("Số hộ": 120, 95)
        right = all(cell.align == "right" for cell in column) and (
            table_unit is not None or all(_GROUPED.fullmatch(cell.text) for cell in column))
        if not (said or right):
            continue
        own = named or table_unit or unit
        tried = [own] if own else ["đồng", "triệu đồng"]
        found = next((u for u in tried if _amounts([cell.text for cell in column], u)), None)
        if found is None:
            if said:
                bad = next(cell for cell in column if not _amounts([cell.text], tried[0]))
                notes.append((bad.index, f"cột “{header[c]}” ghi số tiền nhưng ô “{bad.text}” không đọc được "
                              "là số tiền: giữ cả cột như chữ"))
            continue
        if unit is not None and found != unit:
            notes.append((column[0].index, f"cột “{header[c]}” tính bằng {found}, cột số tiền trước tính "
                          f"bằng {unit}: một bảng chỉ có một đơn vị, giữ cột này như chữ"))
            continue
        if own is None:
            notes.append((column[0].index, f"cột “{header[c]}” là số tiền nhưng văn bản không ghi đơn vị: "
                          f"kehoach lấy {found}; ghi `unit:` nếu không đúng"))
        unit = found
        money.append(c)
    unit = unit or "đồng"

    data: dict[str, Any] = {"header": header,
                            "rows": [[_body_cell(c.text) for c in row] for row in above_total]}
    if money:
        data["money"] = [c + 1 for c in money]
    if unit != "đồng" and money:
        data["unit"] = unit
    if total_row is not None:
        label = _total(total_row, header, money, unit, above_total, notes)
        if label is not None:
            data["total"] = label
        else:
            data["rows"].append([_body_cell(c.text) for c in total_row])
    return Reading(data, notes)


def _body_cell(text: str) -> str:
    """A body cell is printed without emphasis markers: an asterisk kehoach would read as one is
    escaped."""
    return text if emphasis.plain(text) == text else text.replace("*", "\\*")


def _amounts(cells: list[str], unit: str) -> bool:
    try:
        for cell in cells:
            parse_money(cell, unit)
    except MoneyError:
        return False
    return True


def _is_total(row: list[_Cell]) -> bool:
    label = next((c.text for c in row if c.text), "")
    return bool(_TOTAL.match(_lower(label)))


def _total(row: list[_Cell], header: list[str], money: list[int], unit: str, rows: list[list[_Cell]],
           notes: list[tuple[int, str]]) -> str | None:
    """The `total` label when the row is what kehoach prints for it (the label first, the sums of
    the money columns, nothing else); None to keep it as a row, the reason said."""
    label = next(c for c in row if c.text)
    wrong = []
    for c in money:
        sums = sum(parse_money(r[c].text, unit) for r in rows if r[c].text)
        try:
            written = parse_money(row[c].text, unit) if row[c].text else None
        except MoneyError:
            written = None
        if written != sums:
            wrong.append((c, sums))
    for c, sums in wrong:
        notes.append((row[c].index if row[c].text else label.index,
                      f"dòng “{label.text}” ghi “{row[c].text or 'trống'}” ở cột “{header[c]}”, các hàng "
                      f"trên cộng lại {format_in_unit(sums, unit)}: giữ dòng này như một hàng, không sửa số; "
                      f"sửa số sai rồi thay hàng này bằng `total: {label.text}`"))
    if wrong:
        return None
    if not money:
        notes.append((label.index, f"dòng “{label.text}” không có cột số tiền để cộng: giữ như một hàng"))
        return None
    others = [c for c in range(1, len(row)) if c not in money and row[c].text]
    if row[0] is not label or others:
        notes.append((label.index, f"dòng “{label.text}” cộng đúng nhưng có ô ngoài cột số tiền hoặc không ở "
                      "cột đầu: giữ như một hàng (kehoach chỉ in tên dòng tổng ở cột đầu và tổng các cột số "
                      "tiền)"))
        return None
    return label.text
