"""The view model: the whole document with every string final, built once from a validated plan.

Numbering, capitals, the date line, deadline phrases, money, the signature stack and the closing
"./." are decided here, so the .docx, .html and .md templates only lay out what they are given
and cannot disagree with each other. Paragraph styles are named by their Word style id; the
display names a clerk sees in Word are in STYLE_NAMES.

Long because the document is one view built in one pass (the numbering, the money and the
signature stack refer to each other); the parts that stand alone have their own modules:
the agency lines (agency.py), the task tables of appendices (appendix.py).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from kehoach import agency, emphasis, funding, plantables
from kehoach.agency import split_agency
from kehoach.catalogue import Catalogue
from kehoach.deadlines.phrase import phrase as deadline_phrase
from kehoach.emphasis import Run
from kehoach.metrics import AGENCY_SIZE_PT, HEADER_LEFT, TITLE_SIZE_PT, TITLE_WIDTH_PT, text_width_pt
from kehoach.model import Activity, Budget, Bullet, Item, PartialDate, Plan, Signer, signs_as_collective
from kehoach.model import Table as PlanTable
from kehoach.money import MoneyError, amount_in_words, format_amount, format_in_unit
from kehoach.outline import Node, SectionEntry, has_points, heading, label, letter, of, style_at
from kehoach.phrases import NBSP, break_lines, tie
from kehoach.render import fit

# Word style id → the name shown in Word's style gallery (styles.xml defines each one).
STYLE_NAMES = {
    "KHCoQuanChuQuan": "KH Cơ quan chủ quản",
    "KHTenCoQuan": "KH Tên cơ quan",
    "KHSoKyHieu": "KH Số ký hiệu",
    "KHQuocHieu": "KH Quốc hiệu",
    "KHTieuNgu": "KH Tiêu ngữ",
    "KHDiaDanh": "KH Địa danh ngày tháng",
    "KHDuongKe": "KH Đường kẻ",
    "KHDuThao": "KH Dự thảo",
    "KHTenLoai": "KH Tên loại",
    "KHTrichYeu": "KH Trích yếu",
    "KHCanCu": "KH Căn cứ",
    "KHNoiDung": "KH Nội dung",
    "KHMucI": "KH Mục I",
    "KHMuc1": "KH Mục 1",
    "KHMuc11": "KH Mục 1.1",
    "KHMuc111": "KH Mục 1.1.1",
    "KHDiem": "KH Điểm",
    "KHGachDauDong": "KH Gạch đầu dòng",
    "KHDauCong": "KH Dấu cộng",
    "KHThoiGianMuc": "KH Thời gian của mục",
    "KHNoiNhanTieuDe": "KH Nơi nhận tiêu đề",
    "KHNoiNhan": "KH Nơi nhận",
    "KHChucVuKy": "KH Chức vụ ký",
    "KHNguoiKy": "KH Người ký",
    "KHSoTrang": "KH Số trang",
    "KHDoanTrong": "KH Đoạn trống",
    "KHBang": "KH Bảng",
    "KHBangTieuDe": "KH Bảng tiêu đề",
    "KHBangDam": "KH Bảng đậm",
    "KHDam": "KH Đậm",
    "KHNghieng": "KH Nghiêng",
    "KHDamNghieng": "KH Đậm nghiêng",
    "KHTenBang": "KH Tên bảng",
    "KHDonViTinh": "KH Đơn vị tính",
    "KHPhuLuc": "KH Phụ lục",
    "KHPhuLucTen": "KH Phụ lục tên",
    "KHPhuLucKemTheo": "KH Phụ lục kèm theo",
}

# Page geometry (Phụ lục I): A4, margins top 20, bottom 20, left 30, right 15 mm. Twips: 1/20 pt.
TWIPS_PER_MM = 1440 / 25.4
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
TEXT_WIDTH = round((PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * TWIPS_PER_MM)  # 9354
# A landscape page (a wide table) keeps the same margins on the same edges: 252 mm of text.
LANDSCAPE_TEXT_WIDTH = round((PAGE_HEIGHT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * TWIPS_PER_MM)  # 14287
# Header table ≈ 40/60. The right column must hold "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at
# 13 pt bold (≈ 96 mm) on one line, hence 38.5/61.5 and cells without side margins.
HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT
# Signature table: Nơi nhận ≈ 1/3, the signer ≈ 2/3.
SIGN_LEFT = round(TEXT_WIDTH / 3)
SIGN_RIGHT = TEXT_WIDTH - SIGN_LEFT

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOCUMENT_KIND = "KẾ HOẠCH"
KIND_CODE = "KH"  # Phụ lục III: the abbreviation of Kế hoạch in the ký hiệu
DRAFT_MARK = "DỰ THẢO"
MOTTO_SIZE_PT = 14

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph: a Word style id and its final text. `keep`: kept on the page of the
    paragraph after it (a lead-in such as "a) Nội dung thực hiện", an item with its time line),
    as the headings' styles are."""

    style: str
    text: str  # as a reader sees it, without emphasis markers
    keep: bool = False
    # Bold and italic stretches (`**…**`, `*…*` in the plan), joined they are `text`; empty: the
    # whole paragraph in its style's own face.
    runs: tuple[Run, ...] = ()
    kind: ClassVar[str] = "para"  # templates tell body elements apart by `kind`

    @property
    def markdown(self) -> str:
        """The text as Markdown writes it: markers around the bold and italic stretches."""
        return emphasis.markdown(self.runs) if self.runs else self.text

    def closed(self) -> Para:
        """The body's last paragraph, ending with "./." (the closing marks in the plain face)."""
        text = close(self.text)
        if not self.runs:
            return Para(self.style, text, self.keep)
        kept = next((i for i, (a, b) in enumerate(zip(self.text, text, strict=False)) if a != b),
                    min(len(self.text), len(text)))  # the characters the closing leaves as they are
        runs, count = [], 0
        for run in self.runs:
            if count < kept:
                runs.append(Run(run.text[: kept - count], run.bold, run.italic))
            count += len(run.text)
        runs.append(Run(text[kept:]))
        merged: list[Run] = []
        for run in (r for r in runs if r.text):
            if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
                run = Run(merged.pop().text + run.text, run.bold, run.italic)
            merged.append(run)
        return Para(self.style, text, self.keep, tuple(merged))


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its header cell, width in twips and how its cells are aligned
    (left, center, right or both = justified)."""

    title: str
    width: int
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Row:
    """One row of cells, final text; a line break inside a cell is "\n". `bold` for group and
    total rows ("Dự án 6 …", "Tổng cộng")."""

    cells: tuple[str, ...]
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A bordered table in the body: the header row repeats on every page. `landscape` puts it on
    landscape pages of its own (its widths may then add up to LANDSCAPE_TEXT_WIDTH)."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    landscape: bool = False
    # Lines printed right above the table and kept with it, on its own pages when it is landscape
    # (the report's "Bảng 1. …" and "Đơn vị tính: triệu đồng").
    caption: tuple[Para, ...] = ()
    kind: ClassVar[str] = "table"

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise ValueError(f"row of {len(row.cells)} cells in a table of {len(self.columns)} columns")

    @property
    def width(self) -> int:
        return sum(column.width for column in self.columns)


Block = Para | Table  # what a body (or an appendix) is made of


@dataclass(frozen=True, slots=True)
class Appendix:
    """A Phụ lục after the signature, on a new page, its pages numbered on their own."""

    label: str  # "Phụ lục" or "Phụ lục I"
    title: str  # capitals
    note: str  # (Kèm theo Kế hoạch số …/KH-… ngày … của …)
    body: tuple[Block, ...]
    landscape: bool = False
    # The note as printed when it takes more than a line: broken between phrases, never inside
    # "Ủy ban nhân dân"; empty: `note` on one line.
    note_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """A solid line centred in a box `box` twips wide: `width` twips long, `indent` each side."""

    width: int
    indent: int

    @property
    def width_pt(self) -> float:
        return round(self.width / 20, 1)


@dataclass(frozen=True, slots=True)
class Header:
    parent_lines: tuple[str, ...]  # cơ quan chủ quản, capitals, not bold
    agency_lines: tuple[str, ...]  # ỦY BAN NHÂN DÂN / XÃ AN DƯƠNG
    agency_rule: Rule
    number_line: str  # Số:     /KH-UBND
    national_title: str
    motto: str
    motto_rule: Rule
    date_line: str  # An Dương, ngày 29 tháng 3 năm 2024


@dataclass(frozen=True, slots=True)
class Signature:
    recipients_title: str
    recipients: tuple[str, ...]  # "- X;" … "- Lưu: VT, VHXH."
    authority_lines: tuple[str, ...]  # TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    name: str


@dataclass(frozen=True, slots=True)
class DocumentView:
    draft: bool
    draft_mark: str
    header: Header
    kind: str
    summary: str
    summary_rule: Rule
    body: tuple[Block, ...]
    signature: Signature
    title: str  # document properties: "Kế hoạch thực hiện …"
    author: str
    created: str  # W3CDTF, the document date (fixed, so the output is reproducible)
    language: str
    page: dict[str, int | float]
    tables: dict[str, int]
    appendices: tuple[Appendix, ...] = ()
    # The trích yếu as printed: broken only between phrases (kehoach.phrases); `summary` joined.
    summary_lines: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Small formatting rules, each unit tested


def clean(text: str) -> str:
    """NFC, one space between words, no characters XML cannot carry."""
    return _SPACES.sub(" ", _BAD_XML.sub("", unicodedata.normalize("NFC", text))).strip()


def sentence_case(text: str) -> str:
    """First letter capital, the rest as written (proper names keep their capitals)."""
    return text[:1].upper() + text[1:]


def pad_day(day: int) -> str:
    return f"{day:02d}"


def pad_month(month: int) -> str:
    """Phụ lục I: months 1 and 2 take a leading zero, 3–12 do not."""
    return f"{month:02d}" if month <= 2 else str(month)


def date_line(place: str, day: date) -> str:
    """`An Dương, ngày 29 tháng 3 năm 2024`; `…, ngày 05 tháng 01 năm 2024`."""
    return f"{place}, ngày {pad_day(day.day)} tháng {pad_month(day.month)} năm {day.year}"


def undated_line(place: str, year: int, month: int | None = None) -> str:
    """A plan not yet signed: day and month left blank to fill by hand, as offices print drafts;
    or published with the day blank and the month known (`date: tháng 4/2022`)."""
    shown = f" {pad_month(month)} " if month else "     "
    return f"{place}, ngày     tháng{shown}năm {year}"


def issue_words(value: date | PartialDate | None, year: int) -> str:
    """`ngày 29 tháng 3 năm 2024`, `ngày     tháng 4 năm 2022`, `ngày     tháng     năm 2025`."""
    if isinstance(value, date):
        return f"ngày {pad_day(value.day)} tháng {pad_month(value.month)} năm {value.year}"
    if isinstance(value, PartialDate):
        return undated_line("", value.year, value.month).removeprefix(", ")
    return undated_line("", year).removeprefix(", ")


def short_date(day: date) -> str:
    """`31/12/2024`, `05/01/2024`, `06/3/2024` — the same zero rules in running text."""
    return f"{pad_day(day.day)}/{pad_month(day.month)}/{day.year}"


def number_line(number: int | None, issuer_code: str, kind_code: str = KIND_CODE) -> str:
    """`Số: 05/KH-UBND`; blank until the văn thư registers the document: `Số:     /KH-UBND`.
    `kind_code` is the document type's abbreviation (Phụ lục III): KH, BC for a báo cáo."""
    shown = f"{number:02d}" if number is not None else "    "
    return f"Số: {shown}/{kind_code}-{issuer_code}"


