"""Word's automatic numbering computed from numbering.xml (kehoach.docximport.numbering): the labels
Word shows, which python-docx does not give."""

from __future__ import annotations

import pytest
from lxml import etree

from kehoach.docximport.numbering import Numbering, bullet, formatted, letters, roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def numbering(abstracts: str, nums: str) -> Numbering:
    root = etree.fromstring(f'<w:numbering xmlns:w="{W}">{abstracts}{nums}</w:numbering>')
    return Numbering(root, {})


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


PLAN_LIST = (
    '<w:abstractNum w:abstractNumId="1">'
    + lvl(0, "upperRoman", "%1.")
    + lvl(1, "decimal", "%2.")
    + lvl(2, "decimal", "%2.%3.")
    + lvl(3, "lowerLetter", "%4)")
    + lvl(4, "bullet", "-")
    + lvl(5, "bullet", "\uf0b7")
    + "</w:abstractNum>"
)


def test_a_plan_outline_numbers_as_word_shows_it():
    n = numbering(PLAN_LIST, '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>')
    seq = [
        (0, "I."),
        (1, "1."),
        (2, "1.1."),
        (2, "1.2."),
        (3, "a)"),
        (3, "b)"),
        (4, "-"),
        (1, "2."),
        (2, "2.1."),
        (0, "II."),
        (1, "1."),
        (5, "•"),
    ]
    assert [n.label("5", level) for level, _ in seq] == [label for _, label in seq]


def test_two_instances_of_one_list_continue_unless_one_restarts():
    n = numbering(
        PLAN_LIST,
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="7"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
    )
    assert [n.label("5", 0), n.label("6", 0), n.label("7", 0), n.label("7", 0)] == ["I.", "II.", "I.", "II."]


def test_legal_numbering_start_and_unknown_lists():
    abstract = (
        '<w:abstractNum w:abstractNumId="2">'
        + lvl(0, "upperRoman", "%1.", start=3)
        + lvl(1, "decimal", "%1.%2.", extra="<w:isLgl/>")
        + "</w:abstractNum>"
    )
    n = numbering(abstract, '<w:num w:numId="9"><w:abstractNumId w:val="2"/></w:num>')
    assert n.label("9", 0) == "III."
    assert n.label("9", 1) == "3.1."  # isLgl: the Roman level above is shown in Arabic
    assert n.label("0", 0) == "" and n.label("404", 0) == ""


def test_a_lower_level_restarts_after_a_higher_one():
    n = numbering(PLAN_LIST, '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>')
    assert [n.label("5", 3), n.label("5", 3), n.label("5", 1), n.label("5", 3)] == ["a)", "b)", "1.", "a)"]


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (4, "upperRoman", "IV"),
        (9, "lowerRoman", "ix"),
        (1, "upperLetter", "A"),
        (27, "lowerLetter", "aa"),
        (7, "decimalZero", "07"),
        (12, "decimal", "12"),
        (3, "none", ""),
        (5, "ordinal", "5"),
    ],
)
def test_formats(n, fmt, shown):
    assert formatted(n, fmt) == shown


def test_bullets_are_plans_marks():
    assert [bullet("-"), bullet("–"), bullet("+"), bullet("\uf0b7"), bullet("o"), bullet("")] == [
        "-",
        "-",
        "+",
        "•",
        "•",
        "",
    ]
    assert roman(39) == "XXXIX" and letters(2) == "b"
