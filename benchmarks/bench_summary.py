"""`kehoach summary` at the scale of a country (issue 12): 100, 1,000 and 3,321 different commune
plans with progress files (generate.summary_plans), one call each, as a province runs it.

Run: .venv/bin/python benchmarks/bench_summary.py [runs]
Targets: 3,321 plans in one call < 15 s on a 2-core machine, both cores used (--jobs 2 against
--jobs 1 on 1,000 plans), cost linear in the number of plans (time per plan after start-up
steady from 100 to 3,321). Reports the load average, since the machine may be shared.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from generate import summary_plans
from timing import kehoach, run_once

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
COUNTS = (100, 1000, 3321)
AS_OF = "2025-06-30"


def median(command: list[str]) -> float:
    run_once(command, ok=(0,))  # warm the page cache
    return statistics.median(run_once(command) for _ in range(RUNS))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp)
    folders = {}
    for count in COUNTS:
        folders[count] = root / f"xa-{count}"
        summary_plans(folders[count], count)  # the same seed: the first plans are the same
    print(f"{RUNS} runs each, medians; before: {load()}")
    start_up = median(kehoach("summary", str(folders[COUNTS[0]] / "xa-0000"), "--as-of", AS_OF,
                              "-f", "json"))
    print(f"  summary of 1 plan (start-up)              {start_up * 1000:8.0f} ms")
    results = {}
    for count in COUNTS:
        seconds = median(kehoach("summary", str(folders[count]), "--as-of", AS_OF, "-f", "json"))
        results[count] = seconds
        per_plan = (seconds - start_up) / count * 1000
        print(f"  summary -f json, {count:>5} plans          {seconds * 1000:8.0f} ms"
              f"   ({per_plan:5.2f} ms/plan after start-up)")
    biggest = COUNTS[-1]
    xlsx = root / "tong-hop.xlsx"
    seconds = median(kehoach("summary", str(folders[biggest]), "--as-of", AS_OF, "-o", str(xlsx)))
    print(f"  summary -o .xlsx, {biggest:>5} plans         {seconds * 1000:8.0f} ms   target < 15000 ms"
          f"   ({xlsx.stat().st_size // 1024} KiB)")
    one_core = median(kehoach("summary", str(folders[1000]), "--as-of", AS_OF, "-f", "json", "--jobs", "1"))
    print(f"  summary -f json, 1000 plans, --jobs 1     {one_core * 1000:8.0f} ms"
          f"   → {one_core / results[1000]:4.2f} × faster on {os.cpu_count()} cores")
    ratio = (results[biggest] - start_up) / (results[1000] - start_up)
    print(f"  linearity: work for {biggest} plans = {ratio:4.2f} × that for 1000 "
          f"(linear: {biggest / 1000:4.2f} ×)")
    print(f"after: {load()}")