def agency_lines(name: str) -> tuple[str, ...]:
    """The issuing agency's header lines: split before its locality, wrapped to the column."""
    return agency.issuer_lines(clean(name), HEADER_LEFT / 20, AGENCY_SIZE_PT)


def signer_lines(signer: Signer, issuer: str) -> tuple[str, ...]:
    """The authority stack above the signature, in capitals, one element per line."""
    title = clean(signer.title).upper()
    if signer.authority is None:
        return (title,)
    lines = []
    # "TM." stands over the head (and a deputy's KT., an acting head's Q.) of a collective body;
    # TL. and TUQ. sign by the head's order, not for the collective: "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG".
    if signs_as_collective(issuer, signer) and signer.authority in ("TM", "KT", "Q"):
        lines.append(f"TM. {agency.expand(clean(signer.collective or split_agency(issuer)[0])).upper()}")
    if signer.authority == "TM":
        return (*lines, title)
    head = clean(signer.head_title or "Chủ tịch").upper()
    lines.append(f"{signer.authority}. {head}")
    if title != head:  # "Q. CHỦ TỊCH" signed by the acting chairman needs no second title
        lines.append(title)
    return tuple(lines)


def recipient_lines(recipients: list[str], archive: list[str]) -> tuple[str, ...]:
    """`- X;` per recipient, then `- Lưu: VT, VHXH.`"""
    lines = [f"- {clean(r).rstrip(';.,')};" for r in recipients]
    kept = ", ".join(clean(a) for a in archive)
    lines.append(f"- Lưu: {kept}.")
    return tuple(lines)


