"""Names printed only in capitals, back in the case a plan file writes them
(kehoach.docximport.recase)."""

from __future__ import annotations

import pytest

from kehoach.docximport.recase import Corpus, agency, sentence_case, title

EMPTY = Corpus([])


@pytest.mark.parametrize(
    ("upper", "written"),
    [
        ("ỦY BAN NHÂN DÂN XÃ AN DƯƠNG", "Ủy ban nhân dân xã An Dương"),
        ("ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Ủy ban nhân dân tỉnh Thừa Thiên Huế"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ", "Ủy ban nhân dân thành phố Huế"),
        ("ỦY BAN NHÂN DÂN THỊ XÃ HƯƠNG TRÀ", "Ủy ban nhân dân thị xã Hương Trà"),
        ("PHÒNG VĂN HÓA - XÃ HỘI", "Phòng Văn hóa - Xã hội"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("NGÂN HÀNG CHÍNH SÁCH XÃ HỘI HUYỆN PÁC NẶM", "Ngân hàng Chính sách xã hội huyện Pác Nặm"),
        ("PHÒNG KINH TẾ", "Phòng Kinh tế"),
        ("SỞ TÀI CHÍNH", "Sở Tài chính"),
    ],
)
def test_agency_names_by_convention(upper, written):
    assert agency(upper, EMPTY) == written


def test_the_document_own_spelling_wins():
    corpus = Corpus(
        [
            "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn xã tổ chức trực ban.",
            "ĐOẠN IN HOA KHÔNG TÍNH",
        ]
    )
    upper = "BAN CHỈ HUY PHÒNG, CHỐNG THIÊN TAI VÀ TÌM KIẾM CỨU NẠN XÃ"
    assert agency(upper, corpus) == "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn xã"


@pytest.mark.parametrize(
    ("upper", "written"),
    [
        ("CHỦ TỊCH", "Chủ tịch"),
        ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"),
        ("TRƯỞNG PHÒNG", "Trưởng phòng"),
        ("PHÓ GIÁM ĐỐC", "Phó Giám đốc"),
    ],
)
def test_signer_titles(upper, written):
    assert title(upper) == written


def test_section_titles_keep_acronyms():
    assert sentence_case("NHIỆM VỤ CỦA UBND XÃ VÀ MTTQ") == "Nhiệm vụ của UBND xã và MTTQ"
    assert (
        sentence_case("ĐỐI TƯỢNG, THỜI GIAN GIÁM SÁT, ĐÁNH GIÁ") == "Đối tượng, thời gian giám sát, đánh giá"
    )
