"""kehoach serve in a real browser: Playwright drives Debian's Chromium. Each step waits for what
a person would see, never for a fixed time; every wait (and every Playwright action) has the same
upper bound, one only a broken page reaches: a working one shows each step in well under a second,
a loaded machine (load 8 on 2 cores) in a few.

A screenshot is taken only of a settled page: its live channel open, nothing left to check, its
document drawn. Pages never reload themselves (they redraw in place), so no screenshot can fall
into a navigation: Chromium's Page.captureScreenshot issued while a page reloads can wait forever
(Playwright's 30 s screenshot timeout was once reached that way on the province page, which used
to reload itself when the checking of the folder ended)."""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path

import pytest

from serving import CHROMIUM_ARGS, Served, chromium_or_skip, start

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("starlette")
EXECUTABLE = chromium_or_skip()
BOUND_MS = 90_000  # the one upper bound of every wait: far above what any step takes under load


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=EXECUTABLE, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    return tmp_path / "plans"


@pytest.fixture
def served(folder: Path):
    server = start(folder)
    yield server
    assert server.stop() == 130


@pytest.fixture(autouse=True)
def _bound():
    """Every expect() waits up to BOUND_MS (Playwright's default is 5 s: too near under load)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=BOUND_MS)
    yield
    expect.set_options(timeout=5_000)


def _context(browser, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(BOUND_MS)  # actions, navigations and screenshots alike
    return context


@pytest.fixture
def page(browser):
    context = _context(browser, viewport={"width": 1280, "height": 800}, locale="vi-VN")
    yield context.new_page()
    context.close()


def settled(page, path: str) -> None:
    """Wait until the page shows its steady state: the live channel open, every plan checked (the
    index, the province view), the document drawn (a plan, a report)."""
    from playwright.sync_api import expect

    expect(page.locator("#kh-live")).to_have_text("đang theo dõi tệp")
    if path == "":
        expect(page.locator("#kh-rows")).to_have_attribute("data-pending", "0")
    elif path == "province":
        expect(page.locator("body")).to_have_attribute("data-pending", "0")
    elif path.startswith(("plan/", "report/")):
        expect(page.frame_locator("#kh-doc").locator(".KHTenLoai")).to_be_visible()


def navigations(page) -> list[str]:
    """The main frame's navigations from now on (a page redrawing itself in place adds none)."""
    seen: list[str] = []
    page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None)
    return seen


def test_the_index_lists_every_plan(page, served: Served, folder: Path):
    from playwright.sync_api import expect

    page.goto(served.url)
    expect(page.locator("#kh-rows")).to_have_attribute("data-pending", "0")
    plans = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml") if p.name.count(".") == 1)
    expect(page.locator("#kh-rows tr td.file a")).to_have_text(plans)
    expect(page.locator("#kh-rows tr").first).to_contain_text("Ủy ban nhân dân xã An Dương")
    page.fill("#kh-filter", "hue")
    expect(page.locator("#kh-rows tr:visible")).to_have_count(1)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_plan_follows_its_file(page, served: Served, folder: Path):
    """Open the plan, edit it on disk, break it, fix it: the page follows each save."""
    from playwright.sync_api import expect

    plan = folder / "2024.yaml"
    original = plan.read_text(encoding="utf-8")
    page.goto(served.url + "plan/2024.yaml")
    document = page.frame_locator("#kh-doc")
    expect(document.locator(".KHTrichYeu")).to_contain_text("Dự án 6, Dự án 7")
    expect(page).to_have_title(
        "Thực hiện một số nội dung của Dự án 6, Dự án 7 thuộc Chương trình Mục tiêu "
        "quốc gia giảm nghèo bền vững năm 2024 · kehoach"
    )
    expect(page.locator("#kh-live")).to_have_text("đang theo dõi tệp")

    edited = original.replace("An Dương", "An Dương Mới")
    plan.write_text(edited, encoding="utf-8")
    expect(document.locator(".KHTenCoQuan").last).to_contain_text("AN DƯƠNG MỚI")

    broken = edited.replace("total: 13_000_000", "total: 12_000_000")
    plan.write_text(broken, encoding="utf-8")
    overlay = page.locator("#kh-errors")
    expect(overlay).to_be_visible()
    line = _line_of(broken, "total: 12_000_000")
    first = overlay.locator("pre.kh-diag").first
    expect(first).to_have_attribute("data-where", f"plans/2024.yaml:{line}:10")
    expect(first).to_contain_text("Cách sửa:")
    expect(document.locator(".KHTenCoQuan").last).to_contain_text(
        "AN DƯƠNG MỚI"
    )  # the last good rendering stays

    plan.write_text(broken.replace("document:", "document: [", 1), encoding="utf-8")  # not YAML at all
    expect(overlay.locator("pre.kh-diag").first).to_have_attribute(
        "data-where", f"plans/2024.yaml:{_line_of(broken, 'document:')}:11"
    )

    plan.write_text(original, encoding="utf-8")
    expect(overlay).to_have_count(0)
    expect(document.locator(".KHTenCoQuan").last).not_to_contain_text("MỚI")


