"""The .docx read back with python-docx: page setup, fonts, styles, tables and text as the spec
(nd30-layout.md, Nghị định 30/2020 Phụ lục I) gives them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.dom import minidom

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from typer.testing import CliRunner

from kehoach.cli import app
from render_plans import SEED_PLAN

runner = CliRunner()
TNR = "Times New Roman"


def render(plan: Path, out: Path, *extra: str) -> Path:
    result = runner.invoke(app, ["render", str(plan), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory) -> Path:
    return render(SEED_PLAN, tmp_path_factory.mktemp("docx") / "2024.docx")


@pytest.fixture(scope="module")
def document(seed_docx):
    return docx.Document(str(seed_docx))


def all_paragraphs(document):
    """Body paragraphs, then those in table cells, then the headers'."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        yield from section.header.paragraphs
        yield from section.first_page_header.paragraphs


TOLERANCE = Mm(0.2)


def close_to(length, expected, tolerance=TOLERANCE) -> bool:
    return abs(length - expected) <= tolerance


def test_the_package_is_well_formed_and_deterministic(seed_docx, tmp_path) -> None:
    with zipfile.ZipFile(seed_docx) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"
        for name in archive.namelist():
            minidom.parseString(archive.read(name))  # every part is well-formed XML
    again = render(SEED_PLAN, tmp_path / "again.docx")
    assert again.read_bytes() == seed_docx.read_bytes()


def test_page_setup(document) -> None:
    (section,) = document.sections
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert close_to(section.page_width, Mm(210)) and close_to(section.page_height, Mm(297))
    assert close_to(section.top_margin, Mm(20))
    assert close_to(section.bottom_margin, Mm(20))
    assert close_to(section.left_margin, Mm(30))
    assert close_to(section.right_margin, Mm(15))


def test_page_number_centred_in_header_and_hidden_on_page_one(document) -> None:
    (section,) = document.sections
    assert section.different_first_page_header_footer
    (number,) = section.header.paragraphs
    assert number.style.name == "KH Số trang"
    assert number.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert number.style.font.size == Pt(14)
    instructions = [el.text for el in number._p.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert all(not p.text.strip() for p in section.first_page_header.paragraphs)
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))


def test_times_new_roman_in_all_four_slots_and_vietnamese(document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    normal = document.styles["Normal"].element.find(qn("w:rPr"))
    for rpr in (defaults, normal):
        fonts = rpr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(slot)) == TNR, slot
        assert rpr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert document.styles["Normal"].font.name == TNR
    # No run or style anywhere names another font.
    for element in (document.element, document.styles.element):
        for fonts in element.iter(qn("w:rFonts")):
            assert set(fonts.values()) <= {TNR}


def test_every_paragraph_uses_a_named_kh_style(document) -> None:
    names = {p.style.name for p in all_paragraphs(document)}
    assert all(name.startswith("KH ") for name in names), names
    for expected in ("KH Quốc hiệu", "KH Tiêu ngữ", "KH Tên cơ quan", "KH Số ký hiệu",
                     "KH Địa danh ngày tháng", "KH Tên loại", "KH Trích yếu", "KH Nội dung",
                     "KH Mục I", "KH Mục 1", "KH Mục 1.1", "KH Mục 1.1.1", "KH Điểm",
                     "KH Gạch đầu dòng", "KH Dấu cộng", "KH Nơi nhận", "KH Nơi nhận tiêu đề",
                     "KH Chức vụ ký", "KH Người ký", "KH Đường kẻ", "KH Số trang"):
        assert expected in names, expected
    assert "KH Căn cứ" in [s.name for s in document.styles]


def test_body_paragraph_format(document) -> None:
    body = document.styles["KH Nội dung"]
    fmt = body.paragraph_format
    assert body.font.size == Pt(14)
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert close_to(fmt.first_line_indent, Cm(1.27), Mm(0.05))
    assert fmt.space_before == Pt(6)
    assert fmt.line_spacing == pytest.approx(1.15)
    # Bullets, points and headings inherit the body's indent, spacing and size.
    for name in ("KH Gạch đầu dòng", "KH Dấu cộng", "KH Điểm", "KH Căn cứ", "KH Mục I", "KH Mục 1"):
        assert document.styles[name].base_style.name == "KH Nội dung"


