"""Body tables and appendices (views.Table, views.Appendix) in the three formats, read back:
python-docx for the .docx (borders, repeated header row, landscape sections, page numbering),
the HTML parser for the page, the Markdown text for the pipe table."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from kehoach.render.docx import render_docx
from kehoach.render.env import make_env
from kehoach.render.fit import column_widths
from kehoach.render.html import render_html
from kehoach.render.markdown import render_markdown
from kehoach.render.views import (
    LANDSCAPE_TEXT_WIDTH,
    TEXT_WIDTH,
    Appendix,
    Column,
    Row,
    Table,
    build_view,
)
from kehoach.validate import check_plan
from readback import html_blocks
from render_plans import SEED_PLAN


@pytest.fixture(scope="module")
def seed_view():
    checked = check_plan(SEED_PLAN)
    assert not checked.errors
    return build_view(checked.plan, checked.catalogue)


@pytest.fixture(scope="module")
def env():
    return make_env()


def money_table(landscape: bool = False) -> Table:
    widths = column_widths((1, 6, 3), LANDSCAPE_TEXT_WIDTH if landscape else TEXT_WIDTH)
    return Table(
        columns=(Column("STT", widths[0], "center"), Column("Nội dung", widths[1]),
                 Column("Kinh phí\n(đồng)", widths[2], "right")),
        rows=(Row(("1.", "Dự án 6 & <b>| một", "5.000.000")),
              Row(("", "Dòng hai\ncó xuống dòng", "")),
              Row(("", "Tổng cộng", "5.000.000"), bold=True)),
        landscape=landscape,
    )


def with_blocks(view, body_table: Table | None, appendices=()):
    body = list(view.body)
    if body_table is not None:
        body.insert(len(body) - 1, body_table)  # before the closing paragraph
    return replace(view, body=tuple(body), appendices=tuple(appendices))


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def grid_tables(document):
    return [t for t in document.tables
            if t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "KHBangLuoi"]


def test_column_widths_add_up_exactly() -> None:
    assert sum(column_widths((1, 6, 3), TEXT_WIDTH)) == TEXT_WIDTH
    assert sum(column_widths((0.7, 4, 2, 2, 2, 1.6), LANDSCAPE_TEXT_WIDTH)) == LANDSCAPE_TEXT_WIDTH


def test_a_row_must_have_one_cell_per_column() -> None:
    with pytest.raises(ValueError):
        Table(columns=(Column("A", 100),), rows=(Row(("a", "b")),))


def test_docx_table_is_ruled_with_a_repeated_header_row(seed_view, env) -> None:
    document = read(render_docx(with_blocks(seed_view, money_table()), env))
    (table,) = grid_tables(document)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {c.tag.split("}")[1]: c.get(qn("w:val")) for c in borders} == {
        side: "single" for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert sum(widths) == TEXT_WIDTH
    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nội dung", "Kinh phí\n(đồng)"]
    assert table.cell(1, 1).text == "Dự án 6 & <b>| một"  # escaped, prints as typed
    assert [p.text for p in table.cell(2, 1).paragraphs] == ["Dòng hai", "có xuống dòng"]
    money = table.cell(1, 2).paragraphs[0]
    assert money._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    total = table.cell(3, 1).paragraphs[0]
    assert total.style.name == "KH Bảng đậm" and total.style.font.bold
    assert all(run.bold is None for run in total.runs)  # no direct formatting: restyle in Word
    assert table.cell(1, 1).paragraphs[0].style.name == "KH Bảng"
    assert table.cell(0, 0).paragraphs[0].style.name == "KH Bảng tiêu đề"
    assert len(document.sections) == 1  # a portrait table needs no section of its own


def test_docx_landscape_table_gets_its_own_section(seed_view, env) -> None:
    document = read(render_docx(with_blocks(seed_view, money_table(landscape=True)), env))
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    first, wide, rest = document.sections
    assert first.different_first_page_header_footer
    # Page numbers stay on the landscape pages and after them.
    assert not wide.different_first_page_header_footer and not rest.different_first_page_header_footer
    assert abs(wide.page_width - Mm(297)) < Mm(0.2) and abs(wide.page_height - Mm(210)) < Mm(0.2)
    assert abs(wide.left_margin - Mm(30)) < Mm(0.2) and abs(wide.right_margin - Mm(15)) < Mm(0.2)
    (table,) = grid_tables(document)
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert sum(widths) == LANDSCAPE_TEXT_WIDTH


def appendix(landscape: bool, label: str = "Phụ lục I") -> Appendix:
    return Appendix(label=label, title="BẢNG PHÂN CÔNG NHIỆM VỤ",
                    note="(Kèm theo Kế hoạch số     /KH-UBND ngày 29/3/2024 của Ủy ban nhân dân xã An Dương)",
                    body=(money_table(landscape),), landscape=landscape)


def test_docx_appendices_start_new_sections_numbered_from_one(seed_view, env) -> None:
    view = with_blocks(seed_view, None, [appendix(True), appendix(False, "Phụ lục II")])
    document = read(render_docx(view, env))
    main, first, second = document.sections
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
                                                          WD_ORIENT.PORTRAIT]
    for section in (first, second):
        number = section._sectPr.find(qn("w:pgNumType"))
        assert number.get(qn("w:start")) == "1"
        assert section.different_first_page_header_footer
    assert main._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) is None
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    start = texts.index(("KH Phụ lục", "Phụ lục I"))
    assert texts[start + 1] == ("KH Phụ lục tên", "BẢNG PHÂN CÔNG NHIỆM VỤ")
    assert texts[start + 2][0] == "KH Phụ lục kèm theo" and texts[start + 2][1].startswith("(Kèm theo")
    # The appendices come after the signature block, and the body's "./." stays before them.
    closing = next(i for i, t in enumerate(texts) if t[1].endswith("./."))
    assert closing < start
    assert document.styles["KH Phụ lục"].font.bold and document.styles["KH Phụ lục kèm theo"].font.italic
    assert len(grid_tables(document)) == 2


def test_seed_document_has_no_table_or_appendix(seed_view, env) -> None:
    document = read(render_docx(seed_view, env))
    assert grid_tables(document) == [] and len(document.sections) == 1


def test_html_table_and_appendix(seed_view, env) -> None:
    html = render_html(with_blocks(seed_view, money_table(), [appendix(True)]), env).decode()
    assert html.count('<table class="grid') == 2 and html.count("<thead>") == 2
    assert '<div class="page appendix landscape">' in html
    blocks = html_blocks(html)
    assert "Dự án 6 & <b>| một" in blocks  # escaped by the template, decoded by the parser
    assert "Phụ lục I" in blocks and "BẢNG PHÂN CÔNG NHIỆM VỤ" in blocks
    assert blocks.index("Phụ lục I") > max(i for i, b in enumerate(blocks) if b.endswith("./."))
    assert '<td class="right">5.000.000</td>' in html


def test_markdown_pipe_table(seed_view, env) -> None:
    md = render_markdown(with_blocks(seed_view, money_table(), [appendix(False)]), env).decode()
    lines = md.splitlines()
    header = lines.index("| STT | Nội dung | Kinh phí<br>(đồng) |")
    assert lines[header + 1] == "|:---:|---|---:|"
    assert lines[header + 2] == "| 1. | Dự án 6 & <b>\\| một | 5.000.000 |"
    assert lines[header + 3] == "|  | Dòng hai<br>có xuống dòng |  |"
    assert lines[header + 4] == "|  | **Tổng cộng** | **5.000.000** |"
    assert "**Phụ lục I**" in lines and "**BẢNG PHÂN CÔNG NHIỆM VỤ**" in lines
    assert lines.count("| STT | Nội dung | Kinh phí<br>(đồng) |") == 2
