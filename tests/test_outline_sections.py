"""The plan's own outline (`sections:`): order, titles, generic sections, empty parts never
printed, and the meaning of activities, budget and organization kept under any title."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI_PLAN, check_text, codes, line_of, only, where
from kehoach import outline, tasks
from kehoach.render.views import build_view, paragraphs
from readback import shown

# The Thừa Thiên Huế shape: I. MỤC TIÊU (chung: a paragraph; cụ thể: bullets), II. NHIỆM VỤ VÀ GIẢI
# PHÁP (the activities), III. KINH PHÍ, IV. TỔ CHỨC THỰC HIỆN, V. CHẾ ĐỘ BÁO CÁO (a tracked bullet).
SECTIONS = """\
sections:
  - title: Mục tiêu
    children:
      - title: Mục tiêu chung
        text:
          - Giảm nghèo đa chiều, bao trùm, bền vững.
      - title: Mục tiêu cụ thể
        items: [Tỷ lệ hộ nghèo giảm 1%., Không còn hộ nghèo thiếu nhà ở.]
  - use: activities
    title: Nhiệm vụ và giải pháp
  - use: budget
  - use: organization
  - title: Chế độ báo cáo
    items:
      - id: bao-cao-6-thang
        text: Báo cáo kết quả thực hiện về Ủy ban nhân dân xã.
        lead: tckt
        deadline: Q2/2024
