"""`kehoach validate` of this checkout against another checkout of kehoach, in one interleaved run.

"Keep validate as fast as it is now" is a ratio against the code before a change, measured on the
same machine at the same time. Give the folder of the other checkout (with its own .venv):

    git worktree add --detach ../kehoach-base <commit>
    (cd ../kehoach-base && python3 -m venv .venv && .venv/bin/pip install -q -e .)
    .venv/bin/python benchmarks/bench_against.py ../kehoach-base [runs] [plans]

Both run their own plans/2024.yaml (the seed, which this project keeps unchanged), then both
validate one folder of `plans` generated commune plans (default 1,000; 0 skips it) in a third
of the runs.
"""

from __future__ import annotations

import compileall
import os
import sys
import tempfile
from pathlib import Path

from generate import commune_plans
from timing import ROOT, compare, kehoach

if len(sys.argv) < 2:
    raise SystemExit(__doc__)
OTHER = Path(sys.argv[1]).resolve()
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
PLANS = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
other_script = OTHER / ".venv" / "bin" / "kehoach"
if not other_script.exists():
    raise SystemExit(f"{other_script} not found: install the other checkout in its own .venv first")
compileall.compile_dir(OTHER / "src", quiet=1)  # as a wheel install would, like ours (timing.py)

commands = {
    "this checkout": kehoach("validate", "-q", str(ROOT / "plans" / "2024.yaml")),
    "other checkout": [str(other_script), "validate", "-q", str(OTHER / "plans" / "2024.yaml")],
}
print(f"load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at the start")
medians = compare(commands, RUNS)
for name, value in medians.items():
    print(f"  {name:<16} {value * 1000:7.1f} ms")
print(f"validate, this / other = {medians['this checkout'] / medians['other checkout']:.2f} "
      f"({RUNS} interleaved runs each, medians)")
if PLANS:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        commune_plans(folder, PLANS)
        many = {"this checkout": kehoach("validate", "-q", str(folder)),
                "other checkout": [str(other_script), "validate", "-q", str(folder)]}
        runs = max(3, RUNS // 3)
        medians = compare(many, runs, warmup=1)
        for name, value in medians.items():
            print(f"  {name:<16} {value * 1000:7.1f} ms  ({PLANS} plans)")
        ratio = medians["this checkout"] / medians["other checkout"]
        print(f"validate of {PLANS} plans, this / other = {ratio:.2f} ({runs} interleaved runs, medians)")
print(f"load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at the end")
