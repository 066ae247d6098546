"""`kehoach summary` at the scale of a country (issue 12): 100, 1,000 and 3,321 different commune
plans with progress files (generate.summary_plans), one call each, as a province runs it.

Run: .venv/bin/python benchmarks/bench_summary.py [runs]
Targets: 3,321 plans in one call < 15 s on a 2-core machine, both cores used (--jobs 2 against
--jobs 1 on 1,000 plans), cost linear in the number of plans (time per plan after start-up
steady from 100 to 3,321). Reports the load average, since the machine may be shared.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import summary_plans
from timing import ROOT, kehoach

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
COUNTS = (100, 1000, 3321)
AS_OF = "2025-06-30"


def once(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, every process of the call) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} … exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median(command: list[str]) -> tuple[float, float]:
    once(command)  # warm the page cache
    runs = [once(command) for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def figures(wall: float, cpu: float) -> str:
    return f"{wall * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms CPU"


def summary(folders: list[Path], *options: str) -> list[str]:
    return kehoach("summary", *map(str, folders), "--as-of", AS_OF, *options)


with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp)
    summary_plans(root, COUNTS[-1])
    communes = sorted(p for p in root.iterdir() if p.is_dir())
    print(f"{RUNS} runs each, medians; wall-clock and CPU (user + system, all processes)")
    print(f"before: {load()}")
    start_up, start_cpu = median(summary(communes[:1], "-f", "json"))
    print(f"  summary of 1 plan (start-up)            {figures(start_up, start_cpu)}")
    walls = {}
    for count in COUNTS:
        wall, cpu = median(summary(communes[:count], "-f", "json"))
        walls[count] = wall
        print(f"  summary -f json, {count:>5} plans        {figures(wall, cpu)}"
              f"   ({(wall - start_up) / count * 1000:5.2f} ms wall, "
              f"{(cpu - start_cpu) / count * 1000:5.2f} ms CPU a plan after start-up)")
    xlsx = root / "tong-hop.xlsx"
    wall, cpu = median(summary(communes, "-o", str(xlsx)))
    print(f"  summary -o .xlsx, {COUNTS[-1]} plans        {figures(wall, cpu)}"
          f"   target < 15000 ms wall ({xlsx.stat().st_size // 1024} KiB)")
    one_core, one_cpu = median(summary(communes[:1000], "-f", "json", "--jobs", "1"))
    print(f"  summary -f json, 1000 plans, --jobs 1  {figures(one_core, one_cpu)}"
          f"   → --jobs {os.cpu_count()} is {one_core / walls[1000]:4.2f} × faster")
    ratio = (walls[COUNTS[-1]] - start_up) / (walls[1000] - start_up)
    print(f"  linearity: wall after start-up, {COUNTS[-1]} plans = {ratio:4.2f} × 1000 plans "
          f"(linear: {COUNTS[-1] / 1000:4.2f} ×)")
    print(f"after: {load()}")
