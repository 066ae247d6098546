"""kehoach.schema: pydantic errors placed at file:line:col, in Vietnamese, with the expected form."""

from __future__ import annotations

import pytest

from conftest import check_text, codes, column_of, line_of, mini, mutated_text, only, where
from kehoach.diagnostics import Severity


def check_mutated(tmp_path, old, new):
    text = mutated_text(old, new)
    return text, check_text(tmp_path, text)


def test_missing_field_reported_at_parent_key(tmp_path):
    text, checked = check_mutated(tmp_path, "  name: Nguyễn Tuấn Anh\n", "")
    d = only(checked, "KH101")
    assert where(d) == ("KH101", line_of(text, "signer:"), 1)
    assert "`name`" in d.message
    assert "name:" in d.hint
    assert checked.plan is None


def test_missing_top_level_field_at_file_start(tmp_path):
    text = mini("recipients: [Các thôn]\n", "")
    d = only(check_text(tmp_path, text), "KH101")
    assert (d.line, d.column) == (1, 1) and "`recipients`" in d.message


def test_unknown_key_at_the_key_with_allowed_fields(tmp_path):
    text, checked = check_mutated(
        tmp_path, "        deadline: Q4/2024\n        text:", "        deadlnie: Q4/2024\n        text:")
    d = only(checked, "KH102")
    assert where(d) == ("KH102", line_of(text, "deadlnie"), 9)
    assert "`deadlnie`" in d.message
    assert "`deadline`" in d.hint and "`lead`" in d.hint and "`children`" in d.hint


def test_unknown_top_level_key_lists_plan_fields(tmp_path):
    d = only(check_text(tmp_path, mini("year: 2024\n", "year: 2024\nnam: 2024\n")), "KH102")
    assert (d.line, d.column) == (9, 1)
    assert "`programme`" in d.hint and "`signer`" in d.hint


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        ("year: 2024", 'year: "2024"', '"2024"', "số nguyên"),
        ("  title: Chủ tịch", "  title: 5", "5", "chữ"),
        ("recipients:\n  - Phòng", "recipients: Các thôn\nxx:\n  - Phòng", "Các thôn", "danh sách"),
        ("            partners: [cac-nganh, dai-truyen-thanh]",
         "            partners: cac-nganh", "cac-nganh", "danh sách"),
        ("  name: Nguyễn Tuấn Anh", "  name: ''", "''", "để trống"),
        ("  number:\n", "  number: 0\n", "0", "từ 1 trở lên"),
    ],
)
def test_wrong_types(tmp_path, old, new, needle, words):
    text, checked = check_mutated(tmp_path, old, new)
    d = only(checked, "KH103")
    line = line_of(text, new.split("\n")[0])
    source_line = text.split("\n")[line - 1]
    assert (d.line, d.column) == (line, source_line.index(needle, source_line.index(":")) + 1)
    assert words in d.message
    assert d.severity is Severity.ERROR


def test_wrong_type_column_is_the_value(tmp_path):
    text, checked = check_mutated(tmp_path, "year: 2024", 'year: "2024"')
    d = only(checked, "KH103")
    assert (d.line, d.column) == (line_of(text, 'year: "2024"'), 7)
    assert "nhưng đang là `2024`" in d.message


def test_literal(tmp_path):
    text, checked = check_mutated(tmp_path, "  authority: TM", "  authority: THAY MẶT")
    d = only(checked, "KH104")
    assert where(d) == ("KH104", line_of(text, "authority:"), 14)
    assert "'TM'" in d.message and "'TUQ'" in d.message
    assert " or " not in d.message  # Vietnamese, not pydantic's English
    assert "THAY MẶT" in d.message


def test_format_version(tmp_path):
    d = only(check_text(tmp_path, mini("kehoach: 1", "kehoach: 2")), "KH104")
    assert where(d) == ("KH104", 1, 10)


def test_money_float_is_refused_with_the_raw_text(tmp_path):
    text, checked = check_mutated(tmp_path, "    DA6.TDA1: 5_000_000", "    DA6.TDA1: 5.000")
    d = only(checked, "KH105")
    assert where(d) == ("KH105", line_of(text, "DA6.TDA1: 5.000"), 15)
    assert "5.0" in d.message and "`5.000`" in d.message
    assert ".." not in d.message
    assert "5000000" in d.hint or "5_000_000" in d.hint
    assert checked.plan is None  # never 5 đồng