def test_a_companion_file_is_watched_too(page, served: Served, folder: Path):
    from playwright.sync_api import expect

    page.goto(served.url + "plan/2024.yaml")
    expect(page.locator("#kh-live")).to_have_text("đang theo dõi tệp")
    progress = folder / "2024.progress.yaml"
    progress.write_text(
        progress.read_text(encoding="utf-8") + "\n  - date: 2024-12-30\n    task: khong-co\n"
        "    status: done\n",
        encoding="utf-8",
    )
    expect(page.locator("#kh-errors pre[data-code='KH601']")).to_be_visible()


def test_rule_settings_made_above_the_folder_reach_the_open_page(page, browser, folder: Path):
    """A kehoach.toml created beside plans/ while the plan and the index are open: the warning it
    turns off leaves both pages; broken, it is said over the document as validate says it;
    removed, the warning comes back. No page reloads."""
    from playwright.sync_api import expect

    plan = folder / "2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  date: 2024-03-29\n", "", 1), encoding="utf-8")
    served = start(folder)
    index = _context(browser).new_page()
    try:
        loads = navigations(page)
        page.goto(served.url + "plan/2024.yaml")
        settled(page, "plan/2024.yaml")
        index.goto(served.url)
        settled(index, "")
        warnings = page.locator("#kh-warnings pre.kh-diag")
        row = index.locator('#kh-rows tr[data-plan="2024.yaml"]')
        expect(warnings).to_have_count(1)
        expect(warnings.first).to_have_attribute("data-code", "KH505")
        expect(row).to_have_attribute("data-warnings", "1")

        settings = folder.parent / "kehoach.toml"
        settings.write_text('[rules]\nKH505 = "off"\n', encoding="utf-8")
        expect(warnings).to_have_count(0)
        expect(row).to_have_attribute("data-warnings", "0")

        settings.write_text('[rules]\nKH505 = "tắt hẳn"\n', encoding="utf-8")
        said = page.locator("#kh-errors pre.kh-diag")
        expect(said.first).to_contain_text("kehoach.toml:2: mức `tắt hẳn` không có.")
        expect(said.first).to_contain_text("Cách sửa:")
        expect(page.frame_locator("#kh-doc").locator(".KHTenLoai")).to_be_visible()  # the last good one stays
        expect(row).to_have_attribute("data-errors", "1")

        settings.unlink()
        expect(page.locator("#kh-errors")).to_have_count(0)
        expect(warnings).to_have_count(1)
        expect(row).to_have_attribute("data-warnings", "1")
        assert loads == [served.url + "plan/2024.yaml"]
    finally:
        index.context.close()
        assert served.stop() == 130


def _record(page, served: Served, note: str, spent: str = "") -> None:
    page.goto(served.url + "progress/2024.yaml")
    row = page.locator("#nv-ra-soat-ho-ngheo")
    row.locator("summary").click()
    form = row.locator("form")
    form.locator("input[name=date]").fill("2024-12-30")
    form.locator("select[name=status]").select_option(label="hoàn thành")
    form.locator("input[name=spent]").fill(spent)
    form.locator("input[name=note]").fill(note)


def test_recording_progress_through_the_form(page, served: Served, folder: Path):
    from playwright.sync_api import expect

    progress = folder / "2024.progress.yaml"
    before = progress.read_text(encoding="utf-8")
    _record(page, served, "Rà soát xong ở 5 thôn", "150.000")
    page.locator("#nv-ra-soat-ho-ngheo form button").click()
    expect(page.locator("#kh-written")).to_contain_text("Đã ghi")
    after = progress.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n") + "\n")  # comments and layout kept
    assert after.endswith(
        "  - date: 2024-12-30\n    task: ra-soat-ho-ngheo\n    status: hoàn thành\n"
        "    spent: 150_000\n    note: Rà soát xong ở 5 thôn\n"
    )
    expect(page.locator("#nv-ra-soat-ho-ngheo")).to_contain_text("30/12/2024: hoàn thành")


