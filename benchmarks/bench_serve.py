"""`kehoach serve` (issue 23): the seed's page, the delay from a save to the updated page in
Chromium, and the index of 3,321 plans — each next to a baseline measured in the same run.

Run: .venv/bin/python benchmarks/bench_serve.py [runs]
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


def index_3321(tmp: Path) -> None:
    folder = tmp / "tinh"
    summary_plans(folder, 3321)
    start_ = time.perf_counter()
    done = subprocess.run(
        [*kehoach("summary", str(folder), "-f", "json")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    summary_s = time.perf_counter() - start_
    assert done.returncode in (0, 1), done.returncode
    started = time.perf_counter()
    served = start(folder)
    try:
        first, body = fetch(served.url)
        assert body.count(b"<tr") >= 3321
        while b'data-pending="0"' not in fetch(served.url + "?phan=bang")[1]:
            time.sleep(0.2)
        cold = time.perf_counter() - started
        warm = [fetch(served.url)[0] for _ in range(5)]
        province = fetch(served.url + "province")[0]
    finally:
        served.stop()
    print(f"| index of 3,321 plans: first answer (rows still being checked) | {1000 * first:.0f} ms | | |")
    print(
        f"| … every row checked, from the server's start | {cold:.2f} s | `kehoach summary -f json` "
        f"{summary_s:.2f} s | {cold / summary_s:.2f} × |"
    )
    print(f"| … index once checked (3,321 rows) | {median_ms(warm)} | | |")
    print(f"| … province view (3,321 rows, charts) | {1000 * province:.0f} ms | | |")


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
    main()
