"""Issue 24 items 5 and 6: text checks as warnings with the fix at file:line:col — a stale year
(KH520, the rule `kehoach new` shares), a sentence a `[ … ]` list split at its comma (KH521) — and
a bullet whose colon made it a mapping, which gets the KH103 advice wherever it stands."""

from __future__ import annotations

import pytest

from conftest import check_text, line_of, mini
from kehoach import years

PERIOD = mini("year: 2024\n", "period: 2024-2025\n")


def found(tmp_path, text, code):
    return [(d.line, d.column, d.message) for d in check_text(tmp_path, text).diagnostics if d.code == code]


@pytest.mark.parametrize(("text", "first", "stale"), [
    ("Tuyên truyền giảm nghèo năm 2024", 2025, ["2024"]),
    ("giai đoạn 2021-2025 và năm 2024", 2025, ["2024"]),
    ("giai đoạn 2021 – 2025", 2024, []),
    ("từ năm 2021 đến hết năm 2025", 2024, []),
    ("Căn cứ Kế hoạch số 52/KH-UBND ngày 06/3/2024 của UBND huyện về năm 2024", 2025, ["2024"]),
    ("Luật Phòng, chống thiên tai ngày 19/6/2013; Luật sửa đổi ngày 17/6/2020", 2025, []),
    ("Nghị quyết số 13-NQ/TU ngày 06 tháng 9 năm 2023 của Ban Thường vụ Tỉnh ủy", 2024, []),
    ("theo Nghị định 30/2020/NĐ-CP", 2025, []),
    ("Tổng kết vào ngày 15/12/2023", 2024, ["2023"]),  # a date of the plan's own, not a citation
    ("đến năm 2025, định hướng đến năm 2030", 2024, []),
    ("căn cứ thực hiện chính sách năm 2026", 2025, []),  # later years are never left over
])
def test_the_year_rule(text, first, stale) -> None:
    assert [m[1] for m in years.stale(text, first)] == stale


def test_stale_year_at_its_line_and_column(tmp_path) -> None:
    text = mini("  summary: Kế hoạch thử\n", "  summary: Kế hoạch thử năm 2023\n").replace(
        "  goals: [Mục đích]\n",
        "  goals:\n    - >-\n      Theo Kế hoạch số 12/KH-UBND ngày 05/01/2023, tiếp tục các việc đã làm\n"
        "      trong năm 2023.\n")
    assert found(tmp_path, text, "KH520") == [
        (line_of(text, "  summary:"), 29, "Câu nhắc năm 2023, trước năm 2024 của kế hoạch: “Kế hoạch thử "
         "năm 2023”."),
        (line_of(text, "      trong năm 2023."), 17,
         "Câu nhắc năm 2023, trước năm 2024 của kế hoạch: “…tiếp tục các việc đã làm trong năm 2023.”."),
    ]


def test_a_period_plan_names_its_years(tmp_path) -> None:
    assert found(tmp_path, PERIOD.replace("[Mục đích]", "[Mục đích năm 2025]"), "KH520") == []
    assert [m for _, _, m in found(tmp_path, PERIOD.replace("[Mục đích]", "[Mục đích năm 2023]"),
                                   "KH520")] == ["Câu nhắc năm 2023, trước giai đoạn 2024-2025 của kế "
                                                 "hoạch: “Mục đích năm 2023”."]


def test_codes_times_and_settings_are_not_prose(tmp_path) -> None:
    text = mini("        id: thong-tin\n", "        id: bao-cao-2023\n")
    assert found(tmp_path, text, "KH520") == []


def test_flow_list_split_at_its_comma(tmp_path) -> None:
    text = mini("  goals: [Mục đích]\n", "  goals: [Rà soát hộ nghèo, hộ cận nghèo, Cập nhật dữ liệu]\n")
    (hit,) = found(tmp_path, text, "KH521")
    assert hit[:2] == (line_of(text, "  goals:"), 29)
    assert "“Rà soát hộ nghèo, hộ cận nghèo" in hit[2]


