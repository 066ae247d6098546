"""Reference rules KH401–KH404: every unit, id and programme code named exists, once."""

from __future__ import annotations

from conftest import MINI_PLAN, check_text, codes, line_of, mini, only, where
from kehoach import outline


def test_unknown_lead(tmp_path):
    text = mini("        lead: vhxh\n        deadline", "        lead: vhhx\n        deadline")
    d = only(check_text(tmp_path, text), "KH401")
    assert where(d) == ("KH401", line_of(text, "lead: vhhx"), 15)
    assert "`vhhx`" in d.message
    assert "`vhxh`" in d.hint and "`tckt`" in d.hint


def test_unknown_partner_points_at_the_entry(tmp_path):
    text = mini("            partners: [tckt]", "            partners: [tckt, dai-truyen-thanh]")
    d = only(check_text(tmp_path, text), "KH401")
    assert where(d) == ("KH401", line_of(text, "partners:"), 30)
    assert "`dai-truyen-thanh`" in d.message


def test_unknown_organization_unit_at_the_key(tmp_path):
    text = mini("  vhxh: [Triển khai kế hoạch]", "  vhxh: [Triển khai kế hoạch]\n  cac-thon: Phối hợp")
    d = only(check_text(tmp_path, text), "KH401")
    assert where(d) == ("KH401", line_of(text, "  cac-thon:"), 3)


def test_duplicate_id(tmp_path):
    text = mini("        id: thong-tin", "        id: viet-bai")
    d = only(check_text(tmp_path, text), "KH402")
    second = line_of(text, "- id: viet-bai")
    assert where(d) == ("KH402", second, 17)
    assert f"dòng {line_of(text, 'id: viet-bai')}" in d.message
    assert "II.1.1" in d.message  # the first use, as numbered in the document


def test_id_same_as_a_unit(tmp_path):
    text = mini("        id: thong-tin", "        id: tckt")
    d = only(check_text(tmp_path, text), "KH402")
    assert where(d) == ("KH402", line_of(text, "id: tckt"), 13)
    assert "đơn vị" in d.message


def test_unknown_project_code(tmp_path):
    text = mini("      - project: DA6.TDA1\n", "      - project: DA6.TDA9\n") \
        .replace("    DA6.TDA1: 5_000_000", "    DA6.TDA9: 5_000_000")
    checked = check_text(tmp_path, text)
    d = only(checked, "KH403")
    assert where(d) == ("KH403", line_of(text, "project: DA6.TDA9"), 18)
    assert "`DA6.TDA9`" in d.message and "danh mục" in d.message
    assert "DA6.TDA1" in d.hint


def test_sub_project_under_the_wrong_project(tmp_path):
    text = mini("      - project: DA6.TDA2\n", "      - project: DA7.TDA2\n") \
        .replace("    DA6.TDA2: 2_000_000", "    DA7.TDA2: 2_000_000")
    d = only(check_text(tmp_path, text), "KH404")
    assert where(d) == ("KH404", line_of(text, "project: DA7.TDA2"), 18)
    assert "Dự án 7" in d.message and "`DA6`" in d.message
    assert "`DA7`" in d.hint


def test_sub_project_at_top_level_when_its_project_is_in_the_plan(tmp_path):
    text = mini("activities:\n", "activities:\n  - project: DA6.TDA2\n    text: [Tập huấn]\n")
    # DA6 is in the plan: DA6.TDA2 at the top level is misplaced (and, further down, repeated).
    d = next(d for d in check_text(tmp_path, text).diagnostics if d.code == "KH404")
    assert d.line == line_of(text, "project: DA6.TDA2")
    assert "cấp ngoài cùng" in d.message and "mục của `DA6`" in d.hint


def test_plan_about_one_sub_project(tmp_path):
    """A province's plan for DA6.TDA1 alone: the sub-project stands at the top, numbered "1.",
    and its budget line resolves."""
    start, end = MINI_PLAN.index("activities:"), MINI_PLAN.index("budget:")
    text = (MINI_PLAN[:start] + "activities:\n  - project: DA6.TDA1\n    id: thong-tin\n"
            "    lead: vhxh\n    deadline: Q4/2024\n    text: [Hỗ trợ thông tin]\n"
            + MINI_PLAN[end:])
    text = text.replace("    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000\n", "    DA6.TDA1: 7_000_000\n")
    checked = check_text(tmp_path, text)
    assert codes(checked) == []
    (node,) = outline.walk(checked.plan)
    assert (node.number, node.ref) == ("1.", "II.1")


def test_sub_project_under_the_wrong_project_at_the_top_level_plan(tmp_path):
    text = mini("  - project: DA6\n", "  - project: DA7\n")
    assert "KH404" in codes(check_text(tmp_path, text))


def test_project_code_used_twice(tmp_path):
    text = mini("      - project: DA6.TDA2\n", "      - project: DA6.TDA1\n") \
        .replace("    DA6.TDA2: 2_000_000", "    viet-bai: 2_000_000")
    checked = check_text(tmp_path, text)
    assert codes(checked) == ["KH404"]
    d = checked.diagnostics[0]
    assert d.line == line_of(text, "project: DA6.TDA1", 2)
    assert "II.1.1" in d.message


def test_titled_activity_between_project_and_sub_project(tmp_path):
    # a titled group inside DA6 does not break the parent check for what it holds
    text = mini(
        "      - project: DA6.TDA2\n        deadline: Q4/2024\n        items:\n",
        "      - title: Nhóm việc\n        children:\n"
        "          - project: DA6.TDA2\n            deadline: Q4/2024\n            items:\n",
    ).replace("          - id: viet-bai\n            text: Viết bài\n            lead: vhxh\n"
              "            partners: [tckt]\n",
              "              - id: viet-bai\n                text: Viết bài\n"
              "                lead: vhxh\n                partners: [tckt]\n")
    assert check_text(tmp_path, text).diagnostics == []
