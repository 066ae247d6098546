"""Stage 1 of `kehoach import` (kehoach.docximport.read): a .docx read as Word shows it. Documents
are built with python-docx, the markup written the way Word writes it."""

from __future__ import annotations

from docx_typed import W_NS, Clerk
from kehoach.docximport.read import Para, Table, read_docx


def paras(source) -> list[Para]:
    out = []
    for block in source.blocks:
        if isinstance(block, Table):
            out += [p for row in block.rows for cell in row for p in cell]
        else:
            out.append(block)
    return out


def add_xml(clerk: Clerk, xml: str) -> None:
    from docx.oxml import parse_xml

    para = clerk.doc.add_paragraph()
    for element in parse_xml(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>'):
        para._p.append(element)
    clerk.count += 1


def test_tracked_changes_read_as_accepted():
    k = Clerk()
    k.tracked("Thời gian thực hiện: ", "Tháng 9/2024", "Tháng 10/2024", ".")
    source = read_docx(k.bytes(), "x.docx")
    assert paras(source)[0].text == "Thời gian thực hiện: Tháng 10/2024."
    assert {n.kind for n in source.notes} == {"tracked"}


def test_a_deleted_paragraph_mark_joins_the_two_paragraphs():
    k = Clerk()
    add_xml(
        k,
        '<w:pPr><w:rPr><w:del w:id="3" w:author="A" w:date="2024-01-01T00:00:00Z"/></w:rPr></w:pPr>'
        '<w:r><w:t xml:space="preserve">Tổ chức tập huấn </w:t></w:r>',
    )
    k.p("cho cán bộ thôn.")
    source = read_docx(k.bytes(), "x.docx")
    assert [p.text for p in paras(source)] == ["Tổ chức tập huấn cho cán bộ thôn."]


def test_fields_show_their_result_not_their_code():
    k = Clerk()
    add_xml(
        k,
        '<w:r><w:t xml:space="preserve">Ngày </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "dd/MM/yyyy" '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>29/03/2024</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
    )
    add_xml(k, '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>')
    source = read_docx(k.bytes(), "x.docx")
    assert [p.text for p in paras(source)] == ["Ngày 29/03/2024", "3"]
    assert [n.kind for n in source.notes] == ["field", "field"]


def test_hidden_text_is_left_out_and_said_caps_are_shown_as_capitals():
    k = Clerk()
    add_xml(
        k,
        '<w:r><w:t xml:space="preserve">Kế hoạch </w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ghi chú ẩn</w:t></w:r>"
        "<w:r><w:rPr><w:caps/></w:rPr><w:t>năm 2024</w:t></w:r>",
    )
    source = read_docx(k.bytes(), "x.docx")
    assert paras(source)[0].text == "Kế hoạch NĂM 2024"
    assert [(n.kind, n.text) for n in source.notes] == [("hidden", "ghi chú ẩn")]


def test_no_break_spaces_zero_width_and_breaks():
    k = Clerk()
    k.p("Ủy\u00a0ban nhân\u200b dân\tA\nB")
    assert paras(read_docx(k.bytes(), "x.docx"))[0].text == "Ủy ban nhân dân\tA\nB"


def test_text_boxes_are_read_where_anchored_once():
    k = Clerk()
    box = "<w:txbxContent><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p></w:txbxContent>"
    add_xml(
        k,
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:Choice Requires="wps"><w:drawing><wrapper>{box}</wrapper></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><wrapper>{box}</wrapper></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t>Sau hộp</w:t></w:r>",
    )
    texts = [(p.text, p.where) for p in paras(read_docx(k.bytes(), "x.docx"))]
    assert texts == [("ỦY BAN NHÂN DÂN", "textbox"), ("Sau hộp", "body")]


def test_paragraphs_are_numbered_in_document_order_table_cells_included():
    k = Clerk()
    k.p("một")
    cells = k.table([[[("hai", {}), ("ba", {})], [("bốn", {})]], [[("năm", {})], [("sáu", {})]]])
    k.p("bảy")
    source = read_docx(k.bytes(), "x.docx")
    assert [(p.index, p.text) for p in paras(source)] == [
        (1, "một"),
        (2, "hai"),
        (3, "ba"),
        (4, "bốn"),
        (5, "năm"),
        (6, "sáu"),
        (7, "bảy"),
    ]
    assert cells == [[[2, 3], [4]], [[5], [6]]]
    assert source.paragraphs == 7


def test_automatic_numbering_and_formatting():
    k = Clerk()
    num = k.numbering([("upperRoman", "%1."), ("decimal", "%2."), ("bullet", "-")])
    k.p("MỤC ĐÍCH", bold=True, numbered=(num, 0))
    k.p("Mục đích", bold=True, numbered=(num, 1))
    k.p("Nâng cao nhận thức.", numbered=(num, 2))
    k.p("NỘI DUNG", bold=True, numbered=(num, 0))
    k.p("Căn cứ Luật.", italic=True, align="center")
    got = [(p.label, p.text, p.bold, p.italic, p.align) for p in paras(read_docx(k.bytes(), "x.docx"))]
    assert got == [
        ("I.", "MỤC ĐÍCH", True, False, ""),
        ("1.", "Mục đích", True, False, ""),
        ("-", "Nâng cao nhận thức.", False, False, ""),
        ("II.", "NỘI DUNG", True, False, ""),
        ("", "Căn cứ Luật.", False, True, "center"),
    ]


def test_a_heading_style_bound_to_a_list():
    """Numbering given by the paragraph's style (Heading 1 linked to a multilevel list)."""
    from docx.oxml import parse_xml

    k = Clerk()
    num = k.numbering([("upperRoman", "%1."), ("decimal", "%2.")])
    style = k.doc.styles["Heading 1"]
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>')
    )
    for text in ("MỤC ĐÍCH", "NỘI DUNG"):
        k.doc.add_paragraph(text, style="Heading 1")
    got = [(p.label, p.text, p.outline) for p in paras(read_docx(k.bytes(), "x.docx"))]
    assert got == [("I.", "MỤC ĐÍCH", 0), ("II.", "NỘI DUNG", 0)]


def test_comments_and_footnotes_are_noted_with_their_text():
    k = Clerk()
    k.comment("Nội dung cần xem.", "Sửa lại câu này")
    source = read_docx(k.bytes(), "x.docx")
    if hasattr(k.doc, "add_comment"):
        assert ("comment", "Sửa lại câu này") in [(n.kind, n.text) for n in source.notes]