def test_a_record_that_would_break_the_file_is_not_written(page, served: Served, folder: Path):
    from playwright.sync_api import expect

    progress = folder / "2024.progress.yaml"
    before = progress.read_bytes()
    _record(page, served, "Chi quá số được giao", "900.000.000")
    page.locator("#nv-ra-soat-ho-ngheo form button").click()
    refused = page.locator("#kh-refused")
    expect(refused).to_contain_text("Chưa ghi")
    expect(refused.locator("pre.kh-diag.error")).to_contain_text("KH604")
    assert progress.read_bytes() == before


def test_two_browsers_recording_at_once_lose_nothing(browser, served: Served, folder: Path):
    from playwright.sync_api import expect

    pages = [_context(browser).new_page() for _ in range(2)]
    try:
        for i, p in enumerate(pages):
            _record(p, served, f"Người thứ {i + 1} ghi")
        with pages[0].expect_navigation(), pages[1].expect_navigation():
            for p in pages:
                p.locator("#nv-ra-soat-ho-ngheo form button").dispatch_event("click")
        for p in pages:
            expect(p.locator("#kh-written")).to_contain_text("Đã ghi")
    finally:
        for p in pages:
            p.context.close()
    text = (folder / "2024.progress.yaml").read_text(encoding="utf-8")
    assert "Người thứ 1 ghi" in text and "Người thứ 2 ghi" in text


def test_a_form_on_another_site_is_refused(page, served: Served, folder: Path, tmp_path: Path):
    """A page elsewhere (another origin) posting a record to kehoach serve writes nothing."""
    from playwright.sync_api import expect

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text(
        f'<form method="post" action="{served.url}progress/2024.yaml">'
        '<input name="token" value="doan-bua"><input name="date" value="2024-12-30">'
        '<input name="task" value="ra-soat-ho-ngheo"><input name="status" value="done">'
        '<button id="go">Gửi</button></form>',
        encoding="utf-8",
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(tmp_path / "site"), **kwargs)

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    before = (folder / "2024.progress.yaml").read_bytes()
    try:
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        with page.expect_navigation() as done:
            page.click("#go")
        assert done.value.status == 403
        expect(page.locator(".kh-message")).to_contain_text("khác nguồn gốc")
    finally:
        other.shutdown()
        other.server_close()
    assert (folder / "2024.progress.yaml").read_bytes() == before


@pytest.mark.parametrize("path", ["", "plan/2024.yaml", "progress/2024.yaml", "report/2024.yaml", "province"])
def test_every_page_draws_at_1280_by_800(page, served: Served, path: str, tmp_path: Path):
    """Screenshots as a person sees each page (docs/serve.png is the plan's page), taken once the
    page has settled; it got there without reloading itself."""
    from playwright.sync_api import expect

    loads = navigations(page)
    page.goto(served.url + path)
    expect(page.locator(".kh-bar")).to_be_visible()
    settled(page, path)
    shot = page.screenshot(path=str(tmp_path / "trang.png"))
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 20_000  # a drawn page, not a blank one
    assert "Traceback" not in page.content()
    assert loads == [served.url + path]


def test_the_province_view_follows_the_plans_in_place(page, served: Served, folder: Path):
    """A plan changes while the province view is open: its row and totals are redrawn once the
    plan is checked again, with no reload of the page."""
    from playwright.sync_api import expect

    loads = navigations(page)
    page.goto(served.url + "province")
    settled(page, "province")
    table = page.locator("table.kh-province")
    expect(table).to_contain_text("Ủy ban nhân dân xã An Dương")
    day = page.locator("form.kh-asof input[name=ngay]")
    day.fill("2024-12-31")  # a date being chosen stays chosen, however many times the page redraws
    plan = folder / "2024.yaml"
    original = plan.read_text(encoding="utf-8")
    for name in ("An Dương Mới", "An Dương Mới Hai"):
        plan.write_text(original.replace("An Dương", name), encoding="utf-8")
        expect(table).to_contain_text(f"Ủy ban nhân dân xã {name}")
        expect(page.locator("body")).to_have_attribute("data-pending", "0")
        expect(day).to_have_value("2024-12-31")
        expect(day).to_be_focused()
    assert loads == [served.url + "province"]
