"""What the signing tests share, built once per session (conftest's `sign_env` fixture): the test
PKI and its local timestamp/CRL server (signpki.py), the PDFs kehoach renders from plans/2024.yaml
(numbered, not yet numbered, draft), a PDF kehoach did not render, the images, an NSS database
trusting the test root (for pdfsig), and the plan signed by the person and then by the body
through the real command.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PLAN_2024, mutated_text
from signpki import PIN, PKI, Services, seal_png, signature_png


def loud_skip(message: str) -> None:
    message = f"SKIPPED LOUDLY: {message}"
    warnings.warn(message, stacklevel=2)
    print(message, file=sys.stderr)
    pytest.skip(message)


def need_poppler(tool: str) -> None:
    if shutil.which(tool) is None:
        loud_skip(f"{tool} (poppler-utils) is not installed: the signed PDF NOT measured independently")


def kehoach(*args: str, env: dict[str, str] | None = None):  # -> click Result
    from kehoach.cli import app

    return CliRunner().invoke(app, list(args), env={"KEHOACH_PIN": PIN, **(env or {})})


@dataclass
class SignEnv:
    folder: Path
    pki: PKI
    services: Services
    plan: Path  # plans/2024.yaml with its number given: ready for both signatures
    unnumbered: Path  # plans/2024.yaml with neither number nor date: the văn thư fills them later
    draft: Path  # rendered with --draft
    foreign: Path  # a PDF from a .docx kehoach did not write: no marks
    signature: Path
    seal: Path
    _nss: Path | None = None
    _signed: dict[str, Path] = field(default_factory=dict)

    def image(self, name: str, **kwargs) -> Path:  # type: ignore[no-untyped-def]
        path = self.folder / "images" / name
        path.parent.mkdir(exist_ok=True)
        maker = seal_png if name.startswith("seal") else signature_png
        return maker(path, **kwargs)

    @property
    def nss(self) -> Path:
        if shutil.which("certutil") is None or shutil.which("pdfsig") is None:
            loud_skip("pdfsig or certutil missing (apt-get install poppler-utils libnss3-tools): signatures "
                      "NOT checked by poppler's validator")
        if self._nss is None:
            self._nss = self.pki.nss_db(self.folder / "nss")
        return self._nss

    def pdfsig(self, pdf: Path, nss: Path | None = None) -> str:
        done = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss or self.nss}", str(pdf)], capture_output=True,
                              text=True, check=False)
        return done.stdout + done.stderr

    @property
    def person_signed(self) -> Path:
        """The plan signed by the person (p12, with the timestamp server)."""
        if "person" not in self._signed:
            out = self.folder / "2024.ky.pdf"
            result = kehoach("sign", str(self.plan), "--as", "person", "--image", str(self.signature),
                             "--p12", str(self.pki.person.p12), "--tsa", self.services.tsa_url,
                             "-o", str(out))
            assert result.exit_code == 0, result.output
            self._signed["person"] = out
        return self._signed["person"]

    @property
    def body_signed(self) -> Path:
        """Then by the issuing body: the issued electronic original."""
        if "body" not in self._signed:
            out = self.folder / "2024.ban-hanh.pdf"
            result = kehoach("sign", str(self.person_signed), "--as", "body", "--image", str(self.seal),
                             "--p12", str(self.pki.body.p12), "--tsa", self.services.tsa_url, "-o", str(out))
            assert result.exit_code == 0, result.output
            self._signed["body"] = out
        return self._signed["body"]


def build(folder: Path) -> SignEnv:
    from kehoach.render.pdf import find_soffice

    if find_soffice() is None:
        loud_skip("LibreOffice (soffice) is not installed: no kehoach PDF to sign, signing NOT tested "
                  "(apt-get install libreoffice-writer-nogui fonts-liberation2)")
    services = Services()
    pki = PKI(folder / "pki", crl_url=services.crl_url)
    services.serve(pki)
    numbered = folder / "plan" / "2024.yaml"
    numbered.parent.mkdir()
    numbered.write_text(mutated_text("  number:\n", "  number: 5\n"), encoding="utf-8")
    pdfs = {}
    blank = folder / "plan" / "chua-so.yaml"
    blank.write_text(mutated_text("  date: 2024-03-29\n", "  date:\n"), encoding="utf-8")
    for name, source, extra in (("2024", numbered, ()), ("chua-so", blank, ()),
                                ("du-thao", PLAN_2024, ("--draft",))):
        out = folder / f"{name}.pdf"
        result = kehoach("render", str(source), "-f", "pdf", "-o", str(out), *extra)
        assert result.exit_code == 0, result.output
        pdfs[name] = out
    foreign = folder / "phu-luc.pdf"
    _foreign_pdf(foreign)
    return SignEnv(folder, pki, services, pdfs["2024"], pdfs["chua-so"], pdfs["du-thao"], foreign,
                   signature_png(folder / "chu-ky.png"), seal_png(folder / "con-dau.png"))


def _foreign_pdf(path: Path) -> None:
    """An appendix made in Word, not by kehoach: python-docx writes it, LibreOffice prints it."""
    import docx

    from kehoach.render.pdf import docx_to_pdf

    document = docx.Document()
    document.add_heading("Phụ lục: Danh sách hộ nghèo được hỗ trợ", level=1)
    table = document.add_table(rows=4, cols=3)
    for row, cells in enumerate((("STT", "Họ và tên", "Thôn"), ("1", "Nguyễn Văn A", "Thôn 1"),
                                 ("2", "Lê Thị B", "Thôn 2"), ("3", "Trần Văn C", "Thôn 3"))):
        for col, text in enumerate(cells):
            table.cell(row, col).text = text
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(docx_to_pdf(buffer.getvalue(), path.stem))
