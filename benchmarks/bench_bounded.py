"""Issue 11, class 5 (and the bounds of classes 9-10): the worst case of each bounded class, as a
whole command in a fresh process — its time and the size of what it prints, beside the input's.

    .venv/bin/python benchmarks/bench_bounded.py 3

Each case is built to be as bad as the class allows: thousands of units or task ids with an error
on every reference (hints), a near-spelling search over thousands of ids, a run of combining
marks as long as the size cap permits, an endless device and a FIFO nobody writes to, an alias
tree in a plan's own catalogue, a user template whose loops would print without end, a file at
the size cap. "× validate" compares with `kehoach validate plans/2024.yaml` in the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import SEED, big_plan
from timing import ROOT, kehoach

UNITS = 5_000
BAD_REFERENCES = 500
RECORDS = 2_000


def run(command: list[str], ok: tuple[int, ...] = (0, 1, 2)) -> tuple[float, int, int]:
    """Seconds, bytes printed (stdout + stderr), exit code."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, env={**os.environ, "NO_COLOR": "1"},
                          check=False, timeout=600)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok or b"Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-2000:].decode()}")
    return elapsed, len(done.stdout) + len(done.stderr), done.returncode


def many_units_bad_leads(folder: Path) -> Path:
    """5,000 units and 500 activities whose lead is none of them: one KH401 each, with a hint."""
    path = big_plan(folder / "units.yaml", BAD_REFERENCES)
    text = path.read_text(encoding="utf-8")
    units = "".join(f"  don-vi-so-{i}: Đơn vị số {i} của xã\n" for i in range(UNITS))
    text = text.replace("units:\n", "units:\n" + units, 1)
    text = text.replace("            lead: vhxh\n            partners: [dai-truyen-thanh]\n",
                        "            lead: don-vi-khong-co\n            partners: [dai-truyen-thanh]\n")
    path.write_text(text, encoding="utf-8")
    return path


def many_unknown_records(folder: Path) -> Path:
    """A 2,000-id plan and 2,000 progress records naming ids it does not have (near misses)."""
    path = big_plan(folder / "ids.yaml", RECORDS)
    records = "".join(f"  - {{task: hoat-dong-{i}x, date: 2024-05-01, status: in-progress}}\n"
                      for i in range(RECORDS))
    (folder / "ids.progress.yaml").write_text(f"plan: ids.yaml\nrecords:\n{records}", encoding="utf-8")
    return path


def combining_run(folder: Path) -> Path:
    """A place name followed by as many combining marks as fit under the 10 MB cap."""
    marks = "\u0301\u0323" * (4_500_000 // 2)  # 2 bytes each in UTF-8: 9 MB
    path = folder / "marks.yaml"
    path.write_text(SEED.replace("  place: An Dương", f"  place: An Dươ{marks}ng", 1), encoding="utf-8")
    return path


def plain_big(folder: Path) -> Path:
    """The same size as `combining_run`, in plain text: what reading 9 MB costs anyway."""
    path = folder / "plain.yaml"
    path.write_text(SEED.replace("  place: An Dương", "  place: An Dương" + "a" * 9_000_000, 1),
                    encoding="utf-8")
    return path


def catalogue_tree(folder: Path) -> Path:
    """A plan's own catalogue made of an 8-level alias tree (8^8 nodes once expanded)."""
    lines = ["l0: &l0 {number: 1, title: x}"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 8) + "]" for i in range(1, 9)]
    (folder / "dm.yaml").write_text("\n".join(lines) + "\nprojects: {DA1: *l8}\n", encoding="utf-8")
    path = folder / "cat.yaml"
    path.write_text(SEED.replace("programme: giam-ngheo-2021-2025", "programme: dm.yaml"), encoding="utf-8")
    return path


def endless_template(folder: Path) -> Path:
    templates = folder / "mau" / "md"
    templates.mkdir(parents=True)
    (templates / "kehoach.md").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}0123456789abcdef{% endfor %}"
        "{% endfor %}", encoding="utf-8")
    return folder / "mau"


def silent_template(folder: Path) -> Path:
    templates = folder / "mau-im" / "md"
    templates.mkdir(parents=True)
    (templates / "kehoach.md").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", encoding="utf-8")
    return folder / "mau-im"


def fifo_never_written(folder: Path) -> Path:
    path = folder / "fifo.yaml"
    os.mkfifo(path)
    return path


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        folder = Path(tmp)
        plan = str(ROOT / "plans" / "2024.yaml")
        cases: dict[str, tuple[list[str], Path | None]] = {
            "validate plans/2024.yaml (baseline)": (kehoach("validate", plan), None),
        }
        units = many_units_bad_leads(folder)
        cases[f"{UNITS:,} units, {BAD_REFERENCES} unknown leads"] = (kehoach("validate", str(units)), units)
        ids = many_unknown_records(folder)
        cases[f"{RECORDS:,} ids, {RECORDS:,} unknown progress ids"] = (
            kehoach("validate", str(ids)), folder / "ids.progress.yaml")
        marks = combining_run(folder)
        cases["9 MB run of combining marks"] = (kehoach("validate", str(marks)), marks)
        big = plain_big(folder)
        cases["9 MB of plain text (same size)"] = (kehoach("validate", str(big)), big)
        cases["/dev/zero as a plan"] = (kehoach("validate", "/dev/zero"), None)
        fifo = fifo_never_written(folder)
        cases["a FIFO nobody writes to"] = (kehoach("validate", str(fifo)), None)
        cat = catalogue_tree(folder)
        cases["own catalogue: 8-level alias tree"] = (kehoach("validate", str(cat)), folder / "dm.yaml")
        mau = endless_template(folder)
        cases["user template printing without end (step or 64 MB cap)"] = (
            kehoach("render", plan, "-f", "md", "--templates", str(mau), "-o", str(folder / "x.md")), None)
        silent = silent_template(folder)
        cases["user template looping 10¹⁰ times, printing nothing (2,000,000-step cap)"] = (
            kehoach("render", plan, "-f", "md", "--templates", str(silent), "-o", str(folder / "x.md")), None)
        results: dict[str, list[tuple[float, int, int]]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, (command, _) in cases.items():
                results[name].append(run(command))
        base = statistics.median(r[0] for r in results["validate plans/2024.yaml (baseline)"])
        print(f"{runs} runs each, medians, interleaved ({os.cpu_count()} CPU, Python "
              f"{sys.version.split()[0]})")
        print("| case | input | printed | exit | time | × validate |\n|---|---|---|---|---|---|")
        for name, rows in results.items():
            seconds = statistics.median(r[0] for r in rows)
            printed = rows[-1][1]
            source = cases[name][1]
            size = f"{source.stat().st_size / 1024:,.0f} KB" if source is not None else "—"
            print(f"| {name} | {size} | {printed / 1024:,.1f} KB | {rows[-1][2]} | "
                  f"{seconds * 1000:,.0f} ms | {seconds / base:.2f} |")
        assert not (folder / "x.md").exists()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
