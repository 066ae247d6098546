"""Issue 21's targets, each against a baseline measured in the same run (interleaved), with the
machine's load printed beside every figure (the machine may be shared).

Run: .venv/bin/python benchmarks/bench_issue21.py [sections] [--runs N] [--base ../house-base]
     [--check-jsonschema PATH]
Sections (default all): one, many, memory, summary, others.

- one:     `validate plans/2024.yaml` against check-jsonschema on the same file (its schema from
           `kehoach schema`) and `python -c "import yaml, pydantic, typer"` (≤ 0.6 ×, ≤ 1.5 ×).
           check-jsonschema is not a dependency: install it in a venv of its own
           (`python3 -m venv /tmp/cjs && /tmp/cjs/bin/pip install check-jsonschema`) and give its
           path; without it that ratio is skipped.
- many:    `validate` of 1,000 generated plans, results cache off: wall < 1 s, CPU / wall ≥ 1.6;
           baseline: the same command pinned to one core.
- memory:  peak memory of `validate` and of `summary` over 10,000 plans (≤ 150 MiB): the largest
           process's own peak (VmHWM) and the largest sum over the command's processes, sampled.
- summary: `summary` of 3,321 plans with progress files: cold (empty cache) < 6 s, then with one
           plan changed since the last run < 1.5 s; baseline: the same with the cache off.
- others:  render (.docx), report (.docx), tasks, progress of plans/2024.yaml against the checkout
           given by --base (commit 3f19377, before issue 21), each ≤ 1.00 ×.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import commune_plans, summary_plans
from timing import ROOT, kehoach

SECTIONS = ("one", "many", "memory", "summary", "others")
parser = argparse.ArgumentParser()
parser.add_argument("sections", nargs="*", default=list(SECTIONS))
parser.add_argument("--runs", type=int, default=15)
parser.add_argument("--base", type=Path, default=ROOT.parent / "house-base")
parser.add_argument("--check-jsonschema", default="/tmp/cjs-venv/bin/check-jsonschema")
ARGS = parser.parse_args()
NO_CACHE = {"KEHOACH_NO_RESULTS_CACHE": "1"}


def load() -> str:
    return "load " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def once(command: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,),
         one_core: bool = False) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system of every process of the command)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    pin = min(os.sched_getaffinity(0))
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})}, check=False,
                          preexec_fn=(lambda: os.sched_setaffinity(0, {pin})) if one_core else None)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command[:4])} … exited {done.returncode}: {done.stderr.decode()[-800:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved(commands: dict[str, dict], runs: int, warmup: int = 1) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) per command; each command a dict of once()'s arguments."""
    for _ in range(warmup):
        for spec in commands.values():
            once(**spec)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, spec in commands.items():
            times[name].append(once(**spec))
    return {name: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
            for name, v in times.items()}


def show(medians: dict[str, tuple[float, float]], baseline: str) -> None:
    base = medians[baseline][0]
    for name, (wall, cpu) in medians.items():
        print(f"  {name:<58} {wall * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms CPU  × {wall / base:4.2f}")


def one_plan() -> None:
    plan = str(ROOT / "plans" / "2024.yaml")
    commands = {
        "python -c 'import yaml, pydantic, typer'":
            {"command": [sys.executable, "-c", "import yaml, pydantic, typer"]},
        "kehoach validate plans/2024.yaml": {"command": kehoach("validate", "-q", plan)},
    }
    if Path(ARGS.check_jsonschema).exists():
        schema = Path(tempfile.mkdtemp()) / "plan.schema.json"
        subprocess.run(kehoach("schema", "-o", str(schema)), check=True)
        commands["check-jsonschema --schemafile S plans/2024.yaml"] = {
            "command": [ARGS.check_jsonschema, "--schemafile", str(schema), plan]}
    else:
        print(f"  (check-jsonschema not found at {ARGS.check_jsonschema}: that ratio skipped)")
    print(f"one plan, {ARGS.runs} interleaved runs, medians; {load()}")
    medians = interleaved(commands, ARGS.runs, warmup=2)
    show(medians, "python -c 'import yaml, pydantic, typer'")
    ours = medians["kehoach validate plans/2024.yaml"][0]
    imports = medians["python -c 'import yaml, pydantic, typer'"][0]
    print(f"  validate / imports = {ours / imports:.2f} (target ≤ 1.5)")
    if "check-jsonschema --schemafile S plans/2024.yaml" in medians:
        theirs = medians["check-jsonschema --schemafile S plans/2024.yaml"][0]
        print(f"  validate / check-jsonschema = {ours / theirs:.2f} (target ≤ 0.6)")
    print(f"  after: {load()}")


