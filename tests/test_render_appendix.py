"""The appendix task table (`appendices: [{use: tasks}]`, kehoach.render.appendix) through the
CLI, read back with python-docx, the HTML parser and the Markdown text."""

from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from typer.testing import CliRunner

from conftest import PLAN_TEXT, check_text, codes, line_of
from kehoach.cli import app
from kehoach.outline import walk
from kehoach.validate import check_plan
from readback import html_blocks, shown

runner = CliRunner()
WITH_TASKS = PLAN_TEXT.replace("\nsigner:", "\nappendices:\n  - use: tasks\nsigner:", 1)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("appendix")
    plan = folder / "2024.yaml"
    plan.write_text(WITH_TASKS, encoding="utf-8")
    result = runner.invoke(app, ["render", str(plan), "--format", "all", "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    return plan, folder / "out"


def task_grid(document):
    (table,) = [t for t in document.tables
                if t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "KHBangLuoi"]
    return table


def test_docx_appendix_after_the_signature_on_pages_of_its_own(rendered) -> None:
    _, out = rendered
    document = docx.Document(str(out / "2024.docx"))
    main, appendix = document.sections
    # The seed's table leaves its content column wide enough on a portrait page (render/fit.py):
    # no landscape turn for it (test_a_wide_task_table_goes_landscape).
    assert main.orientation == WD_ORIENT.PORTRAIT and appendix.orientation == WD_ORIENT.PORTRAIT
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    start = texts.index(("KH Phụ lục", "Phụ lục"))
    assert texts[start + 1] == ("KH Phụ lục tên", "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH")
    # Wider than a portrait page: broken between phrases, the date and "Ủy ban nhân dân" whole.
    assert texts[start + 2] == ("KH Phụ lục kèm theo", "(Kèm theo Kế hoạch số     /KH-UBND ngày 29 "
                                "tháng 3 năm 2024\ncủa Ủy ban nhân dân xã An Dương)")
    assert texts[start - 1][1].endswith("./.")  # the body's end, then the signature, then the appendix
    style = document.styles["KH Phụ lục kèm theo"]
    assert style.font.italic and document.styles["KH Phụ lục"].font.bold


def test_docx_task_table_numbers_are_the_documents(rendered) -> None:
    plan, out = rendered
    table = task_grid(docx.Document(str(out / "2024.docx")))
    header = [c.text for c in table.rows[0].cells]
    assert header == ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện",
                      "Kinh phí\n(đồng)"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # Units and times are broken between phrases by kehoach, the breaks put in the cells.
    rows = [[shown(c.text).replace("\n", " ") for c in row.cells] for row in table.rows[1:]]
    assert any("\n" in c.text for row in table.rows[1:] for c in row.cells[2:5])
    assert not any(c.text.startswith("Văn hóa") or c.text.endswith("Văn")  # never inside a name
                   for row in table.rows[1:] for c in row.cells[2:5])
    numbers = [r[0] for r in rows if r[0]]
    checked = check_plan(plan)
    assert numbers == [n.number for n in walk(checked.plan) if not n.is_item]
    by_number = {r[0]: r for r in rows if r[0]}
    assert by_number["1.1."][1] == "Tiểu dự án 1 thuộc Dự án 6: Giảm nghèo về thông tin"
    assert by_number["1.1."][2] == "Công chức Văn hóa - Xã hội"
    assert by_number["1.1."][4] == "Hoàn thành hết quý IV năm 2024"
    assert by_number["1.1."][5] == "5.000.000"
    assert by_number["1."][5] == "7.000.000"  # a project: the sum of its sub-projects' lines
    assert rows[-1][1:] == ["Tổng cộng", "", "", "", "13.000.000"]
    partners = [r for r in rows if r[3]]
    assert partners and partners[0][1].startswith("- Công chức Văn hóa xã hội phối hợp")
    assert partners[0][3] == "Các ngành liên quan, Đài truyền thanh xã"
    # Plain bullets describe their activity and stay out: only tracked items get rows.
    assert not any("Kiểm tra, giám sát đối tượng thụ hưởng" in r[1] for r in rows)


def test_html_and_markdown_carry_the_same_table(rendered) -> None:
    _, out = rendered
    blocks = html_blocks((out / "2024.html").read_text(encoding="utf-8"))
    assert "Phụ lục" in blocks and "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH" in blocks
    assert "Tiểu dự án 1 thuộc Dự án 6: Giảm nghèo về thông tin" in blocks
    md = (out / "2024.md").read_text(encoding="utf-8").splitlines()
    assert ("| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện "
            "| Kinh phí<br>(đồng) |") in md
    assert any(line.startswith("| 1.1. | Tiểu dự án 1 thuộc Dự án 6") and line.endswith("| 5.000.000 |")
               for line in md)


def test_a_wide_task_table_goes_landscape(tmp_path) -> None:
    """Many partners leave the content column a ribbon on a portrait page: the appendix turns."""
    many = ", ".join(f"Ban công tác Mặt trận thôn số {n}" for n in range(1, 4))
    text = WITH_TASKS.replace("units:\n", f"units:\n  ban: {many}\n", 1).replace(
        "partners: [", "partners: [ban, ", 1)
    plan = tmp_path / "p.yaml"
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "p.docx"
    result = runner.invoke(app, ["render", str(plan), "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    partners = [c.text for row in task_grid(document).rows[1:] for c in row.cells[3:4]]
    assert any(shown(c).replace("\n", " ").startswith(many) for c in partners)


def test_several_appendices_are_numbered(tmp_path) -> None:
    text = WITH_TASKS.replace("  - use: tasks\n",
                              "  - use: tasks\n  - {use: tasks, title: Tiến độ thực hiện}\n")
    plan = tmp_path / "p.yaml"
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "p.md"
    result = runner.invoke(app, ["render", str(plan), "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "**Phụ lục I**" in lines and "**Phụ lục II**" in lines and "**TIẾN ĐỘ THỰC HIỆN**" in lines


def test_unknown_appendix_kind_is_refused(tmp_path) -> None:
    text = WITH_TASKS.replace("  - use: tasks\n", "  - use: task\n")
    checked = check_text(tmp_path, text)
    assert checked.errors and checked.errors[0].line == line_of(text, "  - use: task")
    assert "tasks" in checked.errors[0].message + checked.errors[0].hint


def test_a_plan_with_an_appendix_validates_clean(tmp_path) -> None:
    assert codes(check_text(tmp_path, WITH_TASKS)) == []


def test_without_budget_lines_there_is_no_money_column(tmp_path) -> None:
    start, end = WITH_TASKS.index("budget:"), WITH_TASKS.index("organization:")
    text = WITH_TASKS[:start] + WITH_TASKS[end:]
    plan = tmp_path / "p.yaml"
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "p.docx"
    result = runner.invoke(app, ["render", str(plan), "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = task_grid(docx.Document(str(out)))
    assert [c.text for c in table.rows[0].cells][-1] == "Thời gian thực hiện"
    assert "Tổng cộng" not in [row.cells[1].text for row in table.rows]
