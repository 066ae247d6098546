"""Issue 24 item 8: a plan's own tables (header, rows, money columns, a total) and bold/italic
inside a sentence — a real Word table and character styles in the .docx (read back with
python-docx), <table>/<strong>/<em> in the HTML, a pipe table and **…**/*…* in the Markdown; and
checked: a row as wide as the header (KH523), money cells that are amounts (KH524), markers that
close (KH522)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from conftest import check_text, line_of
from kehoach.cli import app
from kehoach.emphasis import Run, markdown, runs, unclosed
from readback import shown

runner = CliRunner()

PLAN = """\
kehoach: 1
document:
  issuer: Ủy ban nhân dân xã Tịnh Trà
  issuer_code: UBND
  place: Tịnh Trà
  date: 2024-04-26
  summary: Chuyển đổi số đến năm 2025
period: 2024-2025
units:
  vp: Văn phòng HĐND và UBND xã
sections:
  - title: Chỉ tiêu
    text:
      - "Đến năm 2025, **100%** thủ tục đủ điều kiện được cung cấp *trực tuyến toàn trình*:"
    table:
      header: [Chỉ tiêu, Năm 2024, Năm 2025, Kinh phí (đồng)]
      rows:
        - [Hồ sơ xử lý trực tuyến, 60%, 80%, 5_000_000]
        - [Hộ dùng ví điện tử, 300, 500, "2.500.000"]
        - [Tập huấn, "", "", ""]
      money: [Kinh phí (đồng)]
      total: Tổng cộng
  - use: activities
activities:
  - title: Tuyên truyền
    text: ["Phát tin trên loa, nhấn mạnh **“an toàn khi giao dịch trực tuyến”**."]
    table:
      header: [Thôn, Số buổi]
      rows: [[Thôn 1, 4], [Thôn 2, 3]]
