"""Wall-clock timing of whole commands, run interleaved so machine noise hits both sides alike."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def ensure_bytecode() -> None:
    """Compile kehoach's modules as pip does when it installs a wheel.

    An editable install under PYTHONDONTWRITEBYTECODE (set on these machines) would otherwise
    recompile every module on every run, which no installed user pays.
    """
    import compileall

    compileall.compile_dir(ROOT / "src", quiet=1)


ensure_bytecode()


def kehoach(*args: str) -> list[str]:
    """The installed console script beside this interpreter (the way users run it)."""
    script = BIN / "kehoach"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "kehoach", *args]


def run_once(command: Sequence[str], ok: Sequence[int] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()}")
    return elapsed


def compare(commands: dict[str, Sequence[str]], runs: int, warmup: int = 2) -> dict[str, float]:
    """Median seconds per command, runs interleaved."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(warmup):
        for command in commands.values():
            run_once(command)
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run_once(command))
    return {name: statistics.median(values) for name, values in times.items()}


def report(medians: dict[str, float], baseline: str, runs: int) -> None:
    base = medians[baseline]
    machine = f"{os.cpu_count()} CPU, Python {sys.version.split()[0]}"
    print(f"{runs} runs each, medians, runs interleaved ({machine})")
    for name, value in medians.items():
        print(f"  {name:<48} {value * 1000:7.1f} ms   × {value / base:4.2f} of {baseline}")
