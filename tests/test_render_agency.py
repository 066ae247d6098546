"""The header's agency lines for any issuer (kehoach.agency) and what the view makes of
them: issue 8's examples, lines a plan gives itself, the TM. line and the metadata title."""

from __future__ import annotations

import pytest

from kehoach import agency
from kehoach.model import Signer
from kehoach.render.views import HEADER_LEFT, agency_lines, build_view, signer_lines, split_agency
from kehoach.validate import check_plan
from render_plans import write_plan

COLUMN = HEADER_LEFT / 20


@pytest.mark.parametrize("name", ["Phòng Văn hóa - Xã hội", "Ngân hàng Chính sách xã hội",
                                  "Sở Lao động - Thương binh và Xã hội", "PHÒNG VĂN HÓA - XÃ HỘI",
                                  "Hội Liên hiệp Phụ nữ xã hội"])
def test_xa_hoi_is_never_a_locality(name: str) -> None:
    assert split_agency(name) == (name, "")


@pytest.mark.parametrize(("name", "split"), [
    ("Ngân hàng Chính sách xã hội huyện Pác Nặm", ("Ngân hàng Chính sách xã hội", "huyện Pác Nặm")),
    ("Ủy ban nhân dân thị xã Sơn Tây", ("Ủy ban nhân dân", "thị xã Sơn Tây")),
    ("Ủy ban nhân dân phường 5", ("Ủy ban nhân dân", "phường 5")),
    ("Phòng Văn hóa - Xã hội xã Sơn Tịnh", ("Phòng Văn hóa - Xã hội", "xã Sơn Tịnh")),
])
def test_a_locality_word_splits_where_a_place_name_begins(name, split) -> None:
    assert split_agency(name) == split


@pytest.mark.parametrize(("name", "lines"), [
    ("Phòng Văn hóa - Xã hội", ("PHÒNG VĂN HÓA - XÃ HỘI",)),
    ("Ngân hàng Chính sách xã hội huyện Pác Nặm", ("NGÂN HÀNG", "CHÍNH SÁCH XÃ HỘI", "HUYỆN PÁC NẶM")),
    ("Sở Lao động - Thương binh và Xã hội", ("SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI")),
    ("Ủy ban nhân dân tỉnh Quảng Nam", ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM")),
    ("Trung tâm Văn hóa - Thông tin và Thể thao", ("TRUNG TÂM VĂN HÓA -", "THÔNG TIN VÀ THỂ THAO")),
])
def test_issuer_lines_fit_the_column_and_break_between_phrases(name, lines) -> None:
    from kehoach.metrics import text_width_pt

    assert agency_lines(name) == lines
    assert all(text_width_pt(line, 13, bold=True) <= COLUMN for line in lines)
    assert not any(line.startswith(("XÃ HỘI", "HỘI", "-", "BINH")) for line in lines)


@pytest.mark.parametrize(("parent", "lines"), [
    # 207 pt in full: split before the locality, as the decree splits a People's Committee's name
    ("Ủy ban nhân dân xã Sơn Tịnh", ("ỦY BAN NHÂN DÂN", "XÃ SƠN TỊNH")),
    ("Ủy ban nhân dân tỉnh Quảng Nam", ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM")),
    ("Sở Y tế", ("SỞ Y TẾ",)),
    ("Ủy ban nhân dân tỉnh Thừa Thiên Huế", ("ỦY BAN NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ")),
])
def test_parent_in_full_words_within_the_column(parent, lines) -> None:
    from kehoach.metrics import text_width_pt

    assert agency.parent_lines(parent, COLUMN, 13) == lines
    assert all(text_width_pt(line, 13) <= COLUMN for line in lines)


def test_parent_shortened_only_when_a_part_is_too_wide() -> None:
    # "Ủy ban nhân dân" alone is 110 pt: in a 100 pt column only the decree's short form fits.
    assert agency.parent_lines("Ủy ban nhân dân xã An", 100, 13) == ("UBND XÃ AN",)


COMMUNE_OFFICE = dict(
    document__parent="Ủy ban nhân dân xã Sơn Tịnh", document__issuer="Phòng Văn hóa - Xã hội",
    document__issuer_code="PVHXH", document__place="Sơn Tịnh",
    signer={"title": "Trưởng phòng", "name": "Nguyễn Thị Hoa"},
)


def view_of(tmp_path, **changes):
    checked = check_plan(write_plan(tmp_path, **changes))
    assert checked.errors == [], checked.errors
    return build_view(checked.plan, checked.catalogue)


def test_commune_office_header(tmp_path) -> None:
    view = view_of(tmp_path, **COMMUNE_OFFICE)
    assert view.header.parent_lines == ("ỦY BAN NHÂN DÂN", "XÃ SƠN TỊNH")
    assert view.header.agency_lines == ("PHÒNG VĂN HÓA - XÃ HỘI",)
    assert view.header.number_line == "Số: 05/KH-PVHXH"
    assert view.signature.authority_lines == ("TRƯỞNG PHÒNG",)


def test_header_lines_given_by_the_plan(tmp_path) -> None:
    view = view_of(tmp_path, **COMMUNE_OFFICE,
                   document__parent_lines=["UBND xã Sơn Tịnh"],
                   document__issuer_lines=["Phòng Văn hóa -", "Xã hội"])
    assert view.header.parent_lines == ("UBND XÃ SƠN TỊNH",)
    assert view.header.agency_lines == ("PHÒNG VĂN HÓA -", "XÃ HỘI")


def test_tm_line_names_the_collective_in_full() -> None:
    signer = Signer(authority="KT", title="Phó Chủ tịch", name="Nguyễn Văn A")
    assert signer_lines(signer, "UBND xã Sơn Tịnh") == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


@pytest.mark.parametrize(("summary", "title"), [
    ("thực hiện công tác giảm nghèo", "Kế hoạch thực hiện công tác giảm nghèo"),
    ("Thực hiện công tác giảm nghèo", "Kế hoạch thực hiện công tác giảm nghèo"),
    ("THỰC HIỆN CÔNG TÁC GIẢM NGHÈO", "Kế hoạch THỰC HIỆN CÔNG TÁC GIẢM NGHÈO"),
    ("UBND xã triển khai", "Kế hoạch UBND xã triển khai"),
])
def test_metadata_title_keeps_the_summary_case(tmp_path, summary, title) -> None:
    assert view_of(tmp_path, document__summary=summary).title == title


def test_a_very_long_name_is_left_whole_without_searching(monkeypatch) -> None:
    calls = []
    measure = agency.text_width_pt
    monkeypatch.setattr(agency, "text_width_pt", lambda *a, **k: calls.append(a) or measure(*a, **k))
    name = "Ban " + " ".join(["quản lý"] * 150)
    assert agency_lines(name) == (name.upper(),)
    assert len(calls) <= 4  # measured whole, never cut every way (C(300, 3) tries)