# name → (size pt, bold, italic, alignment)
STYLE_FACTS = {
    "KH Tên cơ quan": (13, True, None, WD_ALIGN_PARAGRAPH.CENTER),
    "KH Số ký hiệu": (13, None, None, WD_ALIGN_PARAGRAPH.CENTER),
    "KH Quốc hiệu": (13, True, None, WD_ALIGN_PARAGRAPH.CENTER),
    "KH Tiêu ngữ": (14, True, None, WD_ALIGN_PARAGRAPH.CENTER),
    "KH Địa danh ngày tháng": (14, None, True, WD_ALIGN_PARAGRAPH.CENTER),
    "KH Tên loại": (14, True, None, WD_ALIGN_PARAGRAPH.CENTER),
    "KH Trích yếu": (14, True, None, WD_ALIGN_PARAGRAPH.CENTER),
    "KH Căn cứ": (None, None, True, None),
    "KH Mục I": (None, True, None, WD_ALIGN_PARAGRAPH.LEFT),
    "KH Mục 1": (None, True, None, WD_ALIGN_PARAGRAPH.LEFT),
    "KH Mục 1.1": (None, True, None, WD_ALIGN_PARAGRAPH.LEFT),
    "KH Mục 1.1.1": (None, True, True, WD_ALIGN_PARAGRAPH.LEFT),
    "KH Điểm": (None, None, None, None),
    "KH Gạch đầu dòng": (None, None, None, None),
    "KH Nơi nhận tiêu đề": (12, True, True, WD_ALIGN_PARAGRAPH.LEFT),
    "KH Nơi nhận": (11, None, None, WD_ALIGN_PARAGRAPH.LEFT),
    "KH Chức vụ ký": (14, True, None, WD_ALIGN_PARAGRAPH.CENTER),
    "KH Người ký": (14, True, None, WD_ALIGN_PARAGRAPH.CENTER),
}


@pytest.mark.parametrize("name", STYLE_FACTS)
def test_style_sizes_weights_and_alignment(document, name: str) -> None:
    style = document.styles[name]
    size, bold, italic, alignment = STYLE_FACTS[name]
    assert style.font.size == (Pt(size) if size else None)
    assert style.font.bold == bold  # None: upright and regular, as inherited from the body
    assert style.font.italic == italic
    assert style.paragraph_format.alignment == alignment


def test_the_motto_is_bold_not_italic_and_the_date_italic(document) -> None:
    assert document.styles["KH Tiêu ngữ"].font.italic is None
    assert document.styles["KH Địa danh ngày tháng"].font.italic is True
    assert not document.styles["KH Nơi nhận"].font.bold


def _borders(table) -> dict[str, str]:
    found = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in found}


def _widths(table) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]


