"""`kehoach report`: the BÁO CÁO computed from the plan, its progress and its report file, read
back with python-docx (and as HTML and Markdown), and every refusal through the CLI."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date
from pathlib import Path
from xml.dom import minidom

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.money import amount_in_words, format_money
from kehoach.progress import check_progress
from kehoach.report.document import plan_reference, summary
from kehoach.report.view import compute_results
from kehoach.validate import check_plan
from readback import html_blocks, shown
from render_plans import MINIMAL, SEED_PLAN, write_plan

runner = CliRunner()
PLANS = SEED_PLAN.parent


def invoke(*args: str):
    return runner.invoke(app, ["report", *args])


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A copy of plans/ (plan, progress and report file) that a test may edit."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("2024.yaml", "2024.progress.yaml", "2024.report.yaml"):
        shutil.copy(PLANS / name, folder / name)
    return folder


def edit_report(folder: Path, **changes: object) -> Path:
    path = folder / "2024.report.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "bc.docx"
    result = invoke(str(SEED_PLAN), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def document(seed_report):
    return docx.Document(str(seed_report))


def seed_results(as_of: date):
    checked = check_plan(SEED_PLAN, progress=False)
    records = check_progress(PLANS / "2024.progress.yaml", checked.plan, SEED_PLAN, checked.catalogue)
    return compute_results(checked.plan, checked.catalogue, records.progress, as_of)


# ---- what the report says ------------------------------------------------------------------


def test_states_as_of_the_year_end() -> None:
    states = {t.ref: t.state for t in seed_results(date(2024, 12, 31)).tasks}
    assert states == {
        "II.1.1": "done", "II.1.2": "in-progress", "II.1.2.a-1": "done", "II.1.2.a-2": "in-progress",
        "II.1.2.a-3": "not-started", "II.1.2.a-4": "done", "II.2.1.1": "in-progress",
        "II.2.1.2": "done",
    }


def test_states_a_month_later_show_late_and_overdue_work() -> None:
    results = seed_results(date(2025, 1, 31))
    by_ref = {t.ref: t for t in results.tasks}
    late = by_ref["II.2.1.1"]  # done on 10/01/2025, deadline Q4/2024
    assert (late.state, late.days, late.done_on) == ("done-late", 10, date(2025, 1, 10))
    assert (by_ref["II.1.2.a-2"].state, by_ref["II.1.2.a-2"].days) == ("overdue", 31)
    # Not started and past the deadline is overdue, not "chưa thực hiện".
    assert by_ref["II.1.2.a-3"].state == "overdue"
    assert results.count("done-late") == 1


def test_notes_are_every_record_up_to_the_date_in_order() -> None:
    task = {t.ref: t for t in seed_results(date(2024, 9, 30)).tasks}["II.1.2.a-4"]
    assert task.notes == ("Đăng 3 tin, bài về giảm nghèo trên trang thông tin điện tử xã",
                          "Trang thông tin điện tử xã tạm dừng để huyện nâng cấp hệ thống",
                          "Trang hoạt động lại; đăng tiếp 2 tin, bài")


def test_money_per_line_adds_up_to_the_records() -> None:
    results = seed_results(date(2024, 12, 31))
    progress = yaml.safe_load((PLANS / "2024.progress.yaml").read_text(encoding="utf-8"))
    spent = sum(r.get("spent", 0) for r in progress["records"] if r["date"] <= date(2024, 12, 31))
    assert results.spent == spent == sum(line.spent for line in results.lines)
    # Each line by the number the plan prints for the activity it funds (section II's "1.1.").
    assert [(line.ref, line.key, line.allocated) for line in results.lines] == [
        ("1.1.", "DA6.TDA1", 5_000_000), ("1.2.", "DA6.TDA2", 2_000_000),
        ("2.1.", "DA7.TDA2", 6_000_000)]
    assert results.allocated == 13_000_000
    assert results.remaining == 13_000_000 - spent


def test_trich_yeu_cites_the_plan_by_number_or_by_date(tmp_path) -> None:
    numbered = check_plan(write_plan(tmp_path), progress=False).plan
    assert summary(numbered) == ("Kết quả thực hiện Kế hoạch số 05/KH-UBND ngày 05/01/2024 của Ủy "
                                 "ban nhân dân xã An Dương về kiểm tra kết xuất")
    undated = check_plan(write_plan(tmp_path, name="undated.yaml", document__date=None,
                                    document__number=None), progress=False).plan
    assert plan_reference(undated) == ("Kế hoạch của Ủy ban nhân dân xã An Dương về kiểm tra kết "
                                       "xuất")
    seed = check_plan(SEED_PLAN, progress=False).plan  # no number yet: cited by its date
    assert plan_reference(seed).startswith("Kế hoạch ngày 29/3/2024 của Ủy ban nhân dân xã An Dương "
                                           "về thực hiện một số nội dung của Dự án 6")


# ---- the .docx read back -------------------------------------------------------------------


def test_header_number_date_title(document) -> None:
    header = document.tables[0]
    assert header.cell(1, 0).paragraphs[0].text == "Số:     /BC-UBND"
    assert header.cell(1, 1).paragraphs[0].text == "An Dương, ngày 15 tháng 01 năm 2025"
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "XÃ AN DƯƠNG"]
    texts = [(p.style.name, shown(p.text)) for p in document.paragraphs]
    assert ("KH Tên loại", "BÁO CÁO") in texts
    (title,) = [t.replace("\n", " ") for s, t in texts if s == "KH Trích yếu"]  # lines: phrases
    assert title.startswith("Kết quả thực hiện Kế hoạch ngày 29/3/2024 của Ủy ban nhân dân xã An Dương về")
    assert document.core_properties.title.startswith("Báo cáo kết quả thực hiện Kế hoạch")


def test_page_setup_and_styles_as_the_plan(document) -> None:
    (section,) = document.sections
    assert abs(section.page_width - Mm(210)) <= Mm(0.2) and abs(section.left_margin - Mm(30)) <= Mm(0.2)
    assert section.different_first_page_header_footer
    for p in document.paragraphs:
        assert p.style.name.startswith("KH "), p.style.name
    assert document.styles["KH Trích yếu"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_sections_and_closing_mark(document) -> None:
    sections = [p.text for p in document.paragraphs if p.style.name == "KH Mục I"]
    assert sections == ["I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
                        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "IV. KIẾN NGHỊ, ĐỀ XUẤT"]
    body = [p.text for p in document.paragraphs if p.text]
    assert sum("./." in t for t in body) == 1
    assert body[-1].endswith("cấp xã./.")
    assert document.paragraphs[[p.text for p in document.paragraphs].index(body[-1])] \
        .paragraph_format.keep_with_next is True


def test_each_task_by_the_plans_number_with_notes_and_state(document) -> None:
    bullets = [shown(p.text) for p in document.paragraphs
               if p.style.name in ("KH Gạch đầu dòng", "KH Dấu cộng")]
    # The numbers the plan prints (an activity "1.1."), an item as a bullet under it: never a
    # reference of kehoach's own ("II.1.2.a-3").
    (first,) = [b for b in bullets if b.startswith("- 1.1. Tiểu dự án 1")]
    assert "Hỗ trợ đợt 2 cho 30 hộ" in first
    assert first.endswith("Hoàn thành ngày 20/12/2024 (hạn 31/12/2024).")
    (contest,) = [b for b in bullets if b.startswith("+ Triển khai tổ chức cuộc thi")]
    assert contest.endswith("chờ hướng dẫn. Chưa thực hiện (hạn 31/12/2024).")
    assert not any(re.search(r"[IVX]+\.\d|\.[a-z]-\d", b) for b in bullets)


def _table_rows(table) -> list[list[str]]:
    return [[shown(cell.text) for cell in row.cells] for row in table.rows]


def test_money_table_with_totals_in_figures_and_words(document) -> None:
    money = next(t for t in document.tables if t.rows[0].cells[0].text == "Số mục"
                 and "Dự toán" in t.rows[0].cells[2].text)
    rows = _table_rows(money)
    assert rows[0] == ["Số mục", "Nội dung", "Dự toán", "Đã chi", "Còn lại", "Tỷ lệ\nđã chi"]
    texts = [shown(p.text) for p in document.paragraphs]
    at = texts.index("Bảng 2. Kinh phí theo từng nội dung")  # a caption, then the unit, then the table
    assert texts[at + 1] == "Đơn vị tính: đồng"
    body, total = rows[1:-1], rows[-1]
    figures = [[int(c.replace(".", "")) for c in r[2:5]] for r in body]
    assert [sum(col) for col in zip(*figures, strict=True)] == [
        int(c.replace(".", "")) for c in total[2:5]]
    assert total[:2] == ["", "Tổng cộng"] and total[5] == "96,9%"
    assert all(a - s == r for a, s, r in figures)
    # The header row repeats on every page, and the table is a real ruled Word table.
    assert money.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert money._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:insideH")).get(qn("w:val")) == "single"
    spent = 12_600_000
    texts = [shown(p.text) for p in document.paragraphs]
    assert (f"- Đã chi đến ngày 31/12/2024: {format_money(spent)} đồng ({amount_in_words(spent)}), "
            "đạt 96,9% dự toán.") in texts
    assert "- Tổng kinh phí được giao: 13.000.000 đồng (Mười ba triệu đồng)." in texts
    assert "- Còn lại: 400.000 đồng (Bốn trăm nghìn đồng)." in texts


def test_task_table(document) -> None:
    tasks = next(t for t in document.tables if t.rows[0].cells[-1].text == "Tình trạng")
    rows = _table_rows(tasks)
    assert rows[0] == ["Số mục", "Nhiệm vụ", "Đơn vị\nchủ trì", "Thời hạn", "Tình trạng"]
    # Activities by the plan's own numbers, its items (no number in the plan) by their bullet.
    assert [r[0] for r in rows[1:]] == ["1.1.", "1.2.", "", "", "", "", "2.1.1.", "2.1.2."]
    assert rows[3][1].startswith("- Công chức Văn hóa xã hội phối hợp")
    # No row is split over a page break (LibreOffice honours it: see test_results_pdf).
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in tasks.rows)
    assert rows[1][1:] == ["Tiểu dự án 1 thuộc Dự án 6: Giảm nghèo về thông tin",
                           "Công chức Văn hóa - Xã hội", "31/12/2024", "Hoàn thành\n20/12/2024"]


def test_signature_from_the_report_file(document) -> None:
    signature = document.tables[-1]
    assert [p.text for p in signature.cell(0, 1).paragraphs] == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hoa"]
    recipients = [p.text for p in signature.cell(0, 0).paragraphs]
    assert recipients[1] == "- Phòng Lao động - Thương binh và Xã hội huyện (b/c);"
    assert recipients[-1] == "- Lưu: VT, VHXH."


def test_package_is_well_formed_and_deterministic(seed_report, tmp_path) -> None:
    with zipfile.ZipFile(seed_report) as archive:
        for name in archive.namelist():
            minidom.parseString(archive.read(name))
    again = tmp_path / "again.docx"
    assert invoke(str(SEED_PLAN), "-o", str(again)).exit_code == 0
    assert again.read_bytes() == seed_report.read_bytes()


# ---- other formats -------------------------------------------------------------------------


def test_html_and_markdown_carry_the_same_tables(tmp_path) -> None:
    result = invoke(str(SEED_PLAN), "-f", "html", "-o", str(tmp_path / "bc.html"))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "bc.html").read_text(encoding="utf-8")
    assert "<thead>" in html and "BÁO CÁO" in html_blocks(html)
    assert "Tổng cộng" in html_blocks(html) and "12.600.000" in html_blocks(html)
    result = invoke(str(SEED_PLAN), "-f", "md", "-o", str(tmp_path / "bc.md"))
    md = (tmp_path / "bc.md").read_text(encoding="utf-8")
    assert "| **Tổng cộng** | **13.000.000** | **12.600.000** | **400.000** | **96,9%** |" in md
    assert "# BÁO CÁO" in md and "Số:     /BC-UBND" in md


def test_default_output_name_does_not_clash_with_the_plan(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(str(SEED_PLAN), "-f", "md")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "build").iterdir()] == ["2024-bao-cao.md"]


def test_as_of_option_overrides_the_report_file(plans, tmp_path) -> None:
    out = tmp_path / "bc.md"
    # After the report's date (15/01/2025): only a draft may look that far (see the test below).
    result = invoke(str(plans / "2024.yaml"), "--as-of", "31/01/2025", "--draft", "-f", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert "Hoàn thành trễ hạn 10 ngày (ngày 10/01/2025, hạn 31/12/2024)." in md
    assert "Quá hạn 31 ngày (hạn 31/12/2024)" in md


# ---- refusals and drafts -------------------------------------------------------------------


def test_missing_report_file_is_an_error_and_draft_prints_placeholders(plans, tmp_path) -> None:
    (plans / "2024.report.yaml").unlink()
    result = invoke(str(plans / "2024.yaml"), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1
    assert "chưa có tệp báo cáo" in result.output and "--draft" in result.output
    assert not (tmp_path / "x.docx").exists()
    result = invoke(str(plans / "2024.yaml"), "--draft", "--as-of", "2024-12-31", "-f", "md",
                    "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "**DỰ THẢO**" in md
    # Plain words in the document; the file and its keys are said on the terminal only.
    assert "[Chưa viết: tồn tại, hạn chế — bổ sung trước khi trình ký]" in md
    assert "`" not in md.split("**Nơi nhận:**")[0] and "report.yaml" not in md
    assert "*An Dương, ngày     tháng     năm 2024*" in md
    assert "[Họ và tên người ký]" in md


def test_missing_parts_point_at_the_report_file(plans, tmp_path) -> None:
    path = edit_report(plans, causes=None, recommendations=[])
    result = invoke(str(plans / "2024.yaml"), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1
    assert "lỗi[KH701]" in result.output
    assert "Báo cáo chưa có phần nguyên nhân (`causes`)." in result.output
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("recommendations:"))
    assert re.search(rf"2024\.report\.yaml:{line}:1\b", result.output), result.output
    assert not (tmp_path / "x.docx").exists()
    result = invoke(str(plans / "2024.yaml"), "--draft", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 0, result.output


def test_a_typo_in_the_report_file_is_refused_even_for_a_draft(plans, tmp_path) -> None:
    edit_report(plans, shortcommings=["x"])
    for extra in ((), ("--draft",)):
        result = invoke(str(plans / "2024.yaml"), *extra, "-o", str(tmp_path / "x.docx"))
        assert result.exit_code == 1, result.output
        assert "KH102" in result.output and "shortcommings" in result.output


def test_report_dated_before_the_plan(plans) -> None:
    edit_report(plans, date=date(2023, 12, 31), as_of=None)
    result = runner.invoke(app, ["validate", str(plans)])
    assert result.exit_code == 1
    assert "KH703" in result.output and "2024.report.yaml" in result.output


def test_validate_treats_the_report_file_as_a_companion(plans) -> None:
    result = runner.invoke(app, ["validate", str(plans)])
    assert result.exit_code == 0, result.output
    assert "(1 tệp)" in result.output  # the plan; its progress and report files are checked with it
    edit_report(plans, signer={"title": "Chủ tịch"})  # no name
    result = runner.invoke(app, ["validate", str(plans)])
    assert result.exit_code == 1 and "2024.report.yaml" in result.output


def test_validate_does_not_require_a_finished_report(plans) -> None:
    edit_report(plans, shortcomings=None, causes=None, directions=None, recommendations=None)
    assert runner.invoke(app, ["validate", str(plans)]).exit_code == 0


@pytest.mark.parametrize("name", ["2024.yaml", "2024.report.yaml", "2024.progress.yaml"])
def test_inputs_are_never_overwritten(plans, name) -> None:
    target = plans / name
    before = target.read_bytes()
    result = invoke(str(plans / "2024.yaml"), "-f", "md", "-o", str(target))
    assert result.exit_code == 2
    assert "Không ghi đè tệp đầu vào" in result.output
    assert target.read_bytes() == before


def test_a_plan_without_progress_reports_nothing_done(tmp_path) -> None:
    plan = write_plan(tmp_path, MINIMAL)
    (tmp_path / "plan.report.yaml").write_text(
        "date: 2025-01-10\nsigner: {authority: TM, title: Chủ tịch, name: Nguyễn Văn A}\n"
        "shortcomings: [Chưa làm.]\ncauses: [Thiếu người.]\ndirections: [Làm tiếp.]\n"
        "recommendations: [Không.]\n", encoding="utf-8")
    result = invoke(str(plan), "-f", "md", "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 0, result.output
    assert "Chưa có tệp tiến độ" in result.output
    md = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "Số:     /BC-UBND" in md and "Kế hoạch số 05/KH-UBND ngày 05/01/2024" in md
    assert "trong 0 nhiệm vụ" not in md


def test_rules_list_the_report_codes() -> None:
    result = runner.invoke(app, ["rules"])
    assert all(code in result.output for code in ("KH701", "KH702", "KH703"))


def test_every_kind_of_deadline(tmp_path) -> None:
    plan = write_plan(tmp_path, MINIMAL, activities=[
        {"title": "Báo cáo định kỳ", "id": "bc", "text": ["Báo cáo."], "deadline": "định kỳ hằng quý"},
        {"title": "Sự kiện", "id": "sk", "text": ["Làm."], "deadline": "ngày 04/11/2024"},
        {"title": "Khoảng", "id": "kh", "text": ["Làm."], "deadline": "từ tháng 4 đến tháng 12/2024"}])
    (tmp_path / "plan.progress.yaml").write_text(
        "plan: plan.yaml\nrecords:\n  - {date: 2024-05-01, task: bc, status: in-progress, note: Quý I xong}\n"
        "  - {date: 2024-11-10, task: sk, status: done}\n", encoding="utf-8")
    result = invoke(str(plan), "--draft", "--as-of", "2024-12-31", "-f", "md", "-o", str(tmp_path / "r.md"))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    # Each quarter is a due date (kehoach.progress.recurring): Q1–Q3 have no done record.
    flat = md.replace("<br>", " ")  # names broken between phrases in their cells
    assert "| 1. | Báo cáo định kỳ |  | định kỳ hằng quý | Quá hạn 275 ngày |" in flat
    assert "- 1. Báo cáo định kỳ: Quý I xong. Quá hạn 275 ngày, chưa hoàn thành." in md
    # Reported done without a note: no "chưa có báo cáo kết quả" beside "hoàn thành".
    assert "- 2. Sự kiện: hoàn thành trễ hạn 6 ngày (ngày 10/11/2024, hạn 04/11/2024)." in md
    assert "| 3. | Khoảng |  | 31/12/2024 | Chưa thực hiện |" in flat


def test_money_per_funding_source(tmp_path) -> None:
    from test_progress_money import BY_SOURCE

    plan = tmp_path / "2024.yaml"
    plan.write_text(BY_SOURCE, encoding="utf-8")
    (tmp_path / "2024.progress.yaml").write_text(
        "plan: 2024.yaml\nrecords:\n"
        "  - {date: 2024-05-01, task: thong-tin, status: in-progress, "
        "spent: {ngan-sach-trung-uong: 1_000_000, ngan-sach-xa: 500_000}}\n"
        "  - {date: 2024-06-01, task: viet-bai, status: done, spent: 300_000}\n", encoding="utf-8")
    result = invoke(str(plan), "--draft", "--as-of", "2024-12-31", "-o", str(tmp_path / "r.docx"))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "r.docx"))
    (money,) = [t for t in document.tables if [c.text for c in t.rows[0].cells][1:3] == [
        "Nội dung", "Dự toán"]]
    rows = _table_rows(money)[1:]
    assert rows[0][2:] == ["5.000.000", "1.500.000", "3.500.000", "30,0%"]
    assert rows[1][1:] == ["- Ngân sách trung ương", "4.000.000", "1.000.000", "3.000.000", "25,0%"]
    assert rows[2][1:] == ["- Ngân sách xã", "1.000.000", "500.000", "500.000", "50,0%"]
    assert rows[-1][1:] == ["Tổng cộng", "7.000.000", "1.800.000", "5.200.000", "25,7%"]
    (by_source,) = [t for t in document.tables
                    if [c.text for c in t.rows[0].cells][:2] == ["TT", "Nguồn vốn"]]
    rows = _table_rows(by_source)[1:]
    assert [r[1] for r in rows] == ["Ngân sách trung ương", "Ngân sách xã", "Đã chi chưa ghi nguồn vốn",
                                    "Tổng cộng"]
    # Dự toán and đã chi add up to the total row, spending recorded without its source included;
    # that spending is shown as what it is, with no remainder (never a negative one).
    figures = [[int(c.replace(".", "") or 0) for c in r[2:5]] for r in rows]
    assert [sum(col) for col in zip(*figures[:-1], strict=True)][:2] == figures[-1][:2]
    assert rows[2][2:6] == ["", "300.000", "", ""]
    assert figures[-1][2] == figures[-1][0] - figures[-1][1]  # còn lại: what is left of the total
    assert not any(c.startswith("-") for r in rows for c in r[2:5])


def test_output_with_a_trailing_slash_is_a_folder(tmp_path) -> None:
    result = invoke(str(SEED_PLAN), "-f", "md", "-o", f"{tmp_path / 'out'}/")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["2024-bao-cao.md"]


def test_figures_never_wrap_in_the_money_tables(tmp_path) -> None:
    from kehoach.metrics import text_width_pt

    plan = PLANS / "examples" / "hue-2025-giam-ngheo.yaml"
    assert invoke(str(plan), "-o", str(tmp_path / "hue.docx")).exit_code == 0
    document = docx.Document(str(tmp_path / "hue.docx"))
    money = [t for t in document.tables if "Dự toán" in [c.text for c in t.rows[0].cells]]
    assert len(money) == 2
    for table in money:
        widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(widths) == 9354  # the text width: the plan's triệu đồng leave it portrait
        assert widths[1] >= 0.3 * 9354  # the names have room (issue 25: 2.5 cm, five lines each)
        for row in table.rows[1:]:
            for width, cell in zip(widths[2:], row.cells[2:], strict=True):
                assert text_width_pt(cell.text, 13, bold=True) * 20 + 170 <= width, cell.text


def test_the_example_report_of_a_province(tmp_path) -> None:
    plan = PLANS / "examples" / "hue-2025-giam-ngheo.yaml"
    result = invoke(str(plan), "-o", str(tmp_path / "hue.docx"))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "hue.docx"))
    header = document.tables[0]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 312/BC-UBND"
    assert header.cell(1, 1).paragraphs[0].text.endswith("ngày 10 tháng 10 năm 2025")
    (title,) = [shown(p.text).replace("\n", " ") for p in document.paragraphs
                if p.style.name == "KH Trích yếu"]
    assert title.startswith("Kết quả thực hiện Kế hoạch số 474/KH-UBND ngày 27/12/2024 của Ủy ban nhân "
                            "dân tỉnh Thừa Thiên Huế về")
    texts = [shown(p.text) for p in document.paragraphs]
    assert ("Tính đến ngày 30/9/2025, trong 5 nhiệm vụ được theo dõi: hoàn thành 1, đang thực hiện 2, "
            "chưa thực hiện 2.") in texts
    (by_source,) = [t for t in document.tables
                    if [c.text for c in t.rows[0].cells][:2] == ["TT", "Nguồn vốn"]]
    rows = _table_rows(by_source)
    assert rows[-1][1] == "Tổng cộng"

    def figure(cell: str) -> float:  # triệu đồng, the plan's own unit: 3.930,5
        return float(cell.replace(".", "").replace(",", ".") or 0)

    assert sum(figure(r[3]) for r in rows[1:-1]) == figure(rows[-1][3]) == 3930.5
    texts = [shown(p.text) for p in document.paragraphs]
    assert "Đơn vị tính: triệu đồng" in texts
    assert ("- Tổng kinh phí được giao: 7.530,5 triệu đồng (Bảy tỷ năm trăm ba mươi triệu năm trăm "
            "nghìn đồng).") in texts


def test_plan_errors_refuse_the_report_but_not_a_draft(plans, tmp_path) -> None:
    plan = plans / "2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 13_000_000", "total: 14_000_000"),
                    encoding="utf-8")
    result = invoke(str(plan), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1 and "KH201" in result.output and "--draft" in result.output
    assert not (tmp_path / "x.docx").exists()
    result = invoke(str(plan), "--draft", "-f", "md", "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 0, result.output
    assert "**DỰ THẢO**" in (tmp_path / "x.md").read_text(encoding="utf-8")


def test_progress_errors_refuse_the_report_but_not_a_draft(plans, tmp_path) -> None:
    progress = plans / "2024.progress.yaml"
    progress.write_text(progress.read_text(encoding="utf-8").replace("task: viet-bai", "task: viet-bia", 1),
                        encoding="utf-8")
    result = invoke(str(plans / "2024.yaml"), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1 and "KH601" in result.output and "2024.progress.yaml" in result.output
    assert not (tmp_path / "x.docx").exists()
    assert invoke(str(plans / "2024.yaml"), "--draft", "-o", str(tmp_path / "x.docx")).exit_code == 0


def test_unreadable_report_file_is_exit_2(plans, tmp_path) -> None:
    (plans / "2024.report.yaml").write_bytes(b"\xff\xfe\x00b\x00a\x00d")
    result = invoke(str(plans / "2024.yaml"), "--draft", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2, result.output
    assert "2024.report.yaml" in result.output and not (tmp_path / "x.docx").exists()


def test_help_is_vietnamese() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    for words in ("--as-of", "--draft", "--format", "BÁO CÁO", "report.yaml", "Mã thoát"):
        assert words in result.output, words


def test_the_example_report_of_a_monitoring_plan_with_recurring_reports(tmp_path) -> None:
    plan = PLANS / "examples" / "quangnam-2023-giam-sat.yaml"
    result = invoke(str(plan), "-f", "md", "-o", str(tmp_path / "qn.md"))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "qn.md").read_text(encoding="utf-8")
    # Generic sections' items are bullets, as the plan prints them (no number of kehoach's own,
    # "II-2"); a monthly report missed since 20/10 is overdue as of 25/10, its deadline as written.
    assert "- Giám sát thường xuyên việc thực hiện Chương trình trên địa bàn: Đã giám sát 9/18 " \
           "huyện. Đang thực hiện." in md
    assert ("|  | - Cập nhật tiến độ giải ngân vốn của Chương trình | Các sở, ban, ngành chủ trì dự án, "
            "tiểu dự án | hằng tháng trước ngày 20 | Quá hạn 5 ngày |") in md.replace("<br>", " ")
    assert "II-2" not in md and "IV-2" not in md
    assert "Số:     /BC-UBND" in md and "Kế hoạch số 4544/KH-UBND ngày 13/7/2023" in md


def test_a_budget_in_words_only_has_no_money_part(tmp_path) -> None:
    plan = PLANS / "examples" / "xa-2024-nguon-bang-loi.yaml"
    result = invoke(str(plan), "--draft", "--as-of", "2024-12-31", "-f", "md", "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "### 1. Kết quả thực hiện các nhiệm vụ" in md
    assert "Kết quả sử dụng kinh phí" not in md and "Dự toán" not in md


def test_validate_given_the_report_file_checks_it_with_its_plan(plans) -> None:
    # As pre-commit passes it: the changed file alone.
    report = plans / "2024.report.yaml"
    assert runner.invoke(app, ["validate", str(report)]).exit_code == 0
    edit_report(plans, shortcommings=["x"])
    result = runner.invoke(app, ["validate", str(report)])
    assert result.exit_code == 1
    assert "KH102" in result.output and "2024.report.yaml" in result.output and "(1 tệp)" in result.output


def test_a_blocked_task_says_so(plans, tmp_path) -> None:
    out = tmp_path / "x.md"
    result = invoke(str(plans / "2024.yaml"), "--as-of", "2024-09-01", "-f", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "tạm dừng để huyện nâng cấp hệ thống. Đang thực hiện, đang vướng mắc (hạn 31/12/2024)." in md
    assert "| Đang thực hiện<br>(vướng mắc) |" in md
    assert md.count("vướng mắc") == 2  # only that task


def test_the_plans_appendix_is_not_the_reports(tmp_path) -> None:
    plan = PLANS / "examples" / "son-tinh-2025-phu-luc.yaml"
    assert "appendices" in plan.read_text(encoding="utf-8")
    result = invoke(str(plan), "--draft", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "x.docx"))
    assert len(document.sections) == 1
    assert not any("Kèm theo Kế hoạch" in p.text for p in document.paragraphs)


EXAMPLES = sorted(p for p in (PLANS / "examples").glob("*.yaml")
                  if not p.name.endswith((".progress.yaml", ".report.yaml", ".catalogue.yaml")))


@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_gives_a_draft_report(plan, tmp_path) -> None:
    result = invoke(str(plan), "--draft", "-f", "md", "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "# BÁO CÁO" in md and "/BC-" in md and md.count("./.") == 1


def test_as_of_after_the_report_is_signed_is_refused(plans: Path, tmp_path: Path) -> None:
    # The report file is signed on 15/01/2025: figures cannot run past that (as KH703 says of `as_of`).
    out = str(tmp_path / "r.md")
    result = invoke(str(plans / "2024.yaml"), "--as-of", "2025-06-30", "-f", "md", "-o", out)
    assert result.exit_code == 2
    assert "sau ngày ký báo cáo 15/01/2025" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r.md").exists()
    same_day = invoke(str(plans / "2024.yaml"), "--as-of", "2025-01-15", "-f", "md", "-o", out)
    assert same_day.exit_code == 0, same_day.output
    draft = invoke(str(plans / "2024.yaml"), "--as-of", "2025-06-30", "--draft", "-f", "md", "-o", out)
    assert draft.exit_code == 0, draft.output


def test_the_report_docx_shares_the_plans_page_layout(plans: Path, tmp_path: Path) -> None:
    """The layout tests of the plan's .docx (test_render_docx.py) hold for the report because the
    report is laid out by the same parts: styles, settings, page headers (page number hidden on
    page 1) and the page setup of its body section. Kept identical, byte for byte."""
    rendered = runner.invoke(app, ["render", str(plans / "2024.yaml"), "-o", str(tmp_path / "kh.docx")])
    assert rendered.exit_code == 0, rendered.output
    assert invoke(str(plans / "2024.yaml"), "-o", str(tmp_path / "bc.docx")).exit_code == 0

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as z:
            out = {name: z.read(name) for name in ("word/styles.xml", "word/settings.xml",
                                                   "word/header1.xml", "word/header2.xml")}
            body = z.read("word/document.xml").decode("utf-8")
        out["sectPr"] = re.findall(r"<w:sectPr\b.*?</w:sectPr>", body, re.S)[-1].encode()
        return out

    plan, report = parts(tmp_path / "kh.docx"), parts(tmp_path / "bc.docx")
    assert plan.keys() == report.keys()
    for name in plan:
        assert plan[name] == report[name], name


def test_a_draft_without_its_report_file_counts_to_the_end_of_the_plan(plans: Path, tmp_path: Path) -> None:
    """No report file, no --as-of: today, but never past the plan's last year (a 2024 plan read
    in 2026 is not 'overdue 700 days')."""
    (plans / "2024.report.yaml").unlink()
    out = tmp_path / "r.md"
    result = invoke(str(plans / "2024.yaml"), "--draft", "-f", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert "tính đến ngày 31/12/2024" in md
    assert not re.search(r"Quá hạn \d{3,} ngày", md)
