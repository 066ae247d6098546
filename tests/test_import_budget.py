"""The Kinh phí section read from a document (kehoach.docximport.budget)."""

from __future__ import annotations

import pytest

from kehoach.docximport.budget import amounts, read_budget
from kehoach.docximport.lines import Line, lines_of
from kehoach.docximport.read import Para


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("13.000.000 đồng", 13_000_000, "đồng"),
        ("13.000.000đ", 13_000_000, "đồng"),
        ("13.000.000 VNĐ", 13_000_000, "đồng"),
        ("1.234,5 triệu đồng", 1_234_500_000, "triệu đồng"),
        ("50 triệu đồng", 50_000_000, "triệu đồng"),
        ("2 tỷ đồng", 2_000_000_000, "tỷ đồng"),
        ("160 triệu", 160_000_000, "triệu đồng"),
    ],
)
def test_amounts_as_documents_write_them(text, value, unit):
    (found,) = amounts(f"Kinh phí: {text};")
    assert (found.value, found.unit) == (value, unit)


def test_figures_that_are_no_amounts():
    assert amounts("Hỗ trợ 46 hộ nghèo năm 2024, 3 đ") == []


def lines(*texts: str) -> list[Line]:
    return [x for i, t in enumerate(texts, 1) for x in lines_of(Para(i, t))]


def matchers(projects=None, activities=None, sources=None):
    projects = projects or {}
    activities = activities or {}
    known = {
        "ngân sách trung ương": "ngan-sach-trung-uong",
        "ngân sách xã": "ngan-sach-xa",
        "ngân sách tỉnh": "ngan-sach-tinh",
        **(sources or {}),
    }
    made = {}

    def new_source(name):
        made[name] = name.lower().replace(" ", "-")
        return made[name]

    return (
        lambda text, group: projects.get(text.lower()),
        lambda text: activities.get(text.lower()),
        lambda name: known.get(name.lower()),
        new_source,
    )


def test_total_words_and_sources():
    got = read_budget(
        lines(
            "- Tổng số tiền: 60.000.000 đồng (Sáu mươi triệu đồng); trong đó:",
            "+ Ngân sách trung ương: 40.000.000 đồng;",
            "+ Ngân sách xã: 20.000.000 đồng.",
        ),
        *matchers(),
    )
    assert got.data == {
        "total": 60_000_000,
        "by_source": {"ngan-sach-trung-uong": 40_000_000, "ngan-sach-xa": 20_000_000},
    }
    assert got.review == [] and got.used == {1, 2, 3}


def test_words_that_do_not_match_the_figure_are_reported_not_fixed():
    got = read_budget(
        lines("Tổng kinh phí: 13.000.000 đồng (Mười hai triệu đồng).", "- Tuyên truyền: 13.000.000 đồng."),
        *matchers(activities={"tuyên truyền": "tt"}),
    )
    assert got.data["total"] == 13_000_000 and got.words_mismatch == (1, "Mười hai triệu đồng")
    assert "không khớp" in got.review[0][1]


def test_lines_with_their_sources_in_trieu_dong():
    got = read_budget(
        lines(
            "- Tổng số tiền: 1.450,5 triệu đồng; trong đó:",
            "+ Dự án 4: Phát triển giáo dục nghề nghiệp với số tiền: 1.450,5 triệu đồng (ngân sách trung "
            "ương: "
            "1.200 triệu đồng; ngân sách tỉnh: 250,5 triệu đồng).",
        ),
        *matchers(projects={"dự án 4: phát triển giáo dục nghề nghiệp": "DA4"}),
    )
    assert got.data == {
        "unit": "triệu đồng",
        "total": "1.450,5",
        "lines": {
            "DA4": {
                "amount": "1.450,5",
                "sources": {"ngan-sach-trung-uong": "1.200", "ngan-sach-tinh": "250,5"},
            }
        },
    }


def test_a_total_with_no_split_stays_a_sentence():
    got = read_budget(lines("Tổng kinh phí thực hiện: 50 triệu đồng từ ngân sách xã."), *matchers())
    assert got.data == {"sources": "Tổng kinh phí thực hiện: 50 triệu đồng từ ngân sách xã."}
    assert "không chia" in got.review[0][1]


def test_a_line_nothing_matches_is_left_over_for_review():
    got = read_budget(lines("Tổng: 10.000.000 đồng", "- Chi khác: 10.000.000 đồng."), *matchers())
    assert [x.text for x in got.leftover] == ["Chi khác: 10.000.000 đồng."]
