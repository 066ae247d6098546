"""Spreadsheets for the everyday work (issue 26 item 7): `progress -f csv|xlsx`, the summary csv
with every column of the workbook, each read back by its real client (csv, openpyxl, LibreOffice
Calc opening the csv with the filter hint the README gives)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PLAN_2024, ROOT
from kehoach.cli import app
from kehoach.diagnostics import KehoachError
from kehoach.progress.formats import choose_format

runner = CliRunner()
HUE = ROOT / "plans" / "examples" / "hue-2025-giam-ngheo.yaml"
CALC_FILTER = "CSV:44,34,76,1,,1033"  # the README's hint: comma, ", UTF-8, line 1, English (USA)


def _csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel reads the Vietnamese right only with the BOM
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _copy(tmp_path: Path, plan: Path) -> Path:
    for path in (plan, plan.with_name(f"{plan.stem}.progress.yaml")):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / plan.name


# ---- progress -----------------------------------------------------------------------------------


def test_progress_csv_is_the_workbooks_task_sheet(tmp_path):
    from openpyxl import load_workbook

    plan = _copy(tmp_path, PLAN_2024)
    text = runner.invoke(app, ["progress", str(plan), "--as-of", "2024-12-31", "-f", "csv"]).stdout
    rows = _csv(text)
    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["progress", str(plan), "--as-of", "2024-12-31", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["Nhiệm vụ", "Kinh phí", "Thông tin"]
    sheet = list(book["Nhiệm vụ"].iter_rows(values_only=True))
    assert tuple(rows[0]) == sheet[0]

    def same(cell, value) -> str:
        if isinstance(value, datetime):
            return value.date().isoformat()
        return "" if value is None else str(value)

    assert [[same(c, v) for c, v in zip(r, s, strict=True)] for r, s in zip(rows, sheet, strict=True)] == rows
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Mã"] == "giam-ngheo-thong-tin" and first["Chủ trì"] == "Công chức Văn hóa - Xã hội"
    assert first["Ngày hạn"] == "2024-12-31" and first["Tình trạng"] == "Hoàn thành"
    assert first["Đã chi (đồng)"] == "4800000"  # a bare integer: it sums


def test_progress_workbook_is_typed_and_adds_up(tmp_path):
    from openpyxl import load_workbook

    plan = _copy(tmp_path, HUE)
    out = tmp_path / "out" / "tien-do.xlsx"
    out.parent.mkdir()
    assert runner.invoke(app, ["progress", str(plan), "--as-of", "2025-09-30", "-f", "xlsx",
                               "-o", str(out)]).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Nhiệm vụ", "Kinh phí", "Kinh phí từng dòng theo nguồn",
                               "Kinh phí theo nguồn vốn", "Thông tin"]
    tasks = book["Nhiệm vụ"]
    assert tasks.freeze_panes == "A2" and tasks.auto_filter.ref
    header = [c.value for c in tasks[1]]
    due = tasks.cell(2, header.index("Ngày hạn") + 1)
    assert isinstance(due.value, datetime) and due.number_format == "DD/MM/YYYY"
    rows = list(book["Kinh phí"].iter_rows(values_only=True))
    head, body, total = rows[0], rows[1:-1], rows[-1]
    assert total[0] == "Tổng cộng"
    for title in ("Dự toán (đồng)", "Đã chi (đồng)", "Còn lại (đồng)"):
        i = head.index(title)
        assert all(isinstance(r[i], int) for r in body)
        assert total[i] == sum(r[i] for r in body), title
    share, spent, amount = (head.index(t) for t in ("Tỷ lệ chi", "Đã chi (đồng)", "Dự toán (đồng)"))
    assert total[share] == pytest.approx(total[spent] / total[amount])
    assert book["Kinh phí"].cell(2, share + 1).number_format == "0.0%"
    assert book["Kinh phí"].cell(2, amount + 1).number_format == "#,##0"
    sources = list(book["Kinh phí theo nguồn vốn"].iter_rows(values_only=True))
    assert sum(r[1] or 0 for r in sources[1:]) == total[amount]  # the sources split the whole budget
    assert sum(r[2] for r in sources[1:]) == total[spent]
    assert sources[-1][0] == "Chưa ghi nguồn vốn" and sources[-1][1] is None  # spent, no figure planned
    about = dict(book["Thông tin"].iter_rows(values_only=True))
    assert about["Tính đến ngày"] == datetime(2025, 9, 30)


def test_progress_text_starting_with_equals_is_never_a_formula(tmp_path):
    from openpyxl import load_workbook

    plan = _copy(tmp_path, PLAN_2024)
    progress = plan.with_name("2024.progress.yaml")
    progress.write_text(progress.read_text(encoding="utf-8").replace(
        "note: Đã phát 12 tin bài", "note: =1+1 Đã phát 12 tin bài", 1), encoding="utf-8")
    out = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["progress", str(plan), "--as-of", "2024-12-31", "-o", str(out)]).exit_code == 0
    cells = [c for row in load_workbook(out)["Nhiệm vụ"].iter_rows() for c in row]
    note = next(c for c in cells if isinstance(c.value, str) and c.value.startswith("=1+1"))
    assert note.data_type == "s"
    text = runner.invoke(app, ["progress", str(plan), "--as-of", "2024-12-31", "-f", "csv"]).stdout
    assert "'=1+1 Đã phát" in text  # the csv neutralises it as kehoach.spreadsheet does


@pytest.mark.parametrize(("given", "output", "expected"), [
    (None, None, "table"), ("json", None, "json"), (None, "t.csv", "csv"), (None, "t.XLSX", "xlsx"),
    ("md", "t.md", "md"), ("csv", "t.txt", "csv"), (None, "t.md", "md"),
])
def test_progress_format_from_option_and_suffix(given, output, expected):
    assert choose_format(given, Path(output) if output else None) == expected


@pytest.mark.parametrize(("given", "output", "says"), [
    ("xlsx", None, "-o tien-do.xlsx"), ("json", "t.csv", "có đuôi .csv"), (None, "t.txt", "Bảng chỉ in"),
])
def test_progress_format_refused_not_guessed(given, output, says):
    with pytest.raises(KehoachError) as caught:
        choose_format(given, Path(output) if output else None)
    assert says in caught.value.message + caught.value.hint


def test_progress_workbook_without_o_is_refused(tmp_path):
    result = runner.invoke(app, ["progress", str(PLAN_2024), "--as-of", "2024-12-31", "-f", "xlsx"])
    assert result.exit_code == 2 and "Excel" in result.output
    assert not list(tmp_path.iterdir())


def _calc(tmp_path: Path, path: Path) -> list[list]:
    """LibreOffice Calc opens the csv with the README's filter hint and saves it as xlsx;
    openpyxl reads the cells back."""
    from openpyxl import load_workbook

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("SKIPPED LOUDLY: LibreOffice (soffice) is not installed")
    done = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                           f"--infilter={CALC_FILTER}", "--convert-to", "xlsx", "--outdir",
                           str(tmp_path / "calc"), str(path)], capture_output=True, text=True, timeout=180)
    converted = tmp_path / "calc" / f"{path.stem}.xlsx"
    if not converted.exists() and "no export filter" in (done.stdout + done.stderr).lower():
        pytest.skip("SKIPPED LOUDLY: LibreOffice Calc (libreoffice-calc-nogui) is not installed")
    assert converted.exists(), done.stdout + done.stderr
    return [list(row) for row in load_workbook(converted).active.iter_rows(values_only=True)]


def test_progress_csv_opens_in_calc(tmp_path):
    plan = _copy(tmp_path, PLAN_2024)
    out = tmp_path / "tien-do.csv"
    assert runner.invoke(app, ["progress", str(plan), "--as-of", "2024-12-31", "-o", str(out)]).exit_code == 0
    rows = _calc(tmp_path, out)
    header = rows[0]
    assert header[2] == "Nhiệm vụ"  # UTF-8, not mojibake
    first = dict(zip(header, rows[1], strict=True))
    assert first["Chủ trì"] == "Công chức Văn hóa - Xã hội"
    assert first["Đã chi (đồng)"] == 4800000  # a number
    assert isinstance(first["Ngày hạn"], datetime) and first["Ngày hạn"].date() == date(2024, 12, 31)


# ---- summary ------------------------------------------------------------------------------------


def test_summary_csv_has_every_column_of_the_workbook(tmp_path):
    from openpyxl import load_workbook

    folder = tmp_path / "plans"
    folder.mkdir()
    _copy(folder, PLAN_2024)
    _copy(folder, HUE)
    rows = _csv(runner.invoke(app, ["summary", str(folder), "--as-of", "2025-09-30", "-f", "csv"]).stdout)
    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["summary", str(folder), "--as-of", "2025-09-30", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = list(load_workbook(out)["Tổng hợp"].iter_rows(values_only=True))
    assert tuple(rows[0]) == sheet[0]  # every column, in the same order, "Tỷ lệ chi" included
    share = rows[0].index("Tỷ lệ chi")
    assert len(rows) == len(sheet)
    for text_row, book_row in zip(rows[1:-1], sheet[1:-1], strict=True):  # the plans
        value = book_row[share]
        assert text_row[share] == (f"{100 * value:.1f}%" if value is not None else "")
        for i, cell in enumerate(book_row):
            if isinstance(cell, int):
                assert text_row[i] == str(cell)
    # The workbook's total row may be formulas (SUM, spent/amount); the csv's is their value.
    total, amount, spent = rows[-1], rows[0].index("Tổng kinh phí (đồng)"), rows[0].index("Đã chi (đồng)")
    assert total[share] == f"{100 * int(total[spent]) / int(total[amount]):.1f}%"


def test_summary_csv_opens_in_calc_with_the_share_a_number(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    _copy(folder, PLAN_2024)
    out = tmp_path / "tong-hop.csv"
    result = runner.invoke(app, ["summary", str(folder), "--as-of", "2024-12-31", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = _calc(tmp_path, out)
    header = rows[0]
    plan = dict(zip(header, rows[1], strict=True))
    assert plan["Cơ quan ban hành"] == "Ủy ban nhân dân xã An Dương"
    assert plan["Tổng kinh phí (đồng)"] == 13_000_000 and plan["Đã chi (đồng)"] == 12_600_000
    assert plan["Tỷ lệ chi"] == pytest.approx(12_600_000 / 13_000_000, abs=5e-4)  # a number, not text
