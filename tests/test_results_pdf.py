"""The BÁO CÁO through LibreOffice: pages, the table header row repeated on the next page, the
signature with its name. Skipped where LibreOffice or pdftotext is missing."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.render.pdf import find_soffice
from render_plans import SEED_PLAN

pytestmark = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext is not installed: the report's PDF NOT tested",
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("pdf") / "bc.pdf"
    result = CliRunner().invoke(app, ["report", str(SEED_PLAN), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    return [p for p in text.split("\f") if p.strip()]


def test_first_page(pages) -> None:
    first = pages[0]
    assert any("Số:" in line and "/BC-UBND" in line and "An Dương, ngày 15 tháng 01 năm 2025" in line
               for line in first.splitlines())
    assert "BÁO CÁO" in first
    assert first.strip().splitlines()[0].strip() != "1"  # no page number on page 1


def test_table_header_repeats_on_every_page_it_spans(pages) -> None:
    # A row of the task table: an activity by the plan's number ("1.1."), an item by its bullet.
    row = re.compile(r"^\s*(?:(?:\d+\.)+|-)\s+\S.*\s31/12/2024\s")
    header = re.compile(r"^\s*Số mục\s+Nhiệm vụ\s+.*Tình trạng")
    spanned = [i for i, page in enumerate(pages) if any(row.match(line) for line in page.splitlines())]
    assert len(spanned) >= 2, "the seed's task table is expected to run over a page break"
    for i in spanned:
        lines = pages[i].splitlines()
        first_row = next(n for n, line in enumerate(lines) if row.match(line))
        assert any(header.match(line) for line in lines[:first_row]), f"page {i + 1}: no header row"
        # The first row on a page starts right under the header: no row's tail was carried over.
        body = [line for line in lines[:first_row] if line.strip()]
        assert header.match(body[-1]) or body[-1].strip() in ("trì", "chủ trì"), body[-1]


def test_signature_on_the_last_page(pages) -> None:
    last = pages[-1]
    assert "KT. CHỦ TỊCH" in last and "Lê Thị Hoa" in last and "Nơi nhận:" in last
    assert "cấp xã./." in "".join(pages)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: the report's HTML NOT printed")
def test_html_printed_by_chromium_repeats_the_table_header(tmp_path) -> None:
    html = tmp_path / "bc.html"
    result = CliRunner().invoke(app, ["report", str(SEED_PLAN), "-f", "html", "-o", str(html)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "bc.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.as_uri()], capture_output=True, timeout=120, check=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    printed = [p for p in text.split("\f") if p.strip()]
    test_table_header_repeats_on_every_page_it_spans(printed)
    assert "12.600.000" in text and "Lê Thị Hoa" in printed[-1]