def test_header_table(document) -> None:
    header, _signature = document.tables
    assert set(_borders(header).values()) == {"nil"}
    left, right = _widths(header)
    assert left + right == pytest.approx(9354, abs=2)  # the text width: 210 − 30 − 15 mm
    assert 0.35 < left / (left + right) < 0.45  # ≈ 40 / 60
    agency = header.cell(0, 0).paragraphs
    assert [(p.style.name, p.text) for p in agency] == [
        ("KH Tên cơ quan", "ỦY BAN NHÂN DÂN"),
        ("KH Tên cơ quan", "XÃ AN DƯƠNG"),
        ("KH Đường kẻ", ""),
    ]
    national = header.cell(0, 1).paragraphs
    assert [(p.style.name, p.text) for p in national] == [
        ("KH Quốc hiệu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("KH Tiêu ngữ", "Độc lập - Tự do - Hạnh phúc"),
        ("KH Đường kẻ", ""),
    ]
    # "Số" and the place and date share the second row.
    assert header.cell(1, 0).paragraphs[0].text == "Số:     /KH-UBND"
    assert header.cell(1, 1).paragraphs[0].text == "An Dương, ngày 29 tháng 3 năm 2024"


def test_rules_are_solid_lines_of_the_right_length(document) -> None:
    header, _ = document.tables
    style = document.styles["KH Đường kẻ"].element
    top = style.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:top"))
    assert top.get(qn("w:val")) == "single"

    def length(paragraph, box: int) -> int:
        ind = paragraph._p.pPr.find(qn("w:ind"))
        return box - int(ind.get(qn("w:left"))) - int(ind.get(qn("w:right")))

    left, right = _widths(header)
    agency_rule = length(header.cell(0, 0).paragraphs[-1], left)
    motto_rule = length(header.cell(0, 1).paragraphs[-1], right)
    name_width = 122.4 * 20  # "ỦY BAN NHÂN DÂN", 13 pt bold, in twips
    assert name_width / 3 <= agency_rule <= name_width / 2
    assert motto_rule == pytest.approx(170.8 * 20, abs=20)  # as long as the Tiêu ngữ
    body = document.paragraphs
    title = next(i for i, p in enumerate(body) if p.style.name == "KH Trích yếu")
    assert body[title + 1].style.name == "KH Đường kẻ"
    summary_rule = length(body[title + 1], 9354)
    # 1/3–1/2 of the trích yếu's longest line (broken between phrases by kehoach, so measurable)
    from kehoach.metrics import text_width_pt

    longest = max(text_width_pt(line, 14, bold=True) for line in body[title].text.split("\n")) * 20
    assert longest / 3 - 20 <= summary_rule <= longest / 2


def test_title_and_trich_yeu(document) -> None:
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("KH Tên loại", "KẾ HOẠCH") in texts
    (summary,) = [t for s, t in texts if s == "KH Trích yếu"]
    # Broken by kehoach between phrases (a line break, so Word cannot wrap "Mục" / "tiêu").
    assert summary.split("\n") == ["Thực hiện một số nội dung của Dự án 6, Dự án 7",
                                    "thuộc Chương trình Mục tiêu quốc gia giảm nghèo bền vững năm 2024"]
    assert summary != summary.upper()  # sentence case, not capitals


def test_sections_numbered_once_each(document) -> None:
    sections = [p.text for p in document.paragraphs if p.style.name == "KH Mục I"]
    numerals = [s.split(".")[0] for s in sections]
    assert numerals == ["I", "II", "III", "IV"]
    assert len(set(numerals)) == len(numerals)
    assert sections[2] == "III. KINH PHÍ THỰC HIỆN"
    assert all(s == s.upper() for s in sections)
    level2 = [p.text for p in document.paragraphs if p.style.name == "KH Mục 1.1.1"]
    assert level2 == ["2.1.1. Chi hoạt động giám sát, đánh giá",
                      "2.1.2. Chi rà soát hộ nghèo, hộ cận nghèo"]


def test_body_closes_with_the_end_mark(document) -> None:
    body = [p for p in document.paragraphs if p.style.name.startswith("KH") and p.text]
    assert body[-1].text.endswith("các dự án./.")
    assert sum("./." in p.text for p in document.paragraphs) == 1


def test_signature_table(document) -> None:
    _, signature = document.tables
    assert set(_borders(signature).values()) == {"nil"}
    left, right = _widths(signature)
    assert left / (left + right) == pytest.approx(1 / 3, abs=0.02)
    recipients = [(p.style.name, p.text) for p in signature.cell(0, 0).paragraphs]
    assert recipients == [
        ("KH Nơi nhận tiêu đề", "Nơi nhận:"),
        ("KH Nơi nhận", "- Phòng LĐTBXH huyện (b/c);"),
        ("KH Nơi nhận", "- Cán bộ, công chức liên quan;"),
        ("KH Nơi nhận", "- Các thôn;"),
        ("KH Nơi nhận", "- Lưu: VT, VHXH."),
    ]
    signer = [(p.style.name, p.text) for p in signature.cell(0, 1).paragraphs]
    assert signer == [
        ("KH Chức vụ ký", "TM. ỦY BAN NHÂN DÂN"),
        ("KH Chức vụ ký", "CHỦ TỊCH"),
        ("KH Người ký", "Nguyễn Tuấn Anh"),
    ]
    # Room for the signature and seal: about four lines above the name.
    assert document.styles["KH Người ký"].paragraph_format.space_before >= Pt(56)


def test_not_a_draft_by_default(document) -> None:
    assert all("DỰ THẢO" not in p.text for p in all_paragraphs(document))
    assert document.core_properties.title.startswith("Kế hoạch thực hiện một số nội dung")
    assert document.core_properties.language == "vi-VN"


def test_draft_is_marked(tmp_path) -> None:
    out = render(SEED_PLAN, tmp_path / "draft.docx", "--draft")
    document = docx.Document(str(out))
    first = document.paragraphs[0]
    assert (first.style.name, first.text) == ("KH Dự thảo", "DỰ THẢO")


def test_text_is_nfc_and_has_no_typed_numbering_markup(document) -> None:
    import unicodedata

    for p in all_paragraphs(document):
        assert unicodedata.is_normalized("NFC", p.text)
        assert "__" not in p.text  # no underscores typed as lines
        assert not re.search(r"tháng 0[3-9]", p.text)


def test_every_run_is_plain_text(seed_docx) -> None:
    # Direct formatting would defeat restyling in Word: runs carry no rPr at all.
    xml = zipfile.ZipFile(seed_docx).read("word/document.xml").decode()
    assert "<w:rPr>" not in xml


def test_signature_never_stands_alone_on_a_page(document) -> None:
    # The last body paragraph keeps with the signature block, and the block is not split.
    body = [p for p in document.paragraphs if p.text]
    assert body[-1].paragraph_format.keep_with_next is True
    _, signature = document.tables
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
