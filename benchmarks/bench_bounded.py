"""Issue 11, class 5 (and the bounds of classes 9-10), issue 28 classes 6-8: the worst case of each
bounded class, as a whole command in a fresh process — its time, its peak memory (ru_maxrss of
that process, os.wait4) and the size of what it prints, beside the input's.

    .venv/bin/python benchmarks/bench_bounded.py 3

Each case is built to be as bad as the class allows: thousands of units or task ids with an error
on every reference (hints), a near-spelling search over thousands of ids, a run of combining
marks as long as the size cap permits, an endless device and a FIFO nobody writes to, an alias
tree in a plan's own catalogue, a user template whose loops would print without end, a file at
the size cap; a user template building a value past every bound (center, format, "%*d",
str.format, a replace doubling loop, join, lipsum, lists nested in a loop), keeping many values
(the memory allowance), running without end without building anything (the time bound: a
recursive macro, big-integer powers in a short loop, striptags over many tags); `summary -j 1500`
on 40 plans. "× validate" compares with `kehoach validate plans/2024.yaml` in the same run.
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


def run(command: list[str], ok: tuple[int, ...] = (0, 1, 2)) -> tuple[float, int, int, int]:
    """Seconds, bytes printed (stdout + stderr), exit code, peak resident bytes of the command
    (and of what it waited for: summary's workers)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err,
                                 env={**os.environ, "NO_COLOR": "1"})
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode not in ok or b"Traceback" in stderr:
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}: {stderr[-2000:].decode()}")
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return elapsed, len(stdout) + len(stderr), child.returncode, peak


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


# Issue 28, classes 6 and 7: a user's template, each as bad as its family allows.
TEMPLATES = {
    "center(10⁹)": "{{ 'x'|center(10**9) }}",
    "'%*d' % (10⁹, 1)": "{{ '%*d' % (10**9, 1) }}",
    "'%*d'|format(10⁹, 1)": "{{ '%*d'|format(10**9, 1) }}",
    "'{:>{w}}'.format(1, w=10⁹)": "{{ '{:>{w}}'.format(1, w=10**9) }}",
    "replace doubling in a loop": "{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
                                  "{% set ns.s = ns.s|replace('a', 'aa') %}{% endfor %}{{ ns.s|length }}",
    "join of 1,000 × 1 M characters": "{{ ([('x' * 1000000)] * 1000)|join }}",
    "lipsum(n=3000000)": "{{ lipsum(n=3000000) }}",
    "[l, l] nested 100 times, printed": "{% set ns = namespace(l=[1]) %}{% for i in range(100) %}"
                                        "{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l }}",
    "1,000 values of 8 M characters kept (memory allowance)":
        "{% set ns = namespace(l=[]) %}{% for i in range(1000) %}"
        "{% set ns.l = ns.l + [('x' * 8000000) ~ i] %}{% endfor %}{{ ns.l|length }}",
    "big-integer powers in a short loop (time bound)": "{% for i in range(100000) %}{% for j in range(20) %}"
                                                       "{{ (7 ** 4000) % 7 }}{% endfor %}{% endfor %}",
    "macro calling itself twice, 2⁶⁰ calls (time bound)":
        "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    "striptags over 2 M tags, again and again (time bound)":
        "{% for i in range(1000) %}{{ ('<a>' * 2000000)|striptags|length }}{% endfor %}",
}


def user_template(folder: Path, name: str, body: str) -> Path:
    mau = folder / f"mau-{abs(hash(name))}"
    (mau / "md").mkdir(parents=True)
    (mau / "md" / "kehoach.md").write_text(body, encoding="utf-8")
    return mau


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
        for name, body in TEMPLATES.items():
            mau = user_template(folder, name, body)
            command = kehoach("render", plan, "-f", "md", "--templates", str(mau), "-o", str(folder / "x.md"))
            cases[f"user template: {name}"] = (command, None)
        from generate import summary_plans

        summary_plans(folder / "xa", 40, seed=7)
        cases["summary -j 1500 on 40 plans (workers capped)"] = (
            kehoach("summary", str(folder / "xa"), "-j", "1500", "-f", "json", "--as-of", "2024-12-31"), None)
        results: dict[str, list[tuple[float, int, int, int]]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, (command, _) in cases.items():
                results[name].append(run(command))
        base = statistics.median(r[0] for r in results["validate plans/2024.yaml (baseline)"])
        load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else "?"
        print(f"{runs} runs each, medians, interleaved ({os.cpu_count()} CPU, Python "
              f"{sys.version.split()[0]}); load {' '.join(load)}")
        print("| case | input | printed | exit | time | × validate | peak memory |")
        print("|---|---|---|---|---|---|---|")
        for name, rows in results.items():
            seconds = statistics.median(r[0] for r in rows)
            printed = rows[-1][1]
            source = cases[name][1]
            size = f"{source.stat().st_size / 1024:,.0f} KB" if source is not None else "—"
            peak = max(r[3] for r in rows)
            print(f"| {name} | {size} | {printed / 1024:,.1f} KB | {rows[-1][2]} | "
                  f"{seconds * 1000:,.0f} ms | {seconds / base:.2f} | {peak / 1024 / 1024:,.0f} MB |")
        assert not (folder / "x.md").exists()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
