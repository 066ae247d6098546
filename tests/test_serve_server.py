"""kehoach.serve.server, without a web server: the index's background checking (Server.scan over
Site.refresh) as plain objects. A plan whose checking raises is that plan's failed row and the
others are still checked, on the library thread and in worker processes alike; the scan thread
never ends by an exception; every day a page asks about gets its rows; a change tells open index
pages of a new version."""

from __future__ import annotations

import asyncio
import shutil
import textwrap
import threading
import time
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("starlette")

from kehoach.serve import pages
from kehoach.serve.safety import Guard
from kehoach.serve.server import Server
from kehoach.serve.site import PARALLEL_FROM

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2024, 12, 31)
BOUND_S = 120.0  # only a broken scan reaches it; a working one ends in a few seconds under load


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    return tmp_path / "plans"


def _server(folder: Path, jobs: int = 1) -> Server:
    return Server(folder, read_only=True, guard=Guard(), jobs=jobs)


def _settled(server: Server, day: date) -> list:
    """Ask for the day's rows and wait until none is left to check (the scan is a thread)."""
    server.start_scan(day)
    deadline = time.monotonic() + BOUND_S
    while True:
        rows, stale = server.site.index(day)
        if not stale and not server._scan_lock.locked():
            return rows
        assert time.monotonic() < deadline, f"still being checked after {BOUND_S} s: {stale}"
        time.sleep(0.05)


def _failing_on(monkeypatch, name: str) -> None:
    """overview_of raises for the plan called `name` (a bug in kehoach, not in the file)."""
    from kehoach.summary import overview as module

    real = module.overview_of

    def broken(checked, as_of):
        if checked.path.name == name:
            raise RuntimeError("hỏng khi tóm tắt")
        return real(checked, as_of)

    monkeypatch.setattr(module, "overview_of", broken)


def _assert_failed_row_and_the_rest_checked(server: Server, rows: list, broken: str) -> None:
    by_rel = dict(rows)
    assert all(o is not None for o in by_rel.values())
    failed = by_rel[broken]
    assert failed.errors == 1 and failed.first_error is not None and failed.first_error.code == "KH001"
    assert "RuntimeError: hỏng khi tóm tắt" in failed.first_error.message
    assert not failed.row.ok and failed.stopped is None  # a failed row, not settings that stop summary
    others = [o for rel, o in by_rel.items() if rel != broken]
    assert others and all(o.title for o in others)
    # The page says it where the plan's title would be; nothing is left 'đang kiểm tra…'.
    html = pages.index_page(server, rows, [], DAY, server.index_version, fragment=True)
    assert 'data-pending="0"' in html and "đang kiểm tra" not in html
    assert "kehoach không kiểm tra được kế hoạch này (RuntimeError: hỏng khi tóm tắt)." in html


def test_a_plan_whose_check_raises_is_a_failed_row_and_the_others_are_checked(folder: Path, monkeypatch):
    _failing_on(monkeypatch, "2024.yaml")
    server = _server(folder)
    try:
        rows = _settled(server, DAY)
        assert len(rows) < PARALLEL_FROM  # checked on the library thread, one by one
        _assert_failed_row_and_the_rest_checked(server, rows, "2024.yaml")
        # Fixed (here: the bug gone) and the file saved: checked again, a row like the others.
        monkeypatch.undo()
        plan = folder / "2024.yaml"
        plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        fixed = dict(_settled(server, DAY))["2024.yaml"]
        assert fixed.errors == 0 and fixed.issuer == "Ủy ban nhân dân xã An Dương"
    finally:
        server.site.close()


