"""Every check, on the real plan: one small edit of plans/2024.yaml must fail with that code at
the edited line. Adding a rule (or a stage code) without a mutation here fails the suite."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import PLAN_2024, check_text, line_of, mutated_text
from kehoach.codes import STAGE_CODES, all_codes
from kehoach.rules import RULES
from kehoach.validate import check_plan

DEADLINE = "        lead: vhxh\n        deadline: Q4/2024\n        text:"
LINES = "    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000"

# code: (old, new, text on the line the diagnostic must point at, which occurrence of it)
MUTATIONS: dict[str, tuple[str, str, str, int]] = {
    # rules
    "KH201": ("    DA7.TDA2: 6_000_000", "    DA7.TDA2: 5_500_000", "  total: 13_000_000", 1),
    "KH202": ("    DA7.TDA2: 6_000_000",
              "    DA7.TDA2:\n      amount: 6_000_000\n"
              "      sources: {ngan-sach-trung-uong: 4_000_000, ngan-sach-dia-phuong: 1_000_000}",
              "      sources:", 1),
    "KH211": ("    DA7.TDA2: 6_000_000",
              "    DA7.TDA2: {amount: 6_000_000, of_which: {ngan-sach-trung-uong: 6_000_000}}",
              "    DA7.TDA2:", 1),
    "KH203": ("  total_in_words: Mười ba triệu đồng", "  total_in_words: Mười hai triệu đồng",
              "total_in_words", 1),
    "KH204": (LINES, "    DA5: 5_000_000\n    DA6.TDA2: 2_000_000", "    DA5:", 1),
    "KH205": (LINES, "    DA6.TDA1: 0\n    DA6.TDA2: 7_000_000", "    DA6.TDA1: 0", 1),
    "KH206": ("    DA7.TDA2: 6_000_000",
              "    DA7.TDA2:\n      amount: 6_000_000\n      sources: {nguon-la: 6_000_000}",
              "      sources:", 1),
    "KH207": ("  total: 13_000_000\n", "  total: 13_000_000\n  by_source: {ngan-sach-xa: 12_000_000}\n",
              "  by_source:", 1),
    "KH208": ("    DA7.TDA2: 6_000_000",
              "    DA7.TDA2: {amount: 6_000_000, sources: {ngan-sach-trung-uong: 6_000_000}}\n"
              "  by_source: {ngan-sach-xa: 13_000_000}", "  by_source:", 1),
    "KH209": ("    DA7.TDA2: 6_000_000",
              "    DA7.TDA2: {amount: 6_000_000, of_which: {ngan-sach-trung-uong: 7_000_000}}",
              "    DA7.TDA2:", 1),
    "KH210": ("  lines:\n" + LINES + "\n    DA7.TDA2: 6_000_000\n", "", "  total: 13_000_000", 1),
    "KH301": (DEADLINE, DEADLINE.replace("Q4/2024", "Q1/2025"), "deadline: Q1/2025", 1),
    "KH302": (DEADLINE, DEADLINE.replace("Q4/2024", "2024-03-15"), "deadline: 2024-03-15", 1),
    "KH303": (DEADLINE, "        lead: vhxh\n        text:", "      - project: DA6.TDA1", 1),
    "KH401": ("            partners: [cac-nganh, dai-truyen-thanh]",
              "            partners: [cac-nganh, dai-truyen-thanh-xa]", "partners: [cac-nganh", 1),
    "KH402": ("          - id: pano-to-roi", "          - id: viet-bai", "- id: viet-bai", 2),
    "KH403": ("  - project: DA7\n", "  - project: DA9\n", "  - project: DA9", 1),
    "KH404": ("      - project: DA6.TDA1\n", "      - project: DA7.TDA1\n",
              "      - project: DA7.TDA1", 1),
    "KH405": ("units:\n", "sections:\n  - use: purpose\n  - use: activities\n  - use: organization\n"
              "units:\n", "sections:", 1),
    "KH406": ("programme: giam-ngheo-2021-2025\n", "", "  - project: DA6\n", 1),
    "KH501": ("  issuer_code: UBND", "  issuer_code: ubnd xã", "  issuer_code:", 1),
    "KH502": ("  date: 2024-03-29", "  date: 2022-03-29", "  date: 2022-03-29", 1),
    "KH503": ("  authority: TM", "  authority: KT", "  title: Chủ tịch", 1),
    "KH504": ("archive: [VT, VHXH]", "archive: [VHXH]", "archive:", 1),
    "KH505": ("  date: 2024-03-29", "  date:", "  date:", 1),
    "KH506": ("  issuer_code: UBND", "  issuer_code: UBND\n  issuer_lines: [Ủy ban nhân dân, xã An Dưong]",
              "  issuer_lines:", 1),
    "KH507": ("  issuer_code: UBND", "  issuer_code: KH-UBND", "  issuer_code:", 1),
    "KH514": ("  issuer_code: UBND",
              "  issuer_code: UBND\n  issuer_lines:\n    - Ủy ban nhân dân xã An Dương",
              "    - Ủy ban nhân dân xã", 1),
    "KH515": ("    Thực hiện một số nội dung của Dự án 6, Dự án 7 thuộc Chương trình Mục tiêu quốc gia giảm\n"
              "    nghèo bền vững năm 2024",
              "    Thực hiện Chương Trình Mục Tiêu Quốc Gia Giảm Nghèo Bền Vững Trên Địa Bàn\n"
              "    Xã An Dương Năm 2024", "  summary:", 1),
    "KH508": ("  place: An Dương", "  place: xã An Dương", "  place:", 1),
    "KH509": ("  name: Nguyễn Tuấn Anh", "  name: ThS. Nguyễn Tuấn Anh", "  name:", 1),
    "KH510": ("year: 2024", "year: 2026", "programme:", 1),
    "KH512": ("programme: giam-ngheo-2021-2025\n", "programme: giam-ngheo-2021-2025\nbases:\n"
              "  - Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ\n",
              "  - Quyết định số 90", 1),
    "KH513": ("  - Cán bộ, công chức liên quan\n", "  - Cán bộ\n  - công chức liên quan\n",
              "  - công chức liên quan", 1),
    "KH520": ("    Thực hiện một số nội dung của Dự án 6",
              "    Thực hiện năm 2023 một số nội dung của Dự án 6", "    Thực hiện năm 2023", 1),
    "KH521": ("  tckt:\n    - Thanh quyết toán kinh phí các dự án đúng quy định pháp luật\n",
              "  tckt: [Thanh toán, quyết toán kinh phí các dự án đúng quy định]\n", "  tckt: [", 1),
    "KH522": ("    - Thanh quyết toán kinh phí", "    - Thanh quyết toán **kinh phí",
              "    - Thanh quyết toán **", 1),
    "KH523": ("            title: Chi rà soát hộ nghèo, hộ cận nghèo\n",
              "            title: Chi rà soát hộ nghèo, hộ cận nghèo\n"
              "            table: {header: [Thôn, Số hộ], rows: [[Thôn 1]]}\n", "            table:", 1),
    "KH524": ("            title: Chi rà soát hộ nghèo, hộ cận nghèo\n",
              "            title: Chi rà soát hộ nghèo, hộ cận nghèo\n"
              "            table: {header: [Thôn, Kinh phí], rows: [[Thôn 1, nhiều]], money: [2]}\n",
              "            table:", 1),
    "KH511": ("          - id: ra-soat-ho-ngheo\n",
              "            children:\n              - {title: Cấp thứ tư, text: [Nội dung]}\n"
              "          - id: ra-soat-ho-ngheo\n",
              "- {title: Cấp thứ tư", 1),
    # loader
    "KH001": ("  issuer: Ủy ban nhân dân xã An Dương", "  issuer: Ñy ban nhaân daân xaõ An Döông",
              "  issuer:", 1),
    "KH002": ("  tckt: Công chức Tài chính - Kế toán\n",
              "  tckt: Công chức Tài chính - Kế toán\n  tckt: Kế toán\n", "  tckt: Kế toán", 1),
    "KH003": ("signer:\n  authority: TM", "signer:\n\tauthority: TM", "\tauthority", 1),
    "KH004": ("  date: 2024-03-29", "  date: 2024-02-30", "  date: 2024-02-30", 1),
    "KH005": ("  number:\n", "  number: 0123\n", "  number: 0123", 1),
    "KH006": ("  total: 13_000_000\n",
              "<<<<<<< HEAD\n  total: 13_000_000\n=======\n  total: 12_000_000\n>>>>>>> khac\n",
              "<<<<<<< HEAD", 1),
    "KH007": ("  name: Nguyễn Tuấn Anh", "  name: " + unicodedata.normalize("NFD", "Nguyễn Tuấn Anh"),
              "  name: ", 1),
    "KH008": ("  name: Nguyễn Tuấn Anh", '  name: "\\u200b\\x01"', "  name: ", 1),
    "KH009": ("  place: An Dương", '  place: "An\\u200b Dương"', "  place: ", 1),
    "KH010": ("  place: An Dương", "  place: An Dương   # kehoach: bỏ qua KH550", "  place: ", 1),
    # schema
    "KH101": ("  name: Nguyễn Tuấn Anh\n", "", "signer:", 1),
    "KH102": ("        deadline: Q4/2024\n        text:", "        deadlnie: Q4/2024\n        text:",
              "deadlnie", 1),
    "KH103": ("year: 2024", 'year: "2024"', "year:", 1),
    "KH104": ("  authority: TM", "  authority: THAY MẶT", "  authority:", 1),
    "KH105": ("    DA6.TDA1: 5_000_000", "    DA6.TDA1: 5.000", "    DA6.TDA1: 5.000", 1),
    "KH106": ("        deadline: Q4/2024\n        text:", "        deadline: cuối năm\n        text:",
              "cuối năm", 1),
    "KH107": ("          - id: viet-bai\n", "          - id: viết-bài\n", "- id: viết-bài", 1),
    "KH108": ("      - project: DA6.TDA1\n",
              "      - project: DA6.TDA1\n        title: Giảm nghèo về thông tin\n",
              "      - project: DA6.TDA1", 1),
    "KH109": ("programme: giam-ngheo-2021-2025", "programme: giam-ngheo-2026", "programme:", 1),
}


def test_real_plan_is_clean():
    checked = check_plan(PLAN_2024)
    assert [(d.code, d.line, d.message) for d in checked.diagnostics] == []
    assert checked.plan is not None and checked.catalogue is not None


def test_every_rule_has_a_mutation():
    rule_codes = {r.code for r in RULES}
    missing = rule_codes - set(MUTATIONS)
    assert not missing, f"add a mutation of plans/2024.yaml for {sorted(missing)}"


def test_every_plan_code_has_a_mutation():
    """Loader, schema and rule codes; progress-file codes are tested with progress files."""
    plan_codes = {c.code for c in STAGE_CODES} | {r.code for r in RULES}
    missing = plan_codes - set(MUTATIONS)
    assert not missing, f"add a mutation of plans/2024.yaml for {sorted(missing)}"
    assert set(MUTATIONS) <= plan_codes


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_mutation_fails_with_its_code_at_the_edited_line(tmp_path, code):
    old, new, anchor, nth = MUTATIONS[code]
    text = mutated_text(old, new)
    checked = check_text(tmp_path, text)
    expected = line_of(text, anchor, nth)
    found = [(d.code, d.line) for d in checked.diagnostics]
    assert (code, expected) in found, f"{code} expected at line {expected}, got {found}"
    assert all(d.file == str(tmp_path / "plan.yaml") for d in checked.diagnostics)
    severity = next(c.severity for c in all_codes() if c.code == code)
    assert next(d for d in checked.diagnostics if d.code == code).severity is severity
