"""Issue 24 item 2: numbering as data. Each level's style (Roman, Arabic, nested Arabic, Vietnamese
letters, "-", "+") for the sections and for the children of any section; numbered paragraphs
without a heading; bullets with their own sub-bullets everywhere a list of bullets is written.
Read back from the .docx (python-docx), the HTML and the Markdown. The default is the seed's
(tests/test_render_fidelity.py keeps it byte for byte)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import check_text, line_of
from kehoach import outline
from kehoach.cli import app
from kehoach.model import Numbering
from readback import html_blocks, shown

runner = CliRunner()

HEAD = """\
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
  vhxh: Công chức Văn hóa - Xã hội
"""
TAIL = """\
recipients: [Các thôn]
archive: [VT]
signer: {authority: TM, title: Chủ tịch, name: Trần Văn Hải}
"""


def render(tmp_path: Path, body: str, name: str = "plan") -> tuple[list[tuple[str, str]], Path]:
    plan = tmp_path / f"{name}.yaml"
    plan.write_text(HEAD + body + TAIL, encoding="utf-8")
    checked = runner.invoke(app, ["validate", "--strict", str(plan)])
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(plan), "-f", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out / f"{name}.docx"))
    return [(p.style.name, shown(p.text)) for p in document.paragraphs if p.style.name.startswith("KH ")
            and p.text and p.style.name not in ("KH Tên loại", "KH Trích yếu")], out


def test_levels_one_a_dash_as_a_digital_transformation_plan(tmp_path: Path) -> None:
    body = """\
numbering:
  levels: ["1.", "a)"]
sections:
  - title: Mục tiêu
    children:
      - title: Mục tiêu cơ bản đến năm 2025
        children:
          - title: Về chuyển đổi số trong cơ quan nhà nước
            items: [Dữ liệu dùng chung được kết nối, Hồ sơ công việc xử lý trên môi trường mạng]
          - title: Về kinh tế số
            text: [Hộ kinh doanh được hướng dẫn thanh toán không dùng tiền mặt.]
      - title: Định hướng đến năm 2030
        text: [Chính quyền số vận hành ổn định.]
  - use: organization
organization:
  vp: [Tham mưu triển khai kế hoạch.]
  vhxh: [Tuyên truyền trên hệ thống truyền thanh.]
"""
    texts, out = render(tmp_path, body)
    assert texts == [
        ("KH Mục I", "I. MỤC TIÊU"),
        ("KH Mục 1", "1. Mục tiêu cơ bản đến năm 2025"),
        ("KH Mục 1.1", "a) Về chuyển đổi số trong cơ quan nhà nước"),
        ("KH Gạch đầu dòng", "- Dữ liệu dùng chung được kết nối"),
        ("KH Gạch đầu dòng", "- Hồ sơ công việc xử lý trên môi trường mạng"),
        ("KH Mục 1.1", "b) Về kinh tế số"),
        ("KH Nội dung", "Hộ kinh doanh được hướng dẫn thanh toán không dùng tiền mặt."),
        ("KH Mục 1", "2. Định hướng đến năm 2030"),
        ("KH Nội dung", "Chính quyền số vận hành ổn định."),
        ("KH Mục I", "II. TỔ CHỨC THỰC HIỆN"),
        ("KH Mục 1", "1. Văn phòng HĐND và UBND xã"),
        ("KH Gạch đầu dòng", "- Tham mưu triển khai kế hoạch."),
        ("KH Mục 1", "2. Công chức Văn hóa - Xã hội"),
        ("KH Gạch đầu dòng", "- Tuyên truyền trên hệ thống truyền thanh./."),
    ]
    html = html_blocks((out / "plan.html").read_text(encoding="utf-8"))
    md = (out / "plan.md").read_text(encoding="utf-8")
    for _, text in texts:
        assert text in html
    assert "#### a) Về chuyển đổi số trong cơ quan nhà nước" in md.splitlines()


def test_lettered_sections_and_numbered_paragraphs_without_heading(tmp_path: Path) -> None:
    """A disaster-prevention plan: "A." sections, "1." paragraphs straight under a section."""
    body = """\
