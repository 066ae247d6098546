"""The summary workbook printed (issue 25): opened and printed by LibreOffice Calc as a person
would print it, read back from the PDF. Landscape pages across (never shrunk to one page width),
the header row and the plan's number, file and issuer on every page, long names wrapped in their
cells, readable type, and the total row's formulas computed by Calc to the figures kehoach
computed. Skipped, with the reason, where LibreOffice or pdftotext is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import workbook
from kehoach.cli import app
from kehoach.render import pdflayout
from kehoach.render.pdf import find_soffice
from kehoach.summary import cells
from kehoach.summary.collect import collect, plan_files
from kehoach.summary.rows import build
from pdfpages import POPPLER, layout_text
from render_plans import ROOT

AS_OF = "2024-12-31"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("summary") / "tong-hop.xlsx"
    result = CliRunner().invoke(app, ["summary", str(ROOT / "plans"), "--as-of", AS_OF, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_printed_across_pages_with_titles_repeated(book) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(book)["Tổng hợp"]
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.paperSize == 9 and setup.scale == 85
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage  # never shrunk to one page width
    assert setup.pageOrder == "overThenDown"
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$C"
    assert "&P" in sheet.oddFooter.center.text


def test_columns_sized_by_content_and_long_names_wrapped(book) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(book)["Tổng hợp"]
    rows = list(sheet.iter_rows())
    width = {c.column_letter: sheet.column_dimensions[c.column_letter].width for c in rows[0]}
    assert width["A"] < 10 and width["D"] < 10 < width["C"] <= 32  # numbers narrow; names capped, wrapped
    for row in rows[1:-1]:
        file, issuer = row[1], row[2]
        assert file.alignment.wrap_text and issuer.alignment.wrap_text
        longest = max(len(str(file.value)), len(str(issuer.value or "")))
        if longest > width["B"] - 1:  # wraps: the row is as tall as its lines
            assert sheet.row_dimensions[row[0].row].height >= 30, file.value


def test_total_row_is_formulas_equal_to_the_values(book) -> None:
    from openpyxl import load_workbook

    day = date.fromisoformat(AS_OF)
    expected = cells.total_cells(build(collect(plan_files([ROOT / "plans"]), day, jobs=1), day))
    sheet = load_workbook(book)["Tổng hợp"]
    written = next(sheet.iter_rows(min_row=sheet.max_row, values_only=True))
    computed = workbook.rows(sheet)[-1]
    titles = [c.value for c in next(sheet.iter_rows(max_row=1))]
    for title, formula, value, want in zip(titles, written, computed, expected, strict=True):
        if isinstance(want, (int, float)) and not isinstance(want, bool):
            assert isinstance(formula, str) and formula.startswith("="), title
            assert value == pytest.approx(want), title
        else:
            assert formula == want, title


needs_calc = pytest.mark.skipif(
    find_soffice() is None or not POPPLER,
    reason="LibreOffice (soffice) or pdftotext is not installed: the workbook NOT printed "
    "(apt-get install libreoffice-calc-nogui poppler-utils)",
)


@pytest.fixture(scope="module")
def printed(book, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("printed")
    shutil.copy(book, folder / "tong-hop.xlsx")
    profile = (folder / "profile").as_uri()
    subprocess.run([find_soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(folder), str(folder / "tong-hop.xlsx")],
                   capture_output=True, timeout=180, check=True, start_new_session=True)
    return folder / "tong-hop.pdf"


@needs_calc
def test_every_printed_page_of_the_plans_says_which_plan_and_column(printed, book) -> None:
    from openpyxl import load_workbook

    issuers = [r[2] for r in load_workbook(book)["Tổng hợp"].iter_rows(min_row=2, values_only=True) if r[2]]
    pages = [p for p in layout_text(printed) if "Tổng hợp" in p.splitlines()[0] + p.splitlines()[1]]
    assert len(pages) >= 3  # across several pages, not squeezed onto one
    shown = set()
    for page in pages:
        flat = " ".join(page.split())
        assert "STT" in flat and "Tệp kế hoạch" in flat and "Cơ quan ban hành" in flat
        # The rows this page prints (by their STT, repeated on every page across): each row's issuer
        # whole on it, wrapped, never cut. As many plans as plans/ holds: rows run on down the pages.
        rows = {int(n) for n in re.findall(r"^\s*(\d+) ", page, re.MULTILINE) if 0 < int(n) <= len(issuers)}
        for n in rows:
            issuer = issuers[n - 1]
            assert all(word in flat for word in issuer.split() if len(word) > 2), issuer
        shown |= rows
    assert shown == set(range(1, len(issuers)))  # every plan's row; the last issuer cell is the total's


@needs_calc
def test_printed_type_is_readable_and_totals_computed(printed, book) -> None:
    layout = pdflayout.read(printed.read_bytes())
    sizes = [line.size for page in layout.pages for line in page.lines]
    assert min(sizes) >= 9  # 11 pt at 85 %
    texts = layout_text(printed)
    plans = [p for p, text in zip(layout.pages, texts, strict=True) if "Tổng hợp" in text[:200]]
    assert plans and all(page.width > page.height for page in plans)  # landscape
    first = next(text for text in texts if "Tổng cộng" in text)  # the total row's first page
    (total,) = [line for line in first.splitlines() if "Tổng cộng" in line]
    figures = [int(re.sub(r"\D", "", f)) for f in re.findall(r"\d[\d.,]*\d", total)]
    day = date.fromisoformat(AS_OF)
    summed = cells.total_cells(build(collect(plan_files([ROOT / "plans"]), day, jobs=1), day))
    wanted = [v for v in summed if isinstance(v, int) and not isinstance(v, bool) and v > 1_000_000]
    assert wanted[0] in figures  # the total budget (9.421.000.000 today): Calc computed the SUM
    assert 12_600_000 in figures  # the seed's spending, the one plan with any as of 31/12/2024