@pytest.mark.parametrize("goals", [
    '["Rà soát hộ nghèo, hộ cận nghèo"]',         # quoted: one sentence
    "[Rà soát hộ nghèo, Hộ cận nghèo]",           # two bullets, each a sentence
    "\n    - Rà soát hộ nghèo\n    - hộ cận nghèo viết thường",  # a block list: nothing was split
])
def test_no_split_where_none_happened(tmp_path, goals) -> None:
    assert found(tmp_path, mini("  goals: [Mục đích]\n", f"  goals: {goals}\n"), "KH521") == []


@pytest.mark.parametrize(("line", "words"), [
    ("    - Phòng Kinh tế: chủ trì tham mưu\n", "có dấu `:` theo sau là dấu cách"),
    ("    - Ban hành như sau:\n", "kết thúc bằng dấu `:`"),
    ("    - Văn phòng chủ trì tham mưu:\n        - Xây dựng kế hoạch\n", "có các ý nhỏ hơn bên dưới"),
])
@pytest.mark.parametrize("where", ["goals", "items", "text", "organization"])
def test_a_bullet_whose_colon_made_it_a_mapping(tmp_path, line, words, where) -> None:
    """KH103 with the way to write it, once, at the bullet — never "missing `text`"."""
    places = {
        "goals": ("  goals: [Mục đích]\n", "  goals:\n"),
        "items": ("        text: [Hỗ trợ thông tin]\n", "        text: [Hỗ trợ hộ nghèo]\n        items:\n"),
        "text": ("        text: [Hỗ trợ thông tin]\n", "        text:\n"),
        "organization": ("  vhxh: [Triển khai kế hoạch]\n", "  vhxh:\n"),
    }
    old, head = places[where]
    indent = "    " if where in ("goals", "organization") else "        "
    text = mini(old, head + line.replace("    ", indent, 1).replace("        - X", indent + "    - X"))
    checked = check_text(tmp_path, text)
    assert [d.code for d in checked.diagnostics] == ["KH103"], [d.message for d in checked.diagnostics]
    d = checked.diagnostics[0]
    assert d.line == line_of(text, line.split("\n")[0].strip()) and words in d.message
    assert "Thiếu trường" not in d.message


def test_found_when_read_the_quick_way(tmp_path) -> None:
    """`kehoach validate` reads a clean-looking file without positions first: the text checks must
    still speak, and then at their line and column (the full reading)."""
    from conftest import write_text
    from kehoach.validate import check_plan

    text = mini("  summary: Kế hoạch thử\n", "  summary: Kế hoạch thử năm 2023\n").replace(
        "  goals: [Mục đích]\n", "  goals: [Rà soát hộ nghèo, hộ cận nghèo]\n")
    checked = check_plan(write_text(tmp_path, text), positions=False)
    assert [(d.code, d.line) for d in checked.diagnostics] == [
        ("KH520", line_of(text, "  summary:")), ("KH521", line_of(text, "  goals:"))]
    block = mini("  goals: [Mục đích]\n", "  goals:\n    - Rà soát hộ nghèo\n    - hộ cận nghèo\n")
    assert check_plan(write_text(tmp_path, block), positions=False).diagnostics == []


def test_a_table_header_split_at_its_comma(tmp_path) -> None:
    text = mini("units:\n", "sections:\n  - use: purpose\n"
                "  - title: Lực lượng\n    table:\n      header: [Thôn, Thuyền, phao (chiếc)]\n"
                "      rows: [[Thôn 1, 3, 4]]\n"
                "  - use: activities\n  - use: budget\n  - use: organization\nunits:\n")
    (hit,) = found(tmp_path, text, "KH521")
    assert hit[:2] == (line_of(text, "      header:"), 30) and "“Thuyền, phao (chiếc)”" in hit[2]