numbering: {sections: "A."}
sections:
  - title: Mục đích, yêu cầu
    children:
      - text: Chủ động phòng ngừa, ứng phó kịp thời, giảm thiểu thiệt hại do thiên tai.
      - text:
          - Quán triệt phương châm “bốn tại chỗ” đến từng thôn.
          - Phân công rõ người, rõ việc.
      - title: Yêu cầu riêng
        text: [Bảo đảm an toàn cho người dân vùng trũng.]
  - title: Nhiệm vụ
    items: ["Kiện toàn Ban Chỉ huy phòng, chống thiên tai xã."]
"""
    texts, out = render(tmp_path, body)
    assert texts == [
        ("KH Mục I", "A. MỤC ĐÍCH, YÊU CẦU"),
        ("KH Nội dung", "1. Chủ động phòng ngừa, ứng phó kịp thời, giảm thiểu thiệt hại do thiên tai."),
        ("KH Nội dung", "2. Quán triệt phương châm “bốn tại chỗ” đến từng thôn."),
        ("KH Nội dung", "Phân công rõ người, rõ việc."),
        ("KH Mục 1", "3. Yêu cầu riêng"),
        ("KH Nội dung", "Bảo đảm an toàn cho người dân vùng trũng."),
        ("KH Mục I", "B. NHIỆM VỤ"),
        ("KH Gạch đầu dòng", "- Kiện toàn Ban Chỉ huy phòng, chống thiên tai xã./."),
    ]
    md = (out / "plan.md").read_text(encoding="utf-8").splitlines()
    assert "## A. MỤC ĐÍCH, YÊU CẦU" in md and "## B. NHIỆM VỤ" in md


def test_bullets_with_sub_bullets_in_purpose_organization_and_items(tmp_path: Path) -> None:
    body = """\
purpose:
  goals:
    - text: "Nâng cao năng lực của đội ngũ:"
      items: ["Cán bộ, công chức xã", Công chức các thôn]
organization:
  vp:
    - text: "Văn phòng HĐND và UBND xã chủ trì tham mưu:"
      items:
        - Xây dựng kế hoạch chi tiết;
        - Tổng hợp, báo cáo kết quả.
    - Theo dõi việc thực hiện.
"""
    texts, _ = render(tmp_path, body)
    assert texts == [
        ("KH Mục I", "I. MỤC ĐÍCH"),
        ("KH Gạch đầu dòng", "- Nâng cao năng lực của đội ngũ:"),
        ("KH Dấu cộng", "+ Cán bộ, công chức xã"),
        ("KH Dấu cộng", "+ Công chức các thôn"),
        ("KH Mục I", "II. TỔ CHỨC THỰC HIỆN"),
        ("KH Mục 1", "1. Văn phòng HĐND và UBND xã"),
        ("KH Gạch đầu dòng", "- Văn phòng HĐND và UBND xã chủ trì tham mưu:"),
        ("KH Dấu cộng", "+ Xây dựng kế hoạch chi tiết;"),
        ("KH Dấu cộng", "+ Tổng hợp, báo cáo kết quả."),
        ("KH Gạch đầu dòng", "- Theo dõi việc thực hiện./."),
    ]


def test_items_as_points_and_a_section_of_its_own_style(tmp_path: Path) -> None:
    body = """\
numbering:
  sections: "1."
  items: ["a)", "-"]
sections:
  - title: Nội dung
    numbering: ["I.", "1."]
    children:
      - title: Tuyên truyền
        id: tuyen-truyen
        lead: vhxh
        deadline: Q4/2025
        items:
          - text: Trên loa truyền thanh
            items: [Mỗi tuần hai lần]
          - Trên trang thông tin điện tử
