"""`kehoach new` (next year's plan) against `kehoach validate` of the same plan: the real plan and
a 500-activity plan. `new` validates the old plan, round-trips it through ruamel.yaml (pure
Python), re-reads the result for line numbers and validates the new file, so it costs about two
validations plus the round-trip.

Run: .venv/bin/python benchmarks/bench_new.py [runs]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from generate import big_plan
from timing import ROOT, compare, ensure_bytecode, kehoach, report

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10

ensure_bytecode()
with tempfile.TemporaryDirectory() as tmp:
    folder = Path(tmp)
    big = big_plan(folder / "big-2024.yaml", 500)
    commands = {
        "kehoach validate plans/2024.yaml": kehoach("validate", "-q", str(ROOT / "plans" / "2024.yaml")),
        "kehoach new plans/2024.yaml": kehoach("new", str(ROOT / "plans" / "2024.yaml"), "--year", "2025",
                                               "-o", str(folder / "2025.yaml"), "--force"),
        "kehoach validate (500 activities)": kehoach("validate", "-q", str(big)),
        "kehoach new (500 activities)": kehoach("new", str(big), "--year", "2025",
                                                "-o", str(folder / "big-2025.yaml"), "--force"),
    }
    medians = compare(commands, RUNS)
    report(medians, "kehoach validate plans/2024.yaml", RUNS)
    small = medians["kehoach new plans/2024.yaml"] / medians["kehoach validate plans/2024.yaml"]
    large = medians["kehoach new (500 activities)"] / medians["kehoach validate (500 activities)"]
    print(f"new / validate: real plan {small:.2f}, 500 activities {large:.2f}")
