"""Memory that does not grow with the number of files (issue 21): `validate` of a folder prints
each file's diagnostics as its result comes and drops it, so ten times the plans cost the same
peak memory. Measured as the command's own peak (VmHWM, what the kernel kept for its address
space), never as time: the figure does not depend on the machine's load.

The command runs pinned to one core, so every plan is checked in the measured process (on more
cores the workers would check them, each in its own address space, and a checker that kept what
it read would go unseen). Every plan has an error, so every result carries diagnostics and the
lines of its file: keeping them all, as validate did before issue 21, costs ≈ 35 KiB a plan here
(tried: 13–19 MiB more for the 400 more plans, against 1–1.6 MiB when streamed) — the test fails
on that.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLAN_TEXT

FEW, MANY = 40, 440
# Allocator arenas and the first plans' caches (a catalogue, compiled patterns) reach their size
# within the first few plans; what is left of the growth is noise of a few hundred KiB.
GROWTH_LIMIT = 4 * 1024 * 1024

PEAK = ("import atexit, re, sys\n"
        "def peak():\n"
        "    status = open('/proc/self/status').read()\n"
        "    sys.stderr.write('VmHWM ' + re.search(r'VmHWM:\\s*(\\d+)', status)[1] + '\\n')\n"
        "atexit.register(peak)\n"
        "from kehoach.cli import main\n"
        "sys.argv[0] = 'kehoach'\n"
        "main()\n")


def _folder(root: Path, count: int) -> Path:
    folder = root / f"plans-{count}"
    folder.mkdir()
    text = PLAN_TEXT.replace("total: 13_000_000", "total: 13_000_001")  # a budget error each
    assert text != PLAN_TEXT
    for i in range(count):
        (folder / f"xa-{i:04d}.yaml").write_text(text.replace("An Dương", f"Xã số {i}"), encoding="utf-8")
    return folder


def _peak(folder: Path, *options: str, env: dict[str, str] | None = None) -> int:
    one_core = min(os.sched_getaffinity(0))
    done = subprocess.run([sys.executable, "-c", PEAK, "validate", *options, str(folder)],
                          capture_output=True, text=True, timeout=900, env={**os.environ, **(env or {})},
                          preexec_fn=lambda: os.sched_setaffinity(0, {one_core}))
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stdout.count("KH") >= int(folder.name.split("-")[1])  # every plan said its error
    return int(done.stderr.rsplit("VmHWM ", 1)[1].split()[0]) * 1024


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or not Path("/proc/self/status").exists(),
                    reason="SKIPPED LOUDLY: needs Linux (/proc VmHWM, sched_setaffinity)")
@pytest.mark.parametrize("options", [(), ("-f", "json")], ids=["human", "json"])
def test_validate_of_ten_times_the_plans_peaks_at_the_same_memory(tmp_path, options):
    few, many = _folder(tmp_path, FEW), _folder(tmp_path, MANY)
    growth = _peak(many, *options) - _peak(few, *options)
    assert growth < GROWTH_LIMIT, f"{FEW} → {MANY} plans: peak memory grew {growth / 1024 / 1024:.1f} MiB"


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or not Path("/proc/self/status").exists(),
                    reason="SKIPPED LOUDLY: needs Linux (/proc VmHWM, sched_setaffinity)")
def test_the_cache_keeps_nothing_in_memory_either(tmp_path):
    """With the results cache on (a folder's default), each result is written to the database and
    dropped: first run (every result stored) and second run (every result read back) alike."""
    few, many = _folder(tmp_path, FEW), _folder(tmp_path, MANY)
    env = {"KEHOACH_NO_RESULTS_CACHE": "", "KEHOACH_NO_CACHE": "",
           "KEHOACH_CACHE_DIR": str(tmp_path / "cache")}
    for run in ("cold", "warm"):
        growth = _peak(many, env=env) - _peak(few, env=env)
        assert growth < GROWTH_LIMIT, f"{run}: {FEW} → {MANY} plans: grew {growth / 1024 / 1024:.1f} MiB"
