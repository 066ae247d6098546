"""Structure rules KH506–KH511 (kehoach.rules.structure): header lines, ký hiệu, place name,
signer's name, the programme's period and the numbering's depth."""

from __future__ import annotations

import pytest

from conftest import check_text, codes, line_of, mini, mutated_text, only, where
from kehoach.diagnostics import Severity

PHONG = ("  issuer: Ủy ban nhân dân xã An Dương\n  issuer_code: UBND",
         "  parent: Ủy ban nhân dân xã Sơn Tịnh\n  issuer: Phòng Văn hóa - Xã hội\n"
         "  issuer_code: PVHXH")
PHONG_SIGNER = ("signer:\n  authority: TM\n  title: Chủ tịch",
                "signer:\n  title: Trưởng phòng")


def test_issuer_lines_that_spell_the_name(tmp_path):
    text = mini("  issuer_code: UBND", "  issuer_code: UBND\n  issuer_lines: [Ủy ban nhân dân xã, An Dương]")
    assert check_text(tmp_path, text).diagnostics == []


def test_parent_lines_may_shorten_ubnd(tmp_path):
    text = mini(*PHONG).replace("  issuer_code: PVHXH",
                                "  issuer_code: PVHXH\n  parent_lines: [UBND xã Sơn Tịnh]")
    text = text.replace(*PHONG_SIGNER)
    assert check_text(tmp_path, text).diagnostics == []


def test_issuer_lines_that_change_the_name(tmp_path):
    text = mini("  issuer_code: UBND", "  issuer_code: UBND\n  issuer_lines: [Ủy ban nhân dân, xã An Dưong]")
    d = only(check_text(tmp_path, text), "KH506")
    assert where(d) == ("KH506", line_of(text, "issuer_lines"), 17)
    assert "Ủy ban nhân dân xã An Dưong" in d.message and "Ủy ban nhân dân xã An Dương" in d.message


def test_parent_lines_without_parent(tmp_path):
    text = mini("  issuer_code: UBND", "  issuer_code: UBND\n  parent_lines: [UBND huyện An Dương]")
    d = only(check_text(tmp_path, text), "KH506")
    assert where(d) == ("KH506", line_of(text, "parent_lines"), 3)
    assert "`parent`" in d.message


@pytest.mark.parametrize("code", ["KH-PVHXH", "kh-UBND"])
def test_issuer_code_with_the_kind(tmp_path, code):
    text = mini("  issuer_code: UBND", f"  issuer_code: {code}")
    d = only(check_text(tmp_path, text), "KH507")
    assert where(d) == ("KH507", line_of(text, "issuer_code"), 16)
    assert f"issuer_code: {code[3:]}" in d.hint


@pytest.mark.parametrize(("place", "name"), [
    ("xã Sơn Tịnh", "Sơn Tịnh"), ("Huyện Pác Nặm", "Pác Nặm"),
    ("phường Hàng Bạc", "Hàng Bạc"), ("tỉnh Quảng Nam", "Quảng Nam"),
])
def test_place_with_a_locality_word(tmp_path, place, name):
    text = mini("  place: An Dương", f"  place: {place}")
    checked = check_text(tmp_path, text)
    d = only(checked, "KH508")
    assert d.severity is Severity.WARNING and checked.errors == []
    assert where(d) == ("KH508", line_of(text, "place:"), 10)
    assert f"place: {name}" in d.hint


@pytest.mark.parametrize("place", ["Sơn Tịnh", "Phường 5", "Thành phố Huế", "Thị xã Sơn Tây"])
def test_place_names_accepted(tmp_path, place):
    # Named by a number, or a city / town written as its office writes it: not flagged.
    assert "KH508" not in codes(check_text(tmp_path, mini("  place: An Dương", f"  place: {place}")))


@pytest.mark.parametrize("name", ["ThS. Nguyễn Văn An", "TS. Nguyễn Văn An", "PGS.TS. Nguyễn Văn An",
                                  "Nguyễn Văn An, ThS.", "ThS Nguyễn Văn An", "Thạc sĩ Nguyễn Văn An",
                                  "Tiến sĩ Nguyễn Văn An"])
def test_academic_title_in_the_signer_name(tmp_path, name):
    text = mini("  name: Nguyễn Tuấn Anh", f"  name: {name}")
    d = only(check_text(tmp_path, text), "KH509")
    assert d.severity is Severity.ERROR
    assert where(d) == ("KH509", line_of(text, "name:"), 9)
    assert d.hint == "Chỉ ghi họ tên: `name: Nguyễn Văn An`."


@pytest.mark.parametrize("name", ["Nguyễn Thị Thanh Sương", "Tạ Sơn", "Cao Bá Ts Nguyên", "Lê Thị Cẩm Tú",
                                  "Trần Thạc Sĩ", "Lê Văn Cử"])
def test_names_without_titles(tmp_path, name):
    # Only the abbreviations themselves count, never letters inside a syllable ("Ts" is not "TS").
    assert "KH509" not in codes(check_text(tmp_path, mini("  name: Nguyễn Tuấn Anh", f"  name: {name}")))


