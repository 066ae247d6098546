"""Budget rules KH201–KH205: the money adds up, the words read the figure, the lines exist."""

from __future__ import annotations

import pytest

from conftest import check_text, codes, column_of, line_of, mini, only, where
from kehoach.diagnostics import Severity


def run(tmp_path, text):
    return check_text(tmp_path, text)


# KH201 ----------------------------------------------------------------------------------------


def test_lines_short_of_total(tmp_path):
    text = mini("    DA6.TDA2: 2_000_000", "    DA6.TDA2: 1_500_000")
    d = only(run(tmp_path, text), "KH201")
    assert where(d) == ("KH201", line_of(text, "  total: 7_000_000"), 10)  # points at the total
    assert "7.000.000 đồng" in d.message  # expected
    assert "6.500.000 đồng" in d.message  # actual
    assert "thiếu 500.000 đồng" in d.message
    # the lines are listed with their line numbers
    assert f"dòng {line_of(text, 'DA6.TDA1: 5_000_000')}: DA6.TDA1 = 5.000.000 đồng" in d.notes
    assert f"dòng {line_of(text, 'DA6.TDA2: 1_500_000')}: DA6.TDA2 = 1.500.000 đồng" in d.notes
    assert d.severity is Severity.ERROR


def test_lines_over_total(tmp_path):
    text = mini("    DA6.TDA2: 2_000_000", "    DA6.TDA2: 2_250_000")
    d = only(run(tmp_path, text), "KH201")
    assert "thừa 250.000 đồng" in d.message
    assert "thiếu" not in d.message


def test_lines_written_as_strings_add_up(tmp_path):
    text = mini("    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000",
                '    DA6.TDA1: "5.000.000"\n    DA6.TDA2: "2.000.000 đồng"')
    assert run(tmp_path, text).diagnostics == []


def test_total_wrong_instead_of_lines(tmp_path):
    text = mini("  total: 7_000_000\n  total_in_words: Bảy triệu đồng",
                "  total: 8_000_000\n  total_in_words: Tám triệu đồng")
    checked = run(tmp_path, text)
    assert codes(checked) == ["KH201"]
    assert "thiếu 1.000.000 đồng" in checked.diagnostics[0].message


# KH202 ----------------------------------------------------------------------------------------


def test_line_sources_must_sum_to_line(tmp_path):
    text = mini("    DA6.TDA1: 5_000_000",
                "    DA6.TDA1:\n      amount: 5_000_000\n"
                "      sources: {ngan-sach-trung-uong: 3_000_000, ngan-sach-dia-phuong: 1_000_000}")
    d = only(run(tmp_path, text), "KH202")
    assert where(d) == ("KH202", line_of(text, "sources: {"), column_of(text, "{ngan-sach"))
    assert "4.000.000 đồng" in d.message and "5.000.000 đồng" in d.message
    assert "thiếu 1.000.000 đồng" in d.message and "DA6.TDA1" in d.message


def test_line_sources_that_add_up(tmp_path):
    text = mini("    DA6.TDA1: 5_000_000",
                "    DA6.TDA1:\n      amount: 5_000_000\n"
                "      sources:\n        ngan-sach-trung-uong: 4_000_000\n"
                "        ngan-sach-dia-phuong: 1_000_000")
    checked = run(tmp_path, text)
    assert checked.diagnostics == []
    assert checked.plan.budget.lines["DA6.TDA1"].sources["ngan-sach-dia-phuong"] == 1_000_000


# KH203 ----------------------------------------------------------------------------------------


def test_words_do_not_match_figure(tmp_path):
    text = mini("  total_in_words: Bảy triệu đồng", "  total_in_words: Bảy triệu năm trăm nghìn đồng")
    d = only(run(tmp_path, text), "KH203")
    assert where(d) == ("KH203", line_of(text, "total_in_words"), 19)
    assert "7.000.000 đồng" in d.message
    assert "“Bảy triệu đồng”" in d.message  # what the figure reads as
    assert any("Bảy triệu năm trăm nghìn đồng" in n for n in d.notes)


