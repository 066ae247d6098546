"""Plans typed the way clerks type them, built with python-docx (not kehoach's templates), with the
fields each one holds, for `kehoach import` (issue 22): the hand-typed set of the tests and of
benchmarks/bench_import.py.

A `Clerk` types a document paragraph by paragraph and counts the paragraphs as the importer does
(every paragraph in document order, table cells included, from 1), so each field it records
knows its đoạn. `score()` compares an import with those fields; a field missed must show in the
review list at its đoạn.

Documents: typed numbering with tabs and manual line breaks (`tabs_and_breaks`); Word's automatic
numbering (`auto_numbering`); a tracked change, a comment, a footnote (`tracked_changes`); a
header and a signature in tables; amounts in "đồng" and "triệu đồng"; and one in the style of
each real plan in /work/shared/real-plans (`xuan_tin`, `tinh_tra`, `hue`, `quang_nam`), plus an
office under a commune (`phong_vhxh`). Prose is written for these tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Truth:
    """The fields a document holds, each with the đoạn it is in (0: spread over the header)."""

    issuer: tuple[str, int] = ("", 0)
    number: tuple[int | None, int] = (None, 0)
    date: tuple[date | None, int] = (None, 0)
    title: tuple[str, int] = ("", 0)
    bases: list[tuple[str, int]] = field(default_factory=list)
    opening: list[tuple[str, int]] = field(default_factory=list)
    sections: list[tuple[str, int]] = field(default_factory=list)
    deadlines: list[tuple[str, int]] = field(default_factory=list)  # as a plan file would write them
    amounts: list[tuple[int, int]] = field(default_factory=list)  # đồng
    recipients: list[tuple[str, int]] = field(default_factory=list)
    signer: tuple[str, str, int] = ("", "", 0)  # title, name, đoạn of the name
    # body tables as the plan format writes them (`table:`), with the đoạn of their first cell
    tables: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    # bold and italic phrases as the plan format writes them ("**100%**"), each in some text
    emphasis: list[tuple[str, int]] = field(default_factory=list)


class Clerk:
    """Types a plan into a python-docx Document, counting paragraphs as the importer does."""

    def __init__(self) -> None:
        import docx
        from docx.shared import Pt

        self.doc = docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(14)
        self.count = 0
        self.truth = Truth()
        self._nums = 0

    # ---- typing --------------------------------------------------------------------------

    def p(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        align: str | None = None,
        container: Any = None,
        numbered: tuple[int, int] | None = None,
    ) -> int:
        """A paragraph; "\n" in `text` is a manual line break (Shift+Enter), "\t" a tab. Returns
        its đoạn."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        target = container if container is not None else self.doc
        para = target.add_paragraph()
        if text:
            run = para.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
        if align:
            para.alignment = {
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
                "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
            }[align]
        if numbered is not None:
            self._number(para, *numbered)
        self.count += 1
        return self.count

    def runs(self, parts: list[tuple[str, dict[str, Any]]], *, align: str | None = "both",
             italic: bool = False) -> int:
        """A paragraph of several runs, each (text, options): bold, italic (direct formatting, as
        the toolbar's B and I set it) or style (a character style such as Word's "Strong")."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        para = self.doc.add_paragraph()
        for text, options in parts:
            run = para.add_run(text, style=options.get("style"))
            run.bold = options.get("bold")
            run.italic = options.get("italic", italic or None)
        if align:
            para.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        self.count += 1
        return self.count

    def grid(self, rows: list[list[str | None]], *, right: tuple[int, ...] = (),
             bold_rows: tuple[int, ...] = (), spans: dict[tuple[int, int], int] | None = None) -> int:
        """A ruled table ("Table Grid") as a clerk draws it: the header row bold and centred, the
        columns in `right` right-aligned below it; a cell of None is merged with the one above
        it, `spans` {(row, column): n} merges a cell with the n - 1 to its right. Returns the đoạn
        of its first cell."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        width = max(len(r) + sum(n - 1 for (rr, _), n in (spans or {}).items() if rr == i)
                    for i, r in enumerate(rows))
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = self.doc.styles["Table Grid"]
        first = self.count + 1
        for r, row in enumerate(rows):
            c = 0
            for value in row:
                cell = table.cell(r, c)
                n = (spans or {}).get((r, c), 1)
                if n > 1:
                    cell = cell.merge(table.cell(r, c + n - 1))
                if value is None:
                    table.cell(r - 1, c).merge(cell)
                else:
                    para = cell.paragraphs[0]
                    run = para.add_run(value)
                    run.bold = (r == 0 or r in bold_rows) or None
                    if r == 0:
                        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    elif c in right:
                        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                c += n
        # every cell holds one paragraph, merged ones included: count them as the importer does
        self.count += sum(len(tc.findall(f"{{{W_NS}}}p")) for tc in table._tbl.iter(f"{{{W_NS}}}tc"))
        return first

    def table(self, rows: list[list[list[tuple[str, dict[str, Any]]]]]) -> list[list[list[int]]]:
        """A borderless table: rows of cells of paragraphs (text, options). Returns the đoạn of
        every paragraph, by row and cell."""
        table = self.doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        out = []
        for r, row in enumerate(rows):
            out_row = []
            for c, cell_paras in enumerate(row):
                cell = table.cell(r, c)
                cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
                indexes = [self.p(text, container=cell, **options) for text, options in cell_paras]
                out_row.append(indexes)
            out.append(out_row)
        return out

    # ---- Word's automatic numbering -----------------------------------------------------------

    def numbering(self, levels: list[tuple[str, str]]) -> int:
        """A list definition in numbering.xml: one (format, level text) per level, e.g.
        [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("bullet", "-")].
        Returns its numId."""
        from docx.oxml import parse_xml

        self._nums += 1
        abstract_id = 900 + self._nums
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{360 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        numbering = self.doc.part.numbering_part.element
        abstract = parse_xml(
            f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
        )
        first_num = numbering.find(f"{{{W_NS}}}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num_id = 900 + self._nums
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
        return num_id

    def _number(self, para: Any, num_id: int, level: int) -> None:
        from docx.oxml import parse_xml

        ppr = para._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )

    # ---- review marks -------------------------------------------------------------------------

    def tracked(self, before: str, deleted: str, inserted: str, after: str) -> int:
        """A paragraph with a tracked deletion and insertion: Word shows before+inserted+after."""
        from docx.oxml import parse_xml

        para = self.doc.add_paragraph()
        para.add_run(before)
        para._p.append(
            parse_xml(
                f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="Văn thư" w:date="2024-03-01T08:00:00Z">'
                f'<w:r><w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'
            )
        )
        para._p.append(
            parse_xml(
                f'<w:ins xmlns:w="{W_NS}" w:id="2" w:author="Văn thư" w:date="2024-03-01T08:00:00Z">'
                f'<w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'
            )
        )
        para.add_run(after)
        self.count += 1
        return self.count

    def comment(self, text: str, note: str) -> int:
        index = self.p(text)
        para = self.doc.paragraphs[-1]
        if hasattr(self.doc, "add_comment"):  # python-docx ≥ 1.2
            self.doc.add_comment(para.runs, text=note, author="Trưởng phòng")
        return index

    def bytes(self) -> bytes:
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Pieces clerks type the same way in every plan


def header_table(
    k: Clerk,
    left: list[str],
    number: str,
    right_date: str,
    issuer: str,
    when: date | None,
    num: int | None,
    motto: str = "Độc lập - Tự do - Hạnh phúc",
    national: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    bold_from: int = 0,
) -> None:
    cells = k.table(
        [
            [
                [(line, {"bold": i >= bold_from, "align": "center"}) for i, line in enumerate(left)]
                + [("-------", {"align": "center"})],
                [
                    (national, {"bold": True, "align": "center"}),
                    (motto, {"bold": True, "align": "center"}),
                    ("---------------", {"align": "center"}),
                ],
            ],
            [[(number, {"align": "center"})], [(right_date, {"italic": True, "align": "center"})]],
        ]
    )
    k.truth.issuer = (issuer, cells[0][0][0])
    k.truth.number = (num, cells[1][0][0])
    k.truth.date = (when, cells[1][1][0])


def title(k: Clerk, summary: str, typed: str | None = None) -> None:
    k.p("KẾ HOẠCH", bold=True, align="center")
    at = k.p(typed if typed is not None else summary, bold=True, align="center")
    k.truth.title = (summary, at)
    k.p("---------------", align="center")


def bases(k: Clerk, lines: list[str]) -> None:
    for line in lines:
        at = k.p(line, italic=True, align="both")
        k.truth.bases.append((line.rstrip(";."), at))


def section(k: Clerk, text: str, title_text: str, **options: Any) -> int:
    at = k.p(text, bold=True, align="both", **options)
    k.truth.sections.append((title_text, at))
    return at


def when(k: Clerk, text: str, deadline: str, **options: Any) -> int:
    at = k.p(text, align="both", **options)
    k.truth.deadlines.append((deadline, at))
    return at


def money(k: Clerk, text: str, *amounts: int, **options: Any) -> int:
    at = k.p(text, align="both", **options)
    k.truth.amounts += [(a, at) for a in amounts]
    return at


def signature_table(
    k: Clerk, recipients: list[str], archive: str, authority: list[str], name: str, signer_title: str
) -> None:
    left = (
        [("Nơi nhận:", {"bold": True, "italic": True})]
        + [(f"- {r};", {}) for r in recipients]
        + [(f"- Lưu: {archive}.", {})]
    )
    right = [(line, {"bold": True, "align": "center"}) for line in authority] + [
        ("", {}),
        ("", {}),
        ("", {}),
        (name, {"bold": True, "align": "center"}),
    ]
    cells = k.table([[left, right]])
    for r, at in zip(recipients, cells[0][0][1:], strict=False):
        k.truth.recipients.append((r, at))
    k.truth.signer = (signer_title, name, cells[0][1][-1])


# ---------------------------------------------------------------------------------------------
# The documents


def tabs_and_breaks() -> tuple[bytes, Truth]:
    """Header typed with tabs (no table); numbering typed with a tab after it; several bullets in
    one paragraph split by manual line breaks; the trích yếu over two lines; signature with tabs."""
    k = Clerk()
    at = k.p("ỦY BAN NHÂN DÂN\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    k.truth.issuer = ("Ủy ban nhân dân xã Tân Tiến", at)
    k.p("XÃ TÂN TIẾN\t\t\tĐộc lập - Tự do - Hạnh phúc", bold=True)
    at = k.p("Số: 15/KH-UBND\t\t\tTân Tiến, ngày 12 tháng 3 năm 2024")
    k.truth.number, k.truth.date = (15, at), (date(2024, 3, 12), at)
    k.p("")
    k.p("KẾ HOẠCH", bold=True, align="center")
    at = k.p(
        "Tuyên truyền, phổ biến chính sách giảm nghèo\nbền vững trên địa bàn xã năm 2024",
        bold=True,
        align="center",
    )
    k.truth.title = ("Tuyên truyền, phổ biến chính sách giảm nghèo bền vững trên địa bàn xã năm 2024", at)
    bases(
        k,
        [
            "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;",
            "Căn cứ Kế hoạch số 40/KH-UBND ngày 20/02/2024 của UBND huyện về công tác giảm nghèo năm 2024.",
        ],
    )
    at = k.p("Ủy ban nhân dân xã Tân Tiến xây dựng Kế hoạch tuyên truyền năm 2024 như sau:", align="both")
    k.truth.opening.append(
        ("Ủy ban nhân dân xã Tân Tiến xây dựng Kế hoạch tuyên truyền năm 2024 như sau:", at)
    )
    section(k, "I.\tMỤC ĐÍCH, YÊU CẦU", "Mục đích, yêu cầu")
    section(k, "1.\tMục đích", "Mục đích")
    k.p(
        "- Nâng cao nhận thức của người dân về chính sách giảm nghèo;\n- Khơi dậy ý chí tự lực vươn lên "
        "thoát nghèo của hộ nghèo.",
        align="both",
    )
    section(k, "2.\tYêu cầu", "Yêu cầu")
    k.p("- Tuyên truyền thường xuyên, đúng đối tượng, đúng nội dung.", align="both")
    section(k, "II.\tNỘI DUNG THỰC HIỆN", "Nội dung thực hiện")
    section(k, "1.\tTuyên truyền trên hệ thống truyền thanh xã", "Tuyên truyền trên hệ thống truyền thanh xã")
    k.p("Phát tin, bài về chính sách giảm nghèo trên loa truyền thanh của xã và các thôn.", align="both")
    when(k, "Thời gian thực hiện: Quý II/2024.", "quý II/2024")
    section(k, "2.\tTổ chức hội nghị đối thoại chính sách", "Tổ chức hội nghị đối thoại chính sách")
    k.p("- Đối thoại với hộ nghèo tại thôn Đông;\n- Đối thoại với hộ cận nghèo tại thôn Tây.", align="both")
    when(k, "- Thời gian: trước ngày 30/9/2024.", "30/9/2024")
    section(k, "III.\tKINH PHÍ THỰC HIỆN", "Kinh phí thực hiện")
    money(k, "Tổng kinh phí: 12.000.000 đồng (Mười hai triệu đồng), từ ngân sách xã.", 12_000_000)
    money(k, "- Tuyên truyền trên hệ thống truyền thanh xã: 5.000.000 đồng;", 5_000_000)
    money(k, "- Tổ chức hội nghị đối thoại chính sách: 7.000.000đ.", 7_000_000)
    section(k, "IV.\tTỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện")
    k.p("1. Công chức Văn hóa - Xã hội", bold=True)
    k.p("Tham mưu Ủy ban nhân dân xã triển khai Kế hoạch; tổng hợp, báo cáo kết quả./.", align="both")
    k.p("")
    at = k.p("Nơi nhận:\t\t\t\tTM. ỦY BAN NHÂN DÂN", bold=True)
    k.p("- UBND huyện;\t\t\t\t\tCHỦ TỊCH", bold=False)
    r1 = k.count
    k.p("- Các thôn;")
    r2 = k.count
    k.p("- Lưu: VT.")
    k.p("")
    at = k.p("\t\t\t\t\t\tTrần Văn Bảy", bold=True)
    k.truth.recipients = [("UBND huyện", r1), ("Các thôn", r2)]
    k.truth.signer = ("Chủ tịch", "Trần Văn Bảy", at)
    return k.bytes(), k.truth


def auto_numbering() -> tuple[bytes, Truth]:
    """Word's automatic numbering (numbering.xml) for sections, headings, sub-headings and bullets;
    header and signature in tables; amounts in triệu đồng."""
    k = Clerk()
    header_table(
        k,
        ["ỦY BAN NHÂN DÂN", "XÃ HỒNG PHONG"],
        "Số: 08/KH-UBND",
        "Hồng Phong, ngày 05 tháng 02 năm 2025",
        "Ủy ban nhân dân xã Hồng Phong",
        date(2025, 2, 5),
        8,
    )
    title(k, "Hỗ trợ phát triển sản xuất cho hộ nghèo năm 2025")
    bases(k, ["Căn cứ Nghị quyết của Hội đồng nhân dân xã về dự toán ngân sách năm 2025."])
    num = k.numbering(
        [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("bullet", "-"), ("bullet", "+")]
    )
    section(k, "MỤC ĐÍCH", "Mục đích", numbered=(num, 0))
    k.p("Hỗ trợ hộ nghèo phát triển sản xuất, tăng thu nhập, thoát nghèo bền vững.", align="both")
    section(k, "NỘI DUNG THỰC HIỆN", "Nội dung thực hiện", numbered=(num, 0))
    section(k, "Hỗ trợ giống cây trồng, vật nuôi", "Hỗ trợ giống cây trồng, vật nuôi", numbered=(num, 1))
    k.p("Cấp giống bò sinh sản cho hộ nghèo có đủ điều kiện chăn nuôi.", align="both", numbered=(num, 3))
    k.p("Cấp giống lúa chất lượng cao:", align="both", numbered=(num, 3))
    k.p("Vụ Đông Xuân cho thôn 1, thôn 2;", numbered=(num, 4))
    k.p("Vụ Hè Thu cho các thôn còn lại.", numbered=(num, 4))
    when(k, "Thời gian thực hiện: Hoàn thành trong tháng 6 năm 2025.", "tháng 6 năm 2025")
    section(k, "Hướng dẫn kỹ thuật", "Hướng dẫn kỹ thuật", numbered=(num, 1))
    section(k, "Tập huấn kỹ thuật chăn nuôi", "Tập huấn kỹ thuật chăn nuôi", numbered=(num, 2))
    k.p("Mở 02 lớp tập huấn tại nhà văn hóa xã.", align="both")
    when(k, "Thời gian thực hiện: Từ tháng 3 đến tháng 5/2025.", "từ tháng 3 đến tháng 5/2025")
    section(k, "Thăm mô hình sản xuất", "Thăm mô hình sản xuất", numbered=(num, 2))
    k.p("Tổ chức cho hộ nghèo tham quan mô hình chăn nuôi hiệu quả.", align="both")
    when(k, "Thời gian thực hiện: Quý III năm 2025.", "quý III năm 2025")
    section(k, "KINH PHÍ THỰC HIỆN", "Kinh phí thực hiện", numbered=(num, 0))
    money(k, "Tổng số tiền: 850,5 triệu đồng; trong đó:", 850_500_000)
    money(k, "+ Ngân sách trung ương: 700 triệu đồng;", 700_000_000)
    money(k, "+ Ngân sách xã: 150,5 triệu đồng.", 150_500_000)
    section(k, "TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện", numbered=(num, 0))
    k.p("Công chức Địa chính - Nông nghiệp", bold=True, numbered=(num, 1))
    k.p("Chủ trì hướng dẫn kỹ thuật, theo dõi kết quả sản xuất của hộ nghèo.", align="both")
    k.p("Các thôn", bold=True, numbered=(num, 1))
    k.p("Rà soát, lập danh sách hộ được hỗ trợ./.", align="both")
    signature_table(
        k,
        ["UBND huyện (b/c)", "Các thôn"],
        "VT, ĐCNN",
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "Lê Thị Hoa",
        "Phó Chủ tịch",
    )
    return k.bytes(), k.truth


def tracked_changes() -> tuple[bytes, Truth]:
    """A plan under review: a tracked deletion and insertion (in a deadline), a comment on a line."""
    k = Clerk()
    header_table(
        k,
        ["ỦY BAN NHÂN DÂN", "XÃ QUỐC TUẤN"],
        "Số:     /KH-UBND",
        "Quốc Tuấn, ngày 20 tháng 4 năm 2024",
        "Ủy ban nhân dân xã Quốc Tuấn",
        date(2024, 4, 20),
        None,
    )
    title(k, "Rà soát hộ nghèo, hộ cận nghèo năm 2024")
    section(k, "I. MỤC ĐÍCH", "Mục đích")
    k.comment(
        "Xác định đúng, đủ hộ nghèo, hộ cận nghèo làm cơ sở thực hiện chính sách.",
        "Xem lại câu này với phòng LĐTBXH",
    )
    section(k, "II. NỘI DUNG THỰC HIỆN", "Nội dung thực hiện")
    section(k, "1. Rà soát tại các thôn", "Rà soát tại các thôn")
    k.p("Ban Nhân dân các thôn tổ chức rà soát, bình xét tại hội nghị thôn.", align="both")
    at = k.tracked("Thời gian thực hiện: ", "Tháng 9/2024", "Tháng 10/2024", ".")
    k.truth.deadlines.append(("tháng 10/2024", at))
    section(k, "2. Tổng hợp kết quả", "Tổng hợp kết quả")
    k.p("Tổng hợp, báo cáo kết quả rà soát về Ủy ban nhân dân huyện.", align="both")
    when(k, "Thời gian thực hiện: Trước ngày 15/12/2024.", "15/12/2024")
    section(k, "III. TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện")
    k.p("1. Công chức Văn hóa - Xã hội", bold=True)
    k.p("Hướng dẫn các thôn rà soát theo đúng quy trình./.", align="both")
    signature_table(
        k, ["UBND huyện", "Các thôn"], "VT", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Vũ Đức Thắng", "Chủ tịch"
    )
    return k.bytes(), k.truth


def xuan_tin() -> tuple[bytes, Truth]:
    """In the style of Kế hoạch 36/KH-UBND (2025) of UBND xã Xuân Tín: letters for the top
    sections ("A . MỤC ĐÍCH, YÊU CẦU:"), a Căn cứ line citing two laws, "Số: 36 /KH - UBND", the
    "HÕA" of the page, numbered paragraphs straight under a section, no national programme."""
    k = Clerk()
    header_table(
        k,
        ["ỦY BAN NHÂN DÂN", "XÃ XUÂN TÍN"],
        "Số: 36 /KH - UBND",
        "Xuân Tín, ngày 07 tháng 5 năm 2025",
        "Ủy ban nhân dân xã Xuân Tín",
        date(2025, 5, 7),
        36,
        national="CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    )
    title(k, "Phòng, chống thiên tai, tìm kiếm cứu nạn và phòng thủ dân sự năm 2025 trên địa bàn Xã Xuân Tín")
    bases(
        k,
        [
            "Căn cứ Luật Phòng, chống thiên tai ngày 19/6/2013; Luật sửa đổi, bổ sung một số điều của Luật "
            "Phòng, chống thiên tai và Luật Đê điều ngày 17/6/2020;",
            "Căn cứ Nghị định số 160/2018/NĐ-CP ngày 29/11/2018 của Chính phủ quy định chi tiết thi hành một "
            "số điều của Luật Phòng, chống thiên tai;",
            "Căn cứ Nghị định số: 02/2019/NĐ-CP ngày 02/1/2019 của Chính phủ về phòng thủ dân sự;",
            "Căn cứ Thông tư số 02/2022/TT-BNNPTNT ngày 07/6/2022 của Bộ Nông nghiệp và Phát triển nông "
            "thôn.",
        ],
    )
    at = k.p(
        "Để chủ động ứng phó khi thiên tai xảy ra, Ban Chỉ huy phòng, chống thiên tai xã xây dựng Kế hoạch "
        "phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025 như sau:",
        align="both",
    )
    k.truth.opening.append(("", at))
    section(k, "A . MỤC ĐÍCH, YÊU CẦU:", "Mục đích, yêu cầu")
    k.p(
        "1. Tuyên truyền, phổ biến kiến thức phòng, chống thiên tai đến từng hộ dân để chủ động phòng tránh.",
        align="both",
    )
    k.p("2. Bảo đảm lực lượng, phương tiện, vật tư sẵn sàng khi có tình huống xảy ra.", align="both")
    section(k, "B . NHIỆM VỤ TRỌNG TÂM:", "Nhiệm vụ trọng tâm")
    section(k, "1. Kiện toàn Ban Chỉ huy", "Kiện toàn Ban Chỉ huy")
    k.p(
        "Kiện toàn Ban Chỉ huy phòng, chống thiên tai, tìm kiếm cứu nạn và phòng thủ dân sự xã; phân công "
        "nhiệm vụ từng thành viên.",
        align="both",
    )
    when(k, "Thời gian thực hiện: trước ngày 30/5/2025.", "30/5/2025")
    section(k, "2. Diễn tập phòng, chống lụt bão", "Diễn tập phòng, chống lụt bão")
    k.p("- Tổ chức diễn tập tại thôn Xuân Phú;", align="both")
    k.p("- Kiểm tra phương tiện, vật tư dự phòng.", align="both")
    when(k, "Thời gian thực hiện: Tháng 7/2025.", "tháng 7/2025")
    section(k, "3. Trực ban mùa mưa bão", "Trực ban mùa mưa bão")
    k.p("Duy trì trực ban 24/24 giờ trong mùa mưa bão.", align="both")
    when(k, "Thời gian thực hiện: từ tháng 6 đến tháng 11/2025.", "từ tháng 6 đến tháng 11/2025")
    section(k, "C . KINH PHÍ:", "Kinh phí")
    money(
        k, "Tổng kinh phí thực hiện: 50 triệu đồng từ ngân sách xã và Quỹ phòng, chống thiên tai.", 50_000_000
    )
    section(k, "D . TỔ CHỨC THỰC HIỆN:", "Tổ chức thực hiện")
    k.p(
        "1. Ban Chỉ huy phòng, chống thiên tai xã: chỉ đạo, điều hành công tác phòng, chống thiên tai trên "
        "địa bàn.",
        align="both",
    )
    k.p("2. Các thôn: tổ chức lực lượng xung kích tại chỗ./.", align="both")
    signature_table(
        k,
        ["Ban Chỉ huy PCTT huyện", "Các thôn"],
        "VT",
        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        "Lê Văn Toàn",
        "Chủ tịch",
    )
    return k.bytes(), k.truth


def tinh_tra() -> tuple[bytes, Truth]:
    """In the style of the Tịnh Trà commune plan on digital transformation (2024): the number left
    blank with the date filled, the trích yếu over three lines with capitals where the lines
    start, an en dash in the motto, "… với nội dung chủ yếu như sau:", "I. MỤC TIÊU" then "1." then
    "a)" groups of "-" targets; a horizon to 2025."""
    k = Clerk()
    header_table(
        k,
        ["ỦY BAN NHÂN DÂN", "XÃ TỊNH TRÀ"],
        "Số:        /KH-UBND",
        "Tịnh Trà, ngày 26 tháng 4 năm 2024",
        "Ủy ban nhân dân xã Tịnh Trà",
        date(2024, 4, 26),
        None,
        motto="Độc lập – Tự do – Hạnh phúc",
    )
    k.p("KẾ HOẠCH", bold=True, align="center")
    at = k.p(
        "Triển khai thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023\nCủa Ban Thường vụ Tỉnh ủy về chuyển "
        "đổi số "
        "tỉnh\nĐến năm 2025, định hướng đến năm 2030",
        bold=True,
        align="center",
    )
    k.truth.title = (
        "Triển khai thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023 của Ban Thường vụ Tỉnh ủy về "
        "chuyển đổi số tỉnh đến năm 2025, định hướng đến năm 2030",
        at,
    )
    k.p("")
    at = k.p(
        "Thực hiện Kế hoạch số 50/KH-UBND ngày 11/3/2024 của UBND huyện Sơn Tịnh; UBND xã Tịnh Trà ban hành "
        "Kế hoạch thực hiện với nội dung chủ yếu như sau:",
        align="both",
    )
    k.truth.opening.append(("", at))
    section(k, "I. MỤC TIÊU", "Mục tiêu")
    section(k, "1. Mục tiêu cơ bản đến năm 2025", "Mục tiêu cơ bản đến năm 2025")
    section(
        k,
        "a) Về chuyển đổi số trong hoạt động của cơ quan Đảng, Nhà nước",
        "Về chuyển đổi số trong hoạt động của cơ quan Đảng, Nhà nước",
    )
    k.p("- 100% văn bản trao đổi giữa các cơ quan dưới dạng điện tử;", align="both")
    k.p("- 100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình.", align="both")
    section(k, "b) Về kinh tế số, xã hội số", "Về kinh tế số, xã hội số")
    k.p("- 80% hộ gia đình có đường truyền internet cáp quang.", align="both")
    section(k, "II. NHIỆM VỤ, GIẢI PHÁP", "Nhiệm vụ, giải pháp")
    section(k, "1. Tuyên truyền nâng cao nhận thức", "Tuyên truyền nâng cao nhận thức")
    k.p(
        "Tuyên truyền về chuyển đổi số trên hệ thống truyền thanh xã, hoàn thành trước ngày 30/6/2024.",
        align="both",
    )
    k.truth.deadlines.append(("30/6/2024", k.count))
    section(k, "2. Phát triển hạ tầng số", "Phát triển hạ tầng số")
    k.p("Phối hợp doanh nghiệp viễn thông phủ sóng các thôn.", align="both")
    when(k, "Thời gian thực hiện: Năm 2025.", "năm 2025")
    section(k, "III. TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện")
    k.p("1. Văn phòng HĐND và UBND xã", bold=True)
    k.p("Tham mưu triển khai, theo dõi, báo cáo kết quả thực hiện Kế hoạch./.", align="both")
    signature_table(
        k,
        ["UBND huyện Sơn Tịnh", "Đảng ủy xã"],
        "VT",
        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        "Nguyễn Văn Lâm",
        "Chủ tịch",
    )
    return k.bytes(), k.truth


def hue() -> tuple[bytes, Truth]:
    """In the style of Kế hoạch 474/KH-UBND (27/12/2024) of UBND tỉnh Thừa Thiên Huế: a trích yếu
    in capitals, a "Thực hiện …; …" preamble, "I. MỤC TIÊU" with "1. Mục tiêu chung:" and "2. Mục
    tiêu cụ thể:", amounts in triệu đồng with decimals, a deputy signing."""
    k = Clerk()
    header_table(
        k,
        ["ỦY BAN NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ"],
        "Số: 474/KH-UBND",
        "Thành phố Huế, ngày 27 tháng 12 năm 2024",
        "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
        date(2024, 12, 27),
        474,
    )
    title(
        k,
        "Thực hiện công tác giảm nghèo bền vững năm 2025",
        typed="THỰC HIỆN CÔNG TÁC GIẢM NGHÈO BỀN VỮNG NĂM 2025",
    )
    at = k.p(
        "Thực hiện Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ; Quyết định số 353/QĐ-TTg "
        "ngày 15/03/2022 của Thủ tướng Chính phủ; Nghị quyết số 20/2023/NQ-HĐND ngày 21/8/2023 của Hội đồng "
        "nhân dân tỉnh; Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện năm 2025, như sau:",
        align="both",
    )
    k.truth.opening.append(("", at))
    section(k, "I. MỤC TIÊU", "Mục tiêu")
    section(k, "1. Mục tiêu chung:", "Mục tiêu chung")
    k.p("Giảm nghèo đa chiều, bao trùm, bền vững; hạn chế tái nghèo và phát sinh nghèo.", align="both")
    section(k, "2. Mục tiêu cụ thể:", "Mục tiêu cụ thể")
    k.p("- Tỷ lệ hộ nghèo giảm 0,5 - 1% so với cuối năm 2024;", align="both")
    k.p("- 100% hộ nghèo được hỗ trợ tiếp cận dịch vụ xã hội cơ bản.", align="both")
    section(k, "II. NHIỆM VỤ VÀ GIẢI PHÁP", "Nhiệm vụ và giải pháp")
    section(
        k,
        "1. Dự án 4: Phát triển giáo dục nghề nghiệp, việc làm bền vững",
        "Dự án 4: Phát triển giáo dục nghề nghiệp, việc làm bền vững",
    )
    k.p("Hỗ trợ đào tạo nghề cho người lao động thuộc hộ nghèo, hộ cận nghèo.", align="both")
    when(k, "Thời gian thực hiện: Quý III/2025.", "quý III/2025")
    section(
        k,
        "2. Dự án 6: Truyền thông và giảm nghèo về thông tin",
        "Dự án 6: Truyền thông và giảm nghèo về thông tin",
    )
    k.p("Tổ chức các hoạt động truyền thông về giảm nghèo đa chiều.", align="both")
    when(k, "Thời gian thực hiện: Năm 2025.", "năm 2025")
    section(k, "III. KINH PHÍ THỰC HIỆN", "Kinh phí thực hiện")
    money(k, "- Tổng kinh phí: 4.650,5 triệu đồng; trong đó:", 4_650_500_000)
    money(k, "+ Ngân sách trung ương: 4.200 triệu đồng;", 4_200_000_000)
    money(k, "+ Ngân sách tỉnh: 450,5 triệu đồng.", 450_500_000)
    section(k, "IV. TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện")
    k.p("1. Sở Lao động - Thương binh và Xã hội", bold=True)
    k.p("Chủ trì, theo dõi, tổng hợp tình hình thực hiện Kế hoạch.", align="both")
    k.p("2. Ủy ban nhân dân các huyện, thị xã, thành phố", bold=True)
    k.p("Chỉ đạo các xã triển khai Kế hoạch trên địa bàn./.", align="both")
    signature_table(
        k,
        ["Bộ Lao động - Thương binh và Xã hội", "Thường trực Tỉnh ủy", "Các sở, ban, ngành"],
        "VT, LĐTBXH",
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "Nguyễn Thanh Bình",
        "Phó Chủ tịch",
    )
    return k.bytes(), k.truth


def quang_nam() -> tuple[bytes, Truth]:
    """In the style of Kế hoạch 4544/KH-UBND (13/7/2023) of UBND tỉnh Quảng Nam: monitoring and
    evaluation, "II. ĐỐI TƯỢNG, THỜI GIAN GIÁM SÁT, ĐÁNH GIÁ", recurring deadlines."""
    k = Clerk()
    header_table(
        k,
        ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM"],
        "Số: 4544/KH-UBND",
        "Quảng Nam, ngày 13 tháng 7 năm 2023",
        "Ủy ban nhân dân tỉnh Quảng Nam",
        date(2023, 7, 13),
        4544,
    )
    title(
        k,
        "Giám sát, đánh giá thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn tỉnh "
        "Quảng Nam năm 2023",
    )
    at = k.p(
        "Thực hiện Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ; Thông tư số 10/2022/TT-BLĐTBXH "
        "ngày 31/5/2022 của Bộ Lao động - Thương binh và Xã hội (sau đây gọi tắt là Chương trình), UBND tỉnh "
        "ban hành Kế hoạch giám sát, đánh giá năm 2023 như sau:",
        align="both",
    )
    k.truth.opening.append(("", at))
    section(k, "I. MỤC ĐÍCH, YÊU CẦU", "Mục đích, yêu cầu")
    section(k, "1. Mục đích", "Mục đích")
    k.p("- Theo dõi, kiểm tra việc tuân thủ quy định trong quá trình thực hiện Chương trình.", align="both")
    section(k, "2. Yêu cầu", "Yêu cầu")
    k.p("- Báo cáo đúng biểu mẫu, đúng thời gian quy định.", align="both")
    section(k, "II. ĐỐI TƯỢNG, THỜI GIAN GIÁM SÁT, ĐÁNH GIÁ", "Đối tượng, thời gian giám sát, đánh giá")
    k.p("- Các sở, ban, ngành được giao chủ trì dự án, tiểu dự án của Chương trình.", align="both")
    k.p("- Giám sát định kỳ tại các huyện, thị xã, thành phố.", align="both")
    when(k, "Thời gian thực hiện: Định kỳ 6 tháng, hằng năm.", "định kỳ 6 tháng, hằng năm")
    section(k, "III. NỘI DUNG GIÁM SÁT, ĐÁNH GIÁ", "Nội dung giám sát, đánh giá")
    section(k, "1. Tập huấn hệ thống chỉ số giám sát", "Tập huấn hệ thống chỉ số giám sát")
    k.p("Tập huấn cho cán bộ làm công tác giảm nghèo cấp huyện, cấp xã.", align="both")
    when(k, "Thời gian thực hiện: Vào ngày 15/9/2023.", "vào ngày 15/9/2023")
    section(k, "2. Báo cáo tình hình thực hiện", "Báo cáo tình hình thực hiện")
    k.p("Các huyện báo cáo tình hình thực hiện các chỉ tiêu giảm nghèo.", align="both")
    when(k, "Thời gian thực hiện: Hằng quý.", "hằng quý")
    section(k, "3. Tổng hợp, đánh giá năm 2023", "Tổng hợp, đánh giá năm 2023")
    k.p("Đánh giá mức độ đạt các chỉ tiêu; đề xuất giải pháp năm 2024.", align="both")
    when(k, "Thời gian thực hiện: Hoàn thành trước ngày 15/12/2023.", "15/12/2023")
    section(k, "IV. TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện")
    k.p("1. Sở Lao động - Thương binh và Xã hội", bold=True)
    k.p("Chủ trì, phối hợp với các sở, ngành tổ chức thực hiện Kế hoạch.", align="both")
    k.p("2. Sở Tài chính", bold=True)
    k.p("Phối hợp kiểm tra việc sử dụng kinh phí thực hiện Chương trình./.", align="both")
    signature_table(
        k,
        [
            "Bộ Lao động - Thương binh và Xã hội (b/c)",
            "TT Tỉnh ủy, HĐND tỉnh (b/c)",
            "UBND các huyện, thị xã, thành phố",
        ],
        "VT, KGVX",
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "Trần Văn Mười",
        "Phó Chủ tịch",
    )
    return k.bytes(), k.truth


def phong_vhxh() -> tuple[bytes, Truth]:
    """An office under the commune after the 2025 reorganisation: the parent above the issuer (not
    bold), the head signing without TM., units named in the tasks' sentences, amounts in đồng and
    "đ", lines per task."""
    k = Clerk()
    header_table(
        k,
        ["ỦY BAN NHÂN DÂN", "XÃ SƠN TỊNH", "PHÒNG VĂN HÓA - XÃ HỘI"],
        "Số: 12/KH-PVHXH",
        "Sơn Tịnh, ngày 15 tháng 8 năm 2025",
        "Phòng Văn hóa - Xã hội",
        date(2025, 8, 15),
        12,
        bold_from=2,
    )
    title(k, "Tổ chức các hoạt động hưởng ứng Tháng cao điểm Vì người nghèo năm 2025")
    bases(k, ["Căn cứ Kế hoạch số 85/KH-UBND ngày 05/8/2025 của Ủy ban nhân dân xã Sơn Tịnh."])
    section(k, "I. MỤC ĐÍCH, YÊU CẦU", "Mục đích, yêu cầu")
    section(k, "1. Mục đích", "Mục đích")
    k.p("- Vận động các tổ chức, cá nhân chung tay hỗ trợ hộ nghèo.", align="both")
    section(k, "2. Yêu cầu", "Yêu cầu")
    k.p("- Tổ chức thiết thực, tiết kiệm, đúng đối tượng.", align="both")
    section(k, "II. NỘI DUNG THỰC HIỆN", "Nội dung thực hiện")
    section(k, "1. Phát động Tháng cao điểm", "Phát động Tháng cao điểm")
    k.p(
        "Phòng Văn hóa - Xã hội chủ trì, phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam xã tổ chức lễ phát "
        "động.",
        align="both",
    )
    when(k, "Thời gian thực hiện: Ngày 17/10/2025.", "vào ngày 17/10/2025")
    section(k, "2. Thăm, tặng quà hộ nghèo", "Thăm, tặng quà hộ nghèo")
    k.p("Thăm, tặng quà các hộ nghèo có hoàn cảnh đặc biệt khó khăn.", align="both")
    k.p("Đơn vị chủ trì: Ủy ban Mặt trận Tổ quốc Việt Nam xã; đơn vị phối hợp: Ban Nhân dân các thôn.")
    when(
        k, "Thời gian thực hiện: Từ ngày 17/10/2025 đến ngày 18/11/2025.", "từ ngày 17/10 đến ngày 18/11/2025"
    )
    section(k, "III. KINH PHÍ THỰC HIỆN", "Kinh phí thực hiện")
    money(k, "- Tổng kinh phí: 30.000.000 đồng (Ba mươi triệu đồng); trong đó:", 30_000_000)
    money(k, "+ Phát động Tháng cao điểm: 5.000.000đ;", 5_000_000)
    money(k, "+ Thăm, tặng quà hộ nghèo: 25.000.000 đồng.", 25_000_000)
    section(k, "IV. TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện")
    k.p("1. Phòng Văn hóa - Xã hội", bold=True)
    k.p("- Chủ trì tổ chức các hoạt động; tổng hợp, báo cáo Ủy ban nhân dân xã.", align="both")
    k.p("2. Ủy ban Mặt trận Tổ quốc Việt Nam xã", bold=True)
    k.p("- Vận động Quỹ Vì người nghèo.", align="both")
    k.p("3. Ban Nhân dân các thôn", bold=True)
    k.p("- Lập danh sách hộ được thăm, tặng quà./.", align="both")
    signature_table(
        k,
        ["UBND xã (b/c)", "Ủy ban MTTQ Việt Nam xã", "Ban Nhân dân các thôn"],
        "VT, VHXH",
        ["TRƯỞNG PHÒNG"],
        "Nguyễn Thị Thu Hà",
        "Trưởng phòng",
    )
    return k.bytes(), k.truth


def chi_tieu() -> tuple[bytes, Truth]:
    """Tables and emphasis as clerks type them (issue 24 part 6): a chỉ tiêu table of targets per
    year under a two-row header ("Năm" over 2025, 2026), a table per village with an amount in
    đồng right-aligned and a total that adds up, a cost table in the Kinh phí section under
    "Đơn vị tính: triệu đồng" whose total does not add up (reported, kept as written); bold and
    italic set with the toolbar, and with Word's "Strong" style; a Căn cứ line in italics with a
    bold name. Units: a name with a comma given alone as a lead and then in a partner list, and
    one given nowhere alone (ambiguous: left for review)."""
    k = Clerk()
    header_table(
        k,
        ["ỦY BAN NHÂN DÂN", "XÃ BÌNH MINH"],
        "Số: 27/KH-UBND",
        "Bình Minh, ngày 10 tháng 3 năm 2025",
        "Ủy ban nhân dân xã Bình Minh",
        date(2025, 3, 10),
        27,
    )
    title(k, "Chuyển đổi số trên địa bàn xã năm 2025")
    at = k.runs([("Căn cứ ", {}), ("Nghị quyết số 57-NQ/TW", {"bold": True}),
                 (" ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng "
                  "tạo và chuyển đổi số;", {})], italic=True)
    k.truth.bases.append(("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát "
                          "triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", at))
    k.truth.emphasis.append(("**Nghị quyết số 57-NQ/TW**", at))
    bases(k, ["Căn cứ Kế hoạch số 15/KH-UBND ngày 20/01/2025 của Ủy ban nhân dân huyện."])
    section(k, "I. MỤC TIÊU", "Mục tiêu")
    at = k.runs([("Đến hết năm 2025, ", {}), ("100%", {"bold": True}),
                 (" hồ sơ thủ tục hành chính đủ điều kiện được xử lý ", {}),
                 ("trực tuyến toàn trình", {"italic": True}), (".", {})])
    k.truth.emphasis += [("**100%**", at), ("*trực tuyến toàn trình*", at)]
    at = k.grid([
        ["Chỉ tiêu", "Năm"],
        [None, "2025", "2026"],
        ["Hồ sơ xử lý trực tuyến toàn trình", "60%", "80%"],
        ["Hộ dùng thanh toán không dùng tiền mặt", "45%", "60%"],
        ["Người dân có tài khoản định danh mức 2", "70%", "90%"],
    ], spans={(0, 1): 2})
    k.truth.tables.append(({
        "header": ["Chỉ tiêu", "Năm 2025", "Năm 2026"],
        "rows": [["Hồ sơ xử lý trực tuyến toàn trình", "60%", "80%"],
                 ["Hộ dùng thanh toán không dùng tiền mặt", "45%", "60%"],
                 ["Người dân có tài khoản định danh mức 2", "70%", "90%"]],
    }, at))
    section(k, "II. NHIỆM VỤ VÀ GIẢI PHÁP", "Nhiệm vụ và giải pháp")
    section(k, "1. Phổ cập kỹ năng số cho người dân", "Phổ cập kỹ năng số cho người dân")
    at = k.runs([("Tổ công nghệ số cộng đồng hướng dẫn người dân ", {}),
                 ("cài đặt và sử dụng VNeID", {"style": "Strong"}), (" tại nhà văn hóa các thôn.", {})])
    k.truth.emphasis.append(("**cài đặt và sử dụng VNeID**", at))
    at = k.grid([
        ["Thôn", "Số hộ", "Kinh phí (đồng)"],
        ["Thôn 1", "120", "4.000.000"],
        ["Thôn 2", "95", "3.500.000"],
        ["Thôn 3", "80", "2.500.000"],
        ["Tổng cộng", "", "10.000.000"],
    ], right=(1, 2), bold_rows=(4,))
    k.truth.tables.append(({
        "header": ["Thôn", "Số hộ", "Kinh phí (đồng)"],
        "rows": [["Thôn 1", "120", "4.000.000"], ["Thôn 2", "95", "3.500.000"],
                 ["Thôn 3", "80", "2.500.000"]],
        "money": [3],
        "total": "Tổng cộng",
    }, at))
    k.p("Đơn vị chủ trì: Ban Chỉ đạo chuyển đổi số, cải cách hành chính xã; đơn vị phối hợp: Công an xã.",
        align="both")
    when(k, "Thời gian thực hiện: Quý II/2025.", "quý II/2025")
    section(k, "2. Số hóa hồ sơ, dữ liệu", "Số hóa hồ sơ, dữ liệu")
    k.p("Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực.", align="both")
    k.p("Đơn vị chủ trì: Công an xã; đơn vị phối hợp: Ban Chỉ đạo chuyển đổi số, cải cách hành chính xã, "
        "Trạm Y tế xã.", align="both")
    when(k, "Thời gian thực hiện: trước ngày 30/9/2025.", "30/9/2025")
    section(k, "3. Tuyên truyền về chuyển đổi số", "Tuyên truyền về chuyển đổi số")
    k.p("Tuyên truyền trên loa truyền thanh và trang thông tin điện tử của xã.", align="both")
    k.p("Đơn vị phối hợp: Tổ tuyên truyền, vận động xã.", align="both")
    when(k, "Thời gian thực hiện: Thường xuyên.", "thường xuyên")
    section(k, "III. KINH PHÍ THỰC HIỆN", "Kinh phí thực hiện")
    k.p("Đơn vị tính: triệu đồng", align="both")
    at = k.grid([
        ["STT", "Nội dung", "Kinh phí"],
        ["1", "Phổ cập kỹ năng số", "10"],
        ["2", "Số hóa hồ sơ, dữ liệu", "25,5"],
        ["", "Tổng cộng", "36,5"],
    ], right=(2,), bold_rows=(3,))
    k.truth.tables.append(({
        "header": ["STT", "Nội dung", "Kinh phí"],
        "rows": [["1", "Phổ cập kỹ năng số", "10"], ["2", "Số hóa hồ sơ, dữ liệu", "25,5"],
                 ["", "Tổng cộng", "36,5"]],  # 10 + 25,5 is 35,5: kept as written, reported
        "money": [3],
        "unit": "triệu đồng",
    }, at))
    section(k, "IV. TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện")
    k.p("1. Công chức Văn hóa - Xã hội", bold=True)
    at = k.runs([("Tham mưu triển khai Kế hoạch; ", {}), ("tổng hợp, báo cáo", {"italic": True}),
                 (" kết quả về Ủy ban nhân dân huyện.", {})])
    k.truth.emphasis.append(("*tổng hợp, báo cáo*", at))
    k.p("2. Công an xã", bold=True)
    k.p("Hướng dẫn người dân kích hoạt tài khoản định danh điện tử./.", align="both")
    signature_table(
        k, ["UBND huyện (b/c)", "Các thôn"], "VT", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Đinh Văn Lâm",
        "Chủ tịch",
    )
    return k.bytes(), k.truth


DOCUMENTS: dict[str, Callable[[], tuple[bytes, Truth]]] = {
    "tabs_and_breaks": tabs_and_breaks,
    "auto_numbering": auto_numbering,
    "tracked_changes": tracked_changes,
    "xuan_tin": xuan_tin,
    "tinh_tra": tinh_tra,
    "hue": hue,
    "quang_nam": quang_nam,
    "phong_vhxh": phong_vhxh,
    "chi_tieu": chi_tieu,
}


# ---------------------------------------------------------------------------------------------
# Scoring an import against the fields


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(str(text).split())).casefold()
    return text.replace("–", "-").rstrip(" ;.:,")


def _walk(data: Any) -> Any:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


@dataclass
class Score:
    recovered: int
    present: int
    misses: list[tuple[str, int]]  # (what, đoạn)
    # (recovered, present) of the table cells, headers, money columns, units and totals, and of
    # the bold and italic phrases: part of the counts above
    tables: tuple[int, int] = (0, 0)
    emphasis: tuple[int, int] = (0, 0)

    @property
    def ratio(self) -> float:
        return self.recovered / self.present if self.present else 1.0


def fields_of(data: dict[str, Any]) -> dict[str, Any]:
    """What an import recovered, in the form the truth is written in."""
    from kehoach.catalogue import load_catalogue
    from kehoach.deadlines import parse_deadline
    from kehoach.money import parse_money

    doc = data.get("document", {})
    catalogue = load_catalogue(data["programme"]) if data.get("programme") else None
    headings: list[str] = []
    titles = {
        "purpose": "Mục đích, yêu cầu",
        "activities": "Nội dung thực hiện",
        "budget": "Kinh phí thực hiện",
        "organization": "Tổ chức thực hiện",
    }
    for entry in data.get("sections") or []:
        headings.append(entry.get("title") or titles.get(entry.get("use"), ""))
    if not data.get("sections"):
        headings += [titles[k] for k in ("purpose", "activities", "budget", "organization") if data.get(k)]
        purpose = data.get("purpose") or {}
        if purpose.get("goals") and not purpose.get("requirements"):
            headings.append("Mục đích")
    purpose = data.get("purpose") or {}
    if purpose.get("goals") and purpose.get("requirements"):
        headings += ["Mục đích", "Yêu cầu"]
    for node in _walk([data.get("activities"), data.get("sections")]):
        if (
            "title" in node
            and ("text" in node or "items" in node or "children" in node)
            and "use" not in node
        ):
            headings.append(node["title"])
        if "project" in node and catalogue and catalogue.get(node["project"]):
            project = catalogue.get(node["project"])
            headings.append(f"{project.label(catalogue)}: {project.title}")
    deadlines = []
    for node in _walk([data.get("activities"), data.get("sections")]):
        if isinstance(node, dict) and node.get("deadline"):
            with _ok():
                d = parse_deadline(node["deadline"])
                deadlines.append((d.kind, d.start, d.end, d.every))
    budget = data.get("budget") or {}
    unit = budget.get("unit", "đồng")
    amounts = []
    for value in [budget.get("total"), *(budget.get("by_source") or {}).values()]:
        if value is not None:
            amounts.append(parse_money(value, unit))
    for line in (budget.get("lines") or {}).values():
        if isinstance(line, dict):
            amounts.append(parse_money(line["amount"], unit))
            amounts += [
                parse_money(v, unit) for v in {**line.get("sources", {}), **line.get("of_which", {})}.values()
            ]
        else:
            amounts.append(parse_money(line, unit))
    amounts += [_amount for _amount in _sentence_amounts(budget.get("sources") or "")]
    signer = data.get("signer") or {}
    opening = data.get("opening")
    return {
        "issuer": doc.get("issuer"),
        "number": doc.get("number"),
        "date": doc.get("date"),
        "title": doc.get("summary"),
        "bases": data.get("bases") or [],
        "opening": opening if isinstance(opening, list) else [opening] if opening else [],
        "sections": headings,
        "deadlines": deadlines,
        "amounts": amounts,
        "recipients": data.get("recipients") or [],
        "signer": (signer.get("title"), signer.get("name")),
        "organization": data.get("organization") or {},
    }


class _ok:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is not None and issubclass(exc[0], ValueError)  # type: ignore[arg-type]


def _sentence_amounts(text: str) -> list[int]:
    from kehoach.docximport.budget import amounts

    return [a.value for a in amounts(text)]


def _plain(data: Any) -> Any:
    """The data with bold and italic markers taken out of its texts (as a reader sees them)."""
    from kehoach import emphasis

    if isinstance(data, str):
        return emphasis.plain(data)
    if isinstance(data, list):
        return [_plain(x) for x in data]
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    return data


def _tables(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every `table:` of the plan, in the order the document prints them."""
    parts = [data.get("activities") if s.get("use") == "activities" else s
             for s in data.get("sections") or []]
    out = []
    for node in _walk(parts or [data.get("activities")]):
        if isinstance(node.get("table"), dict):
            out.append(node["table"])
    return out


def _texts(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, list):
        return [t for x in data for t in _texts(x)]
    if isinstance(data, dict):
        return [t for x in data.values() for t in _texts(x)]
    return []


def score(truth: Truth, data: dict[str, Any]) -> Score:
    """Fields recovered out of fields present (issuer, number, date, title, each basis or opening
    paragraph, each section title, each deadline, each amount, each recipient, the signer; each
    table's header cells, cells, money columns, unit and total; each bold or italic phrase)."""
    from kehoach.deadlines import parse_deadline

    raw = data
    data = _plain(data)
    got = fields_of(data)
    misses: list[tuple[str, int]] = []
    present = 0

    def check(ok: bool, what: str, at: int) -> None:
        nonlocal present
        present += 1
        if not ok:
            misses.append((what, at))

    check(
        _fold(got["issuer"] or "") == _fold(truth.issuer[0]),
        f"cơ quan ban hành {truth.issuer[0]}",
        truth.issuer[1],
    )
    check(got["number"] == truth.number[0], f"số {truth.number[0]}", truth.number[1])
    check(got["date"] == truth.date[0], f"ngày {truth.date[0]}", truth.date[1])
    check(_fold(got["title"] or "") == _fold(truth.title[0]), "trích yếu", truth.title[1])
    bases = [_fold(b) for b in got["bases"]]
    for text, at in truth.bases:
        check(_fold(text) in bases, f"căn cứ {text[:40]}", at)
    opening = " ".join(got["opening"])
    for _text, at in truth.opening:
        check(bool(opening.strip()), "đoạn mở đầu", at)
    headings = [_fold(h) for h in got["sections"]]
    for text, at in truth.sections:
        found = _fold(text) in headings
        if found:
            headings.remove(_fold(text))
        check(found, f"tiêu đề mục {text}", at)
    deadlines = list(got["deadlines"])
    for text, at in truth.deadlines:
        d = parse_deadline(text)
        key = (d.kind, d.start, d.end, d.every)
        found = key in deadlines
        if found:
            deadlines.remove(key)
        check(found, f"thời hạn {text}", at)
    amounts = list(got["amounts"])
    for value, at in truth.amounts:
        found = value in amounts
        if found:
            amounts.remove(value)
        check(found, f"số tiền {value}", at)
    recipients = [_fold(r) for r in got["recipients"]]
    for text, at in truth.recipients:
        check(_fold(text) in recipients, f"nơi nhận {text}", at)
    title_, name = got["signer"]
    check(
        _fold(name or "") == _fold(truth.signer[1]) and _fold(title_ or "") == _fold(truth.signer[0]),
        f"người ký {truth.signer[0]} {truth.signer[1]}",
        truth.signer[2],
    )
    before = (present, len(misses))
    tables = _tables(raw)
    for n, (want, at) in enumerate(truth.tables):
        table = tables[n] if n < len(tables) else {}
        header = table.get("header") or []
        for i, cell in enumerate(want["header"]):
            check(i < len(header) and header[i] == cell, f"bảng {n + 1}: tiêu đề cột {cell}", at)
        rows = table.get("rows") or []
        for r, row in enumerate(want["rows"]):
            for c, cell in enumerate(row):
                ok = r < len(rows) and c < len(rows[r]) and str(rows[r][c]) == cell
                check(ok, f"bảng {n + 1}: ô {cell!r} (hàng {r + 1}, cột {c + 1})", at)
        check(table.get("money", []) == want.get("money", []), f"bảng {n + 1}: cột số tiền", at)
        check(table.get("unit", "đồng") == want.get("unit", "đồng"), f"bảng {n + 1}: đơn vị", at)
        check(table.get("total") == want.get("total"), f"bảng {n + 1}: dòng tổng", at)
    in_tables = (present - before[0], len(misses) - before[1])
    before = (present, len(misses))
    texts = _texts(raw)
    for phrase, at in truth.emphasis:
        check(any(phrase in t for t in texts), f"chữ đậm, nghiêng {phrase}", at)
    in_emphasis = (present - before[0], len(misses) - before[1])
    return Score(present - len(misses), present, misses, (in_tables[0] - in_tables[1], in_tables[0]),
                 (in_emphasis[0] - in_emphasis[1], in_emphasis[0]))


def find(name: str) -> tuple[bytes, Truth]:
    return DOCUMENTS[name]()


__all__ = ["DOCUMENTS", "Clerk", "Score", "Truth", "fields_of", "re", "score"]