def close(text: str) -> str:
    """The body's last sentence ends with "./." (every model in Phụ lục III)."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    if text.endswith("."):
        return text + "/."
    return text.rstrip(";:,") + "./."


def summary_lines(summary: str) -> tuple[str, ...]:
    """The trích yếu (bold, 14 pt, centred on the text width) broken only between phrases."""
    return break_lines(summary, TITLE_WIDTH_PT, TITLE_SIZE_PT, bold=True).lines


def centred_rule(length_twips: float, box: int) -> Rule:
    width = min(round(length_twips), box)
    return Rule(width=width, indent=(box - width) // 2)


def _terminate(lines: list[str]) -> list[str]:
    """Legal bases: each ends ";", the last ".", whatever the author typed."""
    out = [clean(line).rstrip(";.,") for line in lines]
    return [line + ("." if i == len(out) - 1 else ";") for i, line in enumerate(out)]


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(value: list[str] | str | None) -> list[str]:
    """Opening text as paragraphs: a list as given; a string split where the author left a blank
    line. Folded (`>-`) YAML turns a blank line into one line break (and joins the other lines),
    literal (`|`) keeps every line break: text with a blank line left in it is literal, so its
    single breaks are only wrapping."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    parts = _BLANK_LINE.split(value) if _BLANK_LINE.search(value) else value.split("\n")
    return [part for part in (p.strip() for p in parts) if part]


