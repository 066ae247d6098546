"""Funding sources as data and the budget shapes real plans use: rules KH206–KH210, amounts in
triệu đồng read exactly, the printed Kinh phí section, and the plain-data API (kehoach.funding)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import check_text, codes, column_of, line_of, mini, only
from kehoach import funding
from kehoach.model import Plan
from kehoach.money import UNITS, MoneyError, format_amount, format_in_unit, parse_money
from kehoach.render.views import build_view
from readback import shown

TOTAL = "  total: 7_000_000\n  total_in_words: Bảy triệu đồng\n"
LINES = "  lines:\n    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000\n"
BUDGET = TOTAL + LINES


def budget(text: str) -> str:
    """MINI_PLAN with its budget section replaced by `text` (indented two spaces)."""
    return mini(BUDGET, text)


def body(checked) -> list[str]:
    assert checked.plan is not None and not checked.errors, [
        (d.code, d.message) for d in checked.diagnostics]
    view = build_view(checked.plan, checked.catalogue)
    texts = [shown(p.text) for p in view.body]
    start = next(i for i, t in enumerate(texts) if t.endswith("KINH PHÍ THỰC HIỆN"))
    end = next(i for i, t in enumerate(texts) if i > start and t.endswith("TỔ CHỨC THỰC HIỆN"))
    return texts[start + 1:end]


# The data file --------------------------------------------------------------------------------


def test_builtin_sources_are_data_with_vietnamese_names():
    names = funding.builtin()
    for code in ("ngan-sach-trung-uong", "ngan-sach-tinh", "ngan-sach-huyen", "ngan-sach-xa",
                 "ngan-sach-dia-phuong", "von-doi-ung", "von-long-ghep", "xa-hoi-hoa",
                 "von-tin-dung-chinh-sach", "nguoi-dan-dong-gop", "nguon-hop-phap-khac", "nguon-khac"):
        assert code in names
        assert names[code] != code and "-" not in names[code]
    assert names["ngan-sach-trung-uong"] == "ngân sách trung ương"
    assert funding.builtin() is names  # read once


def test_plan_declares_its_own_source(tmp_path):
    text = budget(TOTAL + "  by_source: {quy-vi-nguoi-ngheo: 7_000_000}\n" + LINES)
    text = text.replace("budget:\n",
                        "funding_sources: {quy-vi-nguoi-ngheo: Quỹ Vì người nghèo xã}\nbudget:\n")
    checked = check_text(tmp_path, text)
    assert "+ Quỹ Vì người nghèo xã: 7.000.000 đồng." in body(checked)


# KH206 ----------------------------------------------------------------------------------------


def test_unknown_source_is_an_error_at_its_key_listing_known_ones(tmp_path):
    text = budget(TOTAL + "  lines:\n    DA6.TDA1:\n      amount: 5_000_000\n"
                  "      sources: {ngan-sach-trung-uon: 5_000_000}\n    DA6.TDA2: 2_000_000\n")
    d = only(check_text(tmp_path, text), "KH206")
    assert (d.line, d.column) == (line_of(text, "sources: {ngan"), column_of(text, "ngan-sach-trung-uon"))
    assert "`ngan-sach-trung-uon`" in d.message
    assert "Có phải ý là `ngan-sach-trung-uong`" in d.hint
    assert "ngan-sach-dia-phuong" in d.hint and "funding_sources" in d.hint
    # every built-in code is listed (a fixed, short list), and no path a pip user lacks
    assert "nguoi-dan-dong-gop" in d.hint and "src/" not in d.hint


def test_a_plans_own_sources_are_listed_up_to_a_bound(tmp_path):
    own = "".join(f"  rieng-{i}: Nguồn riêng {i}\n" for i in range(500))
    text = "funding_sources:\n" + own + budget(
        TOTAL + "  lines:\n    DA6.TDA1:\n      amount: 5_000_000\n"
        "      sources: {khong-co: 5_000_000}\n    DA6.TDA2: 2_000_000\n")
    d = only(check_text(tmp_path, text), "KH206")
    assert "rieng-0" in d.hint and "rieng-499" not in d.hint and "mã riêng khác" in d.hint
    assert len(d.hint) < 1500


@pytest.mark.parametrize("where", ["by_source", "of_which"])
def test_unknown_source_in_every_place(tmp_path, where):
    if where == "by_source":
        text = budget(TOTAL + "  by_source: {nguon-la: 7_000_000}\n" + LINES)
    else:
        text = budget(TOTAL + "  lines:\n    DA6.TDA1: {amount: 5_000_000, of_which: {nguon-la: 1}}\n"
                      "    DA6.TDA2: 2_000_000\n")
    d = only(check_text(tmp_path, text), "KH206")
    assert d.column == column_of(text, "nguon-la")


# KH207, KH208 ---------------------------------------------------------------------------------


def test_split_by_source_only_is_a_budget(tmp_path):
    text = budget(TOTAL + "  by_source: {ngan-sach-trung-uong: 5_000_000, ngan-sach-xa: 2_000_000}\n")
    assert body(check_text(tmp_path, text)) == [
        "- Tổng số tiền: 7.000.000 đồng (Bảy triệu đồng); trong đó:",
        "+ Ngân sách trung ương: 5.000.000 đồng;",
        "+ Ngân sách xã: 2.000.000 đồng.",
    ]


def test_by_source_must_sum_to_total(tmp_path):
    text = budget(TOTAL + "  by_source: {ngan-sach-trung-uong: 5_000_000, ngan-sach-xa: 1_500_000}\n")
    d = only(check_text(tmp_path, text), "KH207")
    assert d.line == line_of(text, "  by_source:")
    assert "6.500.000 đồng" in d.message and "thiếu 500.000 đồng" in d.message


LINES_BY_SOURCE = (
    "  lines:\n"
    "    DA6.TDA1: {amount: 5_000_000, sources: {ngan-sach-trung-uong: 4_000_000, ngan-sach-xa: 1_000_000}}\n"
    "    DA6.TDA2: {amount: 2_000_000, sources: {ngan-sach-trung-uong: 1_000_000, ngan-sach-xa: 1_000_000}}\n"
)


def test_lines_by_source_with_both_totals(tmp_path):
    text = budget(TOTAL + "  by_source: {ngan-sach-trung-uong: 5_000_000, ngan-sach-xa: 2_000_000}\n"
                  + LINES_BY_SOURCE)
    printed = body(check_text(tmp_path, text))
    assert printed[:4] == [
        "- Tổng số tiền: 7.000.000 đồng (Bảy triệu đồng); trong đó:",
        "+ Ngân sách trung ương: 5.000.000 đồng;",
        "+ Ngân sách xã: 2.000.000 đồng.",
        "- Phân bổ cho các nội dung như sau:",
    ]
    assert any(t.endswith("với số tiền: 5.000.000 đồng (ngân sách trung ương: 4.000.000 đồng; "
                          "ngân sách xã: 1.000.000 đồng);") for t in printed)


def test_source_column_must_sum_to_by_source(tmp_path):
    text = budget(TOTAL + "  by_source: {ngan-sach-trung-uong: 6_000_000, ngan-sach-xa: 1_000_000}\n"
                  + LINES_BY_SOURCE)
    checked = check_text(tmp_path, text)
    found = [d for d in checked.diagnostics if d.code == "KH208"]
    assert len(found) == 2, [(d.code, d.message) for d in checked.diagnostics]
    central, commune = found
    assert central.column == column_of(text, "6_000_000")
    assert "thiếu 1.000.000 đồng" in central.message and "ngân sách trung ương" in central.message
    assert "thừa 1.000.000 đồng" in commune.message
    assert any("DA6.TDA1 = 4.000.000 đồng" in n for n in central.notes)
    assert codes(checked) == ["KH208", "KH208"]  # each line still adds up (KH202), the total too


def test_source_in_lines_missing_from_by_source(tmp_path):
    text = budget(TOTAL + "  by_source: {ngan-sach-trung-uong: 7_000_000}\n"
                  "  lines:\n    DA6.TDA1: {amount: 5_000_000, sources: {ngan-sach-xa: 5_000_000}}\n"
                  "    DA6.TDA2: 2_000_000\n")
    d = only(check_text(tmp_path, text), "KH208")
    assert "ngân sách xã" in d.message and "`ngan-sach-xa: 5.000.000`" in d.hint


# KH209: "230.000.000 đồng, trong đó ngân sách trung ương 223.000.000 đồng" -----------------------

PARTIAL = ("  total: 232_000_000\n  lines:\n"
           "    DA6.TDA1: {amount: 230_000_000, of_which: {ngan-sach-trung-uong: 223_000_000}}\n"
           "    DA6.TDA2: 2_000_000\n")


def test_partial_breakdown_is_printed_as_partial(tmp_path):
    printed = body(check_text(tmp_path, budget(PARTIAL)))
    assert any(t.endswith("với số tiền: 230.000.000 đồng, trong đó ngân sách trung ương "
                          "223.000.000 đồng;") for t in printed), printed


def test_partial_breakdown_may_not_exceed_its_line(tmp_path):
    text = budget(PARTIAL.replace("223_000_000", "231_000_000"))
    d = only(check_text(tmp_path, text), "KH209")
    assert d.line == line_of(text, "DA6.TDA1: {amount")
    assert "thừa 1.000.000 đồng" in d.message


def test_full_and_partial_split_on_one_line(tmp_path):
    text = budget(TOTAL + "  lines:\n    DA6.TDA1:\n      amount: 5_000_000\n"
                  "      sources: {ngan-sach-xa: 5_000_000}\n      of_which: {ngan-sach-xa: 1_000_000}\n"
                  "    DA6.TDA2: 2_000_000\n")
    d = only(check_text(tmp_path, text), "KH209")
    assert d.line == line_of(text, "of_which:")


# KH210 and the sources-in-words shape ---------------------------------------------------------


def test_sources_in_words_only(tmp_path):
    text = budget("  sources: Ngân sách nhà nước và nguồn huy động hợp pháp khác\n")
    assert body(check_text(tmp_path, text)) == ["- Ngân sách nhà nước và nguồn huy động hợp pháp khác."]


def test_total_without_lines_or_split_is_an_error(tmp_path):
    text = budget(TOTAL)
    d = only(check_text(tmp_path, text), "KH210")
    assert d.line == line_of(text, "  total: 7_000_000")


def test_lines_without_total(tmp_path):
    text = budget(LINES)
    d = only(check_text(tmp_path, text), "KH210")
    assert d.line == line_of(text, "budget:") and "`total: 7.000.000`" in d.hint


def test_empty_budget(tmp_path):
    text = budget("  unit: đồng\n")
    assert "trống" in only(check_text(tmp_path, text), "KH210").message


# Triệu đồng -----------------------------------------------------------------------------------

MILLIONS = ('  unit: triệu đồng\n  total: "1.234,5"\n'
            "  total_in_words: Một tỷ hai trăm ba mươi tư triệu năm trăm nghìn đồng\n"
            '  lines:\n    DA6.TDA1: "1.200"\n    DA6.TDA2: "34,5"\n')


def test_amounts_in_millions_read_exactly_and_printed_as_written(tmp_path):
    checked = check_text(tmp_path, budget(MILLIONS))
    assert checked.plan.budget.total == 1_234_500_000
    assert checked.plan.budget.lines["DA6.TDA2"].amount == 34_500_000
    printed = body(checked)
    assert printed[0] == ("- Tổng số tiền: 1.234,5 triệu đồng (Một tỷ hai trăm ba mươi tư triệu "
                          "năm trăm nghìn đồng); trong đó:")
    assert any(t.endswith("với số tiền: 34,5 triệu đồng.") for t in printed)


def test_millions_sum_exactly(tmp_path):
    # 0,1 + 0,2 is not 0,3 in floats; it is here.
    text = budget('  unit: triệu đồng\n  total: "0,3"\n  lines:\n    DA6.TDA1: "0,1"\n'
                  '    DA6.TDA2: "0,2"\n')
    assert check_text(tmp_path, text).diagnostics == []


def test_millions_messages_speak_the_plans_unit(tmp_path):
    text = budget(MILLIONS.replace('"34,5"', '"34,4"'))
    d = only(check_text(tmp_path, text), "KH201")
    assert "thiếu 0,1 triệu đồng" in d.message


def test_yaml_float_in_millions_is_refused_with_what_was_typed(tmp_path):
    text = budget(MILLIONS.replace('"34,5"', "34.5"))
    d = only(check_text(tmp_path, text), "KH105")
    assert d.line == line_of(text, "DA6.TDA2: 34.5")
    assert "34.5" in d.message and 'số lẻ thì viết "34,5"' in d.message
    assert "triệu đồng" in d.hint and "số nguyên đồng" not in d.hint


def test_yaml_float_keeps_its_trailing_zero_in_both_readings(tmp_path):
    # YAML reads `1.200` as 1.2: the message speaks of what was typed, and offers both readings
    text = budget(MILLIONS.replace('"1.200"', "1.200"))
    d = only(check_text(tmp_path, text), "KH105")
    assert 'số lẻ thì viết "1,200"' in d.message
    assert '1200 triệu đồng thì viết "1.200" trong ngoặc kép' in d.message


@given(st.integers(min_value=0, max_value=10**18), st.sampled_from(sorted(UNITS)))
def test_amounts_in_a_unit_round_trip_exactly(amount, unit):
    shown = format_in_unit(amount, unit)
    assert parse_money(shown, unit) == amount
    assert parse_money(f"{shown} {unit}", unit) == amount


def test_parse_in_unit():
    assert parse_money("1.234,5", "triệu đồng") == 1_234_500_000
    assert parse_money("1_234,25 triệu đồng", "triệu đồng") == 1_234_250_000
    assert parse_money(12, "triệu đồng") == 12_000_000
    assert parse_money("0,5", "tỷ đồng") == 500_000_000
    assert format_amount(1_234_500_000, "triệu đồng") == "1.234,5 triệu đồng"
    assert format_amount(13_000_000) == "13.000.000 đồng"
    for bad in (12.5, "3,0000001", "12,5,1", True, -1):
        with pytest.raises(MoneyError):
            parse_money(bad, "triệu đồng")


# The plain-data API ---------------------------------------------------------------------------


def test_budget_funding_gives_each_line_and_source_totals(tmp_path):
    text = budget(TOTAL + LINES_BY_SOURCE)
    plan: Plan = check_text(tmp_path, text).plan
    data = funding.budget_funding(plan)
    assert data.total == 7_000_000 and data.unit == "đồng"
    assert [(line.key, line.amount, line.partial) for line in data.lines] == [
        ("DA6.TDA1", 5_000_000, False), ("DA6.TDA2", 2_000_000, False)]
    assert [(s.code, s.name, s.amount) for s in data.lines[0].sources] == [
        ("ngan-sach-trung-uong", "ngân sách trung ương", 4_000_000),
        ("ngan-sach-xa", "ngân sách xã", 1_000_000)]
    assert [(s.code, s.amount) for s in data.by_source] == [
        ("ngan-sach-trung-uong", 5_000_000), ("ngan-sach-xa", 2_000_000)]
    assert not data.stated_by_source and data.unassigned == 0


def test_budget_funding_partial_leaves_an_unassigned_part(tmp_path):
    plan = check_text(tmp_path, budget(PARTIAL)).plan
    data = funding.budget_funding(plan)
    assert data.lines[0].partial and data.lines[0].sources[0].amount == 223_000_000
    # the stated part counts for its source; the rest of the total is not attributed
    assert [(s.code, s.amount) for s in data.by_source] == [("ngan-sach-trung-uong", 223_000_000)]
    assert data.unassigned == 9_000_000


@pytest.mark.parametrize(("said", "words"), [
    ("1.234,5 triệu đồng", "Một tỷ hai trăm ba mươi tư triệu năm trăm nghìn đồng"),
    ("0,5 triệu", "Năm trăm nghìn đồng"),
    ("2 tỷ đồng", "Hai tỷ đồng"),
    ("13.000.000 đồng", "Mười ba triệu đồng"),
])
def test_words_reads_an_amount_with_its_unit(said, words):
    from typer.testing import CliRunner

    from kehoach.cli import app

    result = CliRunner().invoke(app, ["words", said])
    assert result.exit_code == 0 and result.stdout.strip() == words
