"""Every plan in plans/examples/ (an example added later is covered without touching this file):
it validates --strict through the CLI, and its .docx passes the layout checks the seed's does
(tests/test_render_docx.py), read back with python-docx; its HTML and Markdown carry the same
headings."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from xml.dom import minidom

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.outline import label
from kehoach.validate import check_plan
from readback import html_blocks

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(
    p for p in (ROOT / "plans" / "examples").glob("*.yaml")
    if not p.name.endswith((".progress.yaml", ".report.yaml", ".catalogue.yaml"))
)
runner = CliRunner()
TNR = "Times New Roman"


def test_there_are_examples_of_each_kind() -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLES}
    assert len(texts) >= 4
    assert any("\n  parent:" in t for t in texts.values())  # an office under a parent agency
    assert any("\nappendices:" in t for t in texts.values())  # the appendix table
    assert any("\nsections:" in t for t in texts.values())  # sections of the plan's own


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.name)
def rendered(request, tmp_path_factory):
    plan: Path = request.param
    result = runner.invoke(app, ["validate", "--strict", str(plan)])
    assert result.exit_code == 0, result.output
    out = tmp_path_factory.mktemp(plan.stem)
    result = runner.invoke(app, ["render", str(plan), "--format", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return plan, out


def _tables(document):
    def style(t):
        return t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val"))

    frames = [t for t in document.tables if style(t) == "KHBangKhongVien"]
    grids = [t for t in document.tables if style(t) == "KHBangLuoi"]
    return frames, grids


def test_docx_package_and_fonts(rendered) -> None:
    plan, out = rendered
    path = out / f"{plan.stem}.docx"
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            minidom.parseString(archive.read(name))
        xml = archive.read("word/document.xml").decode()
    # No direct formatting: every paragraph restyles from Word's pane; bold and italic inside a
    # sentence are character styles (a run's properties name its style and nothing else).
    assert not re.sub(r'<w:rPr><w:rStyle w:val="KH\w+"/></w:rPr>', "", xml).count("<w:rPr>")
    document = docx.Document(str(path))
    for element in (document.element, document.styles.element):
        for fonts in element.iter(qn("w:rFonts")):
            assert set(fonts.values()) <= {TNR}


def test_docx_page_setup(rendered) -> None:
    plan, out = rendered
    document = docx.Document(str(out / f"{plan.stem}.docx"))
    first = document.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT and first.different_first_page_header_footer
    for section in document.sections:
        long, short = (Mm(297), Mm(210))
        width, height = ((long, short) if section.orientation == WD_ORIENT.LANDSCAPE else (short, long))
        assert abs(section.page_width - width) <= Mm(0.2) and abs(section.page_height - height) <= Mm(0.2)
        for margin, mm in ((section.top_margin, 20), (section.bottom_margin, 20),
                           (section.left_margin, 30), (section.right_margin, 15)):
            assert abs(margin - Mm(mm)) <= Mm(0.2)


def test_docx_header_title_body_and_signature(rendered) -> None:
    plan, out = rendered
    document = docx.Document(str(out / f"{plan.stem}.docx"))
    (header, signature), grids = _tables(document)
    for table in (header, signature):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {c.get(qn("w:val")) for c in borders} == {"nil"}
    widths = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert sum(widths) == pytest.approx(9354, abs=2) and 0.35 < widths[0] / sum(widths) < 0.45
    agency = [(p.style.name, p.text) for p in header.cell(0, 0).paragraphs]
    names = [t for s, t in agency if s == "KH Tên cơ quan"]
    assert names and all(t == t.upper() for t in names)
    assert not any(t.startswith(("XÃ HỘI", "HỘI ")) for _, t in agency)
    assert agency[-1][0] == "KH Đường kẻ"
    assert [p.text for p in header.cell(0, 1).paragraphs[:2]] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert re.fullmatch(r"Số: (\d{2,}|    )/KH-[A-ZĐ0-9-]+", header.cell(1, 0).paragraphs[0].text)
    assert "/KH-KH-" not in header.cell(1, 0).paragraphs[0].text
    assert re.fullmatch(r".+, ngày .+ năm \d{4}", header.cell(1, 1).paragraphs[0].text)
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert ("KH Tên loại", "KẾ HOẠCH") in texts
    sections = [t for s, t in texts if s == "KH Mục I"]
    assert sections and all(t == t.upper() for t in sections)
    numerals = [t.split(".")[0] for t in sections]
    style = check_plan(plan).plan.numbering.sections  # I. unless the plan letters them (A., B.)
    assert numerals == [label(style, i).rstrip(".") for i in range(len(numerals))]
    assert sum(t.endswith("./.") for _, t in texts) == 1
    assert all(unicodedata.is_normalized("NFC", t) for _, t in texts)
    assert all(name.startswith("KH ") for name, _ in texts)
    signer = [p.text for p in signature.cell(0, 1).paragraphs]
    assert signer[-1] and signer[-1] != signer[-1].upper()  # the name, in sentence case
    assert not re.search(r"\b(ThS|TS|PGS|GS)\.", signer[-1])
    recipients = [p.text for p in signature.cell(0, 0).paragraphs]
    assert recipients[0] == "Nơi nhận:" and recipients[-1].startswith("- Lưu: VT")
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    # An appendix: after the signature, in a section of its own, its table's header repeated.
    if "\nappendices:" in plan.read_text(encoding="utf-8"):
        assert len(document.sections) >= 2 and grids
        assert all(g.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for g in grids)
        assert any(s == "KH Phụ lục kèm theo" and t.startswith("(Kèm theo Kế hoạch số") for s, t in texts)


def test_html_and_markdown_have_the_same_sections(rendered) -> None:
    plan, out = rendered
    document = docx.Document(str(out / f"{plan.stem}.docx"))
    sections = [p.text for p in document.paragraphs if p.style.name == "KH Mục I"]
    blocks = html_blocks((out / f"{plan.stem}.html").read_text(encoding="utf-8"))
    md = (out / f"{plan.stem}.md").read_text(encoding="utf-8").splitlines()
    assert [b for b in blocks if b in sections] == sections
    assert [line[3:] for line in md if line.startswith("## ")] == sections


def _headings(plan: Path, tmp_path: Path) -> list[tuple[str, str]]:
    out = tmp_path / f"{plan.stem}.docx"
    assert runner.invoke(app, ["render", str(plan), "-o", str(out)]).exit_code == 0
    return [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs
            if p.style.name.startswith("KH Mục")]


def test_an_example_opens_with_muc_tieu_chung_and_cu_the(tmp_path) -> None:
    """Issue 8: a plan whose first section is "I. MỤC TIÊU" with "1. Mục tiêu chung" (a paragraph)
    and "2. Mục tiêu cụ thể" (bullets), and no Mục đích, Yêu cầu — read back from the .docx."""
    found = []
    for plan in EXAMPLES:
        headings = [text for _, text in _headings(plan, tmp_path)]
        if "I. MỤC TIÊU" in headings and "1. Mục tiêu chung" in headings:
            found.append(plan.name)
            at = headings.index("I. MỤC TIÊU")
            assert headings[at + 1:at + 3] == ["1. Mục tiêu chung", "2. Mục tiêu cụ thể"], headings
            assert not any("MỤC ĐÍCH" in h or "Yêu cầu" in h for h in headings), headings
    assert found, "no example has I. MỤC TIÊU with Mục tiêu chung / cụ thể"


def test_a_monitoring_example_has_its_own_sections(tmp_path) -> None:
    plan = ROOT / "plans" / "examples" / "quangnam-2023-giam-sat.yaml"
    headings = [text for _, text in _headings(plan, tmp_path)]
    assert "II. ĐỐI TƯỢNG, THỜI GIAN GIÁM SÁT, ĐÁNH GIÁ" in headings
    assert any(h.endswith("CHẾ ĐỘ BÁO CÁO") for h in headings), headings