@pytest.mark.parametrize("raw", ['"5.000.000"', '"5.000.000 đồng"', "5000000", "5_000_000"])
def test_money_forms_accepted(tmp_path, raw):
    _, checked = check_mutated(tmp_path, "    DA6.TDA1: 5_000_000", f"    DA6.TDA1: {raw}")
    assert checked.diagnostics == []
    assert checked.plan.budget.lines["DA6.TDA1"].amount == 5_000_000


@pytest.mark.parametrize(("raw", "words", "code"), [
    ("13,000,000", "dấu phẩy", "KH105"), ("true", "đúng/sai", "KH005"),  # the loader refuses booleans
    ('"năm triệu"', "", "KH105")])
def test_money_other_mistakes(tmp_path, raw, words, code):
    text, checked = check_mutated(tmp_path, "  total: 13_000_000", f"  total: {raw}")
    d = only(checked, code)
    assert (d.line, d.column) == (line_of(text, "  total: "), 10)
    assert words in d.message
    assert not d.message.endswith("..")


def test_negative_money(tmp_path):
    _, checked = check_mutated(tmp_path, "    DA6.TDA1: 5_000_000", "    DA6.TDA1: -5_000_000")
    d = only(checked, "KH105")
    assert "âm" in d.message


def test_budget_line_with_sources(tmp_path):
    text, checked = check_mutated(
        tmp_path, "    DA7.TDA2: 6_000_000",
        "    DA7.TDA2:\n      amount: 6_000_000\n      sources: {ngan-sach-trung-uong: 6.000}")
    d = only(checked, "KH105")
    assert d.line == line_of(text, "sources: {")
    assert d.column == column_of(text, "6.000}")


def test_deadline_not_understood(tmp_path):
    text, checked = check_mutated(tmp_path, "        deadline: Q4/2024\n        text:",
                                  "        deadline: cuối năm\n        text:")
    d = only(checked, "KH106")
    assert where(d) == ("KH106", line_of(text, "cuối năm"), 19)
    assert "cuối năm" in d.message and "Q4/2024" in d.message


@pytest.mark.parametrize("raw", ["Q4/2024", "quý IV/2024", "Quý IV/2024", "12/2024", "2024-12-31",
                                 "31/12/2024"])
def test_deadline_forms_accepted(tmp_path, raw):
    _, checked = check_mutated(tmp_path, "        deadline: Q4/2024\n        text:",
                                  f"        deadline: {raw}\n        text:")
    assert checked.diagnostics == []
    deadline = checked.plan.activities[0].children[0].deadline
    assert deadline.end.isoformat() == "2024-12-31"
    assert deadline.text == raw


@pytest.mark.parametrize("raw", ["13/2024", "Q5/2024", "2024-12-31 08:00:00"])
def test_deadline_refused(tmp_path, raw):
    text, checked = check_mutated(tmp_path, "        deadline: Q4/2024\n        text:",
                                  f"        deadline: {raw}\n        text:")
    d = only(checked, "KH106")
    assert d.line == line_of(text, raw)


@pytest.mark.parametrize(("raw", "code"), [("30/02/2024", "KH106"), ("ngày 29", "KH106"),
                                           ("2024-03-29 10:00:00", "KH106")])
def test_document_date_refused(tmp_path, raw, code):
    text, checked = check_mutated(tmp_path, "  date: 2024-03-29", f"  date: {raw}")
    d = only(checked, code)
    assert (d.line, d.column) == (line_of(text, "  date: "), 9)


@pytest.mark.parametrize("raw", ["29/03/2024", "'2024-03-29'", '"29/3/2024"'])
def test_document_date_in_any_written_form(tmp_path, raw):
    # A quoted ISO date is what YAML 1.2 (the editor) reads anyway: the schema accepts it, so must we.
    _, checked = check_mutated(tmp_path, "  date: 2024-03-29", f"  date: {raw}")
    assert checked.diagnostics == []
    assert checked.plan.document.date.isoformat() == "2024-03-29"


def test_a_quoted_impossible_date_is_refused(tmp_path):
    text, checked = check_mutated(tmp_path, "  date: 2024-03-29", "  date: '2024-02-30'")
    d = only(checked, "KH106")
    assert (d.line, d.column) == (line_of(text, "  date: "), 9)


