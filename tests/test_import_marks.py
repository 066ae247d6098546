"""Bold and italic carried beside a paragraph's text (kehoach.docximport.marks): one flag a
character, cut and joined as the stages cut the text, read as runs and written back in the plan
format's markers so that kehoach reads the same words set off."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach import emphasis
from kehoach.docximport import marks
from kehoach.emphasis import Run


def test_flag_is_one_character_per_face():
    assert [marks.flag(b, i) for b in (False, True) for i in (False, True)] == ["0", "2", "1", "3"]


def test_cut_says_nothing_when_nothing_there_is_set_off():
    assert marks.cut("", 0, 3) == ""
    assert marks.cut("0001100", 0, 3) == ""  # the stretch cut holds no set-off character
    assert marks.cut("0001100", 2, 5) == "011"
    assert marks.cut("0001100", 4) == "100"


def test_join_fills_plain_texts_with_plain_flags():
    assert marks.join(("ab", ""), ("cd", "")) == ""
    assert marks.join(("ab", ""), ("cd", "12")) == "0012"
    assert marks.join(("ab", "30"), ("c", "")) == "300"


def test_retext_keeps_the_marks_of_what_old_and_new_share():
    assert marks.retext("Tuyên truyền;", "", "Tuyên truyền") == ""
    old, new = "Tập huấn cán bộ;", "Tập huấn cán bộ thôn"
    own = "1" * 8 + "0" * (len(old) - 8)
    assert marks.retext(old, own, new) == "1" * 8 + "0" * (len(new) - 8)
    assert marks.retext("ab", "11", "ax") == "10"


def test_collapse_keeps_each_kept_characters_flag():
    assert marks.collapse("  a \t b  ", "") == ("a b", "")
    text, own = " ab\t\tcd  e ", "01122001110"  # the spaces kept are plain, whatever they were
    assert marks.collapse(text, own) == ("ab cd e", "1100001")
    assert marks.collapse(" a  b ", "001100") == ("a b", "")  # only spaces were set off
    assert marks.collapse(" a  b ", "011110") == ("a b", "101")


def test_runs_of_puts_edge_spaces_outside_and_joins_across_a_space():
    assert marks.runs_of("", "") == ()
    assert marks.runs_of("ab", "") == (Run("ab"),)
    assert marks.runs_of("a bc d", "011110") == (Run("a "), Run("bc", bold=True), Run(" d"))
    assert marks.runs_of("ab cd", "11011") == (Run("ab cd", bold=True),)  # "**ab** **cd**" reads so
    assert marks.runs_of("ab cd", "11022") == (Run("ab", bold=True), Run(" "), Run("cd", italic=True))
    assert marks.runs_of("x y", "030") == (Run("x y"),)  # a set-off space alone is not seen
    assert marks.runs_of("ab", "33") == (Run("ab", bold=True, italic=True),)


def test_asterisks_of_the_text_stay_asterisks():
    assert marks.written("Tại các thôn (*)", "") == "Tại các thôn (*)"
    escaped = marks.written("hộ *mới* thoát nghèo", "")
    assert escaped == "hộ \\*mới\\* thoát nghèo" and emphasis.plain(escaped) == "hộ *mới* thoát nghèo"
    text = "3 * 4 = 12, bold"
    assert marks.written(text, "0" * (len(text) - 4) + "1111") == "3 * 4 = 12, **bold**"


def test_what_cannot_be_written_back_is_said_by_none():
    assert marks.written("ab", "12") is None  # bold "a" against italic "b": no markers say that
    text = "- x là ý"  # a marker cannot open before "-": the dash is set plain
    assert marks.written(text, "111" + "0" * (len(text) - 3)) == "- **x** là ý"


def test_canonical_forms():
    assert marks.canonical("**a** **b**") == marks.canonical("**a b**")
    assert marks.canonical("(*)") == marks.canonical("(\\*)")
    assert marks.canonical("**a**") != marks.canonical("*a*") != marks.canonical("a")
    assert marks.canonical("không có dấu sao") == "không có dấu sao"


_CHARS = st.sampled_from([*"ab ảđ1*(),.:-“", "Hộ", "  "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_CHARS, st.sampled_from("00000123")), min_size=1, max_size=30))
def test_what_is_written_reads_back_as_the_same_runs(pieces):
    text = "".join(t for t, _ in pieces)
    own = "".join(m * len(t) for t, m in pieces)
    written = marks.written(text, own)
    if written is None:
        return
    found = marks.canonical_runs(emphasis.runs(written) or (emphasis.Run(written),))
    assert emphasis.plain(written) == text
    # the runs as given, or with a stretch's leading punctuation set plain where no marker opens
    assert found in (marks.canonical_runs(marks.runs_of(text, own if own.strip("0") else "")),
                     marks.canonical_runs(marks.runs_of(text, marks._opening(text, own))))