"""
    texts, _ = render(tmp_path, body)
    assert texts == [
        ("KH Mục I", "1. NỘI DUNG"),
        ("KH Mục 1", "I. Tuyên truyền"),
        # Lettered items: no "a) Nội dung thực hiện" point, which would be a second a).
        ("KH Gạch đầu dòng", "a) Trên loa truyền thanh"),
        ("KH Dấu cộng", "- Mỗi tuần hai lần"),
        ("KH Gạch đầu dòng", "b) Trên trang thông tin điện tử"),
        ("KH Nội dung", "Thời gian thực hiện: Hoàn thành hết quý IV năm 2025./."),
    ]
    plan = check_text(tmp_path, HEAD + body + TAIL).plan
    assert [n.ref for n in outline.walk(plan)] == ["1.I", "1.I.a", "1.I.a-1", "1.I.b"]


def test_tasks_name_the_printed_numbers(tmp_path: Path) -> None:
    body = """\
numbering: {sections: "A.", levels: ["1.", "a)"]}
activities:
  - title: Tuyên truyền
    children:
      - {title: Trên loa, id: loa, lead: vhxh, deadline: Q2/2025, text: [Phát tin.]}
      - {title: Trên mạng, id: mang, lead: vhxh, deadline: Q3/2025, text: [Đăng tin.]}
"""
    plan = check_text(tmp_path, HEAD + body + TAIL).plan
    assert [(n.number, n.ref) for n in outline.walk(plan)] == [("1.", "A.1"), ("a)", "A.1.a"),
                                                               ("b)", "A.1.b")]


def test_roman_and_letters_go_on_past_ten() -> None:
    assert [outline.label("I.", i) for i in (0, 3, 8, 13)] == ["I.", "IV.", "IX.", "XIV."]
    assert [outline.label("A.", i) for i in (0, 4, 5)] == ["A.", "Đ.", "E."]
    assert [outline.label("a)", i) for i in (3, 4, 5, 6)] == ["d)", "đ)", "e)", "g)"]
    assert outline.label("1.1.", 2, "4.") == "4.3." and outline.label("1.1.", 2, "a)") == "3."


@pytest.mark.parametrize(("written", "read"), [
    ('["1.", "a)", "-"]', ["1.", "a)", "-"]),
    ("[1., a), '+']", ["1.", "a)", "+"]),        # YAML's 1.0: the style meant
    ("[1, 1.1, a]", ["1.", "1.1.", "a)"]),
    ('["1.", "1.1.", "1.1.1."]', ["1.", "1.1.", "1.1.1."]),
])
def test_styles_written_as_they_print(tmp_path: Path, written: str, read: list[str]) -> None:
    checked = check_text(tmp_path, HEAD + f"numbering:\n  levels: {written}\n"
                         + "activities:\n  - {title: X, text: [Y]}\n" + TAIL)
    assert checked.plan is not None, [d.message for d in checked.diagnostics]
    assert checked.plan.numbering.levels == read


def test_an_unknown_style_is_refused_at_its_line(tmp_path: Path) -> None:
    text = HEAD + 'numbering:\n  levels: ["1.", "(a)"]\n' + "activities:\n  - {title: X, text: [Y]}\n" + TAIL
    checked = check_text(tmp_path, text)
    assert [(d.code, d.line) for d in checked.diagnostics] == [("KH104", line_of(text, "  levels:"))]


def test_default_is_the_seeds() -> None:
    default = Numbering()
    assert (default.sections, default.levels, default.items) == ("I.", ["1.", "1.1.", "1.1.1."], ["-", "+"])


def test_deeper_levels_named_by_the_plan_do_not_warn(tmp_path: Path) -> None:
    deep = ("activities:\n  - title: A\n    children:\n      - title: B\n        children:\n"
            "          - title: C\n            children:\n              - {title: D, text: [E]}\n")
    warned = check_text(tmp_path, HEAD + deep + TAIL)
    assert [d.code for d in warned.diagnostics] == ["KH511"]
    named = check_text(tmp_path, HEAD + 'numbering: {levels: ["1.", "1.1.", "a)", "-"]}\n' + deep + TAIL)
    assert named.diagnostics == []
