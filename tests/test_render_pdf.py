"""PDF through LibreOffice, where it is installed (`.ci/run` installs libreoffice-writer-nogui and
fonts-liberation2). Skipped, with the reason shown in the summary (-ra), where it is missing."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.render.pdf import find_soffice
from render_plans import SEED_PLAN

pytestmark = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice (soffice) is not installed: PDF conversion NOT tested "
    "(apt-get install libreoffice-writer-nogui fonts-liberation2)",
)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "2024.pdf"
    result = CliRunner().invoke(app, ["render", str(SEED_PLAN), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_libreoffice_converts_the_docx(pdf) -> None:
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")


def _pages(pdf) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: PDF text NOT checked")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    return text.split("\f")


def test_pdf_text_layout(pdf) -> None:
    pages = [p for p in _pages(pdf) if p.strip()]
    assert len(pages) >= 2
    first = pages[0]
    # Agency and national title share the top lines; "Số" and the date share a line.
    assert "ỦY BAN NHÂN DÂN" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert any("Số:" in line and "An Dương, ngày 29 tháng 3 năm 2024" in line
               for line in first.splitlines())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "".join(first.splitlines()[:4])  # one line
    # No page number on page 1; "2" centred at the top of page 2.
    assert first.strip().splitlines()[0].strip() != "1"
    assert pages[1].strip().splitlines()[0].strip() == "2"
    last = pages[-1]
    assert "TM. ỦY BAN NHÂN DÂN" in last and "Nguyễn Tuấn Anh" in last and "Nơi nhận:" in last
