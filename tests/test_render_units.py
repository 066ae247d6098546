"""Issue 24 item 3: `lead` and `partners` printed under the task when the plan asks
(`show_units`: appendix, body, both; label or sentence form), read back from the .docx, HTML and
Markdown; the seed is unchanged by default (tests/test_render_fidelity.py), and `render` says when
the units a plan names are printed nowhere."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import PLAN_TEXT, check_text
from kehoach.cli import app
from kehoach.render.api import unprinted_units
from kehoach.render.views import units_phrase
from readback import html_blocks, shown

runner = CliRunner()
NAMES = {"vhxh": "Công chức Văn hóa - Xã hội", "nganh": "Các ngành liên quan", "dai": "Đài truyền thanh xã"}


@pytest.mark.parametrize(("lead", "partners", "form", "printed"), [
    ("vhxh", ["nganh", "dai"], "label",
     "Đơn vị chủ trì: Công chức Văn hóa - Xã hội; đơn vị phối hợp: các ngành liên quan, Đài truyền "
     "thanh xã."),
    ("vhxh", [], "label", "Đơn vị chủ trì: Công chức Văn hóa - Xã hội."),
    (None, ["dai"], "label", "Đơn vị phối hợp: Đài truyền thanh xã."),
    ("vhxh", ["nganh", "dai"], "sentence",
     "Công chức Văn hóa - Xã hội chủ trì, phối hợp với các ngành liên quan, Đài truyền thanh xã."),
    ("nganh", [], "sentence", "Các ngành liên quan chủ trì thực hiện."),
    (None, ["nganh"], "sentence", "Phối hợp thực hiện: các ngành liên quan."),
])
def test_units_phrase(lead, partners, form, printed) -> None:
    assert units_phrase(NAMES, lead, partners, form) == printed


def render(tmp_path: Path, text: str) -> tuple[list[str], Path]:
    plan = tmp_path / "2024.yaml"
    plan.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["render", str(plan), "-f", "all", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Ghi chú: đơn vị chủ trì" not in result.output
    out = tmp_path / "out"
    return [shown(p.text) for p in docx.Document(str(out / "2024.docx")).paragraphs], out


def test_seed_in_the_body_label_form(tmp_path: Path) -> None:
    texts, out = render(tmp_path, PLAN_TEXT.replace("year: 2024\n", "year: 2024\nshow_units: body\n"))
    at = texts.index("1.2. Tiểu dự án 2 thuộc Dự án 6: Truyền thông về giảm nghèo đa chiều")
    item = ("Đơn vị chủ trì: Công chức Văn hóa - Xã hội; đơn vị phối hợp: các ngành liên quan, Đài "
            "truyền thanh xã.")
    assert texts[at + 1] == "a) Nội dung thực hiện"
    assert texts[at + 3] == item  # under the tracked bullet viet-bai
    assert texts[at + 7:at + 9] == ["b) Đơn vị chủ trì: Công chức Văn hóa - Xã hội.",
                                    "c) Thời gian thực hiện: Hoàn thành hết quý IV năm 2024."]
    top = texts.index("1.1. Tiểu dự án 1 thuộc Dự án 6: Giảm nghèo về thông tin")
    assert texts[top + 4:top + 6] == ["Đơn vị chủ trì: Công chức Văn hóa - Xã hội.",
                                      "Thời gian thực hiện: Hoàn thành hết quý IV năm 2024."]
    assert item in html_blocks((out / "2024.html").read_text(encoding="utf-8"))
    # In Markdown the item's own line is set in under it (a continuation of the list item).
    assert f"  {item}" in (out / "2024.md").read_text(encoding="utf-8").splitlines()


def test_sentence_form_and_both_places(tmp_path: Path) -> None:
    text = PLAN_TEXT.replace("year: 2024\n", "year: 2024\nshow_units: {where: both, form: sentence}\n")
    text += "appendices:\n  - use: tasks\n"
    texts, _ = render(tmp_path, text)
    assert ("Công chức Văn hóa - Xã hội chủ trì, phối hợp với các ngành liên quan, Đài truyền thanh xã."
            in texts)
    document = docx.Document(str(tmp_path / "out" / "2024.docx"))
    headers = [c.text for c in document.tables[-1].rows[0].cells]
    assert "Đơn vị chủ trì" in headers and "Đơn vị phối hợp" in headers


def test_body_only_drops_the_unit_columns_of_the_appendix(tmp_path: Path) -> None:
    text = PLAN_TEXT.replace("year: 2024\n", "year: 2024\nshow_units: body\n")
    render(tmp_path, text + "appendices:\n  - use: tasks\n")
    table = docx.Document(str(tmp_path / "out" / "2024.docx")).tables[-1]
    headers = [c.text for c in table.rows[0].cells]
    assert headers == ["STT", "Nội dung", "Thời gian thực hiện", "Kinh phí\n(đồng)"]
    assert all(len(row.cells) == 4 for row in table.rows)


def test_render_says_when_the_units_are_printed_nowhere(tmp_path: Path) -> None:
    plan = check_text(tmp_path, PLAN_TEXT).plan
    assert plan is not None
    note = unprinted_units(plan)
    assert note is not None and "5 nhiệm vụ" in note and "show_units: body" in note
    result = runner.invoke(app, ["render", str(tmp_path / "plan.yaml"), "-o", str(tmp_path / "k.docx")])
    assert result.exit_code == 0 and note in result.output
    with_appendix = check_text(tmp_path, PLAN_TEXT + "appendices:\n  - use: tasks\n").plan
    assert with_appendix is not None and unprinted_units(with_appendix) is None


def test_an_unknown_place_is_refused(tmp_path: Path) -> None:
    checked = check_text(tmp_path, PLAN_TEXT.replace("year: 2024\n", "year: 2024\nshow_units: thân bài\n"))
    assert [d.code for d in checked.diagnostics] == ["KH104"]
