"""`kehoach validate plans/2024.yaml` against importing what it needs (issue 2: ratio ≤ 1.3).

Run: .venv/bin/python benchmarks/bench_validate.py [runs]
"""

from __future__ import annotations

import sys

from timing import compare, kehoach, report

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30

commands = {
    "python -c 'import yaml, pydantic, typer'": [sys.executable, "-c", "import yaml, pydantic, typer"],
    "kehoach validate plans/2024.yaml": kehoach("validate", "-q", "plans/2024.yaml"),
    "kehoach --help": kehoach("--help"),
    "python -c 'import typer'": [sys.executable, "-c", "import typer"],
}
medians = compare(commands, RUNS)
report(medians, "python -c 'import yaml, pydantic, typer'", RUNS)
BASE = "python -c 'import yaml, pydantic, typer'"
ratio = medians["kehoach validate plans/2024.yaml"] / medians[BASE]
help_ratio = medians["kehoach --help"] / medians["python -c 'import typer'"]
print(f"validate / imports = {ratio:.2f} (target ≤ 1.30)")
print(f"--help / import typer = {help_ratio:.2f} (target ≤ 1.30)")
