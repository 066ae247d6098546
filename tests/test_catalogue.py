"""kehoach.catalogue: the packaged programme catalogue and a plan's own catalogue file."""

from __future__ import annotations

import pytest

from conftest import check_text, codes, line_of, mutated_text, only, write_text
from kehoach.catalogue import load_catalogue, packaged_names
from kehoach.diagnostics import KehoachError

OWN_CATALOGUE = """\
id: nong-thon-moi
name: Chương trình xây dựng nông thôn mới
levels: [Nội dung, Nội dung thành phần]
projects:
  ND1:
    number: 1
    title: Quy hoạch
    children:
      ND1.1:
        number: 1
        title: Rà soát quy hoạch chung xã
"""


def test_packaged_catalogue():
    assert "giam-ngheo-2021-2025" in packaged_names()
    cat = load_catalogue("giam-ngheo-2021-2025")
    assert cat.id == "giam-ngheo-2021-2025"
    assert "giảm nghèo bền vững" in cat.name
    assert cat.levels == ("Dự án", "Tiểu dự án")
    assert [c for c in cat.projects if "." not in c] == [f"DA{i}" for i in range(1, 8)]
    sub = cat.get("DA6.TDA2")
    assert (sub.number, sub.level, sub.parent) == (2, 1, "DA6")
    assert sub.title == "Truyền thông về giảm nghèo đa chiều"
    assert cat.get("DA6").parent is None and cat.get("DA6").level == 0
    assert cat.get("DA8") is None


def test_headings():
    cat = load_catalogue("giam-ngheo-2021-2025")
    assert cat.heading("DA6") == "Dự án 6: Truyền thông và giảm nghèo về thông tin"
    assert cat.heading("DA6.TDA1") == "Tiểu dự án 1 thuộc Dự án 6: Giảm nghèo về thông tin"
    assert cat.heading("DA7.TDA2") == "Tiểu dự án 2 thuộc Dự án 7: Giám sát, đánh giá"
    assert cat.projects["DA3.TDA1"].label(cat) == "Tiểu dự án 1"


def test_unknown_packaged_name():
    with pytest.raises(KehoachError) as info:
        load_catalogue("giam-ngheo-2026")
    assert "giam-ngheo-2026" in info.value.message
    assert "giam-ngheo-2021-2025" in info.value.hint


def test_catalogue_file_relative_to_the_plan(tmp_path):
    write_text(tmp_path, OWN_CATALOGUE, "danh-muc/ntm.yaml")
    cat = load_catalogue("danh-muc/ntm.yaml", tmp_path)
    assert cat.heading("ND1.1") == "Nội dung thành phần 1 thuộc Nội dung 1: Rà soát quy hoạch chung xã"
    with pytest.raises(KehoachError):
        load_catalogue("danh-muc/ntm.yaml", tmp_path / "elsewhere")


def test_plan_with_its_own_catalogue(tmp_path):
    write_text(tmp_path, OWN_CATALOGUE.replace(
        "projects:\n",
        "projects:\n  DA6:\n    number: 6\n    title: Truyền thông\n    children:\n"
        "      DA6.TDA1: {number: 1, title: Thông tin}\n      DA6.TDA2: {number: 2, title: Đa chiều}\n"
        "  DA7:\n    number: 7\n    title: Năng lực\n    children:\n"
        "      DA7.TDA2: {number: 2, title: Giám sát}\n"), "danh-muc.yaml")
    text = mutated_text("programme: giam-ngheo-2021-2025", "programme: danh-muc.yaml")
    checked = check_text(tmp_path, text)
    assert checked.diagnostics == []
    assert checked.catalogue.name == "Chương trình xây dựng nông thôn mới"
    # the plan's codes are checked against that catalogue, not the packaged one
    broken = text.replace("  - project: DA7\n", "  - project: DA5\n")
    d = only(check_text(tmp_path, broken), "KH403")
    assert d.line == line_of(broken, "  - project: DA5")
    assert "nông thôn mới" in d.message


@pytest.mark.parametrize(
    ("content", "words", "line"),
    [
        ("projects: [DA1]\n", "`projects`", 1),
        ("", "`projects`", 0),
        ("projects:\n  DA1: {title: Thiếu số}\n", "`number`", 2),
        ("projects:\n  DA1: {number: một, title: Số bằng chữ}\n", "`number`", 2),
        ("projects:\n  DA1: {number: 1, title: Con, children: [DA1.1]}\n", "`children`", 2),
        ("projects: {DA1: [\n", "Không đọc được", 2),
    ],
    ids=["list", "empty", "no-number", "number-not-integer", "children-list", "bad-yaml"],
)
def test_broken_catalogue_file_reported_at_its_own_line(tmp_path, content, words, line):
    """Issue 28, class 10: at the catalogue's own line (0: the file as a whole), by the path as
    the plan names it from where the plan was given; never at the plan's `programme:`."""
    write_text(tmp_path, content, "dm.yaml")
    text = mutated_text("programme: giam-ngheo-2021-2025", "programme: dm.yaml")
    checked = check_text(tmp_path, text)
    d = only(checked, "KH109")
    assert (d.file, d.line) == (str(tmp_path / "dm.yaml"), line)
    assert words in d.message
    # rules that need the catalogue are skipped; the others still run
    assert codes(checked) == ["KH109"]


def test_missing_catalogue_file(tmp_path):
    text = mutated_text("programme: giam-ngheo-2021-2025", "programme: khong-co.yaml")
    d = only(check_text(tmp_path, text), "KH109")
    assert "khong-co.yaml" in d.message
