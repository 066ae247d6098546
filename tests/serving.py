"""Starting and stopping a real `kehoach serve` for the tests: its own process on 127.0.0.1, a
port the system picks (`--port 0`), the address read from what it prints, stopped with SIGINT
as Ctrl-C stops it. No test waits a fixed time: each waits for a condition, with a generous
upper bound that only a broken server reaches.
"""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP_S = 60.0  # a loaded CI machine can take this long to import and bind; a working one < 2 s
STOP_S = 30.0


def command(folder: Path, *args: str) -> list[str]:
    """`kehoach serve FOLDER --port 0 …`, as a person runs it (the system picks a free port)."""
    return [sys.executable, "-m", "kehoach", "serve", str(folder), "--port", "0", *args]


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    output: list[str]

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(self.url.rstrip("/") + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read(), {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), {k.lower(): v for k, v in exc.headers.items()}

    def post(self, path: str, data: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.url.rstrip("/") + path, data=data, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def stop(self) -> int:
        """Ctrl-C, as a person stops it; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(STOP_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError("kehoach serve did not stop within 30 s of Ctrl-C") from None
        rest = self.process.stdout.read() if self.process.stdout else ""
        self.output.append(rest)
        return self.process.returncode


def start(folder: Path, *args: str) -> Served:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    # Started beside the folder and given its name, as a person types `kehoach serve plans`.
    process = subprocess.Popen(
        command(Path(folder.name), *args),
        cwd=folder.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,
    )
    lines: list[str] = []
    selector = selectors.DefaultSelector()
    assert process.stdout is not None
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
            break
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if m := re.search(r"(http://\S+/)", line):
            return Served(process, m[1], lines)
    process.kill()
    process.wait()
    raise AssertionError("kehoach serve did not print its address:\n" + "".join(lines))


def wait_for(condition, what: str, timeout: float = 30.0, every: float = 0.05):
    """Poll `condition` until it returns something true; fail saying `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(every)


def group_alive(pgid: int) -> list[int]:
    """Processes still in the process group `pgid` (the server and anything it started)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_or_skip():  # -> playwright Browser factory
    """Debian's Chromium through Playwright, or a loud skip saying what is missing."""
    import shutil
    import warnings

    import pytest

    missing = []
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        missing.append("chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -e '.[test]')")
    if missing:
        message = (
            "SKIPPED LOUDLY: the browser tests of kehoach serve need "
            + " and ".join(missing)
            + "; .ci/run installs both."
        )
        warnings.warn(message, stacklevel=2)
        print(message, file=sys.stderr)
        pytest.skip(message, allow_module_level=True)
    return str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))