@pytest.mark.parametrize(
    ("raw", "words"),
    [("viết-bài", "chữ thường không dấu"), ("viet\u200b-bai", "U+200B"),
     ("Viet-Bai", "chữ thường không dấu"), ("viet bai", "chữ thường không dấu")],
    ids=["accents", "zero-width", "upper", "space"],
)
def test_ids_must_be_plain(tmp_path, raw, words):
    text, checked = check_mutated(tmp_path, "          - id: viet-bai\n", f"          - id: {raw}\n")
    d = only(checked, "KH107")
    assert where(d) == ("KH107", line_of(text, f"- id: {raw}"), 17)
    assert words in d.message


def test_unit_key_not_an_id_reported_at_the_key(tmp_path):
    text, checked = check_mutated(tmp_path, "  cac-thon: Các thôn\n",
                                  "  cac-thon: Các thôn\n  Văn-hóa: Văn hóa\n")
    d = only(checked, "KH107")
    assert where(d) == ("KH107", line_of(text, "  Văn-hóa:"), 3)


def test_project_code_format(tmp_path):
    text, checked = check_mutated(tmp_path, "      - project: DA6.TDA1\n",
                                  "      - project: Dự án 6\n")
    d = only(checked, "KH107")
    assert d.line == line_of(text, "project: Dự án 6")


def test_activity_with_project_and_title(tmp_path):
    text, checked = check_mutated(tmp_path, "      - project: DA6.TDA1\n",
                                  "      - project: DA6.TDA1\n        title: Giảm nghèo\n")
    d = only(checked, "KH108")
    assert where(d) == ("KH108", line_of(text, "      - project: DA6.TDA1"), 9)
    assert "`title`" in d.message and "`project`" in d.message


def test_activity_without_heading(tmp_path):
    text, checked = check_mutated(tmp_path, "            title: Chi rà soát hộ nghèo, hộ cận nghèo\n",
                                  "")
    d = only(checked, "KH108")
    assert d.line == line_of(text, "- id: ra-soat-ho-ngheo")


def test_activity_without_content(tmp_path):
    text = mini("        text: [Hỗ trợ thông tin]\n", "")
    d = only(check_text(tmp_path, text), "KH108")
    assert d.line == line_of(text, "      - project: DA6.TDA1")
    assert "nội dung" in d.message


@pytest.mark.parametrize(("raw", "words"), [
    ("giam-ngheo-2026", "giam-ngheo-2021-2025"),
    ("danh-muc/rieng.yaml", "danh-muc/rieng.yaml"),
])
def test_unknown_programme(tmp_path, raw, words):
    text, checked = check_mutated(tmp_path, "programme: giam-ngheo-2021-2025", f"programme: {raw}")
    d = only(checked, "KH109")
    assert where(d) == ("KH109", line_of(text, "programme:"), 12)
    assert words in d.message + d.hint
    # the rules that need no catalogue still run
    assert codes(checked) == ["KH109"]


def test_several_schema_errors_all_reported(tmp_path):
    text = mini("  title: Chủ tịch", "  title: 5").replace("kehoach: 1", "kehoach: 3")
    checked = check_text(tmp_path, text)
    assert sorted(codes(checked)) == ["KH103", "KH104"]


def test_unknown_key_in_a_budget_line_lists_its_fields(tmp_path):
    text, checked = check_mutated(tmp_path, "    DA6.TDA1: 5_000_000",
                                  "    DA6.TDA1: {amount: 5_000_000, nguon: 1}")
    d = only(checked, "KH102")
    assert (d.line, d.column) == (line_of(text, "nguon"), column_of(text, "nguon"))
    assert d.hint.endswith("`amount`, `sources`, `of_which`.")


def test_unknown_key_in_a_nested_item_lists_item_fields(tmp_path):
    text, checked = check_mutated(
        tmp_path, "          - id: viet-bai\n",
        "          - id: viet-bai\n            items:\n              - text: x\n"
        "                dedline: Q4/2024\n")
    d = only(checked, "KH102")
    assert d.line == line_of(text, "dedline")
    assert "`deadline`" in d.hint and "`children`" not in d.hint
