"""`kehoach summary`: many plans in one table (issue 12 part 3). Outputs are read back with the
clients that consume them: openpyxl for the workbook, csv and json parsers, and figures are
checked against what `kehoach progress` and the plans themselves say."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import unicodedata
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import workbook
from conftest import PLAN_2024, ROOT, mutated_text, write_text
from kehoach.cli import app
from kehoach.progress.states import STATES
from kehoach.spreadsheet import safe_text
from kehoach.summary import cells
from kehoach.summary.collect import collect, plan_files
from kehoach.summary.rows import OTHER, build
from kehoach.summary.text import as_csv, as_json

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import summary_plans

runner = CliRunner()
AS_OF = "2024-12-31"


def run(*args: str):
    return runner.invoke(app, ["summary", *args])


def as_data(*args: str) -> dict:
    result = run(*args, "-f", "json")
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("communes")
    summary_plans(folder, 40, seed=7)
    return folder


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The seed with its progress file, a plan whose lines do not add up, one that is not YAML."""
    shutil.copy(PLAN_2024, tmp_path / "2024.yaml")
    shutil.copy(PLAN_2024.with_name("2024.progress.yaml"), tmp_path / "2024.progress.yaml")
    write_text(tmp_path, mutated_text("total: 13_000_000", "total: 14_000_000"), "sai-tong.yaml")
    write_text(tmp_path, "kehoach: 1\ndocument: [\n", "hong.yaml")
    return tmp_path


# ---- the seed plan, checked against `kehoach progress` ---------------------------------------------


def test_seed_plan_figures_match_progress_command() -> None:
    data = as_data(str(ROOT / "plans"), "--as-of", AS_OF)
    progress = json.loads(runner.invoke(app, ["progress", str(PLAN_2024), "--as-of", AS_OF,
                                              "-f", "json"]).stdout)
    [plan] = [p for p in data["plans"] if p["file"].endswith("plans/2024.yaml")]
    assert plan["ok"] and plan["issuer"] == "Ủy ban nhân dân xã An Dương"
    assert (plan["first_year"], plan["last_year"]) == (2024, 2024)
    assert plan["total"] == 13_000_000
    assert plan["spent"] == progress["summary"]["spent"]
    assert {b["code"]: (b["amount"], b["spent"]) for b in plan["budget"]} == {
        line["line"]: (line["amount"], line["spent"]) for line in progress["budget"]}
    for state in STATES:
        key = state.replace("-", "_")
        assert plan["tasks"][key] == progress["summary"][key]
    assert plan["tasks"]["total"] == progress["summary"]["tasks"]


def test_every_plan_under_plans_is_summarised_or_listed() -> None:
    """plans/ and plans/examples/ (when present): each plan file appears once; exactly those that
    `kehoach validate` finds errors in are listed as failed, and the exit code says so."""
    result = run(str(ROOT / "plans"), "--as-of", AS_OF, "-f", "json")
    data = json.loads(result.stdout)
    validated = json.loads(runner.invoke(app, ["validate", str(ROOT / "plans"), "-f", "json"]).stdout)
    assert sorted(p["file"] for p in data["plans"]) == sorted(validated["files"])
    with_errors = {d["file"] for d in validated["diagnostics"] if d["severity"] == "error"}
    failed = {p["file"] for p in data["plans"] if not p["ok"]}
    # A plan's error may sit in its progress file: the plan is the row that fails.
    assert {f.replace(".progress.yaml", ".yaml") for f in with_errors} == failed
    assert result.exit_code == (1 if failed else 0)