def test_in_worker_processes_too(tmp_path: Path, monkeypatch):
    """Enough plans for worker processes (spawned: they import kehoach afresh, so the bug is put
    there by a sitecustomize on their PYTHONPATH)."""
    import os

    folder = tmp_path / "plans"
    folder.mkdir()
    seed = (ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8")
    names = [f"xa-{i:02}.yaml" for i in range(2 * PARALLEL_FROM)]
    for name in names:
        (folder / name).write_text(seed, encoding="utf-8")
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent("""
        from kehoach.summary import overview as module
        real = module.overview_of
        def broken(checked, as_of):
            if checked.path.name == "xa-07.yaml":
                raise RuntimeError("hỏng khi tóm tắt")
            return real(checked, as_of)
        module.overview_of = broken
    """), encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]))
    server = _server(folder, jobs=2)
    try:
        rows = _settled(server, DAY)
        assert len(rows) == len(names)
        _assert_failed_row_and_the_rest_checked(server, rows, "xa-07.yaml")
    finally:
        server.site.close()


def test_the_scan_thread_never_ends_by_an_exception(folder: Path, monkeypatch, capsys):
    """Anything else going wrong in the scan is said on the console, the lock is let go, and
    the next scan (the next page, the next change) checks the rows."""
    server = _server(folder)
    real, calls = server.site.refresh, []

    def once_broken(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("đĩa hỏng")
        return real(*args, **kwargs)

    monkeypatch.setattr(server.site, "refresh", once_broken)
    try:
        failed = threading.Thread(target=server.start_scan, args=(DAY,))
        failed.start()
        failed.join()
        deadline = time.monotonic() + BOUND_S
        while "đĩa hỏng" not in capsys.readouterr().err or server._scan_lock.locked():
            assert time.monotonic() < deadline
            time.sleep(0.05)
        rows = _settled(server, DAY)
        assert all(o is not None for _, o in rows) and len(calls) >= 2
    finally:
        server.site.close()


def test_every_day_asked_for_gets_its_rows(folder: Path):
    """An index of another day (?ngay=…) is checked for that day, and today's rows stay kept
    beside it: two pages of two days open at once never take each other's rows."""
    server = _server(folder)
    try:
        today = date.today()
        first = _settled(server, today)
        other = _settled(server, DAY)
        assert all(o is not None for _, o in first + other)
        rows, stale = server.site.index(today)
        assert not stale and [o for _, o in rows] == [o for _, o in first]
        assert sum(dict(other)["2024.yaml"].tasks.values()) > 0
    finally:
        server.site.close()


def test_a_change_tells_the_index_of_a_new_version(folder: Path):
    """An open plan's page checks a changed plan and keeps its row at once, so the scan started
    after it finds nothing stale: the change itself must give open index pages a new version."""
    server = _server(folder)
    try:
        _settled(server, date.today())
        before = server.index_version
        asyncio.run(server.changed({"2024.yaml"}, False))
        assert server.index_version > before
    finally:
        server.site.close()


def test_a_server_started_again_takes_the_rows_from_the_cache(folder: Path, tmp_path: Path, monkeypatch):
    """With the incremental cache (kehoach.cache) on, a server started again over the same folder
    checks no plan whose files are as they were: the same rows come from the cache; a changed
    plan alone is checked again. A failed plan is never kept."""
    from kehoach import cache, validate

    monkeypatch.delenv("KEHOACH_NO_CACHE", raising=False)
    monkeypatch.delenv("KEHOACH_NO_RESULTS_CACHE", raising=False)
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_caches", {})
    real, checked = validate.check_alone, []

    def counting(path, *args, **kwargs):
        checked.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(validate, "check_alone", counting)
    _failing_on(monkeypatch, "2024.yaml")

    def rows() -> dict:
        server = _server(folder)
        try:
            return dict(_settled(server, DAY))
        finally:
            server.site.close()

    cold = rows()
    assert len(checked) == len(cold) and cold["2024.yaml"].first_error.code == "KH001"
    checked.clear()
    warm = rows()
    assert checked == ["2024.yaml"] and warm == cold  # only the failed plan is checked again
    checked.clear()
    plan = folder / "examples" / "hue-2025-giam-ngheo.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    again = rows()
    assert sorted(checked) == ["2024.yaml", "hue-2025-giam-ngheo.yaml"] and again == cold
