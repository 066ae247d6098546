"""Issue 11, class 9: LibreOffice ends with us. A stand-in `soffice` starts a helper (as the real
launcher starts soffice.bin) and hangs; on a timeout or Ctrl-C the whole group is killed and the
temporary folder removed. Real processes, real signals."""

from __future__ import annotations

import os
import select
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


# A bound for waits on events that take about a second: far enough that load never reaches it.
BOUND = 300


def _wait_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + BOUND
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


@pytest.mark.parametrize("inherited", ["default", "ignored"])
def test_ctrl_c_kills_the_whole_group(fake_soffice, tmp_path, inherited):
    """SIGINT to kehoach alone (LibreOffice is in its own group, so a terminal's Ctrl-C would not
    reach it): kehoach stops it and removes the folder.

    Independent of how pytest was started (issue 28, class 13): a child inherits an ignored
    SIGINT from `nohup … &`, so it sets Python's own handler, as kehoach's console does when a
    person runs it; and it says when it is waiting on LibreOffice inside docx_to_pdf (the line
    "ready" on its stdout) before the signal is sent, rather than the test guessing with a delay.
    The waits are for events, with a bound far above their usual second."""
    script, pids, temp = fake_soffice
    code = (
        "import signal, subprocess, sys, tempfile\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from kehoach.render import pdf\n"
        f"pdf.find_soffice = lambda: {str(script)!r}\n"
        f"tempfile.tempdir = {str(temp)!r}\n"
        "wait = subprocess.Popen.communicate\n"
        "def communicate(self, *args, **kwargs):\n"
        "    print('ready', flush=True)\n"
        "    return wait(self, *args, **kwargs)\n"
        "subprocess.Popen.communicate = communicate\n"
        "try:\n"
        "    pdf.docx_to_pdf(b'x')\n"
        "except KeyboardInterrupt:\n"
        "    sys.exit(130)\n"
    )
    # "ignored": started as from `nohup pytest … &`, the child inheriting SIGINT ignored.
    ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if inherited == "ignored" else None
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             preexec_fn=ignore)
    try:
        ready, _, _ = select.select([child.stdout], [], [], BOUND)
        assert ready and child.stdout.readline().strip() == "ready", "the child never reached LibreOffice"
        deadline = time.monotonic() + BOUND  # the launcher writes both pids as it starts
        while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
            time.sleep(0.05)
        started = [int(x) for x in pids.read_text().split()]
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=BOUND) == 130
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert _wait_gone(started) == []
    assert list(temp.iterdir()) == []