def test_table_on_the_seed(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run(str(ROOT / "plans" / "2024.yaml"), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "UBND xã An Dương" in result.stdout
    assert "13.000.000" in result.stdout and "12.600.000" in result.stdout
    assert "Tiểu dự án 1 thuộc Dự án 6" in result.stdout


# ---- plans with errors -----------------------------------------------------------------------------


def test_broken_plans_are_listed_with_their_first_error(broken: Path) -> None:
    result = run(str(broken), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    by_name = {Path(p["file"]).name: p for p in data["plans"]}
    assert set(by_name) == {"2024.yaml", "sai-tong.yaml", "hong.yaml"}
    assert by_name["2024.yaml"]["ok"] and by_name["2024.yaml"]["total"] == 13_000_000
    for name in ("sai-tong.yaml", "hong.yaml"):
        validated = json.loads(runner.invoke(app, ["validate", str(broken / name), "-f", "json"]).stdout)
        first = next(d for d in validated["diagnostics"] if d["severity"] == "error")
        error = by_name[name]["error"]
        assert (error["file"], error["line"], error["column"], error["code"], error["message"]) == (
            first["file"], first["line"], first["column"], first["code"], first["message"])
        assert error["line"] > 0
    # The totals are those of the good plan alone.
    keys = ("plans", "summed", "failed", "total", "spent", "unassigned")
    assert {k: data["total"][k] for k in keys} == {
        "plans": 3, "summed": 1, "failed": 2, "total": 13_000_000,
        "spent": by_name["2024.yaml"]["spent"],
        "unassigned": {"amount": 13_000_000, "spent": by_name["2024.yaml"]["spent"]}}
    assert data["total"]["tasks"] == by_name["2024.yaml"]["tasks"]


def test_broken_plans_in_the_table(broken: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run(str(broken), "--as-of", AS_OF)
    assert result.exit_code == 1
    out = " ".join(result.stdout.split())  # the table folds long lines
    text = (broken / "sai-tong.yaml").read_text(encoding="utf-8")
    line = text[: text.index("total: 14_000_000")].count("\n") + 1
    assert f"sai-tong.yaml:{line}:" in out
    assert "[KH201]" in out and "[KH003]" in out
    assert "2 kế hoạch có lỗi" in out
    assert "UBND xã An Dương" in out


def test_an_error_in_a_progress_file_fails_its_plan(tmp_path: Path) -> None:
    shutil.copy(PLAN_2024, tmp_path / "2024.yaml")
    text = PLAN_2024.with_name("2024.progress.yaml").read_text(encoding="utf-8")
    write_text(tmp_path, text.replace("task: viet-bai", "task: khong-co", 1), "2024.progress.yaml")
    result = run(str(tmp_path), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 1
    [plan] = json.loads(result.stdout)["plans"]
    assert not plan["ok"] and plan["error"]["file"].endswith("2024.progress.yaml")
    assert plan["error"]["code"] == "KH601"


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    shutil.copy(PLAN_2024, tmp_path / "2024.yaml")
    write_text(tmp_path, b"\xff\xfe\x00bad", "nhi-phan.yaml")
    result = run(str(tmp_path), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 2
    assert len(json.loads(result.stdout)["plans"]) == 2


# ---- formats, read back -------------------------------------------------------------------------------


def test_xlsx_read_back_with_openpyxl(broken: Path, tmp_path_factory) -> None:
    from openpyxl import load_workbook

    out = tmp_path_factory.mktemp("out") / "tong-hop.xlsx"
    result = run(str(broken), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 1 and out.is_file()
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["Tổng hợp", "Dự án"] and "Lỗi" in book.sheetnames
    sheet = book["Tổng hợp"]
    assert sheet.freeze_panes == "A2"
    rows = workbook.rows(sheet)  # the total row's formulas computed
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert header[:4] == ("STT", "Tệp kế hoạch", "Cơ quan ban hành", "Năm")
    assert len(body) == 3 and total[1] == cells.TOTAL_LABEL
    issuers = [r[2] for r in body if r[2]]
    assert issuers == ["Ủy ban nhân dân xã An Dương"]
    assert unicodedata.is_normalized("NFC", issuers[0])
    day = date(2024, 12, 31)
    titles = cells.headers(build(collect(plan_files([broken]), day, jobs=1), day))
    assert header == tuple(h.title for h in titles)
    numbers = [i for i, h in enumerate(titles) if h.kind in ("money", "int") and h.title != "STT"]
    assert len(numbers) == 2 + 2 * 3 + 1 + len(STATES) + 2  # total, spent, 3 sub-projects, tasks, counts
    for i in numbers:
        values = [r[i] for r in body if r[i] is not None]
        assert values and all(isinstance(v, int) for v in values), header[i]  # typed, not text
        assert total[i] == sum(values), header[i]
    good = next(r for r in body if r[2])
    assert good[header.index("Tổng kinh phí (đồng)")] == 13_000_000
    assert sheet.cell(2, header.index("Tổng kinh phí (đồng)") + 1).number_format == "#,##0"
    for letter in ("B", "C", "F"):
        assert sheet.column_dimensions[letter].width >= 10
    # Wrapped headers get a tall enough row (spreadsheets do not grow it themselves); printed
    # landscape, across pages, the header row and the plan's columns repeated (test_summary_print).
    assert sheet.row_dimensions[1].height >= 30
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    assert all(str(c).startswith("=SUM(") for c, h in zip(
        next(sheet.iter_rows(min_row=sheet.max_row, values_only=True)), header, strict=True)
        if h.endswith("(đồng)"))
    errors = list(book["Lỗi"].iter_rows(values_only=True))
    assert {Path(r[0]).name for r in errors[1:]} == {"sai-tong.yaml", "hong.yaml"}
    assert all(isinstance(r[2], int) and r[2] > 0 for r in errors[1:])


def test_xlsx_project_sheet_totals(generated: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    assert run(str(generated), "--as-of", "2025-06-30", "-o", str(out)).exit_code == 0
    rows = workbook.rows(load_workbook(out)["Dự án"])
    body, total = rows[1:-1], rows[-1]
    assert total[2] == sum(r[2] for r in body) and total[3] == sum(r[3] for r in body)
    main = workbook.rows(load_workbook(out)["Tổng hợp"])
    assert total[2] == main[-1][main[0].index("Tổng kinh phí (đồng)")]


def test_csv_parsed_back(broken: Path) -> None:
    result = run(str(broken), "--as-of", AS_OF, "-f", "csv")
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    share = header.index("Tỷ lệ chi")  # every column of the workbook (issue 26): tests/test_spreadsheets.py
    assert [r[share] for r in body if r[share]] == ["96.9%"] and total[share] == "96.9%"
    col = header.index("Tổng kinh phí (đồng)")
    assert [r[col] for r in body if r[col]] == ["13000000"]
    assert total[col] == "13000000"
    first_error = header.index("Lỗi đầu tiên")
    assert sum(bool(r[first_error]) for r in body) == 2
    assert all(len(r) == len(header) for r in rows)


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    assert safe_text("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_text("+1") == "'+1" and safe_text("@a") == "'@a" and safe_text("-1") == "'-1"
    assert safe_text("Ủy ban") == "Ủy ban"
    # Through the command: a plan whose issuer a spreadsheet would run (signed by its head, so
    # that the plan stays valid: it is no collective body).
    text = mutated_text("issuer: Ủy ban nhân dân xã An Dương",
                        "issuer: \"=1+1 Ủy ban nhân dân xã An Dương\"")
    write_text(tmp_path, text.replace("  authority: TM\n", ""), "2024.yaml")
    result = run(str(tmp_path), "--as-of", AS_OF, "-f", "csv")
    assert result.exit_code == 0, result.output
    row = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))[1]
    assert row[2] == "'=1+1 Ủy ban nhân dân xã An Dương"


def test_json_documented_keys(generated: Path) -> None:
    data = as_data(str(generated), "--as-of", "2025-06-30")
    assert next(iter(data)) == "format_version" and data["format_version"] == 1
    assert data["as_of"] == "2025-06-30"
    assert data["total"]["plans"] == 40 == len(data["plans"])
    good = [p for p in data["plans"] if p["ok"]]
    assert data["total"]["total"] == sum(p["total"] for p in good)
    assert data["total"]["spent"] == sum(p["spent"] for p in good)
    for key in ["total", *(s.replace("-", "_") for s in STATES)]:
        assert data["total"]["tasks"][key] == sum(p["tasks"][key] for p in good)
    for plan in good:
        # A plan's columns add up to its total and its spending.
        assert sum(b["amount"] for b in plan["budget"]) == plan["total"]
        assert sum(b["spent"] for b in plan["budget"]) == plan["spent"]


# ---- the stage --------------------------------------------------------------------------------------


def test_activity_lines_go_to_their_sub_project(generated: Path) -> None:
    """Generated plans split DA7.TDA2 into two activities' own lines in about a third of cases:
    those amounts land in the DA7.TDA2 column, never in "Khác"."""
    rows = collect(plan_files([generated]), date(2025, 6, 30), jobs=1)
    texts = {r.file: Path(r.file).read_text(encoding="utf-8") for r in rows}
    split = [r for r in rows if "    giam-sat-danh-gia: " in texts[r.file]]
    assert split, "the generator made no plan with activity lines"
    for row in split:
        assert OTHER not in row.columns and "DA7.TDA2" in row.columns


def test_parallel_equals_sequential(generated: Path) -> None:
    files = plan_files([generated])
    day = date(2025, 6, 30)
    seen: list[int] = []

    @contextmanager
    def bar(total: int):
        assert total == len(files)
        yield seen.append

    assert collect(files, day, jobs=2, progress=bar) == collect(files, day, jobs=1)
    assert sum(seen) == len(files) and len(seen) > 1  # the bar moves chunk by chunk


def test_overlapping_folders_count_each_plan_once(generated: Path) -> None:
    data = as_data(str(generated), str(generated / "xa-0000"), str(generated / "xa-0000" / "plan.yaml"),
                   "--as-of", "2025-06-30")
    assert len(data["plans"]) == 40


def test_writers_agree_on_totals(generated: Path) -> None:
    summary = build(collect(plan_files([generated]), date(2025, 6, 30), jobs=1), date(2025, 6, 30))
    data = json.loads(as_json(summary))
    rows = list(csv.reader(io.StringIO(as_csv(summary).lstrip("\ufeff"))))
    assert int(rows[-1][rows[0].index("Tổng kinh phí (đồng)")]) == data["total"]["total"]
    assert int(rows[-1][rows[0].index("Đã chi (đồng)")]) == data["total"]["spent"]


# ---- usage ------------------------------------------------------------------------------------------


def test_usage_errors(tmp_path: Path) -> None:
    shutil.copy(PLAN_2024, tmp_path / "2024.yaml")
    empty = tmp_path / "rong"
    empty.mkdir()
    cases = [
        ([str(empty)], "Không tìm thấy tệp kế hoạch"),
        ([str(tmp_path), "-f", "xlsx"], "-o"),
        ([str(tmp_path), "-o", str(tmp_path / "2024.yaml")], "YAML"),
        ([str(tmp_path), "--as-of", "31/02/2024"], "ngày"),
        ([str(tmp_path), "-f", "xlsx", "-o", str(tmp_path / "x.csv")], "có đuôi .csv"),  # never guessed
        ([str(tmp_path), "-f", "csv", "-o", str(tmp_path / "x.json")], "có đuôi .json"),
    ]
    for args, words in cases:
        result = run(*args)
        assert result.exit_code == 2, args
        assert words in result.output, (args, result.output)
    assert (tmp_path / "2024.yaml").read_bytes() == PLAN_2024.read_bytes()
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.json").exists()
    # a suffix that names no format leaves the choice to --format
    assert run(str(tmp_path), "-f", "csv", "--as-of", AS_OF, "-o", str(tmp_path / "x.txt")).exit_code == 0


def test_output_format_follows_the_suffix(tmp_path: Path) -> None:
    shutil.copy(PLAN_2024, tmp_path / "2024.yaml")
    for name in ("t.csv", "t.json", "t.xlsx", "t.txt"):
        assert run(str(tmp_path), "--as-of", AS_OF, "-o", str(tmp_path / "out" / name)).exit_code == 0
    assert (tmp_path / "out" / "t.csv").read_bytes().startswith("\ufeff".encode())
    assert json.loads((tmp_path / "out" / "t.json").read_text(encoding="utf-8"))["format_version"] == 1
    assert (tmp_path / "out" / "t.xlsx").read_bytes()[:2] == b"PK"
    assert "Tổng hợp kế hoạch" in (tmp_path / "out" / "t.txt").read_text(encoding="utf-8")


def test_period_plan_years(tmp_path: Path) -> None:
    write_text(tmp_path, mutated_text("\nyear: 2024\n", "\nperiod: 2021-2025\n"), "giai-doan.yaml")
    data = as_data(str(tmp_path), "--as-of", AS_OF)
    [plan] = data["plans"]
    assert plan["ok"], plan
    assert (plan["first_year"], plan["last_year"]) == (2021, 2025)
    table = run(str(tmp_path), "--as-of", AS_OF).stdout
    assert "2021–" in table and "2025" in table  # on two lines in the Năm column
    text = run(str(tmp_path), "--as-of", AS_OF, "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert (rows[1][rows[0].index("Năm")], rows[1][rows[0].index("Đến năm")]) == ("2021", "2025")


SOURCES = """    DA6.TDA1:
      amount: 5_000_000
      sources: {ngan-sach-trung-uong: 4_000_000, ngan-sach-dia-phuong: 1_000_000}
    DA6.TDA2: 2_000_000
    DA7.TDA2: {amount: 6_000_000, of_which: {ngan-sach-trung-uong: 5_000_000}}
"""


PROGRESS_BY_SOURCE = """plan: nguon.yaml
records:
  - date: 2024-06-30
    task: giam-ngheo-thong-tin
    status: in-progress
    spent: {ngan-sach-trung-uong: 1_500_000, ngan-sach-dia-phuong: 500_000}
  - date: 2024-07-30
    task: viet-bai
    status: in-progress
    spent: 300_000
"""


def test_funding_sources_become_columns(tmp_path: Path) -> None:
    """A plan naming its sources (full split on one line, a partial `of_which` on another) and
    spending by source, beside the seed, which names none: per-source columns and the unnamed
    part add up to each plan's total and spending."""
    shutil.copy(PLAN_2024, tmp_path / "2024.yaml")
    lines = "    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000\n    DA7.TDA2: 6_000_000\n"
    write_text(tmp_path, mutated_text(lines, SOURCES), "nguon.yaml")
    write_text(tmp_path, PROGRESS_BY_SOURCE, "nguon.progress.yaml")
    result = run(str(tmp_path), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["source"] for s in data["sources"]] == ["ngan-sach-trung-uong", "ngan-sach-dia-phuong"]
    assert data["sources"][0]["name"] == "ngân sách trung ương"
    by_name = {Path(p["file"]).name: p for p in data["plans"]}
    plan = by_name["nguon.yaml"]
    assert plan["funding"] == [
        {"source": "ngan-sach-trung-uong", "name": "ngân sách trung ương", "amount": 9_000_000,
         "spent": 1_500_000},
        {"source": "ngan-sach-dia-phuong", "name": "ngân sách địa phương", "amount": 1_000_000,
         "spent": 500_000}]
    assert plan["spent"] == 2_300_000
    assert plan["unassigned"] == {"amount": 3_000_000, "spent": 300_000}
    seed = by_name["2024.yaml"]
    assert (seed["funding"], seed["unassigned"]) == ([], {"amount": 13_000_000, "spent": seed["spent"]})
    total = data["total"]
    for key in ("amount", "spent"):
        named = sum(f[key] for f in total["funding"]) + total["unassigned"][key]
        assert named == total["total" if key == "amount" else "spent"]

    from openpyxl import load_workbook

    out = tmp_path / "out" / "t.xlsx"
    assert run(str(tmp_path), "--as-of", AS_OF, "-o", str(out)).exit_code == 0
    rows = workbook.rows(load_workbook(out)["Tổng hợp"])
    header = rows[0]
    planned = [i for i, h in enumerate(header) if h.startswith("Dự toán ngân sách") or h.startswith(
        f"Dự toán {cells.UNASSIGNED}")]
    spent = [i for i, h in enumerate(header) if h.startswith("Đã chi ngân sách") or h.startswith(
        f"Đã chi {cells.UNASSIGNED}")]
    assert [header[i] for i in planned] == ["Dự toán ngân sách trung ương (đồng)",
                                            "Dự toán ngân sách địa phương (đồng)",
                                            "Dự toán chưa ghi nguồn (đồng)"]
    for row in rows[1:]:
        assert sum(row[i] or 0 for i in planned) == row[header.index("Tổng kinh phí (đồng)")]
        assert sum(row[i] or 0 for i in spent) == row[header.index("Đã chi (đồng)")]
    for i in planned + spent:
        assert rows[-1][i] == sum(r[i] or 0 for r in rows[1:-1])


def test_plans_without_budget_figures(tmp_path: Path) -> None:
    """A Kinh phí section in words only, and no Kinh phí section at all: no figures, not zero."""
    text = PLAN_2024.read_text(encoding="utf-8")
    start, end = text.index("budget:\n"), text.index("organization:\n")
    write_text(tmp_path, text[:start] + "budget:\n  sources: Ngân sách xã.\n\n" + text[end:], "chu.yaml")
    write_text(tmp_path, text[:start] + text[end:], "khong.yaml")
    data = as_data(str(tmp_path), "--as-of", AS_OF)
    figures = [(p["ok"], p["total"], p["spent"], p["budget"]) for p in data["plans"]]
    assert figures == [(True, None, 0, [])] * 2
    assert data["total"]["total"] == 0 and data["columns"] == []
    table = run(str(tmp_path), "--as-of", AS_OF, "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(table.lstrip("\ufeff"))))
    assert rows[1][rows[0].index("Tổng kinh phí (đồng)")] == ""


def test_progress_bar_on_a_terminal_only(generated: Path, tmp_path: Path) -> None:
    """stderr a terminal: the bar is drawn there; piped: nothing but the result line."""
    import os
    import pty
    import subprocess

    command = [sys.executable, "-m", "kehoach", "summary", str(generated), "--as-of", "2025-06-30",
               "-o", str(tmp_path / "t.json")]
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")} | {
        "TERM": "xterm"}
    main, secondary = pty.openpty()
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=secondary, env=env, timeout=120,
                              check=False)
        os.close(secondary)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(main)
    assert done.returncode == 0
    assert "Đang đọc kế hoạch".encode() in seen and b"40/40" in seen
    piped = subprocess.run(command, capture_output=True, env=env, timeout=120, check=False)
    assert piped.returncode == 0
    assert "Đang đọc".encode() not in piped.stderr and piped.stderr.decode().startswith("Đã ghi")


def test_examples_in_every_format(tmp_path: Path, monkeypatch) -> None:
    """plans/examples/ (period plans, funding sources, partial splits, plans without figures):
    the table fits 80 columns and names every issuer; the workbook's totals are its sums."""
    from openpyxl import load_workbook

    examples = ROOT / "plans" / "examples"
    if not examples.is_dir():
        pytest.skip("plans/examples/ not on main yet")
    data = as_data(str(examples), "--as-of", AS_OF)
    assert len(data["plans"]) == len(plan_files([examples])) >= 2
    monkeypatch.setenv("COLUMNS", "80")
    table = run(str(examples), "--as-of", AS_OF).stdout
    assert max(len(line) for line in table.splitlines()) <= 80
    flat = " ".join(table.split())
    for plan in data["plans"]:
        if plan["ok"]:
            issuer = plan["issuer"].replace("Ủy ban nhân dân", "UBND")
            assert issuer.split()[-1] in flat
    out = tmp_path / "vi-du.xlsx"
    run(str(examples), "--as-of", AS_OF, "-o", str(out))
    rows = workbook.rows(load_workbook(out)["Tổng hợp"])
    header, body, total = rows[0], rows[1:-1], rows[-1]
    for i, title in enumerate(header):
        if title.endswith("(đồng)"):
            assert total[i] == sum(r[i] or 0 for r in body), title
    assert total[header.index("Tổng kinh phí (đồng)")] == data["total"]["total"]


def test_every_json_key_is_documented(broken: Path) -> None:
    """docs/json.md's contract (as tests/test_json_contract.py checks the other commands): every
    key printed, for clean plans (the examples: sources, periods) and for plans with errors."""
    import re

    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    section = doc[doc.index("## `kehoach summary -f json`"):]
    documented = set(re.findall(r"`([a-z_]+)`", section)) | {
        k for row in re.findall(r"\| `([^|]*)` \|", section) for k in re.findall(r"[a-z_]+", row)}

    def keys(node) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for v in node.values() for k in keys(v)}
        return {k for v in node for k in keys(v)} if isinstance(node, list) else set()

    for folder in (ROOT / "plans", broken):
        data = as_data(str(folder), "--as-of", AS_OF)
        assert data["format_version"] == 1
        assert not keys(data) - documented, sorted(keys(data) - documented)
        assert [s["state"] for s in data["states"]] == list(STATES)


def test_columns_add_up_to_the_total_when_money_is_split_by_source_only(tmp_path: Path) -> None:
    """A budget split by source only has no line to put its money in: it goes to "chưa chia",
    so every writer's project columns add up to the plans' totals (and spending)."""
    from openpyxl import load_workbook

    plans = [ROOT / "plans" / "examples" / "xa-2024-theo-nguon.yaml", PLAN_2024]
    data = json.loads(run(*map(str, plans), "--as-of", "2024-12-31", "-f", "json").output)
    for plan in data["plans"]:
        assert sum(b["amount"] for b in plan["budget"]) == plan["total"], plan["file"]
        assert sum(b["spent"] for b in plan["budget"]) == plan["spent"], plan["file"]
    assert "*" in [c["code"] for c in data["columns"]]
    out = tmp_path / "t.xlsx"
    assert run(*map(str, plans), "--as-of", "2024-12-31", "-o", str(out)).exit_code == 0
    projects = workbook.rows(load_workbook(out)["Dự án"])
    assert projects[-1][2] == data["total"]["total"] and "chưa chia" in [r[0] for r in projects]


def test_a_missing_folder_is_refused_before_any_table(tmp_path: Path) -> None:
    result = run(str(ROOT / "plans"), str(tmp_path / "khong-co"), "--as-of", "2024-12-31")
    assert result.exit_code == 2
    assert "Không có `" in result.output and "khong-co" in result.output
    assert "Tổng" not in result.output  # no table of the other folder, as if it were everything