def text_table(table: PlanTable) -> Table:
    """A plan's own table as the view lays it out: each column as wide as its longest words allow
    (within bounds), money formatted in the table's unit and right-aligned, the `total` row bold."""
    money = set(plantables.columns(table).money)
    width = len(table.header)
    rows = [tuple((list(row) + [""] * width)[:width]) for row in table.rows]  # a --draft of a bad row

    def shown(cell: str, column: int) -> str:
        if column in money and cell:
            try:
                return format_in_unit(plantables.amount(cell, table.unit) or 0, table.unit)
            except MoneyError:
                return cell  # KH524 refuses it; a --draft prints it as written
        return cell

    body = [Row(tuple(tie(clean(emphasis.plain(shown(c, i)))) for i, c in enumerate(row))) for row in rows]
    if table.total is not None:
        sums = plantables.totals(table)
        body.append(Row(tuple(clean(table.total) if i == 0 else
                              format_in_unit(sums[i], table.unit) if i in sums else ""
                              for i in range(width)), bold=True))
    # Figures (money, counts, 80%) never wrap; the widest text column takes the rest, the others
    # are as wide as their cells; a header may wrap on two lines; the table spans the text width.
    titles = tuple(clean(h) for h in table.header)
    figures = {i for i in range(width) if i in money or _figures(r.cells[i] for r in body[: len(rows)])}
    texts = [i for i in range(width) if i not in figures] or list(range(width))
    stretch = max(texts, key=lambda i: max(text_width_pt(r.cells[i], 13) for r in body) if body else 0)
    widths, _ = fit.fitted(titles, body, stretch, page=TEXT_WIDTH, wide=None, header_lines=2, spread=True)
    return Table(
        columns=tuple(Column(title, w, "right" if i in money else "center" if i in figures else "left")
                      for i, (title, w) in enumerate(zip(titles, widths, strict=True))),
        rows=tuple(body),
    )


_FIGURE = re.compile(r"[+-]?\d[\d.,]*\s?%?")


def _figures(cells: Iterable[str]) -> bool:
    """A column of figures (25, 12,5, 80%), blanks allowed, none written as words."""
    written = [cell.replace(NBSP, " ").strip() for cell in cells if cell.strip()]
    return bool(written) and all(_FIGURE.fullmatch(cell) for cell in written)


_GENERIC = re.compile(r"^(Các|Những) ")  # "Các thôn": a common noun, lower case inside a sentence


def units_phrase(names: dict[str, str], lead: str | None, partners: list[str], form: str) -> str:
    """`Đơn vị chủ trì: X; đơn vị phối hợp: Y, Z.` (label) or `X chủ trì, phối hợp với Y, Z.`
    (sentence), from the units' registered names."""
    def inside(unit: str) -> str:
        return _GENERIC.sub(lambda m: m[0].lower(), clean(names.get(unit, unit)))

    with_ = ", ".join(inside(p) for p in partners)
    if form == "sentence":
        head = clean(names.get(lead, lead)) if lead else ""  # the sentence starts with it
        if head and with_:
            return f"{head} chủ trì, phối hợp với {with_}."
        return f"{head} chủ trì thực hiện." if head else f"Phối hợp thực hiện: {with_}."
    parts = ([f"Đơn vị chủ trì: {inside(lead)}"] if lead else []) + (
        [f"{'đ' if lead else 'Đ'}ơn vị phối hợp: {with_}"] if with_ else [])
    return "; ".join(parts) + "."


# ---------------------------------------------------------------------------------------------
# The body

# Bullets ("-", then "+" and deeper) by level; a numbered paragraph written "-" or "+" as a bullet.
_BULLET_STYLES = ("KHGachDauDong", "KHDauCong")
_NUMBERED_STYLES = {"-": "KHGachDauDong", "+": "KHDauCong"}