def test_plan_year_outside_the_programme_period(tmp_path):
    text = mini().replace("year: 2024", "year: 2026").replace("2024-03-29", "2026-03-29") \
        .replace("Q4/2024", "Q4/2026")
    checked = check_text(tmp_path, text)
    d = only(checked, "KH510")
    assert d.severity is Severity.WARNING and checked.errors == []
    assert where(d) == ("KH510", line_of(text, "programme:"), 12)
    assert "2026" in d.message and "2021-2025" in d.message


def test_custom_catalogue_years(tmp_path):
    (tmp_path / "dm.catalogue.yaml").write_text(
        "id: x\nname: Chương trình X\nyears: 2026-2030\nprojects:\n  DA6:\n    number: 6\n    title: T\n"
        "    children:\n      DA6.TDA1: {number: 1, title: A}\n      DA6.TDA2: {number: 2, title: B}\n",
        encoding="utf-8")
    text = mini("programme: giam-ngheo-2021-2025", "programme: dm.catalogue.yaml")
    assert codes(check_text(tmp_path, text)) == ["KH510"]


DEEP = """\
activities:
  - title: A
    deadline: Q4/2024
    children:
      - title: B
        children:
          - title: C
            children:
              - title: D
                items:
                  - text: Ý
                    items:
                      - text: Ý con
                        items: [Ý cháu]
"""


def test_numbering_deeper_than_the_decree(tmp_path):
    start = mini().index("activities:")
    end = mini().index("budget:")
    text = mini()[:start] + DEEP + "budget:" + mini()[end + len("budget:"):]
    text = text.replace("    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000", "    DA6: 7_000_000")
    checked = check_text(tmp_path, text)
    found = [d for d in checked.diagnostics if d.code == "KH511"]
    assert [d.severity for d in found] == [Severity.WARNING] * 2
    assert where(found[0]) == ("KH511", line_of(text, "- title: D"), 17)
    assert "1.1.1.1." in found[0].message
    assert where(found[1]) == ("KH511", line_of(text, "[Ý cháu]"), 33)


def test_three_levels_are_fine(tmp_path):
    assert "KH511" not in codes(check_text(tmp_path, mini()))


def test_commune_office_signer(tmp_path):
    # A head-led office: the head signs without TM.; a deputy signs KT. with the head's title.
    text = mini(*PHONG).replace(*PHONG_SIGNER)
    assert check_text(tmp_path, text).diagnostics == []
    deputy = text.replace("signer:\n  title: Trưởng phòng",
                          "signer:\n  authority: KT\n  head_title: Trưởng phòng\n  title: Phó Trưởng phòng")
    assert check_text(tmp_path, deputy).diagnostics == []
    tm = text.replace("signer:\n  title: Trưởng phòng", "signer:\n  authority: TM\n  title: Trưởng phòng")
    assert codes(check_text(tmp_path, tm)) == ["KH503"]
    bank = mini("  issuer: Ủy ban nhân dân xã An Dương",
                "  issuer: Ngân hàng Chính sách xã hội huyện Pác Nặm") \
        .replace("signer:\n  authority: TM\n  title: Chủ tịch",
                 "signer:\n  authority: KT\n  title: Phó Giám đốc")
    d = only(check_text(tmp_path, bank), "KH503")
    assert "head_title" in d.hint


@pytest.mark.parametrize(("key", "lines", "wide"), [
    ("issuer_lines", ["Ngân hàng Chính sách xã hội", "huyện Pác Nặm"], ["Ngân hàng Chính sách xã hội"]),
    ("issuer_lines", ["Ngân hàng", "Chính sách xã hội", "huyện Pác Nặm"], []),
    ("parent_lines", ["Ủy ban nhân dân xã Sơn Tịnh"], ["Ủy ban nhân dân xã Sơn Tịnh"]),
    ("parent_lines", ["UBND xã Sơn Tịnh"], []),
])
def test_header_lines_wider_than_the_column_are_warned(tmp_path, key, lines, wide):
    # Measured as printed: capitals at 13 pt, the issuer bold, in the 180 pt header column.
    name = ("Ngân hàng Chính sách xã hội huyện Pác Nặm" if key == "issuer_lines"
            else "Ủy ban nhân dân xã Sơn Tịnh")
    issuer = "  issuer: Ủy ban nhân dân xã An Dương\n"
    head = f"  issuer: {name}\n" if key == "issuer_lines" else f"{issuer}  parent: {name}\n"
    text = mutated_text(issuer, head + f"  {key}:\n" + "".join(f"    - {line}\n" for line in lines))
    found = [d for d in check_text(tmp_path, text).diagnostics if d.code == "KH514"]
    assert [d.line for d in found] == [line_of(text, f"    - {line}\n") for line in wide]
    assert all(d.severity is Severity.WARNING and "Word sẽ tự xuống dòng" in d.message for d in found)