"""


def custom(tmp_path: Path, sections: str = SECTIONS, drop_purpose: bool = True):
    text = MINI_PLAN.replace("units:\n", sections + "units:\n")
    if drop_purpose:
        text = text.replace("purpose:\n  goals: [Mục đích]\n  requirements: [Yêu cầu]\n", "")
    return text, check_text(tmp_path, text)


def body(checked) -> list[tuple[str, str]]:
    view = build_view(checked.plan, checked.catalogue)
    return [(p.style, shown(p.text)) for p in view.body]


def test_custom_sections_in_their_order_with_their_titles(tmp_path):
    _, checked = custom(tmp_path)
    assert codes(checked) == []
    headings = [t for s, t in body(checked) if s == "KHMucI"]
    assert headings == ["I. MỤC TIÊU", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "III. KINH PHÍ THỰC HIỆN",
                        "IV. TỔ CHỨC THỰC HIỆN", "V. CHẾ ĐỘ BÁO CÁO"]
    assert outline.sections(checked.plan) == {"activities": "II", "budget": "III", "organization": "IV"}


def test_generic_section_paragraphs_bullets_and_children(tmp_path):
    _, checked = custom(tmp_path)
    paras = body(checked)
    start = paras.index(("KHMucI", "I. MỤC TIÊU"))
    assert paras[start + 1: start + 6] == [
        ("KHMuc1", "1. Mục tiêu chung"),
        ("KHNoiDung", "Giảm nghèo đa chiều, bao trùm, bền vững."),
        ("KHMuc1", "2. Mục tiêu cụ thể"),
        # bullets stand directly under the heading: no "a) Nội dung thực hiện" without a time line
        ("KHGachDauDong", "- Tỷ lệ hộ nghèo giảm 1%."),
        ("KHGachDauDong", "- Không còn hộ nghèo thiếu nhà ở."),
    ]
    end = paras.index(("KHMucI", "V. CHẾ ĐỘ BÁO CÁO"))
    assert paras[end + 1] == ("KHGachDauDong", "- Báo cáo kết quả thực hiện về Ủy ban nhân dân xã.")
    # the item's own time, set in under it
    assert paras[end + 2] == ("KHThoiGianMuc", "Thời gian thực hiện: Hoàn thành hết quý II năm 2024./.")


def test_meaning_kept_under_any_title(tmp_path):
    """Activities still yield tasks numbered by their section, the budget still sums, organization
    still lists duties, and a tracked bullet of a generic section is a task like any other."""
    text, checked = custom(tmp_path)
    refs = {n.node.id: n.ref for n in outline.walk(checked.plan) if n.node.id}
    assert refs["thong-tin"] == "II.1.1"
    assert refs["bao-cao-6-thang"] == "V-1"
    unit = {u.unit: u for u in tasks.by_unit(checked.plan, checked.catalogue)}
    assert [t.ref for t, _ in unit["tckt"].rows] == ["II.1.2.a-1", "V-1"]
    assert [t.ref for t, _ in unit["vhxh"].rows] == ["II.1.1", "II.1.2.a-1", "IV.1-1"]
    broken = text.replace("    DA6.TDA2: 2_000_000", "    DA6.TDA2: 1_000_000")
    assert "KH201" in codes(check_text(tmp_path, broken, "broken.yaml"))


def test_generic_items_have_deadlines_checked(tmp_path):
    text, checked = custom(tmp_path, SECTIONS.replace("deadline: Q2/2024", "deadline: Q1/2025"))
    d = only(checked, "KH301")
    assert where(d) == ("KH301", line_of(text, "deadline: Q1/2025"), 19)
    assert "V-1" in d.message


def test_default_outline_unchanged_when_no_sections(tmp_path):
    checked = check_text(tmp_path, MINI_PLAN)
    assert [t for s, t in body(checked) if s in ("KHMucI", "KHMuc1")][:5] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu", "II. NỘI DUNG THỰC HIỆN",
        "1. Dự án 6: Truyền thông và giảm nghèo về thông tin"]


@pytest.mark.parametrize(("purpose", "expected"), [
    # Mục đích as prose and no Yêu cầu at all: no empty "2. Yêu cầu", no lone "1. Mục đích".
    ("purpose:\n  goals: >-\n    Nâng cao nhận thức.\n\n    Huy động nguồn lực.\n",
     [("KHMucI", "I. MỤC ĐÍCH"), ("KHNoiDung", "Nâng cao nhận thức."),
      ("KHNoiDung", "Huy động nguồn lực.")]),
    ("purpose:\n  requirements: [Đúng đối tượng.]\n",
     [("KHMucI", "I. YÊU CẦU"), ("KHGachDauDong", "- Đúng đối tượng.")]),
    ("purpose:\n  goals: []\n  requirements: []\n", [("KHMucI", "I. NỘI DUNG THỰC HIỆN")]),
    ("", [("KHMucI", "I. NỘI DUNG THỰC HIỆN")]),
])
def test_purpose_parts_printed_only_when_present(tmp_path, purpose, expected):
    text = MINI_PLAN.replace("purpose:\n  goals: [Mục đích]\n  requirements: [Yêu cầu]\n", purpose)
    checked = check_text(tmp_path, text)
    assert codes(checked) == []
    assert body(checked)[: len(expected)] == expected


def test_section_placing_a_part_twice_or_missing(tmp_path):
    text, checked = custom(tmp_path, SECTIONS.replace("  - use: budget\n", "  - use: organization\n"))
    found = [d for d in checked.diagnostics if d.code == "KH405"]
    # in file order: the missing part at `sections:`, then the second placing
    assert [d.line for d in found] == [line_of(text, "sections:"), line_of(text, "use: organization", 2)]
    assert "budget" in found[0].message and "- use: budget" in found[0].hint


def test_section_using_a_part_the_plan_lacks(tmp_path):
    extra = SECTIONS.replace("  - use: budget\n", "  - use: budget\n  - use: purpose\n")
    text, checked = custom(tmp_path, extra)
    d = only(checked, "KH405")
    assert where(d) == ("KH405", line_of(text, "use: purpose"), 10)


@pytest.mark.parametrize(("section", "message"), [
    ("  - title: Trống\n", "chưa có nội dung"),
    ("  - text: [Không tiêu đề]\n", "cần `title`"),
    ("  - use: activities\n    text: [x]\n", "lấy nội dung từ khóa `activities`"),
    ("  - use: muc-luc\n", "purpose"),
])
def test_section_shapes_refused_at_their_line(tmp_path, section, message):
    text, checked = custom(tmp_path, SECTIONS + section)
    errors = [d for d in checked.diagnostics if d.code.startswith("KH1")]
    assert errors and message in errors[0].message + errors[0].hint
    assert errors[0].line >= line_of(text, section.splitlines()[0])


@pytest.mark.parametrize(("value", "expected"), [
    (None, []),
    ("Một đoạn.", ["Một đoạn."]),
    ("Đoạn một.\nĐoạn hai.", ["Đoạn một.", "Đoạn hai."]),  # `>-` with a blank line between them
    ("Dòng một\ncủa đoạn.\n\nĐoạn hai.\n", ["Dòng một của đoạn.", "Đoạn hai."]),  # `|` keeps wraps
    (["Đoạn một.", "Đoạn hai."], ["Đoạn một.", "Đoạn hai."]),
])
def test_opening_paragraphs(value, expected):
    assert [" ".join(p.split()) for p in paragraphs(value)] == expected


def test_opening_written_as_a_list_or_with_blank_lines(tmp_path):
    for opening in ("opening:\n  - Thực hiện Kế hoạch số 52/KH-UBND.\n  - >-\n    Ủy ban nhân dân xã ban "
                    "hành Kế hoạch như sau:\n",
                    "opening: >-\n  Thực hiện Kế hoạch\n  số 52/KH-UBND.\n\n  Ủy ban nhân dân xã ban hành "
                    "Kế hoạch như sau:\n"):
        checked = check_text(tmp_path, MINI_PLAN.replace("units:\n", opening + "units:\n"))
        assert codes(checked) == []
        assert body(checked)[:2] == [("KHNoiDung", "Thực hiện Kế hoạch số 52/KH-UBND."),
                                     ("KHNoiDung", "Ủy ban nhân dân xã ban hành Kế hoạch như sau:")]


@pytest.mark.parametrize("opening", [
    "opening: Ủy ban nhân dân xã ban hành Kế hoạch như sau:\n",
    "opening:\n  - Thực hiện Kế hoạch số 52/KH-UBND.\n  - Ủy ban nhân dân xã ban hành Kế hoạch như sau:\n",
])
def test_sentence_ending_in_colon_without_a_block_gets_the_exact_hint(tmp_path, opening):
    text = MINI_PLAN.replace("units:\n", opening + "units:\n")
    checked = check_text(tmp_path, text)
    (d,) = [d for d in checked.diagnostics if ">-" in d.hint]
    assert d.code in ("KH003", "KH103")
    assert d.line == line_of(text, "như sau:")
    assert "như sau:" in d.hint and "xuống dòng" in d.hint
