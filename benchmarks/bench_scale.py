"""Speed at scale (issue 5): a 500-activity plan, and a province validating every commune's plan.

Run: .venv/bin/python benchmarks/bench_scale.py [runs]
Targets: 500-activity plan validate < 0.5 s and render .docx < 2 s; 1,000 plans in one
`kehoach validate plans/` call < 5 s, growing linearly from 10 to 100 to 1,000 files.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from generate import big_plan, commune_plans
from timing import kehoach, run_once

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def median(command: list[str]) -> float:
    run_once(command)  # warm the page cache
    return statistics.median(run_once(command) for _ in range(RUNS))


with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp)
    big = big_plan(root / "big.yaml", 500)
    print(f"{RUNS} runs each, medians")
    rows = [("validate, 500-activity plan", median(kehoach("validate", "-q", str(big))), 0.5)]
    try:
        render = kehoach("render", str(big), "-o", str(root / "big.docx"))
        rows.append(("render .docx, 500-activity plan", median(render), 2.0))
    except SystemExit as exc:  # render not available: say so, keep measuring the rest
        print(f"  render skipped: {exc}")
    for name, seconds, target in rows:
        print(f"  {name:<40} {seconds * 1000:8.1f} ms   target < {target * 1000:.0f} ms")
    previous = None
    for count in (10, 100, 1000):
        folder = root / f"plans-{count}"
        commune_plans(folder, count)
        seconds = median(kehoach("validate", "-q", str(folder)))
        per_file = seconds / count * 1000
        growth = f"  × {seconds / previous:5.2f} for × 10 files" if previous else ""
        print(f"  validate {count:>5} plans in one call        {seconds * 1000:8.1f} ms"
              f"   ({per_file:6.2f} ms/file){growth}")
        previous = seconds
    print("  target: 1,000 plans < 5000 ms")