class _Body:
    def __init__(self, plan: Plan, catalogue: Catalogue | None) -> None:
        self.plan = plan
        self.catalogue = catalogue
        self.paras: list[Block] = []

    def add(self, style: str, text: str, keep: bool = False) -> None:
        text = clean(text)
        found = emphasis.runs(text)
        if found is None:
            self.paras.append(Para(style, tie(text), keep))
            return
        runs = tuple(Run(tie(run.text), run.bold, run.italic) for run in found)
        self.paras.append(Para(style, "".join(run.text for run in runs), keep, runs))

    def table(self, table: PlanTable | None) -> None:
        """A table the plan writes itself: ruled, its header repeated, money right-aligned."""
        if table is not None:
            if self.paras and isinstance(lead := self.paras[-1], Para):  # its lead-in stays with it
                self.paras[-1] = dataclasses.replace(lead, keep=True)
            self.paras.append(text_table(table))

    def heading(self, code: str | None, title: str | None) -> str:
        if code and self.catalogue and self.catalogue.get(code):
            return self.catalogue.heading(code)
        return clean(title or code or "")

    def unit(self, unit_id: str) -> str:
        return self.plan.units.get(unit_id, unit_id)

    def build(self) -> list[Para]:
        plan = self.plan
        for line in _terminate(plan.bases):
            self.add("KHCanCu", line)
        for paragraph in paragraphs(plan.opening):
            self.add("KHNoiDung", paragraph)
        outline = of(plan)
        self.children: dict[int, list[Node]] = {}
        for node in outline.nodes:
            self.children.setdefault(id(node.parent), []).append(node)
        for entry in outline.sections:
            self.add("KHMucI", f"{entry.numeral}. {clean(entry.title).upper()}")
            if entry.use == "purpose":
                self.purpose(entry)
            elif entry.use == "budget":
                assert plan.budget is not None
                self.budget(plan.budget, {n.node.id: n for n in outline.nodes if n.node.id})
            elif entry.use == "organization":
                self.organization(entry)
            else:
                self.section(entry)
        # "./." after the last sentence (a table at the very end stays after it).
        last = next((i for i in range(len(self.paras) - 1, -1, -1) if isinstance(self.paras[i], Para)), None)
        if last is not None:
            self.paras[last] = self.paras[last].closed()
        return self.paras

    def prose(self, value: list[str | Bullet] | str) -> None:
        """A list is printed as bullets (a bullet's own items under it), a string as its paragraphs."""
        if isinstance(value, str):
            for paragraph in paragraphs(value):
                self.add("KHNoiDung", paragraph)
        else:
            self.bullets(value, 0)

    def bullets(self, entries: list[str | Bullet], level: int) -> None:
        styles = tuple(self.plan.numbering.items)
        marker = style_at(styles, level)
        for i, entry in enumerate(entries):
            text = entry if isinstance(entry, str) else entry.text
            self.add(_BULLET_STYLES[min(level, 1)], f"{label(marker, i)} {text}")
            if isinstance(entry, Bullet):
                self.bullets(entry.items, level + 1)

    def purpose(self, entry: SectionEntry) -> None:
        purpose = self.plan.purpose
        assert purpose is not None
        parts = [(title, value) for title, value in (("Mục đích", purpose.goals),
                                                     ("Yêu cầu", purpose.requirements)) if value]
        for i, (title, value) in enumerate(parts):
            if len(parts) > 1:  # with one part the section title names it
                self.add("KHMuc1", f"{entry.number(i)} {title}")
            self.prose(value)

    def section(self, entry: SectionEntry) -> None:
        """The activities section, or a generic one: paragraphs, bullets, numbered children."""
        if entry.section is not None:
            for paragraph in entry.section.text:
                self.add("KHNoiDung", paragraph)
            self.table(entry.section.table)
        top = [n for n in self.children.get(id(None), []) if n.path[: len(entry.path)] == entry.path]
        for node in top:
            if node.is_item:
                self.item(node, self.children, level=0)
        for node in top:
            if not node.is_item:
                self.activity(node, self.children)

    def organization(self, entry: SectionEntry) -> None:
        for i, (unit_id, duties) in enumerate(self.plan.organization.items()):
            self.add("KHMuc1", f"{entry.number(i)} {self.unit(unit_id)}")
            self.prose(duties)

    def activity(self, node: Node, children: dict[int, list[Node]]) -> None:
        activity = node.node
        assert isinstance(activity, Activity)
        text = activity.text
        if activity.headed:
            style = ("KHMuc1", "KHMuc11", "KHMuc111")[min(node.depth, 2)]
            self.add(style, f"{node.number} {self.heading(activity.project, activity.title)}")
        else:  # a numbered paragraph: its number opens its first paragraph, in body text
            self.add(_NUMBERED_STYLES.get(node.number, "KHNoiDung"), f"{node.number} {text[0]}")
            text = text[1:]
        for paragraph in text:
            self.add("KHNoiDung", paragraph)
        self.table(activity.table)
        below = children.get(id(node), [])
        items = [n for n in below if n.is_item]
        points = 0
        if has_points(activity, self.plan):
            self.add("KHDiem", f"{letter(points)}) {activity.items_title or 'Nội dung thực hiện'}", keep=True)
            points += 1
        for item in items:
            self.item(item, children, level=0)
        for line in (self.units_line(activity), self.time_line(activity)):
            if line and points:
                self.add("KHDiem", f"{letter(points)}) {line}")
                points += 1
            elif line:
                self.add("KHNoiDung", line)
        for child in below:
            if not child.is_item:
                self.activity(child, children)

    def item(self, node: Node, children: dict[int, list[Node]], level: int) -> None:
        item = node.node
        assert isinstance(item, Item)
        # The item's own lines (its units, its time) come right under its text, before its
        # sub-items, set in under it; the item is kept on its page with them.
        own = [line for line in (self.units_line(item), self.time_line(item)) if line]
        self.add(_BULLET_STYLES[min(level, 1)], f"{node.number} {item.text}", keep=bool(own))
        for i, line in enumerate(own):
            self.add("KHThoiGianMuc", line, keep=i + 1 < len(own))
        for child in children.get(id(node), []):
            self.item(child, children, level + 1)

    @staticmethod
    def time_line(work: Activity | Item) -> str:
        """Only the node that owns the deadline says it."""
        return f"Thời gian thực hiện: {deadline_phrase(work.deadline)}" if work.deadline else ""

    def units_line(self, work: Activity | Item) -> str:
        """Who leads and who takes part, under the task, when the plan prints them in the body
        (`show_units`): its own units only, so a child never repeats its parent's."""
        shown = self.plan.show_units
        if shown.where == "appendix" or not (work.lead or work.partners):
            return ""
        return units_phrase(self.plan.units, work.lead, work.partners, shown.form)

    def budget(self, budget: Budget, by_id: dict[str, Node]) -> None:
        """The Kinh phí section in the shapes plans use: the sources in words only; a total split
        by source; a total split by line (each line split by source, fully or "trong đó" only)."""
        if budget.sources:
            text = budget.sources.rstrip()
            # Alone (no figures), the sentence is the whole section and ends with "."; before the
            # figures it stands as the plan writes it (the seed's has no mark there).
            if budget.total is None and not text.endswith((".", ";", ":", "!", "?")):
                text += "."
            self.add("KHGachDauDong", f"- {text}")
        if budget.total is None:
            return

        def money(value: int) -> str:
            return format_amount(value, budget.unit)

        def source(code: str) -> str:
            return funding.name(self.plan, code)

        split = budget.by_source or budget.lines
        self.add(
            "KHGachDauDong",
            f"- Tổng số tiền: {money(budget.total)} ({amount_in_words(budget.total)})"
            + ("; trong đó:" if split else "."),
        )
        for i, (code, value) in enumerate(budget.by_source.items(), 1):
            end = "." if i == len(budget.by_source) else ";"
            self.add("KHDauCong", f"+ {sentence_case(source(code))}: {money(value)}{end}")
        if budget.by_source and budget.lines:
            self.add("KHGachDauDong", "- Phân bổ cho các nội dung như sau:")
        # Lines are grouped under their parent project ("+ Dự án 6: …"), groups in first-seen order.
        groups: dict[str | None, list[tuple[str, str]]] = {}
        for key, line in budget.lines.items():
            group, label = self.budget_label(key, by_id)
            amount = f"{label} với số tiền: {money(line.amount)}"
            if line.sources:
                amount += " (" + "; ".join(f"{source(s)}: {money(v)}" for s, v in line.sources.items()) + ")"
            elif line.of_which:
                amount += ", trong đó " + ", ".join(
                    f"{source(s)} {money(v)}" for s, v in line.of_which.items())
            groups.setdefault(group, []).append((key, amount))
        count, total = 0, len(budget.lines)
        for group, lines in groups.items():
            if group is not None:
                self.add("KHDauCong", f"+ {self.heading(group, None)}")
            for _key, text in lines:
                count += 1
                end = "." if count == total else ";"
                if group is None:
                    self.add("KHDauCong", f"+ {text}{end}")
                else:
                    self.add("KHNoiDung", f"{text}{end}")

    def budget_label(self, key: str, by_id: dict[str, Node]) -> tuple[str | None, str]:
        """(group code, label) of a budget line keyed by a catalogue code or an activity id."""
        catalogue = self.catalogue
        project = catalogue.get(key) if catalogue else None
        if catalogue and project:
            if project.parent:
                return project.parent, f"{project.label(catalogue)}: {project.title}"
            return None, catalogue.heading(key)
        node = by_id.get(key)
        if node is None:
            return None, key
        entry = node.node
        if isinstance(entry, Activity):
            title = clean(heading(entry, catalogue))
        else:
            title = clean(entry.text).rstrip(";.,")
        code = node.project
        if catalogue and code and catalogue.get(code):
            top = code
            while (parent := catalogue.get(top).parent) is not None:
                top = parent
            return top, title
        return None, title


