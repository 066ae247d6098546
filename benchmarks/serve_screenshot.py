"""docs/serve.png: the plan's page of `kehoach serve` as a person sees it at 1280×800 in
Chromium, with an error over the last good rendering (the total made wrong on purpose).

Run: .venv/bin/python benchmarks/serve_screenshot.py [docs/serve.png]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from serving import CHROMIUM_ARGS, start

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "serve.png"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "plans"
        shutil.copytree(ROOT / "plans", folder)
        served = start(folder)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(served.url + "plan/2024.yaml")
                page.frame_locator("#kh-doc").locator(".KHTrichYeu").wait_for()
                plan = folder / "2024.yaml"
                plan.write_text(
                    plan.read_text(encoding="utf-8").replace("total: 13_000_000", "total: 12_000_000"),
                    encoding="utf-8",
                )
                page.locator("#kh-errors").wait_for()
                page.screenshot(path=str(target))
                browser.close()
        finally:
            served.stop()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
