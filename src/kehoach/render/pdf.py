"""PDF through LibreOffice headless: the .docx is what is signed, the PDF is what it looks like.

Each conversion uses a throw-away LibreOffice profile, so it neither disturbs nor waits for a
LibreOffice the user has open, and a hung conversion is killed after a timeout.

LibreOffice runs in a process group of its own: `soffice` is only a launcher for `soffice.bin`,
and killing the launcher alone would leave the real converter running (and the temporary
folder in use). On a timeout, Ctrl-C or SIGTERM the whole group is killed, then the folder removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kehoach.diagnostics import KehoachError, os_reason

TIMEOUT_S = 180
INSTALL_HINT = (
    "Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui "
    "fonts-liberation2), hoặc kết xuất .docx rồi mở bằng Word và lưu thành PDF."
)


# Word bookmarks become PDF named destinations: the exact place of the lines kehoach marks (the
# signer's title and name, the number and date lines), read by `kehoach sign` to place the
# signatures. The JSON form of the filter options needs LibreOffice 7.4; an older one ignores it
# and its PDF is refused by `kehoach sign` (no marks), never signed in the wrong place.
PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, stem: str = "kehoach") -> bytes:
    soffice = find_soffice()
    if soffice is None:
        raise KehoachError("Không tìm thấy LibreOffice (soffice) để tạo PDF.", INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        source = folder / f"{stem}.docx"
        source.write_bytes(docx)
        command = [
            soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless", "--norestore", "--nolockcheck",
            "--convert-to", PDF_FILTER, "--outdir", str(folder), str(source),
        ]
        try:
            child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            raise KehoachError(f"Không chạy được LibreOffice ({soffice}): {os_reason(exc)}.",
                               INSTALL_HINT) from None
        try:
            out, err = child.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            stop_group(child)
            raise KehoachError(f"LibreOffice không chuyển xong sang PDF sau {TIMEOUT_S} giây.",
                               "Thử lại; nếu vẫn lỗi, mở tệp .docx và lưu thành PDF.") from None
        except BaseException:  # Ctrl-C, SIGTERM: LibreOffice stops with us
            stop_group(child)
            raise
        stop_group(child)  # a helper the launcher left behind must not outlive the folder
        done = subprocess.CompletedProcess(command, child.returncode, out, err)
        result = folder / f"{stem}.pdf"
        if done.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            raise KehoachError(
                "LibreOffice không tạo được PDF" + (f": {detail[-500:]}" if detail else "."),
                "Kiểm tra LibreOffice chạy được (soffice --headless --version).",
            )
        return result.read_bytes()


def stop_group(child: subprocess.Popen) -> None:
    """Kill the child's whole process group (launcher and soffice.bin) and reap the child:
    SIGTERM first, SIGKILL for whatever is still there a moment later."""
    if not hasattr(os, "killpg"):  # pragma: no cover - Windows: no process groups to signal
        child.kill()
        child.wait()
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(child.pid, sig)
        except (ProcessLookupError, PermissionError):  # the group is gone already
            break
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=3)
    with contextlib.suppress(subprocess.TimeoutExpired):  # a process that survives SIGKILL
        child.wait(timeout=5)