# ---------------------------------------------------------------------------------------------
# The document


# ---------------------------------------------------------------------------------------------
# Appendices (Phụ lục): after the signature, each on new pages of its own

APPENDIX_NOTE_PT = 14  # KH Phụ lục kèm theo (styles.xml)
ROMAN_APPENDIX = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# The task table's columns: STT, nội dung, chủ trì, phối hợp, thời gian, kinh phí. The units and
# the time are names: broken between phrases in their cells (render/fit.py).
TASK_ALIGN = ("center", "left", "left", "left", "left", "right")
TASK_NAMES = (2, 3, 4)


def attached_note(plan: Plan) -> str:
    """`(Kèm theo Kế hoạch số 05/KH-UBND ngày 29 tháng 3 năm 2024 của Ủy ban nhân dân xã An
    Dương)`; the number and the date left blank until the văn thư fills them."""
    doc = plan.document
    number = number_line(doc.number, clean(doc.issuer_code)).removeprefix("Số: ")
    when = issue_words(doc.date, plan.first_year)
    return f"(Kèm theo Kế hoạch số {number} {when} của {clean(doc.issuer)})"


def task_grid(plan: Plan, catalogue: Catalogue | None) -> Table:
    """The appendix's task table laid out: STT and money whole, the units and the time broken
    between phrases in their cells, the content the rest — on a portrait page when that leaves it
    wide enough to read, else on landscape pages."""
    from kehoach.render.appendix import task_table

    computed = task_table(plan, catalogue, units=plan.show_units.where != "body")
    # A header may break its line ("Kinh phí" / "(đồng)"): clean each line on its own.
    titles = tuple("\n".join(clean(part) for part in title.split("\n")) for title in computed.headers)
    names = [j for j, i in enumerate(computed.kept) if i in TASK_NAMES]
    rows = [Row(tuple("\n".join(clean(line) for line in c.split("\n")) for c in row.cells), row.bold)
            for row in computed.rows]
    widths, landscape = fit.fitted(
        titles, rows, stretch=1, page=TEXT_WIDTH, wide=LANDSCAPE_TEXT_WIDTH, header_lines=2, spread=True,
        names={j: [row.cells[j] for row in rows if row.cells[j]] or [""] for j in names})
    shown = [Row(tuple("\n".join(tie(fit.broken(line, widths[j])) for line in c.split("\n"))
                       if j in names else tie(c) for j, c in enumerate(row.cells)), row.bold)
             for row in rows]
    aligns = tuple(TASK_ALIGN[i] for i in computed.kept)
    return Table(columns=tuple(Column(*c) for c in zip(titles, widths, aligns, strict=True)),
                 rows=tuple(shown), landscape=landscape)


