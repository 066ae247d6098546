"""The view model: every string the templates print is decided here (kehoach.render.views)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kehoach.deadlines import parse_deadline
from kehoach.metrics import text_width_pt
from kehoach.model import Signer
from kehoach.outline import letter
from kehoach.render.views import (
    HEADER_LEFT,
    HEADER_RIGHT,
    MOTTO,
    agency_lines,
    build_view,
    close,
    date_line,
    deadline_phrase,
    number_line,
    recipient_lines,
    short_date,
    signer_lines,
    split_agency,
)
from kehoach.validate import check_plan
from render_plans import SEED_PLAN, write_plan

NBSP = "\u00a0"  # the view ties a figure to its unit with it (kehoach.phrases.tie)

ISSUER = "Ủy ban nhân dân xã An Dương"


@pytest.fixture(scope="module")
def seed_view():
    checked = check_plan(SEED_PLAN)
    assert not checked.errors
    return build_view(checked.plan, checked.catalogue)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2024, 3, 29), "An Dương, ngày 29 tháng 3 năm 2024"),
    (date(2024, 1, 5), "An Dương, ngày 05 tháng 01 năm 2024"),
    (date(2024, 2, 10), "An Dương, ngày 10 tháng 02 năm 2024"),
    (date(2024, 12, 1), "An Dương, ngày 01 tháng 12 năm 2024"),
    (date(2024, 10, 9), "An Dương, ngày 09 tháng 10 năm 2024"),
])
def test_date_line_zero_rules(day: date, expected: str) -> None:
    # Phụ lục I: days below 10 padded; months 1 and 2 padded, 3–12 never ("tháng 03" is wrong).
    assert date_line("An Dương", day) == expected


def test_short_date_follows_the_same_rules() -> None:
    assert short_date(date(2024, 3, 6)) == "06/3/2024"
    assert short_date(date(2024, 1, 31)) == "31/01/2024"


@pytest.mark.parametrize(("number", "expected"), [
    (None, "Số:     /KH-UBND"),
    (5, "Số: 05/KH-UBND"),
    (9, "Số: 09/KH-UBND"),
    (52, "Số: 52/KH-UBND"),
    (123, "Số: 123/KH-UBND"),
])
def test_number_line(number: int | None, expected: str) -> None:
    assert number_line(number, "UBND") == expected


@pytest.mark.parametrize(("name", "lines"), [
    ("Ủy ban nhân dân xã An Dương", ("ỦY BAN NHÂN DÂN", "XÃ AN DƯƠNG")),
    ("Ủy ban nhân dân phường Hàng Bạc", ("ỦY BAN NHÂN DÂN", "PHƯỜNG HÀNG BẠC")),
    ("Ủy ban nhân dân thị trấn Đông Anh", ("ỦY BAN NHÂN DÂN", "THỊ TRẤN ĐÔNG ANH")),
    ("Ủy ban nhân dân thị xã Sơn Tây", ("ỦY BAN NHÂN DÂN", "THỊ XÃ SƠN TÂY")),
    ("Ủy ban nhân dân thành phố Hải Phòng", ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG")),
    ("Ủy ban nhân dân huyện An Dương", ("ỦY BAN NHÂN DÂN", "HUYỆN AN DƯƠNG")),
    ("Ủy ban nhân dân tỉnh Hải Dương", ("ỦY BAN NHÂN DÂN", "TỈNH HẢI DƯƠNG")),
    # 198 pt at 13 pt bold, wider than the 180 pt column: broken where the proper name begins.
    ("Trường Tiểu học Kim Đồng", ("TRƯỜNG TIỂU HỌC", "KIM ĐỒNG")),
    ("Trường Mầm non", ("TRƯỜNG MẦM NON",)),
])
def test_agency_split_over_two_lines(name: str, lines: tuple[str, ...]) -> None:
    assert agency_lines(name) == lines


def test_split_agency_keeps_the_locality_words() -> None:
    assert split_agency(ISSUER) == ("Ủy ban nhân dân", "xã An Dương")


@pytest.mark.parametrize(("signer", "stack"), [
    (dict(authority="TM", title="Chủ tịch"), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    (dict(authority="KT", title="Phó Chủ tịch"),
     ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    (dict(authority="Q", title="Phó Chủ tịch"),
     ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    (dict(authority="Q", title="Chủ tịch"), ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH")),
    (dict(authority="TL", title="Công chức Văn phòng - Thống kê"),
     ("TL. CHỦ TỊCH", "CÔNG CHỨC VĂN PHÒNG - THỐNG KÊ")),  # by order: no TM. line
    (dict(authority="TUQ", title="Công chức Văn phòng - Thống kê", head_title="Chủ tịch"),
     ("TUQ. CHỦ TỊCH", "CÔNG CHỨC VĂN PHÒNG - THỐNG KÊ")),
    (dict(authority="TM", title="Chủ tịch", collective="Ủy ban nhân dân xã"),
     ("TM. ỦY BAN NHÂN DÂN XÃ", "CHỦ TỊCH")),
    (dict(authority=None, title="Chủ tịch"), ("CHỦ TỊCH",)),
])
def test_signer_stacks(signer: dict, stack: tuple[str, ...]) -> None:
    lines = signer_lines(Signer(name="Nguyễn Văn A", **signer), ISSUER)
    assert lines == stack
    # The authority and the title are never on one line (a common fault the spec lists).
    assert all(line.count(".") <= 1 for line in lines)


def test_recipients_end_with_semicolons_and_the_archive_line() -> None:
    assert recipient_lines(["Phòng LĐTBXH huyện (b/c)", "Các thôn;"], ["VT", "VHXH"]) == (
        "- Phòng LĐTBXH huyện (b/c);", "- Các thôn;", "- Lưu: VT, VHXH.",
    )


@pytest.mark.parametrize(("text", "closed"), [
    ("triển khai thực hiện các dự án.", "triển khai thực hiện các dự án./."),
    ("đúng quy định pháp luật", "đúng quy định pháp luật./."),
    ("theo quy định;", "theo quy định./."),
    ("đã đóng./.", "đã đóng./."),
])
def test_closing_mark(text: str, closed: str) -> None:
    assert close(text) == closed


@pytest.mark.parametrize(("written", "phrase"), [
    ("Q4/2024", "Hoàn thành hết quý IV năm 2024."),
    ("quý II/2024", "Hoàn thành hết quý II năm 2024."),
    ("12/2024", "Hoàn thành trong tháng 12 năm 2024."),
    ("2024-12-31", "Hoàn thành trước ngày 31/12/2024."),
    ("5/2/2024", "Hoàn thành trước ngày 05/02/2024."),
])
def test_deadline_phrases(written: str, phrase: str) -> None:
    assert deadline_phrase(parse_deadline(written)) == phrase


def test_vietnamese_letters_for_points() -> None:
    assert [letter(i) for i in range(7)] == ["a", "b", "c", "d", "đ", "e", "g"]


def test_seed_header(seed_view) -> None:
    header = seed_view.header
    assert header.agency_lines == ("ỦY BAN NHÂN DÂN", "XÃ AN DƯƠNG")
    assert header.parent_lines == ()
    assert header.number_line == "Số:     /KH-UBND"
    assert header.date_line == "An Dương, ngày 29 tháng 3 năm 2024"
    assert header.national_title == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.motto == "Độc lập - Tự do - Hạnh phúc"
    assert seed_view.kind == "KẾ HOẠCH"
    assert seed_view.summary.startswith("Thực hiện một số nội dung của Dự án 6")


def test_rules_are_sized_as_the_decree_says(seed_view) -> None:
    header = seed_view.header
    name = text_width_pt("ỦY BAN NHÂN DÂN", 13, bold=True) * 20
    assert name / 3 <= header.agency_rule.width <= name / 2
    assert 2 * header.agency_rule.indent + header.agency_rule.width <= HEADER_LEFT
    motto = text_width_pt(MOTTO, 14, bold=True) * 20
    assert abs(header.motto_rule.width - motto) < 20  # as long as the Tiêu ngữ (within 1 pt)
    assert 2 * header.motto_rule.indent + header.motto_rule.width <= HEADER_RIGHT


def test_national_title_fits_its_column() -> None:
    assert text_width_pt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True) * 20 < HEADER_RIGHT


def test_seed_numbering(seed_view) -> None:
    headings = [(p.style, p.text) for p in seed_view.body if p.style.startswith("KHMuc")]
    assert headings == [
        ("KHMucI", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("KHMuc1", "1. Mục đích"),
        ("KHMuc1", "2. Yêu cầu"),
        ("KHMucI", "II. NỘI DUNG THỰC HIỆN"),
        ("KHMuc1", "1. Dự án 6: Truyền thông và giảm nghèo về thông tin"),
        ("KHMuc11", "1.1. Tiểu dự án 1 thuộc Dự án 6: Giảm nghèo về thông tin"),
        ("KHMuc11", "1.2. Tiểu dự án 2 thuộc Dự án 6: Truyền thông về giảm nghèo đa chiều"),
        ("KHMuc1", "2. Dự án 7: Nâng cao năng lực và giám sát, đánh giá Chương trình"),
        ("KHMuc11", "2.1. Tiểu dự án 2 thuộc Dự án 7: Giám sát, đánh giá"),
        ("KHMuc111", "2.1.1. Chi hoạt động giám sát, đánh giá"),
        ("KHMuc111", "2.1.2. Chi rà soát hộ nghèo, hộ cận nghèo"),
        ("KHMucI", "III. KINH PHÍ THỰC HIỆN"),
        ("KHMucI", "IV. TỔ CHỨC THỰC HIỆN"),
        ("KHMuc1", "1. Công chức Văn hóa - Xã hội"),
        ("KHMuc1", "2. Đài truyền thanh xã"),
        ("KHMuc1", "3. Công chức Tài chính - Kế toán"),
        ("KHMuc1", "4. Các ngành liên quan"),
        ("KHMuc1", "5. Các thôn"),
    ]


def test_seed_points_deadlines_and_budget(seed_view) -> None:
    texts = [p.text.replace(NBSP, " ") for p in seed_view.body]  # ties: test_typography.py
    # Text-only activity: the deadline is a plain paragraph; with items it is point b).
    assert texts.count("Thời gian thực hiện: Hoàn thành hết quý IV năm 2024.") == 1
    assert texts.count("b) Thời gian thực hiện: Hoàn thành hết quý IV năm 2024.") == 3
    assert texts.count("a) Nội dung thực hiện") == 2
    assert "a) Nội dung giám sát, đánh giá" in texts
    start = texts.index("III. KINH PHÍ THỰC HIỆN")
    assert texts[start + 1:start + 9] == [
        "- Nguồn kinh phí từ Dự án 6 (Tiểu dự án 1 Giảm nghèo về thông tin, Tiểu dự án 2 truyền "
        "thông về giảm nghèo đa chiều), Dự án 7: Nâng cao năng lực và giám sát, đánh giá chương trình",
        "- Tổng số tiền: 13.000.000 đồng (Mười ba triệu đồng); trong đó:",
        "+ Dự án 6: Truyền thông và giảm nghèo về thông tin",
        "Tiểu dự án 1: Giảm nghèo về thông tin với số tiền: 5.000.000 đồng;",
        "Tiểu dự án 2: Truyền thông về giảm nghèo đa chiều với số tiền: 2.000.000 đồng;",
        "+ Dự án 7: Nâng cao năng lực và giám sát, đánh giá Chương trình",
        "Tiểu dự án 2: Giám sát, đánh giá với số tiền: 6.000.000 đồng.",
        "IV. TỔ CHỨC THỰC HIỆN",
    ]
    assert texts[-1].endswith("triển khai thực hiện các dự án./.")
    assert sum(t.endswith("./.") for t in texts) == 1


def test_seed_signature(seed_view) -> None:
    sig = seed_view.signature
    assert sig.authority_lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert sig.name == "Nguyễn Tuấn Anh"
    assert sig.recipients[-1] == "- Lưu: VT, VHXH."


def test_bases_items_and_deadline_owners(tmp_path: Path) -> None:
    plan = write_plan(
        tmp_path,
        bases=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015.", "Căn cứ Kế hoạch số 52"],
        document__parent="Huyện An Dương",
        activities=[{
            "title": "Hoạt động cha", "id": "mot", "deadline": "Q3/2024",
            "items": [{"text": "Ý một", "items": ["Ý con"]}, {"text": "Ý hai", "deadline": "2024-08-05"}],
            "children": [{"title": "Hoạt động con", "id": "hai", "text": ["Con kế thừa thời hạn."]}],
        }],
        budget={"total": 3_000_000, "lines": {"mot": 1_000_000, "hai": {"amount": 2_000_000,
                "sources": {"ngan-sach-trung-uong": 1_500_000, "ngan-sach-xa": 500_000}}}},
    )
    checked = check_plan(plan)
    assert checked.plan is not None, checked.diagnostics
    view = build_view(checked.plan, checked.catalogue)
    paras = [(p.style, p.text.replace(NBSP, " ")) for p in view.body]
    assert paras[:2] == [
        ("KHCanCu", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),
        ("KHCanCu", "Căn cứ Kế hoạch số 52."),
    ]
    assert view.header.parent_lines == ("HUYỆN AN DƯƠNG",)
    assert view.header.number_line == "Số: 05/KH-UBND"
    assert view.header.date_line == "An Dương, ngày 05 tháng 01 năm 2024"
    start = paras.index(("KHMuc1", "1. Hoạt động cha"))
    assert paras[start + 1:start + 8] == [
        ("KHDiem", "a) Nội dung thực hiện"),
        ("KHGachDauDong", "- Ý một"),
        ("KHDauCong", "+ Ý con"),
        ("KHGachDauDong", "- Ý hai"),
        ("KHThoiGianMuc", "Thời gian thực hiện: Hoàn thành trước ngày 05/8/2024."),  # under its item
        ("KHDiem", "b) Thời gian thực hiện: Hoàn thành hết quý III năm 2024."),
        ("KHMuc11", "1.1. Hoạt động con"),
    ]
    # The child inherits the deadline and does not repeat it.
    assert paras[start + 8] == ("KHNoiDung", "Con kế thừa thời hạn.")
    assert paras[start + 9] == ("KHMucI", "III. KINH PHÍ THỰC HIỆN")
    assert ("KHDauCong", "+ Hoạt động cha với số tiền: 1.000.000 đồng;") in paras
    assert ("KHDauCong", "+ Hoạt động con với số tiền: 2.000.000 đồng (ngân sách trung ương: "
            "1.500.000 đồng; ngân sách xã: 500.000 đồng).") in paras
    assert view.summary == "Kiểm tra kết xuất"  # sentence case


def test_sections_without_budget_are_renumbered(tmp_path: Path) -> None:
    checked = check_plan(write_plan(tmp_path))
    view = build_view(checked.plan, checked.catalogue)
    sections = [p.text for p in view.body if p.style == "KHMucI"]
    assert sections == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"]


def test_head_led_office_deputy_signs_without_tm() -> None:
    """A Phòng is led by its head, not a collective: no "TM." line over a deputy's KT."""
    signer = Signer(name="Nguyễn Văn A", authority="KT", title="Phó Trưởng phòng", head_title="Trưởng phòng")
    lines = signer_lines(signer, "Phòng Văn hóa - Xã hội xã An Dương")
    assert lines == ("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG")


def test_undated_plan_prints_a_blank_date_line(tmp_path: Path) -> None:
    """A plan not yet signed (as `kehoach new` writes it): day and month blank, the year known."""
    plan = write_plan(tmp_path, document__date=None, document__number=None)
    checked = check_plan(plan)
    assert checked.plan is not None and checked.errors == [], checked.diagnostics
    view = build_view(checked.plan, checked.catalogue)
    assert view.header.date_line == "An Dương, ngày     tháng     năm 2024"
    assert view.header.number_line == "Số:     /KH-UBND"
    assert view.created == "2024-01-01T00:00:00Z"
