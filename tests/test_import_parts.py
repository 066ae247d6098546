"""Stage 3 of `kehoach import` (kehoach.docximport.parts, frame): the Decree 30 parts found by
what they say — the header however it is held (a table, tabs, text boxes), blank numbers and
days, the trích yếu, bases against an opening, the signer typed as lines."""

from __future__ import annotations

import re
from datetime import date

from docx_typed import W_NS, Clerk
from kehoach.docximport.parts import split_parts
from kehoach.docximport.read import read_docx


def parts_of(clerk: Clerk):
    return split_parts(read_docx(clerk.bytes(), "x.docx"))


def plan_tail(k: Clerk) -> None:
    k.p("KẾ HOẠCH", bold=True, align="center")
    k.p("Tuyên truyền giảm nghèo năm 2024", bold=True, align="center")
    k.p("Căn cứ Luật Tổ chức chính quyền địa phương;", italic=True)
    k.p("Căn cứ tình hình thực tế.", italic=True)
    k.p("Căn cứ Kế hoạch của huyện, Ủy ban nhân dân xã xây dựng Kế hoạch như sau:")
    k.p("I. MỤC ĐÍCH", bold=True)
    k.p("Nâng cao nhận thức./.")


def test_header_typed_with_tabs_and_blanks():
    k = Clerk()
    k.p("UBND HUYỆN SƠN TỊNH\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    k.p("PHÒNG VĂN HÓA - XÃ HỘI\t\tĐộc lập - Tự do - Hạnh phúc", bold=True)
    k.p("Số:      /KH-PVHXH\t\tSơn Tịnh, ngày      tháng 4 năm 2022")
    plan_tail(k)
    header = parts_of(k).header
    assert header.parent_lines == ["UBND HUYỆN SƠN TỊNH"]
    assert header.issuer_lines == ["PHÒNG VĂN HÓA - XÃ HỘI"]
    assert (header.number, header.number_seen, header.issuer_code) == (None, True, "PVHXH")
    assert (header.place, header.date, header.date_parts) == ("Sơn Tịnh", None, (None, 4, 2022))


def test_header_in_text_boxes():
    from docx.oxml import parse_xml

    k = Clerk()
    para = k.doc.add_paragraph()
    for text in ("ỦY BAN NHÂN DÂN", "XÃ AN DƯƠNG", "Số: 12/KH-UBND"):
        box = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
        para._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:pict><wrap>{box}</wrap></w:pict></w:r>'))
    k.count += 4
    k.p("An Dương, ngày 05 tháng 01 năm 2024", italic=True, align="right")
    plan_tail(k)
    header = parts_of(k).header
    assert header.issuer_lines == ["ỦY BAN NHÂN DÂN", "XÃ AN DƯƠNG"]
    assert (header.number, header.date) == (12, date(2024, 1, 5))


def test_number_typed_with_spaces_and_the_typo_of_a_real_page():
    k = Clerk()
    k.table([[[("ỦY BAN NHÂN DÂN", {}), ("XÃ XUÂN TÍN", {"bold": True})],
              [("CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {}), ("Độc lập - Tự do - Hạnh phúc", {})]],
             [[("Số: 36 /KH - UBND", {})], [("Xuân Tín, ngày 07 tháng 5 năm 2025", {})]]])
    plan_tail(k)
    header = parts_of(k).header
    assert header.national and header.motto
    assert (header.number, header.kind_code, header.issuer_code) == (36, "KH", "UBND")
    assert header.issuer_lines == ["ỦY BAN NHÂN DÂN", "XÃ XUÂN TÍN"] and header.parent_lines == []


def test_bases_are_the_italic_can_cu_lines_and_the_opening_the_rest():
    k = Clerk()
    k.p("ỦY BAN NHÂN DÂN XÃ AN DƯƠNG")
    plan_tail(k)
    parts = parts_of(k)
    assert [x.text for x in parts.preamble] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương;", "Căn cứ tình hình thực tế.",
        "Căn cứ Kế hoạch của huyện, Ủy ban nhân dân xã xây dựng Kế hoạch như sau:"]
    assert parts.summary == "Tuyên truyền giảm nghèo năm 2024"
    assert parts.body[-1].text == "Nâng cao nhận thức."  # "./." is the document's end mark


def test_a_signer_typed_as_lines_before_noi_nhan():
    k = Clerk()
    k.p("ỦY BAN NHÂN DÂN XÃ AN DƯƠNG")
    plan_tail(k)
    k.p("TM. ỦY BAN NHÂN DÂN", bold=True, align="right")
    k.p("KT. CHỦ TỊCH", bold=True, align="right")
    k.p("PHÓ CHỦ TỊCH", bold=True, align="right")
    k.p("(Đã ký)", align="right")
    k.p("Lê Thị Hoa", bold=True, align="right")
    k.p("Nơi nhận:", bold=True)
    k.p("- UBND huyện;")
    k.p("- Lưu: VT, VHXH.")
    sig = parts_of(k).signature
    assert [text for _, text in sig.authority] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert sig.name == "Lê Thị Hoa" and [t for _, t in sig.recipients] == ["UBND huyện"]
    assert sig.archive == ["VT", "VHXH"]


def test_an_appendix_kehoach_cannot_hold_is_kept_word_for_word(tmp_path):
    """A Phụ lục of figures (not the task table) is no plan field: its rows are copied into the
    plan file as comments, and the review list says so."""
    from kehoach.docximport.api import import_file

    k = Clerk()
    k.table([[[("ỦY BAN NHÂN DÂN", {}), ("XÃ AN DƯƠNG", {"bold": True})],
              [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {}), ("Độc lập - Tự do - Hạnh phúc", {})]],
             [[("Số: 05/KH-UBND", {})], [("An Dương, ngày 05 tháng 3 năm 2024", {})]]])
    plan_tail(k)
    k.table([[[("Nơi nhận:", {}), ("- Các thôn;", {}), ("- Lưu: VT.", {})],
              [("TM. ỦY BAN NHÂN DÂN", {}), ("CHỦ TỊCH", {}), ("Trần Văn Bảy", {})]]])
    k.p("Phụ lục", bold=True, align="center")
    k.p("SỐ HỘ NGHÈO THEO THÔN", bold=True, align="center")
    k.table([[[("Thôn", {})], [("Số hộ nghèo", {})]], [[("Thôn Đông", {})], [("12", {})]],
             [[("Thôn Tây", {})], [("7", {})]]])
    path = tmp_path / "phu-luc.docx"
    path.write_bytes(k.bytes())
    imported = import_file(path, tmp_path / "phu-luc.yaml")
    assert imported.valid, [d.message for d in imported.errors]
    assert re.search(r"^#   đoạn \d+: \| Thôn Đông \| 12 \|$", imported.text, re.M), imported.text
    assert any("không phải bảng phân công" in r.message for _, r in imported.review)


def test_a_date_printed_with_its_day_blank_is_kept_so(tmp_path):
    """'ngày      tháng 4 năm 2022' (published with the day left blank) → `date: tháng 4/2022`,
    printed back the same (issue 24's blank-day dates)."""
    from kehoach.docximport.api import import_source

    k = Clerk()
    k.p("UBND HUYỆN SƠN TỊNH\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    k.p("PHÒNG VĂN HÓA - XÃ HỘI\t\tĐộc lập - Tự do - Hạnh phúc", bold=True)
    k.p("Số:      /KH-PVHXH\t\tSơn Tịnh, ngày      tháng 4 năm 2022")
    plan_tail(k)
    imported = import_source(read_docx(k.bytes(), "x.docx"), "x.docx", tmp_path / "x.yaml")
    assert imported.draft.data["document"]["date"] == "tháng 4/2022"
    assert "date: tháng 4/2022" in imported.text