def build_appendices(plan: Plan, catalogue: Catalogue | None) -> tuple[Appendix, ...]:
    from kehoach.render.appendix import DEFAULT_TITLE

    if not plan.appendices:
        return ()
    table = task_grid(plan, catalogue)  # the one kind of appendix there is
    note = attached_note(plan)
    lines = note_lines(note, LANDSCAPE_TEXT_WIDTH if table.landscape else TEXT_WIDTH)
    return tuple(
        Appendix(label="Phụ lục" if len(plan.appendices) == 1 else f"Phụ lục {ROMAN_APPENDIX[i]}",
                 title=clean(wanted.title or DEFAULT_TITLE).upper(), note=note,
                 body=(table,), landscape=table.landscape, note_lines=lines)
        for i, wanted in enumerate(plan.appendices))


_GAP = re.compile(r" {2,}")  # the blank left for the number or the day: kept, and kept whole
_HOLD = "\ue000"  # a private-use character: no space to break at, measured as a digit


def note_lines(note: str, width: int) -> tuple[str, ...]:
    """The "(Kèm theo …)" note broken between phrases when it is wider than the page (`width`
    twips); () when it fits on one line."""
    gaps = _GAP.findall(note)
    marked = _GAP.sub(lambda m: _HOLD * len(m.group()), note)  # one word, about as wide
    lines = break_lines(marked, width / 20 * 0.98, APPENDIX_NOTE_PT, balance=False)  # the date whole
    if len(lines.lines) < 2:
        return ()
    restored = "\n".join(lines.lines)
    for gap in gaps:
        restored = restored.replace(_HOLD * len(gap), gap, 1)
    return tuple(restored.split("\n"))


