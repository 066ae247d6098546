"""The BÁO CÁO's tables laid out by what they hold (issue 25): names broken between phrases in
their cells, figures never wrapped, the text column wide enough to read or the table on landscape
pages of its own — its caption with it — and every table captioned."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.render.fit import MIN_TEXT_SHARE
from kehoach.render.views import LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH, Row
from kehoach.report.tables import fitted
from readback import shown
from render_plans import MINIMAL, ROOT, write_plan

PLANS = ROOT / "plans"
LONG_UNIT = "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Sơn Tịnh"


def report(plan: Path, out: Path) -> docx.Document:
    result = CliRunner().invoke(app, ["report", str(plan), "--draft", "--as-of", "2024-12-31",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    return docx.Document(str(out))


def text_of(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def grid(table) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]


def test_the_text_column_keeps_a_readable_share_or_the_table_turns() -> None:
    rows = [Row(("1.1.", "Nội dung", "1.234.567.890.123", "1.234.567.890.123", "1.234.567.890.123",
                 "100,0%"))]
    titles = ("Số mục", "Nội dung", "Dự toán", "Đã chi", "Còn lại", "Tỷ lệ\nđã chi")
    widths, landscape = fitted(titles, rows, stretch=1)
    assert landscape and sum(widths) == LANDSCAPE_TEXT_WIDTH and widths[1] >= MIN_TEXT_SHARE * TEXT_WIDTH
    widths, landscape = fitted(titles, [Row(("1.", "Nội dung", "5.000", "4.800", "200", "96,0%"))],
                               stretch=1)
    assert not landscape and sum(widths) == TEXT_WIDTH and widths[1] > 0.4 * TEXT_WIDTH


def test_every_table_of_every_example_report_is_captioned_and_sized(tmp_path) -> None:
    for plan in [PLANS / "2024.yaml", PLANS / "examples" / "hue-2025-giam-ngheo.yaml",
                 PLANS / "examples" / "quangnam-2023-giam-sat.yaml"]:
        document = report(plan, tmp_path / f"{plan.stem}.docx")
        body = document.element.body
        tables = body.findall(qn("w:tbl"))[1:-1]  # not the header's, not the signature's
        assert tables, plan
        for number, table in enumerate(tables, 1):
            before = table.getprevious()
            while before.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "KHDonViTinh":
                before = before.getprevious()
            assert text_of(before).startswith(f"Bảng {number}. "), plan
        for table in document.tables[1:-1]:
            widths = grid(table)
            landscape = sum(widths) == LANDSCAPE_TEXT_WIDTH
            assert sum(widths) in (TEXT_WIDTH, LANDSCAPE_TEXT_WIDTH)
            assert widths[1] >= MIN_TEXT_SHARE * TEXT_WIDTH or landscape  # never a 2.5 cm ribbon
            for row in table.rows[1:]:  # no name broken inside a two-syllable word
                for cell in row.cells[2:4]:
                    lines = shown(cell.text).split("\n")
                    assert not any(a.endswith(("Văn", "Xã", "thực", "Thương")) for a in lines[:-1]), lines


def test_a_table_too_wide_for_the_page_turns_with_its_caption(tmp_path) -> None:
    units = {"vhxh": LONG_UNIT}
    work = {"title": "Hoạt động thử", "id": "thu", "lead": "vhxh", "text": ["Nội dung."],
            "deadline": "định kỳ 6 tháng, hằng năm"}
    plan = write_plan(tmp_path, MINIMAL, units=units, organization={"vhxh": ["Làm việc được giao."]},
                      activities=[work])
    document = report(plan, tmp_path / "r.docx")
    assert len(document.sections) == 3  # portrait, the table's landscape pages, portrait
    landscape = document.sections[1]
    assert landscape.page_width > landscape.page_height
    body = document.element.body
    tasks = body.findall(qn("w:tbl"))[1]
    caption = tasks.getprevious()
    assert text_of(caption) == "Bảng 1. Tình hình thực hiện các nhiệm vụ"
    # The section break comes before the caption: it is printed on the table's landscape page.
    breaker = caption.getprevious()
    assert breaker.find(qn("w:pPr")).find(qn("w:sectPr")) is not None
    assert sum(grid(document.tables[1])) == LANDSCAPE_TEXT_WIDTH
