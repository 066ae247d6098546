"""`kehoach serve` (issue 23): the seed's page, the delay from a save to the updated page in
Chromium, and the index of 3,321 plans — each next to a baseline measured in the same run.

Run: .venv/bin/python benchmarks/bench_serve.py [runs] [index]   (index: the 3,321-plan index alone)
Targets: the page follows a save within 1 s; the index of 3,321 plans answers in under 3 s.
Reports the load average before and after, since the machine may be shared.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from generate import summary_plans
from timing import ROOT, kehoach

from serving import CHROMIUM_ARGS, start

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def fetch(url: str) -> tuple[float, bytes]:
    start_ = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        body = response.read()
    return time.perf_counter() - start_, body


def median_ms(values: list[float]) -> str:
    return f"{1000 * statistics.median(values):.0f} ms"


def page_render(folder: Path, served) -> None:
    """The seed's document after a save (checked and rendered again) against the same work in
    this process (check_plan with companions + render to HTML), interleaved."""
    from kehoach.render.api import rendered
    from kehoach.validate import check_plan

    plan = folder / "2024.yaml"
    text = plan.read_text(encoding="utf-8")
    page, library = [], []
    fetch(served.url + "doc/2024.yaml")
    for i in range(RUNS):
        plan.write_text(text + f"# lần {i}\n", encoding="utf-8")  # a save: the page must redo its work
        page.append(fetch(served.url + "doc/2024.yaml")[0])
        start_ = time.perf_counter()
        rendered(check_plan(plan), ("html",))
        library.append(time.perf_counter() - start_)
    plan.write_text(text, encoding="utf-8")
    ratio = statistics.median(page) / statistics.median(library)
    print(
        f"| page render of the seed after a save (GET /doc/2024.yaml) | {median_ms(page)} | "
        f"check + render in-process {median_ms(library)} | {ratio:.2f} × |"
    )


def save_to_update(folder: Path, served) -> None:
    """From the file written to the new document shown in Chromium (no reload), against a
    person pressing F5 (the page reloaded and its document drawn)."""
    from playwright.sync_api import sync_playwright

    plan = folder / "2024.yaml"
    text = plan.read_text(encoding="utf-8")
    pushed, reloaded = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(served.url + "plan/2024.yaml")
        page.wait_for_function(
            "document.getElementById('kh-live') && !document.getElementById('kh-live').hidden"
        )
        for i in range(RUNS):
            name = f"Xã Thử {i}"
            start_ = time.perf_counter()
            plan.write_text(text.replace("An Dương", name), encoding="utf-8")
            page.frame_locator("#kh-doc").locator(".KHTenCoQuan").last.filter(has_text=name.upper()).wait_for(
                timeout=30_000
            )
            pushed.append(time.perf_counter() - start_)
            start_ = time.perf_counter()
            page.reload()
            page.frame_locator("#kh-doc").locator(".KHTenCoQuan").last.filter(has_text=name.upper()).wait_for(
                timeout=30_000
            )
            reloaded.append(time.perf_counter() - start_)
        browser.close()
    plan.write_text(text, encoding="utf-8")
    ratio = statistics.median(pushed) / statistics.median(reloaded)
    print(
        f"| save → updated page in Chromium (max {1000 * max(pushed):.0f} ms) | {median_ms(pushed)} | "
        f"reload by hand {median_ms(reloaded)} | {ratio:.2f} × |"
    )


def _summary_s(folder: Path) -> float:
    start_ = time.perf_counter()
    done = subprocess.run(
        [*kehoach("summary", str(folder), "-f", "json")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode in (0, 1), done.returncode
    return time.perf_counter() - start_


def _serve_until_checked(folder: Path) -> tuple[float, float, float, float, bytes]:
    """Start `kehoach serve`, ask the index at once, then follow it as an open index page does
    (its live channel; the rows fetched again whenever it names a newer version) until every row
    is checked: (seconds from the start to the first answer, that answer's own time, seconds from
    the start to every row checked, the time of the index once checked), and the first answer."""
    import json
    import re

    started = time.perf_counter()
    served = start(folder)
    try:
        first, body = fetch(served.url)
        answered = time.perf_counter() - started
        shown = re.search(rb'data-version="(\d+)"', body).group(1).decode()
        pending = re.search(rb'data-pending="(\d+)"', body).group(1) != b"0"
        with urllib.request.urlopen(served.url + "events", timeout=600) as events:
            while pending:
                line = events.readline().decode()
                if not line.startswith("data: "):
                    continue
                if str(json.loads(line[6:])["version"]) == shown:
                    continue
                rows = fetch(served.url + "?phan=bang")[1]
                shown = re.search(rb'data-version="(\d+)"', rows).group(1).decode()
                pending = b'data-pending="0"' not in rows
        checked = time.perf_counter() - started
        warm = statistics.median(fetch(served.url)[0] for _ in range(5))
    finally:
        served.stop()
    return answered, first, checked, warm, body


def index_3321(tmp: Path) -> None:
    """Cold (an empty cache of results) and warm (the server started again over the same folder:
    rows from the incremental cache), each next to `kehoach summary` in the same state."""
    folder = tmp / "tinh"
    summary_plans(folder, 3321)
    os.environ["KEHOACH_CACHE_DIR"] = str(tmp / "cache")  # a cache of this run's own, empty
    for switch in ("KEHOACH_NO_CACHE", "KEHOACH_NO_RESULTS_CACHE"):
        os.environ.pop(switch, None)
    summary_cold = _summary_s(folder)
    answered, first, cold, checked_ms, body = _serve_until_checked(folder)
    assert body.count(b"<tr") >= 3321
    served = start(folder)
    try:
        while b'data-pending="0"' not in fetch(served.url + "province")[1]:
            time.sleep(0.1)
        province = fetch(served.url + "province")[0]
    finally:
        served.stop()
    warm_runs, summary_warm = [], []
    for _ in range(3):  # interleaved: the server started again, `summary` run again
        warm_runs.append(_serve_until_checked(folder))
        summary_warm.append(_summary_s(folder))
    w_answered = statistics.median(r[0] for r in warm_runs)
    w_checked = statistics.median(r[2] for r in warm_runs)
    s_warm = statistics.median(summary_warm)
    print(f"| index of 3,321 plans, cold: first answer (rows still being checked) | {1000 * first:.0f} ms "
          f"({answered:.2f} s from the start) | | |")
    print(
        f"| … every row checked, from the server's start | {cold:.2f} s | `kehoach summary -f json` "
        f"{summary_cold:.2f} s | {cold / summary_cold:.2f} × |"
    )
    print(f"| … index once checked (3,321 rows) | {1000 * checked_ms:.0f} ms | | |")
    print(f"| … province view (3,321 rows, charts) | {1000 * province:.0f} ms | | |")
    print(f"| index of 3,321 plans, warm (started again, rows from the cache): first answer | "
          f"{w_answered:.2f} s from the start | | |")
    print(
        f"| … every row checked, from the server's start | **{w_checked:.2f} s** | `kehoach summary -f json` "
        f"warm {s_warm:.2f} s | {w_checked / s_warm:.2f} × |"
    )


def main() -> None:
    print(f"load before: {load()} (1 min); {os.cpu_count()} cores; runs: {RUNS}")
    print("| what | median | baseline (same run) | ratio |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-serve-") as name:
        tmp = Path(name)
        folder = tmp / "plans"
        shutil.copytree(ROOT / "plans", folder)
        served = start(folder)
        try:
            page_render(folder, served)
            if Path("/usr/bin/chromium").exists():
                save_to_update(folder, served)
        finally:
            served.stop()
        index_3321(tmp)
    print(f"load after: {load()} (1 min)")


if __name__ == "__main__":
    if sys.argv[2:] == ["index"]:  # the 3,321-plan index alone
        with tempfile.TemporaryDirectory(prefix="kehoach-bench-serve-") as name:
            print(f"load before: {load()} (1 min)")
            index_3321(Path(name))
            print(f"load after: {load()} (1 min)")
    else:
        main()
