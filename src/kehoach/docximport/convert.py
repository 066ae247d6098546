"""Word 97-2003 (.doc), OpenDocument (.odt) and RTF → .docx through LibreOffice headless, as
`render --format pdf` drives it: a throw-away profile, its own process group, a timeout, the
whole group killed on Ctrl-C.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from kehoach.diagnostics import KehoachError, os_reason

TIMEOUT_S = 120
NAMES = {"doc": "Word 97-2003 (.doc)", "odt": "OpenDocument (.odt)", "rtf": "RTF"}


def to_docx(data: bytes, kind: str, name: str) -> bytes:
    from kehoach.render.pdf import INSTALL_HINT, find_soffice, stop_group

    soffice = find_soffice()
    shown = NAMES.get(kind, kind)
    if soffice is None:
        raise KehoachError(
            f"{name} là tệp {shown}: cần LibreOffice để chuyển sang .docx, máy này chưa có.",
            f"{INSTALL_HINT} Hoặc mở tệp bằng Word và lưu thành .docx rồi nhập tệp đó.",
        )
    with tempfile.TemporaryDirectory(prefix="kehoach-import-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        source = folder / f"vanban.{kind}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            child = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as exc:
            raise KehoachError(
                f"Không chạy được LibreOffice ({soffice}): {os_reason(exc)}.", INSTALL_HINT
            ) from None
        try:
            child.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            stop_group(child)
            raise KehoachError(
                f"LibreOffice không chuyển xong {name} sau {TIMEOUT_S} giây.",
                "Mở tệp bằng Word, lưu thành .docx rồi nhập tệp đó.",
            ) from None
        except BaseException:
            stop_group(child)
            raise
        stop_group(child)
        result = folder / "out" / "vanban.docx"
        if child.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            raise KehoachError(
                f"LibreOffice không mở được {name} (tệp {shown} hỏng, hoặc đặt mật khẩu).",
                "Mở tệp bằng Word; nếu mở được, lưu thành .docx rồi nhập tệp đó.",
            )
        return result.read_bytes()