recipients: [Các thôn]
signer: {authority: TM, title: Chủ tịch, name: Trần Văn Hải}
"""


@pytest.mark.parametrize(("text", "expected"), [
    ("Đạt **100%** hồ sơ", (Run("Đạt "), Run("100%", bold=True), Run(" hồ sơ"))),
    ("*nghiêng* và ***cả hai***", (Run("nghiêng", italic=True), Run(" và "), Run("cả hai", True, True))),
    ("a **b *c* d** e", (Run("a "), Run("b ", True), Run("c", True, True), Run(" d", True), Run(" e"))),
    ("dấu \\* sao", (Run("dấu * sao"),)),
    ("(*) ghi chú", None), ("3 * 4 = 12", None), ("không có gì", None), ("**mở mà không đóng", None),
])
def test_runs(text, expected) -> None:
    assert runs(text) == expected


def test_markdown_round_trip_and_unclosed() -> None:
    assert markdown(runs("Đạt **100%** và *x*") or ()) == "Đạt **100%** và *x*"
    assert unclosed("**mở mà không đóng") == [0] and unclosed("(*) và **đóng**") == []


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    plan = folder / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    assert runner.invoke(app, ["validate", "--strict", str(plan)]).exit_code == 0
    result = runner.invoke(app, ["render", str(plan), "-f", "all", "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    return folder / "out"


def test_docx_table_is_a_real_word_table(rendered: Path) -> None:
    document = docx.Document(str(rendered / "plan.docx"))
    grids = [t for t in document.tables
             if t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "KHBangLuoi"]
    assert len(grids) == 2
    first = [[c.text.replace("\u00a0", " ") for c in row.cells] for row in grids[0].rows]
    assert first == [["Chỉ tiêu", "Năm 2024", "Năm 2025", "Kinh phí (đồng)"],
                     ["Hồ sơ xử lý trực tuyến", "60%", "80%", "5.000.000"],
                     ["Hộ dùng ví điện tử", "300", "500", "2.500.000"],
                     ["Tập huấn", "", "", ""],
                     ["Tổng cộng", "", "", "7.500.000"]]
    assert grids[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    money = grids[0].rows[1].cells[3].paragraphs[0]
    assert money.paragraph_format.alignment == 2  # right
    assert grids[0].rows[-1].cells[0].paragraphs[0].style.name == "KH Bảng đậm"


def test_docx_columns_sized_by_their_cells(rendered: Path) -> None:
    """Figures (60%, 300) centred and whole, money right, the text column the widest, the table
    the text width (render/fit.py)."""
    from kehoach.metrics import text_width_pt
    from kehoach.render.fit import CELL_MARGINS, TABLE_SIZE_PT
    from kehoach.render.views import TEXT_WIDTH

    document = docx.Document(str(rendered / "plan.docx"))
    grid = next(t for t in document.tables
                if t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "KHBangLuoi")
    widths = [int(c.get(qn("w:w"))) for c in grid._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) == TEXT_WIDTH and widths[0] == max(widths)
    for i, figure in ((1, "60%"), (2, "500"), (3, "7.500.000")):
        assert widths[i] >= text_width_pt(figure, TABLE_SIZE_PT, bold=True) * 20 + CELL_MARGINS - 20
    aligns = [grid.rows[1].cells[i].paragraphs[0].paragraph_format.alignment for i in range(4)]
    assert aligns == [None, 1, 1, 2] or aligns == [0, 1, 1, 2]  # left, centre, centre, right


def test_docx_emphasis_is_character_styles(rendered: Path) -> None:
    document = docx.Document(str(rendered / "plan.docx"))
    para = next(p for p in document.paragraphs if p.text.startswith("Đến năm\u00a02025"))
    assert [(r.text, r.style.name) for r in para.runs if r.style is not None] == [
        ("100%", "KH Đậm"), ("trực tuyến toàn trình", "KH Nghiêng")]
    assert shown(para.text) == "Đến năm 2025, 100% thủ tục đủ điều kiện được cung cấp trực tuyến toàn trình:"
    last = next(p for p in document.paragraphs if p.text.startswith("Phát tin"))
    assert last.runs[-2].style.name == "KH Đậm" and last.runs[-1].text == "./."  # closing marks upright
    assert last.runs[-1].style is None
    styles = {s.name: s for s in document.styles}
    assert styles["KH Đậm"].font.bold and styles["KH Nghiêng"].font.italic


def test_html_and_markdown(rendered: Path) -> None:
    html = (rendered / "plan.html").read_text(encoding="utf-8")
    assert "<strong>100%</strong>" in html and "<em>trực tuyến toàn trình</em>" in html
    assert "<th>Kinh phí (đồng)</th>" in html and '<td class="right">5.000.000</td>' in html
    md = (rendered / "plan.md").read_text(encoding="utf-8").splitlines()
    assert "Đến năm 2025, **100%** thủ tục đủ điều kiện được cung cấp *trực tuyến toàn trình*:" in md
    assert "| **Tổng cộng** |  |  | **7.500.000** |" in md
    assert "| Thôn 1 | 4 |" in md


def test_a_row_of_the_wrong_width(tmp_path) -> None:
    text = PLAN.replace("        - [Hộ dùng ví điện tử, 300, 500, \"2.500.000\"]\n",
                        "        - [Hộ dùng ví điện tử, 300, \"2.500.000\"]\n")
    checked = check_text(tmp_path, text)
    assert [(d.code, d.line) for d in checked.diagnostics] == [
        ("KH523", line_of(text, "- [Hộ dùng ví điện tử"))]
    assert "3 ô" in checked.diagnostics[0].message and "4 cột" in checked.diagnostics[0].message
    # --draft still prints it, the row filled out with empty cells
    out = tmp_path / "d.md"
    assert runner.invoke(app, ["render", str(tmp_path / "plan.yaml"), "--draft", "-f", "md", "-o",
                               str(out)]).exit_code == 0
    assert "| Hộ dùng ví điện tử | 300 | 2.500.000 |  |" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "anchor", "words"), [
    ("5_000_000]", "năm triệu]", "- [Hồ sơ xử lý", "không phải số tiền"),
    ("      money: [Kinh phí (đồng)]", "      money: [Kinh phí]", "      money:", "không có trong bảng"),
    ("      money: [Kinh phí (đồng)]", "      money: [5]", "      money:", "không có trong bảng"),
    ("      money: [Kinh phí (đồng)]\n", "", "      total:", "không có cột số tiền"),
])
def test_money_columns_are_checked(tmp_path, old, new, anchor, words) -> None:
    text = PLAN.replace(old, new, 1)
    checked = check_text(tmp_path, text)
    assert [(d.code, d.line) for d in checked.diagnostics] == [("KH524", line_of(text, anchor))]
    assert words in checked.diagnostics[0].message


def test_a_float_cell_is_refused(tmp_path) -> None:
    text = PLAN.replace("[Thôn 1, 4]", "[Thôn 1, 4.5]")
    checked = check_text(tmp_path, text)
    assert [(d.code, d.line) for d in checked.diagnostics] == [("KH103", line_of(text, "[Thôn 1, 4.5]"))]
    assert "\"12,5\"" in checked.diagnostics[0].message


def test_an_unclosed_marker_is_said_where_it_opens(tmp_path) -> None:
    text = PLAN.replace("trực tuyến”**.", "trực tuyến”.").replace("mạnh **“an", "mạnh “an").replace(
        "Phát tin trên loa,", "Phát tin trên **loa,")
    assert "**loa" in text
    checked = check_text(tmp_path, text)
    (found,) = [d for d in checked.diagnostics if d.code == "KH522"]
    line = line_of(text, "Phát tin trên **loa")
    assert (found.line, found.column) == (line, text.splitlines()[line - 1].index("**") + 1)
