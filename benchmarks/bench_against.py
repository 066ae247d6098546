"""`kehoach validate` of this checkout against another checkout of kehoach, in one interleaved run.

"Keep validate as fast as it is now" is a ratio against the code before a change, measured on the
same machine at the same time. Give the folder of the other checkout (with its own .venv):

    git worktree add --detach ../kehoach-base <commit>
    (cd ../kehoach-base && python3 -m venv .venv && .venv/bin/pip install -q -e .)
    .venv/bin/python benchmarks/bench_against.py ../kehoach-base [runs]

Both run their own plans/2024.yaml (the seed, which this project keeps unchanged).
"""

from __future__ import annotations

import compileall
import sys
from pathlib import Path

from timing import ROOT, compare, kehoach

if len(sys.argv) < 2:
    raise SystemExit(__doc__)
OTHER = Path(sys.argv[1]).resolve()
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
other_script = OTHER / ".venv" / "bin" / "kehoach"
if not other_script.exists():
    raise SystemExit(f"{other_script} not found: install the other checkout in its own .venv first")
compileall.compile_dir(OTHER / "src", quiet=1)  # as a wheel install would, like ours (timing.py)

commands = {
    "this checkout": kehoach("validate", "-q", str(ROOT / "plans" / "2024.yaml")),
    "other checkout": [str(other_script), "validate", "-q", str(OTHER / "plans" / "2024.yaml")],
}
medians = compare(commands, RUNS)
for name, value in medians.items():
    print(f"  {name:<16} {value * 1000:7.1f} ms")
print(f"validate, this / other = {medians['this checkout'] / medians['other checkout']:.2f} "
      f"({RUNS} interleaved runs each, medians)")