@pytest.mark.parametrize(
    ("total", "lines", "words"),
    [
        ("1_005_000", ("1_000_000", "5_000"), "Một triệu không trăm lẻ năm ngàn đồng chẵn"),
        ("1_005_000", ("1_000_000", "5_000"), "một triệu không trăm linh năm nghìn đồng"),
        ("24_000_000", ("20_000_000", "4_000_000"), "Hai mươi tư triệu đồng"),
        ("24_000_000", ("20_000_000", "4_000_000"), "Hai mươi bốn triệu đồng"),
        ("7_000_000", ("5_000_000", "2_000_000"), "  Bảy  triệu đồng chẵn. "),
        ("7_000_000", ("5_000_000", "2_000_000"), "Bảy triệu đồng"),
        ("1_500_000_000", ("1_000_000_000", "500_000_000"), "Một tỉ năm trăm triệu đồng"),
    ],
)
def test_words_spelling_variants_accepted(tmp_path, total, lines, words):
    text = mini(
        "  total: 7_000_000\n  total_in_words: Bảy triệu đồng\n  lines:\n"
        "    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000",
        f"  total: {total}\n  total_in_words: \"{words}\"\n  lines:\n"
        f"    DA6.TDA1: {lines[0]}\n    DA6.TDA2: {lines[1]}",
    )
    assert run(tmp_path, text).diagnostics == []


@pytest.mark.parametrize("words", ["Một triệu không trăm năm nghìn đồng", "Một triệu năm nghìn đồng"])
def test_words_near_misses_refused(tmp_path, words):
    text = mini(
        "  total: 7_000_000\n  total_in_words: Bảy triệu đồng\n  lines:\n"
        "    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000",
        f"  total: 1_005_000\n  total_in_words: {words}\n  lines:\n"
        "    DA6.TDA1: 1_000_000\n    DA6.TDA2: 5_000",
    )
    d = only(run(tmp_path, text), "KH203")
    assert "Một triệu không trăm linh năm nghìn đồng" in d.message


def test_words_optional(tmp_path):
    assert run(tmp_path, mini("  total_in_words: Bảy triệu đồng\n", "")).diagnostics == []


# KH204 ----------------------------------------------------------------------------------------


def test_line_for_a_project_the_plan_lacks(tmp_path):
    text = mini("    DA6.TDA2: 2_000_000", "    DA5: 2_000_000")
    d = only(run(tmp_path, text), "KH204")
    assert where(d) == ("KH204", line_of(text, "    DA5:"), 5)  # at the key
    assert "`DA5`" in d.message and "danh mục" in d.message
    assert "DA6.TDA1" in d.hint and "viet-bai" in d.hint


def test_line_for_an_unknown_code(tmp_path):
    text = mini("    DA6.TDA2: 2_000_000", "    khong-co: 2_000_000")
    d = only(run(tmp_path, text), "KH204")
    assert d.line == line_of(text, "khong-co")
    assert "không có" in d.message


def test_line_keyed_by_activity_id(tmp_path):
    text = mini("    DA6.TDA2: 2_000_000", "    viet-bai: 2_000_000")
    assert run(tmp_path, text).diagnostics == []


# KH205 ----------------------------------------------------------------------------------------


def test_zero_line(tmp_path):
    text = mini("    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000",
                "    DA6.TDA1: 7_000_000\n    DA6.TDA2: 0")
    d = only(run(tmp_path, text), "KH205")
    assert where(d) == ("KH205", line_of(text, "DA6.TDA2: 0"), 15)
    assert "DA6.TDA2" in d.message and "lớn hơn 0" in d.message


def test_zero_total(tmp_path):
    text = mini("  total: 7_000_000\n  total_in_words: Bảy triệu đồng", "  total: 0")
    checked = run(tmp_path, text)
    d = only(checked, "KH205")
    assert d.line == line_of(text, "  total: 0")
    assert "KH201" in codes(checked)  # and the lines still do not add up


def test_no_budget_at_all(tmp_path):
    start = mini().index("budget:")
    end = mini().index("organization:")
    text = mini()[:start] + mini()[end:]
    assert run(tmp_path, text).diagnostics == []
