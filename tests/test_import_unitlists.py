"""Lists of units as sentences write them ("phối hợp với A, B và C"), split without guessing where
a name that holds a comma or "và" ends (kehoach.docximport.unitlists)."""

from __future__ import annotations

import pytest

from kehoach.docximport.unitlists import mask, split, unmask

BCH = "Ban Chỉ huy phòng, chống thiên tai, tìm kiếm cứu nạn và phòng thủ dân sự xã"


@pytest.mark.parametrize(("text", "known", "names"), [
    ("Công an xã, Ban Chỉ huy Quân sự xã và Trạm Y tế xã", [],
     ["Công an xã", "Ban Chỉ huy Quân sự xã", "Trạm Y tế xã"]),
    ("các thôn", [], ["các thôn"]),
    # a name the document gives alone elsewhere, commas and "và" inside it
    (f"Công an xã, {BCH} và các thôn", [BCH], ["Công an xã", BCH, "các thôn"]),
    (f"{BCH}.", [BCH], [BCH]),
    # names set by law that hold "và" or a comma
    ("Văn phòng HĐND và UBND xã", [], ["Văn phòng HĐND và UBND xã"]),
    ("Phòng Lao động - Thương binh và Xã hội, Phòng Tài chính - Kế hoạch", [],
     ["Phòng Lao động - Thương binh và Xã hội", "Phòng Tài chính - Kế hoạch"]),
    ("Sở Văn hóa, Thể thao và Du lịch và Công an tỉnh", [],
     ["Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh"]),
    ("Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn xã, Công an xã", [],
     ["Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn xã", "Công an xã"]),
])
def test_split(text, known, names):
    assert split(text, known) == names


@pytest.mark.parametrize("text", [
    "Tổ tuyên truyền, vận động xã",  # "vận động xã" cannot start a name: a name with a comma
    "Ban Chỉ huy phòng chống lụt bão, tìm kiếm cứu nạn xã, các thôn",
])
def test_a_name_with_a_comma_given_nowhere_alone_is_not_guessed(text):
    assert split(text, []) is None


def test_a_known_name_is_preferred_over_a_split():
    name = "Tổ tuyên truyền, vận động xã"
    assert split(name, [name]) == [name]


def test_mask_keeps_a_known_name_whole_in_a_sentence():
    said, names = mask(f"{BCH} chủ trì, phối hợp với Công an xã.", [BCH, "Công an xã"])
    assert "," not in said.split(" chủ trì")[0]
    assert unmask(said, names) == f"{BCH} chủ trì, phối hợp với Công an xã."


def test_a_comma_before_va_and_empty_lists():
    assert split("Công an xã, và Trạm Y tế xã;", []) == ["Công an xã", "Trạm Y tế xã"]
    assert split(" . ", []) == [] and split("", []) == []


def test_a_known_name_inside_a_longer_piece_is_not_cut_out():
    # "Công an xã" is known, but here it is part of another name: the list is split as written
    assert split("Phó Trưởng Công an xã, các thôn", ["Công an xã"]) == ["Phó Trưởng Công an xã", "các thôn"]


def test_mask_leaves_a_text_whose_lower_case_changes_length_alone():
    text = "İ Công an xã"  # "İ".lower() is two characters: positions would not match
    assert mask(text, ["Công an xã"]) == (text, [])
