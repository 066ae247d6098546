"""Wall time of `kehoach render plans/2024.yaml` (to .docx) against `kehoach validate`.

Each run is a fresh process, as a clerk runs it, so start-up and imports count. Target: render
under 0.5 s (median). Usage: .venv/bin/python benchmarks/bench_render.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plans" / "2024.yaml"
TARGET_S = 0.5


def command() -> list[str]:
    script = Path(sys.executable).parent / "kehoach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kehoach"]


def median_time(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "2024.docx"
        subprocess.run([*command(), "render", str(PLAN), "-o", str(out)], check=True,
                       capture_output=True)  # warm the file cache once
        render = median_time([*command(), "render", str(PLAN), "-o", str(out)], runs)
        validate = median_time([*command(), "validate", str(PLAN)], runs)
    print(f"runs: {runs}")
    print(f"kehoach validate plans/2024.yaml        median {validate * 1000:7.1f} ms")
    print(f"kehoach render plans/2024.yaml (.docx)  median {render * 1000:7.1f} ms")
    print(f"ratio render / validate: {render / validate:.2f}")
    verdict = "OK" if render < TARGET_S else "TOO SLOW"
    print(f"target render < {TARGET_S * 1000:.0f} ms: {verdict}")
    return 0 if render < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