def many_plans(root: Path) -> None:
    folder = root / "many"
    commune_plans(folder, 1000)
    command = kehoach("validate", "-q", str(folder))
    runs = max(3, ARGS.runs // 3)
    print(f"1,000 plans, results cache off, {runs} interleaved runs, medians; {load()}")
    medians = interleaved({
        "validate 1,000 plans, one core (taskset)": {"command": command, "env": NO_CACHE, "one_core": True},
        "validate 1,000 plans, every core": {"command": command, "env": NO_CACHE},
        "validate 1,000 plans, every core, cache warm": {"command": command},
    }, runs)
    show(medians, "validate 1,000 plans, one core (taskset)")
    wall, cpu = medians["validate 1,000 plans, every core"]
    print(f"  every core: {wall:.2f} s wall (target < 1 s), CPU / wall = {cpu / wall:.2f} (target ≥ 1.6)")
    print(f"  after: {load()}")


def _tree(pid: int) -> list[int]:
    """pid and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# Runs the command and prints the largest peak of it and every process it waited for (ru_maxrss of
# reaped descendants); this wrapper is small, so the pages a child shares with it before exec count little.
MAXRSS = ("import resource, subprocess, sys\n"
          "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
          "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code, file=sys.stderr)\n")


def peak(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall s, largest process's own peak MiB, largest sampled sum of RSS over the tree MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", MAXRSS, *command], cwd=ROOT, stderr=subprocess.PIPE,
                               env={**os.environ, "NO_COLOR": "1", **env})
    total = 0
    while process.poll() is None:
        total = max(total, sum(_kib(p, "VmRSS") for p in _tree(process.pid)[1:]))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    said = process.stderr.read().decode() if process.stderr else ""
    maxrss, code = said.split()[-2:]
    if code != "0":
        raise SystemExit(f"{' '.join(command[:3])} exited {code}: {said[-800:]}")
    return wall, int(maxrss) / 1024, total / 1024


def memory(root: Path) -> None:
    valid, with_progress = root / "ten-thousand", root / "ten-thousand-summary"
    commune_plans(valid, 10_000)
    summary_plans(with_progress, 10_000, seed=21)
    print(f"10,000 plans, peak memory (target ≤ 150 MiB); {load()}")
    for name, command in {
        "validate 10,000 plans": kehoach("validate", "-q", str(valid)),
        "summary 10,000 plans -f json": kehoach("summary", str(with_progress), "--as-of", "2025-06-30",
                                                "-f", "json"),
    }.items():
        for cache in ("off", "warm"):
            env = NO_CACHE if cache == "off" else {}
            if cache == "warm":
                once(command, env)  # fill the cache
            wall, own, total = peak(command, env)
            print(f"  {name}, cache {cache:<4}: largest process {own:6.1f} MiB, all processes "
                  f"{total:6.1f} MiB (RSS sum, shared pages counted in each), {wall:5.1f} s; {load()}")


def summary(root: Path) -> None:
    folder = root / "province"
    summary_plans(folder, 3321)
    communes = sorted(p for p in folder.iterdir() if p.is_dir())
    assert len(communes) == 3321, len(communes)
    command = kehoach("summary", str(folder), "--as-of", "2025-06-30", "-f", "json")
    changed = communes[1234] / "plan.yaml"
    runs = max(3, ARGS.runs // 5)
    print(f"summary of 3,321 plans with progress files, {runs} rounds, medians; {load()}")
    off, cold, warm = [], [], []
    for i in range(runs):
        off.append(once(command, NO_CACHE))  # the baseline: no cache at all
        cache = root / f"cache-{i}"
        cold.append(once(command, {"KEHOACH_CACHE_DIR": str(cache)}))
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text + f"# sửa lần {i}\n", encoding="utf-8")  # one plan changed
        warm.append(once(command, {"KEHOACH_CACHE_DIR": str(cache)}))
        print(f"  round {i + 1}: cache off {off[-1][0]:.2f} s, cold {cold[-1][0]:.2f} s, "
              f"one changed {warm[-1][0]:.2f} s; {load()}")
    base = statistics.median(w for w, _ in off)
    for name, values in (("cache off", off), ("cold (empty cache)", cold), ("one plan changed since", warm)):
        wall, cpu = statistics.median(w for w, _ in values), statistics.median(c for _, c in values)
        print(f"  {name:<24} {wall:6.2f} s wall {cpu:6.2f} s CPU  × {wall / base:4.2f} of cache off")
    print(f"  targets: cold < 6 s, one changed < 1.5 s; after: {load()}")


def others() -> None:
    base = ARGS.base.resolve() / ".venv" / "bin" / "kehoach"
    if not base.exists():
        print(f"others: {base} not found (a checkout of 3f19377 with its own .venv): skipped")
        return
    import compileall

    compileall.compile_dir(ARGS.base.resolve() / "src", quiet=1)  # as ours (timing.py)
    out = Path(tempfile.mkdtemp())
    print(f"render, report, tasks, progress: this checkout against {ARGS.base} "
          f"({ARGS.runs} interleaved runs, medians; each its own plans/2024.yaml); {load()}")
    for name, args in {
        "render .docx": ["render", "plans/2024.yaml", "-o", str(out / "{}.docx")],
        "report .docx": ["report", "plans/2024.yaml", "-o", str(out / "{}-bc.docx")],
        "tasks": ["tasks", "plans/2024.yaml"],
        "progress": ["progress", "plans/2024.yaml", "--as-of", "2024-09-30"],
    }.items():
        commands = {
            "base": {"command": [str(base), *(a.format("base") for a in args)]},
            "this": {"command": kehoach(*(a.format("this") for a in args))},
        }
        medians = _in(commands, ARGS.base.resolve())
        ratio = medians["this"][0] / medians["base"][0]
        (this, this_cpu), (then, then_cpu) = medians["this"], medians["base"]
        print(f"  {name:<14} this {this * 1000:6.0f} ms, base {then * 1000:6.0f} ms = {ratio:4.2f} × "
              f"(CPU {this_cpu / then_cpu:4.2f} ×); {load()}")


def _in(commands: dict[str, dict], base_root: Path) -> dict[str, tuple[float, float]]:
    """interleaved(), the base's command run in its own checkout (its own plans/2024.yaml)."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for run in range(ARGS.runs + 1):
        for name, spec in commands.items():
            cwd = base_root if name == "base" else ROOT
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(spec["command"], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=True, env={**os.environ, "NO_COLOR": "1"})
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if run:  # the first round warms the page cache
                cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                times[name].append((wall, cpu))
    return {name: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
            for name, v in times.items()}


with tempfile.TemporaryDirectory() as tmp:
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    for section in ARGS.sections:
        {"one": one_plan, "many": lambda: many_plans(Path(tmp)), "memory": lambda: memory(Path(tmp)),
         "summary": lambda: summary(Path(tmp)), "others": others}[section]()
