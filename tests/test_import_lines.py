"""Labels typed before headings and points (kehoach.docximport.lines), and the outline they make
(kehoach.docximport.tree)."""

from __future__ import annotations

import pytest

from kehoach.docximport.lines import Line, lines_of, split_label
from kehoach.docximport.read import Para
from kehoach.docximport.tree import build_tree


@pytest.mark.parametrize(
    ("typed", "label", "kind", "depth", "rest"),
    [
        ("I. MỤC ĐÍCH", "I.", "roman", 1, "MỤC ĐÍCH"),
        ("IV/ TỔ CHỨC", "IV.", "roman", 1, "TỔ CHỨC"),
        ("II - NỘI DUNG", "II.", "roman", 1, "NỘI DUNG"),
        ("A . MỤC ĐÍCH, YÊU CẦU:", "A.", "upper", 1, "MỤC ĐÍCH, YÊU CẦU:"),
        ("C. TỔ CHỨC", "C.", "upper", 1, "TỔ CHỨC"),
        ("1. Mục đích", "1.", "number", 1, "Mục đích"),
        ("1.\tMục đích", "1.", "number", 1, "Mục đích"),
        ("2.1. Tiểu dự án", "2.1.", "number", 2, "Tiểu dự án"),
        ("2.1 Tiểu dự án", "2.1.", "number", 2, "Tiểu dự án"),
        ("1.2.3. Chi", "1.2.3.", "number", 3, "Chi"),
        ("1) Nội dung", "1)", "paren", 1, "Nội dung"),
        ("(2) Nội dung", "(2)", "paren", 1, "Nội dung"),
        ("a) Nội dung thực hiện", "a)", "letter", 1, "Nội dung thực hiện"),
        ("đ) Nội dung", "đ)", "letter", 1, "Nội dung"),
        ("- Tuyên truyền", "-", "dash", 1, "Tuyên truyền"),
        ("-Tuyên truyền", "-", "dash", 1, "Tuyên truyền"),
        ("– Tuyên truyền", "-", "dash", 1, "Tuyên truyền"),
        ("+ Thôn Đông", "+", "plus", 1, "Thôn Đông"),
        ("• Thôn Đông", "•", "bullet", 1, "Thôn Đông"),
    ],
)
def test_typed_labels(typed, label, kind, depth, rest):
    assert split_label(typed)[:3] == (label, kind, depth)
    assert split_label(typed)[4].strip() == rest


@pytest.mark.parametrize(
    "typed",
    [
        "5 hộ nghèo được hỗ trợ.",
        "2024 là năm bản lề.",
        "-5% so với năm trước",
        "Ủy ban nhân dân xã",
        "100% thôn có loa.",
        "Vì người nghèo",
    ],
)
def test_text_that_is_no_label(typed):
    assert split_label(typed)[1] == ""


def test_manual_breaks_start_a_line_only_before_a_label():
    para = Para(7, "- Đối thoại tại thôn Đông;\n- Đối thoại tại thôn Tây.")
    assert [(x.label, x.text, x.index) for x in lines_of(para)] == [
        ("-", "Đối thoại tại thôn Đông;", 7),
        ("-", "Đối thoại tại thôn Tây.", 7),
    ]
    para = Para(8, "Triển khai thực hiện Nghị quyết\nCủa Ban Thường vụ")
    assert [x.text for x in lines_of(para)] == ["Triển khai thực hiện Nghị quyết Của Ban Thường vụ"]


def test_an_automatic_label_is_kept_apart_from_the_text():
    (line,) = lines_of(Para(3, "Mục đích", label="1."))
    assert (line.label, line.kind, line.text, line.auto) == ("1.", "number", "Mục đích", True)


def line(text: str) -> Line:
    (out,) = lines_of(Para(0, text))
    return out


def test_the_outline_nests_as_the_labels_do():
    typed = [
        "I. MỤC ĐÍCH",
        "- ý một",
        "+ ý con",
        "- ý hai",
        "1. Mục con",
        "a) Điểm",
        "- ý của điểm",
        "Thời gian thực hiện: Quý IV/2024.",
        "b) Thời gian thực hiện: Q4/2024",
        "1.1. Mục con nữa",
        "2. Mục hai",
        "II. NỘI DUNG",
    ]
    root = build_tree([line(t) for t in typed])

    def shape(node):
        return [
            (c.text, shape(c) if hasattr(c, "key") else None)
            for c in node.order
        ]

    assert shape(root) == [
        (
            "MỤC ĐÍCH",
            [
                ("ý một", [("ý con", [])]),
                ("ý hai", []),
                (
                    "Mục con",
                    [
                        ("Điểm", [("ý của điểm", [("Thời gian thực hiện: Quý IV/2024.", None)])]),
                        ("Thời gian thực hiện: Q4/2024", []),
                        ("Mục con nữa", []),
                    ],
                ),
                ("Mục hai", []),
            ],
        ),
        ("NỘI DUNG", []),
    ]
