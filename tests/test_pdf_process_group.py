"""Issue 11, class 9: LibreOffice ends with us. A stand-in `soffice` starts a helper (as the real
launcher starts soffice.bin) and hangs; on a timeout or Ctrl-C the whole group is killed and the
temporary folder removed. Real processes, real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kehoach.diagnostics import KehoachError
from kehoach.render import pdf

FAKE = """#!/bin/sh
# like soffice: a launcher that starts the real converter and waits for it
sleep 300 &
echo $! > "$KEHOACH_TEST_PIDS"
echo $$ >> "$KEHOACH_TEST_PIDS"
wait
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is not running: its parent (the reaped launcher) is gone, init reaps it
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    script = tmp_path / "soffice"
    script.write_text(FAKE)
    script.chmod(0o755)
    pids = tmp_path / "pids"
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("KEHOACH_TEST_PIDS", str(pids))
    return script, pids, temp


def _wait_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


def test_timeout_kills_the_whole_group_and_removes_the_folder(fake_soffice, monkeypatch):
    script, pids, temp = fake_soffice
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    monkeypatch.setattr(pdf, "TIMEOUT_S", 2)
    monkeypatch.setattr(pdf.tempfile, "tempdir", str(temp))
    with pytest.raises(KehoachError) as caught:
        pdf.docx_to_pdf(b"not really a docx")
    assert "giây" in caught.value.message
    started = [int(x) for x in pids.read_text().split()]
    assert len(started) == 2
    assert _wait_gone(started) == []  # the helper (soffice.bin's stand-in) too, not only the launcher
    assert list(temp.iterdir()) == []


def test_ctrl_c_kills_the_whole_group(fake_soffice, tmp_path):
    """SIGINT to kehoach alone (LibreOffice is in its own group, so a terminal's Ctrl-C would not
    reach it): kehoach stops it and removes the folder."""
    script, pids, temp = fake_soffice
    code = (
        "import sys, tempfile\n"
        "from kehoach.render import pdf\n"
        f"pdf.find_soffice = lambda: {str(script)!r}\n"
        f"tempfile.tempdir = {str(temp)!r}\n"
        "try:\n"
        "    pdf.docx_to_pdf(b'x')\n"
        "except KeyboardInterrupt:\n"
        "    sys.exit(130)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 30
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    started = [int(x) for x in pids.read_text().split()]
    child.send_signal(signal.SIGINT)
    assert child.wait(timeout=30) == 130
    assert _wait_gone(started) == []
    assert list(temp.iterdir()) == []
