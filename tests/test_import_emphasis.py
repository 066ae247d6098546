"""Bold and italic inside a paragraph (issue 24 part 6) through `kehoach import`: read from the
runs as Word shows them — direct formatting, a character style that toggles its paragraph's face
(KH Đậm in a bold heading shows plain), the same run after LibreOffice repeated the style as
direct formatting — carried with the text (docximport.marks) and written in the plan format's
markers so that kehoach reads back exactly those words set off."""

from __future__ import annotations

import io

from docx_typed import W_NS, Clerk
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
