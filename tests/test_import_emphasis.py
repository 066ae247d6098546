"""Bold and italic inside a paragraph (issue 24 part 6) through `kehoach import`: read from the
runs as Word shows them — direct formatting, a character style that toggles its paragraph's face
(KH Đậm in a bold heading shows plain), the same run after LibreOffice repeated the style as
direct formatting — carried with the text (docximport.marks) and written in the plan format's
markers so that kehoach reads back exactly those words set off."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from docx_typed import W_NS, Clerk
from kehoach import emphasis
from kehoach.docximport import marks
from kehoach.docximport.lines import lines_of
from kehoach.docximport.read import Para, read_docx


def paras(data: bytes) -> list[Para]:
    return [b for b in read_docx(data, "x.docx").blocks if isinstance(b, Para)]


def test_direct_bold_and_italic_in_a_plain_paragraph():
    k = Clerk()
    k.runs([("Đến năm 2025, ", {}), ("100%", {"bold": True}), (" hồ sơ ", {}),
            ("trực tuyến", {"italic": True})])
    (para,) = paras(k.bytes())
    assert not para.bold and not para.italic
    (line,) = lines_of(para)
    assert marks.written(line.text, line.marks) == "Đến năm 2025, **100%** hồ sơ *trực tuyến*"


def test_a_paragraph_bold_by_hand_is_bold_not_emphasis():
    k = Clerk()
    k.runs([("1. Tuyên truyền ", {"bold": True}), ("giảm nghèo", {"bold": True})])
    (para,) = paras(k.bytes())
    assert para.bold and para.marks == ""


def _heading_with(run_props: str) -> bytes:
    """A Heading 1 paragraph (bold by its style) with one run in Word's Strong style."""
    from docx.oxml import parse_xml

    k = Clerk()
    k.doc.add_paragraph("Tuyên truyền ", style="Heading 1")
    strong = k.doc.styles["Strong"].style_id
    para = k.doc.paragraphs[-1]
    para._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:rPr><w:rStyle w:val="{strong}"/>{run_props}</w:rPr>'
                             '<w:t>trực tuyến</w:t></w:r>'))
    k.doc.styles["Heading 1"].font.bold = True
    out = io.BytesIO()
    k.doc.save(out)
    return out.getvalue()


def test_a_character_style_toggles_its_paragraphs_face_and_libreoffices_copy_reads_the_same():
    for props in ("", "<w:b/>"):  # Word's file; LibreOffice's re-save repeats the style's bold
        (para,) = paras(_heading_with(props))
        assert para.bold, props  # the heading is bold
        (line,) = lines_of(para)
        assert marks.written(line.text, line.marks) == "Tuyên truyền **trực tuyến**", props


def test_a_whole_paragraph_in_a_character_style_is_emphasis():
    k = Clerk()
    k.runs([("Không để hộ nào tái nghèo.", {"style": "Strong"})])
    (para,) = paras(k.bytes())
    assert not para.bold and marks.written(para.text, para.marks) == "**Không để hộ nào tái nghèo.**"


def test_an_italic_basis_with_an_upright_name():
    k = Clerk()
    k.runs([("Căn cứ ", {}), ("Luật Đê điều", {"italic": False}),
            (" ngày 29 tháng 11 năm 2006 và các văn bản hướng dẫn thi hành;", {})], italic=True)
    (para,) = paras(k.bytes())
    assert para.italic  # the face of most of it
    assert marks.written(para.text, para.marks) == (
        "Căn cứ *Luật Đê điều* ngày 29 tháng 11 năm 2006 và các văn bản hướng dẫn thi hành;")


def test_marks_follow_the_label_and_the_line_breaks():
    text = "1.\tTuyên  truyền\nvề giảm nghèo"
    own = "000" + "1" * 13 + "0" * (len(text) - 16)
    (line,) = lines_of(Para(1, text, marks=own))
    assert line.text == "Tuyên truyền về giảm nghèo"
    assert marks.written(line.text, line.marks) == "**Tuyên truyền** về giảm nghèo"
    assert marks.written(line.full, line.full_marks) == "1. **Tuyên truyền** về giảm nghèo"


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
