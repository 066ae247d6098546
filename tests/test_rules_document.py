"""Document rules KH501–KH504: header, signer and recipients as Decree 30/2020 requires."""

from __future__ import annotations

import pytest

from conftest import check_text, codes, line_of, mini, only, where
from kehoach.diagnostics import Severity


@pytest.mark.parametrize("value", ["ubnd xã", "UBND XA", "ubnd", "UBND_VHXH"])
def test_issuer_code_format(tmp_path, value):
    text = mini("  issuer_code: UBND", f"  issuer_code: {value}")
    d = only(check_text(tmp_path, text), "KH501")
    assert where(d) == ("KH501", line_of(text, "issuer_code"), 16)
    assert f"`{value}`" in d.message
    assert "UBND" in d.hint


@pytest.mark.parametrize("value", ["UBND", "UBND-VHXH", "HĐND", "PVHXH"])
def test_issuer_code_accepted(tmp_path, value):
    assert check_text(tmp_path, mini("  issuer_code: UBND", f"  issuer_code: {value}")).diagnostics == []


def test_issue_date_far_from_plan_year(tmp_path):
    text = mini("  date: 2024-03-29", "  date: 2022-03-29")
    checked = check_text(tmp_path, text)
    d = only(checked, "KH502")
    assert d.severity is Severity.WARNING
    assert where(d) == ("KH502", line_of(text, "  date: "), 9)
    assert "29/03/2022" in d.message and "2024" in d.message
    assert checked.errors == []


def test_issued_late_in_previous_year_is_fine(tmp_path):
    assert check_text(tmp_path, mini("  date: 2024-03-29", "  date: 2023-12-20")).diagnostics == []


def test_tm_for_a_body_that_is_not_collective(tmp_path):
    text = mini("  issuer: Ủy ban nhân dân xã An Dương", "  issuer: Phòng Văn hóa - Xã hội")
    d = only(check_text(tmp_path, text), "KH503")
    assert where(d) == ("KH503", line_of(text, "authority: TM"), 14)
    assert "TM." in d.message and "Phòng Văn hóa - Xã hội" in d.message


def test_kt_signer_same_title_as_head(tmp_path):
    text = mini("  authority: TM", "  authority: KT")
    d = only(check_text(tmp_path, text), "KH503")
    assert where(d) == ("KH503", line_of(text, "title: Chủ tịch"), 10)
    assert "Chủ tịch" in d.message
    assert "Phó Chủ tịch" in d.hint


def test_kt_deputy_signs(tmp_path):
    text = mini("  authority: TM\n  title: Chủ tịch", "  authority: KT\n  title: Phó Chủ tịch")
    assert check_text(tmp_path, text).diagnostics == []


def test_tl_needs_head_title_outside_collectives(tmp_path):
    text = mini("  issuer: Ủy ban nhân dân xã An Dương", "  issuer: Phòng Văn hóa - Xã hội") \
        .replace("  authority: TM\n  title: Chủ tịch", "  authority: TL\n  title: Chánh Văn phòng")
    d = only(check_text(tmp_path, text), "KH503")
    assert where(d) == ("KH503", line_of(text, "  authority: TL"), 3)  # the signer block
    assert "`TL.`" in d.message
    assert "head_title" in d.hint
    fixed = text.replace("  title: Chánh Văn phòng", "  title: Chánh Văn phòng\n  head_title: Trưởng phòng")
    assert check_text(tmp_path, fixed).diagnostics == []


def test_no_recipients(tmp_path):
    text = mini("recipients: [Các thôn]", "recipients: []")
    d = only(check_text(tmp_path, text), "KH504")
    assert where(d) == ("KH504", line_of(text, "recipients: []"), 13)
    assert "nơi nhận" in d.message


def test_archive_without_vt(tmp_path):
    text = mini("archive: [VT, VHXH]", "archive: [VHXH]")
    d = only(check_text(tmp_path, text), "KH504")
    assert where(d) == ("KH504", line_of(text, "archive:"), 10)
    assert "VT" in d.message


def test_archive_defaults_to_vt(tmp_path):
    assert check_text(tmp_path, mini("archive: [VT, VHXH]\n", "")).diagnostics == []


@pytest.mark.parametrize("entry", ["Các thôn;", "Các thôn."])
def test_recipient_with_final_punctuation(tmp_path, entry):
    text = mini("recipients: [Các thôn]", f"recipients:\n  - Phòng LĐTBXH huyện\n  - {entry}")
    checked = check_text(tmp_path, text)
    assert codes(checked) == ["KH504"]
    d = checked.diagnostics[0]
    assert (d.line, d.column) == (line_of(text, f"  - {entry}"), 5)
    assert entry in d.message


@pytest.mark.parametrize("issuer", ["UBND xã An Dương", "Uỷ ban nhân dân xã An Dương",
                                    "Hội đồng nhân dân xã An Dương", "HĐND xã An Dương"])
def test_tm_for_collectives_however_written(tmp_path, issuer):
    text = mini("  issuer: Ủy ban nhân dân xã An Dương", f"  issuer: {issuer}")
    assert check_text(tmp_path, text).diagnostics == []


def test_undated_plan_is_a_warning_at_the_date_key(tmp_path):
    text = mini("  date: 2024-03-29", "  date:")
    checked = check_text(tmp_path, text)
    d = only(checked, "KH505")
    assert d.severity is Severity.WARNING
    assert where(d) == ("KH505", line_of(text, "  date:"), 3)
    assert checked.errors == [] and checked.plan is not None and checked.plan.document.date is None
    # and the date-bound rules (KH302, KH502) stay silent rather than guess a date
    assert codes(checked) == ["KH505"]


def test_a_basis_that_does_not_begin_with_can_cu(tmp_path):
    text = mini("year: 2024\n", "year: 2024\nbases:\n  - Căn cứ Luật Tổ chức chính quyền địa phương\n"
                "  - Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ\n")
    d = only(check_text(tmp_path, text), "KH512")
    assert d.severity is Severity.WARNING
    assert where(d) == ("KH512", line_of(text, "  - Quyết định"), 5)
    assert "`opening: Thực hiện …`" in d.hint


def test_bases_beginning_with_can_cu_in_any_case_are_fine(tmp_path):
    text = mini("year: 2024\n", "year: 2024\nbases:\n  - Căn cứ Luật A\n  - căn cứ Nghị định B\n")
    assert "KH512" not in codes(check_text(tmp_path, text))


def test_a_recipient_cut_in_two_by_a_flow_list_comma(tmp_path):
    old = next(line for line in mini().splitlines() if line.startswith("recipients:"))
    text = mini(old, "recipients: [Đảng ủy xã, Các phòng, đơn vị thuộc xã]")
    d = only(check_text(tmp_path, text), "KH513")
    assert d.severity is Severity.WARNING and "“Các phòng, đơn vị thuộc xã”" in d.message
    fixed = mini(old, "recipients:\n  - Đảng ủy xã\n  - Các phòng, đơn vị thuộc xã")
    assert "KH513" not in codes(check_text(tmp_path, fixed))
