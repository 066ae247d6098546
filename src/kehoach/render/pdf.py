"""PDF through LibreOffice headless: the .docx is what is signed, the PDF is what it looks like.

Each conversion uses a throw-away LibreOffice profile, so it neither disturbs nor waits for a
LibreOffice the user has open, and a hung conversion is killed after a timeout.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from kehoach.diagnostics import KehoachError

TIMEOUT_S = 180
INSTALL_HINT = (
    "Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui "
    "fonts-liberation2), hoặc kết xuất .docx rồi mở bằng Word và lưu thành PDF."
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, stem: str = "kehoach") -> bytes:
    soffice = find_soffice()
    if soffice is None:
        raise KehoachError("Không tìm thấy LibreOffice (soffice) để tạo PDF.", INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"{stem}.docx"
        source.write_bytes(docx)
        command = [
            soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless", "--norestore", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", str(folder), str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise KehoachError(f"LibreOffice không chuyển xong sang PDF sau {TIMEOUT_S} giây.",
                               "Thử lại; nếu vẫn lỗi, mở tệp .docx và lưu thành PDF.") from None
        except OSError as exc:
            raise KehoachError(f"Không chạy được LibreOffice ({soffice}): {exc.strerror}.",
                               INSTALL_HINT) from None
        result = folder / f"{stem}.pdf"
        if done.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            raise KehoachError(
                "LibreOffice không tạo được PDF" + (f": {detail[-500:]}" if detail else "."),
                "Kiểm tra LibreOffice chạy được (soffice --headless --version).",
            )
        return result.read_bytes()
