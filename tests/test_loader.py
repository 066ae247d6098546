"""kehoach.loader: positions, refusals and the traps PyYAML would let through."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import (
    PLAN_TEXT,
    check_text,
    codes,
    column_of,
    line_of,
    mutate,
    only,
    where,
    write_text,
)
from kehoach import loader
from kehoach.diagnostics import Severity
from kehoach.loader import load_file, load_text
from kehoach.sourcemap import Builder
from kehoach.validate import check_plan

# ---------------------------------------------------------------------------------------------
# Positions


def test_value_and_key_positions_of_the_real_plan(plan_path):
    loaded = load_file(plan_path)
    assert loaded.diagnostics == []
    source = loaded.source
    total_line = line_of(PLAN_TEXT, "  total: 13_000_000")
    assert source.values[("budget", "total")].line == total_line
    assert source.values[("budget", "total")].column == len("  total: ") + 1
    assert source.keys[("budget", "total")].line == total_line
    assert source.keys[("budget", "total")].column == 3
    # a list item deep in the tree
    path = ("activities", 0, "children", 1, "items", 0, "partners", 1)
    assert loaded.data["activities"][0]["children"][1]["items"][0]["partners"][1] == "dai-truyen-thanh"
    span = source.values[path]
    assert (span.line, span.column) == (
        line_of(PLAN_TEXT, "partners: [cac-nganh, dai-truyen-thanh]"),
        column_of(PLAN_TEXT, "dai-truyen-thanh]"),
    )
    assert span.end_column - span.column == len("dai-truyen-thanh")


def test_span_falls_back_to_nearest_enclosing_node():
    loaded = load_text("a:\n  b: 1\n", "x.yaml")
    assert loaded.source.span(("a", "missing", 3)) == loaded.source.values[("a",)]
    assert loaded.source.key_span(("a", "b")).column == 3
    assert loaded.source.key_span(("a", "nope")) == loaded.source.values[("a",)]


def test_block_scalar_value_starts_at_its_indicator():
    text = "a: 1\nopening: >-\n  Căn cứ\n  Kế hoạch\n"
    loaded = load_text(text, "x.yaml")
    assert loaded.data["opening"] == "Căn cứ Kế hoạch"
    assert where_of(loaded.source.values[("opening",)]) == (2, 10)


def where_of(span):
    return span.line, span.column


# ---------------------------------------------------------------------------------------------
# Duplicate keys


def test_duplicate_key_at_top_level(tmp_path):
    text = "kehoach: 1\nyear: 2024\nunits: {}\nyear: 2025\n"
    checked = check_text(tmp_path, text)
    d = only(checked, "KH002")
    assert where(d) == ("KH002", 4, 1)
    assert "`year`" in d.message and "dòng 2" in d.message
    assert d.severity is Severity.ERROR
    # the first value is kept, never silently replaced by the second
    loaded = load_text(text, "x.yaml")
    assert loaded.data["year"] == 2024


def test_duplicate_key_nested(tmp_path):
    text = "units:\n  vhxh: Công chức Văn hóa - Xã hội\n  tckt: Kế toán\n  vhxh: Công chức VHXH\n"
    d = only(check_text(tmp_path, text), "KH002")
    assert where(d) == ("KH002", 4, 3)
    assert "`vhxh`" in d.message and "dòng 2" in d.message


def test_same_key_in_different_mappings_is_not_a_duplicate():
    loaded = load_text("a:\n  x: 1\nb:\n  x: 2\n", "x.yaml")
    assert loaded.diagnostics == []


def test_duplicate_keys_differing_only_in_unicode_form():
    nfd = unicodedata.normalize("NFD", "đơn-vị")
    loaded = load_text(f"a:\n  đơn-vị: 1\n  {nfd}: 2\n", "x.yaml")
    assert [d.code for d in loaded.diagnostics if d.code == "KH002"] == ["KH002"]


def test_duplicate_in_mutated_plan(tmp_path):
    path = mutate(tmp_path, "  tckt: Công chức Tài chính - Kế toán\n",
                  "  tckt: Công chức Tài chính - Kế toán\n  vhxh: Trùng\n")
    checked = check_plan(path)
    d = only(checked, "KH002")
    text = path.read_text(encoding="utf-8")
    assert d.line == line_of(text, "  vhxh: Trùng")
    assert f"dòng {line_of(text, '  vhxh: Công chức')}" in d.message


# ---------------------------------------------------------------------------------------------
# Syntax


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb:\n  c: 1\n d: 2\n", 4),  # indentation
        ("a: 1\nb: c: d\n", 2),  # mapping value inside a plain scalar
        ("a: 1\nb: 'chưa đóng\nc: 2\n", 2),  # unclosed quote: where it opens
        ("a: 1\nb: [1, 2\nc: 3\n", 2),  # unclosed bracket: where it opens
        ("a: 1\n---\nb: 2\n", 2),  # two documents
        ("a: 1\nb\nc: 2\n", 2),  # a key without its colon: where the key is
        ("a: 1\nname: Nguy\nễn Tuấn Anh\n", 3),  # … even at the end of the file
    ],
)
def test_syntax_errors_at_the_right_line(tmp_path, text, line):
    checked = check_text(tmp_path, text)
    d = only(checked, "KH003")
    assert d.line == line
    assert d.message.startswith("Lỗi cú pháp YAML")
    assert checked.plan is None


def test_syntax_error_message_is_vietnamese(tmp_path):
    d = only(check_text(tmp_path, "a:\n  b: 1\n c: 2\n"), "KH003")
    assert "thụt lề" in d.message
    assert "did not find" not in d.message


@pytest.mark.parametrize("text", ["a:\n\tb: 1\n", "a:\n  b: 1\n\tc: 2\n"])
def test_tab_indentation_hint_mentions_tab(tmp_path, text):
    d = only(check_text(tmp_path, text), "KH003")
    assert d.line == line_of(text, "\t")
    assert "Tab" in d.hint


def test_bad_merge_key_is_a_syntax_error_not_a_crash(tmp_path):
    d = only(check_text(tmp_path, "kehoach: 1\nx: {<<: 5}\n"), "KH003")
    assert d.line == 2


def test_unknown_tag_refused(tmp_path):
    checked = check_text(tmp_path, "a: !!python/object:os.system ls\n")
    d = next(d for d in checked.diagnostics if d.code == "KH003")
    assert d.line == 1


# ---------------------------------------------------------------------------------------------
# YAML 1.1 traps and dates


@pytest.mark.parametrize(
    ("raw", "what"),
    [("0123", "bát phân"), ("1:30", "giờ:phút"), ("no", "đúng/sai"), ("Yes", "đúng/sai"),
     ("0x1F", "thập lục phân"), ("off", "đúng/sai")],
)
def test_yaml11_traps(tmp_path, raw, what):
    checked = check_text(tmp_path, f"kehoach: 1\nx: {raw}\n")
    d = only(checked, "KH005")
    assert where(d) == ("KH005", 2, 4)
    assert f"`{raw}`" in d.message and what in d.message
    assert f'"{raw}"' in d.hint  # quote it if it is text
    # the loader keeps the text as written and the schema stage does not report it twice
    assert checked.loaded.source.raw[("x",)] == raw


@pytest.mark.parametrize("raw", ["5_000_000", "0", "-3", "2024"])
def test_plain_numbers_are_no_trap(raw):
    assert load_text(f"x: {raw}\n", "x.yaml").diagnostics == []


@pytest.mark.parametrize("raw", ["true", "false"])
def test_booleans_only_where_the_file_kind_has_them(raw):
    """A plan has no yes/no field: `number: true` would be read as 1, so it is refused."""
    assert load_text(f"x: {raw}\n", "x.yaml", booleans=True).diagnostics == []
    (d,) = load_text(f"x: {raw}\n", "x.yaml").diagnostics
    assert (d.code, d.line, d.column) == ("KH005", 1, 4)


def test_trap_in_a_plan_field_reported_once(tmp_path):
    path_text = PLAN_TEXT.replace("  number:\n", "  number: 0123\n", 1)
    checked = check_text(tmp_path, path_text)
    assert codes(checked) == ["KH005"]
    assert checked.diagnostics[0].line == line_of(path_text, "  number: 0123")
    assert checked.plan is None  # a file the loader had to reject is not trusted downstream


@pytest.mark.parametrize("raw", ["2024-02-30", "2023-02-29", "2024-13-01"])
def test_impossible_dates(tmp_path, raw):
    checked = check_text(tmp_path, f"kehoach: 1\ndate: {raw}\n")
    d = only(checked, "KH004")
    assert where(d) == ("KH004", 2, 7)
    assert raw in d.message


def test_real_leap_day_accepted():
    import datetime

    loaded = load_text("date: 2024-02-29\n", "x.yaml")
    assert loaded.diagnostics == [] and loaded.data["date"] == datetime.date(2024, 2, 29)


# ---------------------------------------------------------------------------------------------
# Unicode and encodings


def test_nfd_text_is_normalised_with_a_warning(tmp_path):
    nfd = unicodedata.normalize("NFD", "Nguyễn Tuấn Anh")
    assert nfd != "Nguyễn Tuấn Anh"
    text = PLAN_TEXT.replace("  name: Nguyễn Tuấn Anh", f"  name: {nfd}")
    checked = check_text(tmp_path, text)
    d = only(checked, "KH007")
    assert d.severity is Severity.WARNING
    assert d.line == line_of(text, "  name: ") and d.column == 9
    assert checked.plan is not None
    assert checked.plan.signer.name == "Nguyễn Tuấn Anh"
    assert unicodedata.is_normalized("NFC", checked.plan.signer.name)
    assert checked.errors == []


def test_nfd_count_reported():
    nfd = unicodedata.normalize("NFD", "Văn hóa")
    loaded = load_text(f"a: {nfd}\nb: {nfd}\nc: Văn hóa\n", "x.yaml")
    d = only_in(loaded, "KH007")
    assert "2 đoạn" in d.message
    assert d.line == 1


def only_in(loaded, code):
    found = [d for d in loaded.diagnostics if d.code == code]
    assert len(found) == 1, loaded.diagnostics
    return found[0]


def test_utf8_bom_and_crlf_accepted_with_correct_lines(tmp_path):
    raw = b"\xef\xbb\xbf" + PLAN_TEXT.replace("\n", "\r\n").encode("utf-8")
    checked = check_text(tmp_path, raw)
    assert checked.diagnostics == []
    assert checked.plan is not None and checked.plan.signer.name == "Nguyễn Tuấn Anh"
    # a problem is reported at the same line and column as in the LF file
    broken = b"\xef\xbb\xbf" + PLAN_TEXT.replace("    DA7.TDA2: 6_000_000", "    DA7.TDA2: 5_500_000") \
        .replace("\n", "\r\n").encode("utf-8")
    d = only(check_text(tmp_path, broken), "KH201")
    assert (d.line, d.column) == (line_of(PLAN_TEXT, "  total: 13_000_000"), 10)


def test_bom_does_not_shift_first_line_columns(tmp_path):
    d = only(check_text(tmp_path, b"\xef\xbb\xbfkehoach: 0123\n"), "KH005")
    assert (d.line, d.column) == (1, 10)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("kehoach: 1\nissuer: Kế hoạch\n".encode("utf-16"), "UTF-16"),
        ("kehoach: 1\nissuer: Kế hoạch\n".encode("utf-16-le"), "UTF-16"),
        (b"kehoach: 1\nissuer: Kh\xf4ng\n", "UTF-8"),  # Windows-1258 / cp1258 byte for ô
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "nhị phân"),
    ],
    ids=["utf16-bom", "utf16le", "cp1258", "binary"],
)
def test_non_utf8_refused_as_unreadable(tmp_path, raw, words):
    checked = check_text(tmp_path, raw)
    d = only(checked, "KH001")
    assert words in d.message
    assert checked.unreadable and checked.plan is None


def test_cp1258_position_and_hint(tmp_path):
    d = only(check_text(tmp_path, b"kehoach: 1\nissuer: Kh\xf4ng\n"), "KH001")
    assert (d.line, d.column) == (2, 11)
    assert "0xF4" in d.message
    assert "Windows-1258" in d.hint and "UTF-8" in d.hint


@pytest.mark.parametrize(
    "text",
    ["Kõ ho¹ch x· An D\u00ad¬ng", "Keá hoaïch xaõ An Döông"],
    ids=["tcvn3", "vni"],
)
def test_legacy_encoded_text_refused(tmp_path, text):
    checked = check_text(tmp_path, f"kehoach: 1\ndocument:\n  issuer: {text}\n")
    d = only(checked, "KH001")
    assert where(d) == ("KH001", 3, 11)
    assert "TCVN3" in d.message and "VNI" in d.message
    assert "Unikey" in d.hint
    assert checked.unreadable


def test_ordinary_foreign_letters_are_not_legacy(tmp_path):
    loaded = load_text("a: Müller và Nguyễn\nb: Café Phố\n", "x.yaml")
    assert loaded.diagnostics == []


# ---------------------------------------------------------------------------------------------
# Merge conflicts, bombs, degenerate files


def test_merge_conflict_markers(tmp_path):
    text = PLAN_TEXT.replace(
        "  total: 13_000_000\n",
        "<<<<<<< HEAD\n  total: 13_000_000\n=======\n  total: 12_000_000\n>>>>>>> nhanh-khac\n",
    )
    checked = check_text(tmp_path, text)
    assert codes(checked) == ["KH006"] * 3
    assert [d.line for d in checked.diagnostics] == [
        line_of(text, "<<<<<<<"), line_of(text, "======="), line_of(text, ">>>>>>>")]
    assert checked.plan is None


BILLION_LAUGHS = "\n".join(
    [f"l0: &l0 [{', '.join(['lol'] * 9)}]"]
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
) + "\n"


def test_alias_bomb_refused_without_expanding(tmp_path, monkeypatch):
    calls = 0
    real_build = Builder.build

    def counting(self, *args, **kwargs):
        nonlocal calls
        calls += 1
        return real_build(self, *args, **kwargs)

    monkeypatch.setattr(Builder, "build", counting)
    checked = check_text(tmp_path, BILLION_LAUGHS)
    d = only(checked, "KH003")
    assert "alias" in d.message
    assert checked.loaded.data is None
    assert calls < 100, f"the alias tree was expanded ({calls} nodes built)"


def test_recursive_alias_refused(tmp_path):
    d = only(check_text(tmp_path, "a: &a [*a]\nb: 1\n"), "KH003")
    assert d.line == 1


def test_small_aliases_still_work():
    loaded = load_text("a: &x [1, 2]\nb: *x\n", "x.yaml")
    assert loaded.diagnostics == [] and loaded.data == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize("text", ["", "\n\n", "# chỉ có chú thích\n"])
def test_empty_file(tmp_path, text):
    checked = check_text(tmp_path, text)
    d = only(checked, "KH003")
    assert "rỗng" in d.message
    assert checked.plan is None


@pytest.mark.parametrize(("text", "what"), [("Kế hoạch\n", "`Kế hoạch`"),
                                             ("- a\n- b\n", "danh sách")])
def test_top_level_must_be_a_mapping(tmp_path, text, what):
    d = only(check_text(tmp_path, text), "KH003")
    assert where(d) == ("KH003", 1, 1)
    assert what in d.message


def test_missing_file_and_folder(tmp_path):
    missing = load_file(tmp_path / "khong-co.yaml")
    assert missing.unreadable and [d.code for d in missing.diagnostics] == ["KH001"]
    assert "không có tệp" in missing.diagnostics[0].message
    folder = load_file(tmp_path)
    assert folder.unreadable and [d.code for d in folder.diagnostics] == ["KH001"]


def test_too_large_file_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_BYTES", 10)
    path = write_text(tmp_path, "kehoach: 1\nyear: 2024\n")
    loaded = load_file(path)
    assert loaded.unreadable and "quá lớn" in loaded.diagnostics[0].message


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x07"])
def test_control_character_located(tmp_path, char):
    text = f"kehoach: 1\ndocument:\n  issuer: Ủy ban{char} nhân dân\n"
    checked = check_text(tmp_path, text)
    d = only(checked, "KH003")
    assert (d.line, d.column) == (3, len("  issuer: Ủy ban") + 1)
    assert f"U+{ord(char):04X}" in d.message
    assert "unacceptable" not in d.message


@pytest.mark.parametrize(("text", "code"), [
    ("a: !!timestamp xyz\n", "KH004"),
    ("a: !!timestamp 2024-01-01\n  tiếp theo\n", "KH004"),
    ("a: !!float abc\n", "KH003"),
])
def test_explicit_tags_that_do_not_fit(text, code):
    loaded = load_text(text, "x.yaml")
    assert [(d.code, d.line) for d in loaded.diagnostics] == [(code, 1)]


def test_deep_nesting_says_so(tmp_path):
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(150)) + f"{'  ' * 150}v: 1\n"
    d = only(check_text(tmp_path, text), "KH003")
    assert "sâu" in d.message and "alias" not in d.message


@pytest.mark.parametrize("text", [
    "goals:\n  - **100%** hộ nghèo được hỗ trợ.\n",
    "text: [*nghiêng* ở đầu câu]\n",
    "opening: **Đậm** ở đầu đoạn\n",
])
def test_emphasis_at_a_values_start_says_to_quote_it(text) -> None:
    """Issue 24: `**…**` or `*…*` opening a value is a YAML alias; the advice says how to write it."""
    (problem,) = load_text(text, "p.yaml").diagnostics
    assert problem.code == "KH003" and problem.hint == loader.STAR_HINT
    assert problem.line == 1 + text.count("\n", 0, text.index("*"))
    quoted = text.replace("**100%** hộ nghèo được hỗ trợ.", '"**100%** hộ nghèo được hỗ trợ."')
    if quoted != text:
        assert not load_text(quoted, "p.yaml").diagnostics


def test_a_colon_line_keeps_its_own_advice() -> None:
    (problem,) = load_text("a: 3 * 4 = 12\nb: x: y\n", "p.yaml").diagnostics
    assert problem.hint != loader.STAR_HINT
