"""Wall time of `kehoach render plans/2024.yaml` (to .docx) against `kehoach validate` (issue 3).

Each run is a fresh process, as a clerk runs it, so start-up and imports count. Target: render
under 0.5 s (median). Usage: .venv/bin/python benchmarks/bench_render.py [runs]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from timing import compare, kehoach, report

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 20

with tempfile.TemporaryDirectory() as tmp:
    out = str(Path(tmp) / "2024.docx")
    commands = {
        "kehoach validate plans/2024.yaml": kehoach("validate", "-q", "plans/2024.yaml"),
        "kehoach render plans/2024.yaml (.docx)": kehoach("render", "plans/2024.yaml", "-o", out),
    }
    medians = compare(commands, RUNS)
report(medians, "kehoach validate plans/2024.yaml", RUNS)
render = medians["kehoach render plans/2024.yaml (.docx)"]
print(f"render median {render * 1000:.0f} ms (target < 500 ms)")