def build_view(plan: Plan, catalogue: Catalogue | None, draft: bool = False) -> DocumentView:
    doc = plan.document
    # The plan's own header lines (document.issuer_lines / parent_lines) win over computed ones.
    names = (agency.given_lines(doc.issuer_lines) if doc.issuer_lines else agency_lines(doc.issuer))
    parents = (agency.given_lines(doc.parent_lines) if doc.parent_lines
               else agency.parent_lines(clean(doc.parent), HEADER_LEFT / 20, AGENCY_SIZE_PT)
               if doc.parent else ())
    # A line Word has to wrap is as wide as the column.
    agency_len = min(max(text_width_pt(line, AGENCY_SIZE_PT, bold=True) for line in names) * 20,
                     HEADER_LEFT)
    summary = sentence_case(clean(doc.summary))
    lines = summary_lines(summary)
    summary_len = min(max(text_width_pt(line, TITLE_SIZE_PT, bold=True) for line in lines) * 20, TEXT_WIDTH)
    header = Header(
        parent_lines=parents,
        agency_lines=names,
        # 1/3–1/2 of the name line: 0.4 of the longest line.
        agency_rule=centred_rule(agency_len * 0.4, HEADER_LEFT),
        number_line=number_line(doc.number, clean(doc.issuer_code)),
        national_title=NATIONAL_TITLE,
        motto=MOTTO,
        # As long as the Tiêu ngữ itself.
        motto_rule=centred_rule(text_width_pt(MOTTO, MOTTO_SIZE_PT, bold=True) * 20, HEADER_RIGHT),
        date_line=f"{clean(doc.place)}, {issue_words(doc.date, plan.first_year)}",
    )
    signature = Signature(
        recipients_title="Nơi nhận:",
        recipients=recipient_lines(plan.recipients, plan.archive),
        authority_lines=signer_lines(plan.signer, doc.issuer),
        name=clean(plan.signer.name),
    )
    return DocumentView(
        draft=draft,
        draft_mark=DRAFT_MARK,
        header=header,
        kind=DOCUMENT_KIND,
        summary=summary,
        summary_lines=lines,
        # 1/3 of the trích yếu's (longest) line.
        summary_rule=centred_rule(summary_len / 3, TEXT_WIDTH),
        body=tuple(_Body(plan, catalogue).build()),
        signature=signature,
        # "Kế hoạch thực hiện …", but an all-capitals trích yếu or one opening with an acronym
        # ("UBND …") keeps its case.
        title="Kế hoạch " + (summary if summary[1:2].isupper() else summary[:1].lower() + summary[1:]),
        author=clean(doc.issuer),
        created=f"{doc.earliest or date(plan.first_year, 1, 1):%Y-%m-%d}T00:00:00Z",
        language="vi-VN",
        page={
            "width": round(PAGE_WIDTH_MM * TWIPS_PER_MM), "height": round(PAGE_HEIGHT_MM * TWIPS_PER_MM),
            "top": round(MARGIN_TOP_MM * TWIPS_PER_MM), "bottom": round(MARGIN_BOTTOM_MM * TWIPS_PER_MM),
            "left": round(MARGIN_LEFT_MM * TWIPS_PER_MM), "right": round(MARGIN_RIGHT_MM * TWIPS_PER_MM),
            "header": round(10 * TWIPS_PER_MM), "footer": round(10 * TWIPS_PER_MM),
            "width_mm": PAGE_WIDTH_MM, "height_mm": PAGE_HEIGHT_MM,
            "top_mm": MARGIN_TOP_MM, "bottom_mm": MARGIN_BOTTOM_MM,
            "left_mm": MARGIN_LEFT_MM, "right_mm": MARGIN_RIGHT_MM,
        },
        appendices=build_appendices(plan, catalogue),
        tables={
            "text": TEXT_WIDTH, "header_left": HEADER_LEFT, "header_right": HEADER_RIGHT,
            "sign_left": SIGN_LEFT, "sign_right": SIGN_RIGHT, "landscape": LANDSCAPE_TEXT_WIDTH,
        },
    )
