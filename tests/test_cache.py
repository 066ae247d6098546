"""The incremental cache of validate (a folder) and summary (issue 21, item 5): results are the same
with it, without it, cold and warm; a re-run checks only what changed; a corrupt cache, two runs
at once and another kehoach version never change a result."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PLAN_2024, PLAN_TEXT
from kehoach import cache, validate
from kehoach.cli import app
from kehoach.summary import rows


@pytest.fixture
def cached(tmp_path, monkeypatch) -> Path:
    """The cache on, in a folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.delenv("KEHOACH_NO_CACHE", raising=False)
    monkeypatch.delenv("KEHOACH_NO_RESULTS_CACHE", raising=False)
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(folder))
    monkeypatch.setattr(cache, "_caches", {})
    monkeypatch.setattr(cache, "_identity", None)
    return folder


@pytest.fixture
def plans(tmp_path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(6):
        (folder / f"xa-{i}.yaml").write_text(PLAN_TEXT.replace("An Dương", f"Xã {i}"), encoding="utf-8")
    shutil.copy(PLAN_2024.with_name("2024.progress.yaml"), folder / "xa-1.progress.yaml")
    (folder / "xa-1.progress.yaml").write_text(
        (folder / "xa-1.progress.yaml").read_text(encoding="utf-8").replace("2024.yaml", "xa-1.yaml"),
        encoding="utf-8")
    return folder


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How many plans were really checked (not taken from the cache)."""
    calls = {"validate": 0, "summary": 0}
    real_outcome, real_summarise = validate.outcome, rows.summarise

    def outcome(path, source=None):
        calls["validate"] += 1
        return real_outcome(path, source)

    def summarise(path, as_of):
        calls["summary"] += 1
        return real_summarise(path, as_of)

    monkeypatch.setattr(validate, "outcome", outcome)
    monkeypatch.setattr(rows, "summarise", summarise)
    return calls


def _runs(plans: Path) -> list[tuple[int, str]]:
    runner = CliRunner()
    return [(r.exit_code, r.output) for r in (
        runner.invoke(app, ["validate", str(plans)]),
        runner.invoke(app, ["validate", "-f", "json", str(plans)]),
        runner.invoke(app, ["summary", "-f", "json", "--as-of", "2024-12-31", str(plans)]),
        runner.invoke(app, ["summary", "-f", "csv", "--as-of", "2024-10-01", str(plans)]),
    )]


def _uncached(plans: Path, monkeypatch) -> list[tuple[int, str]]:
    with monkeypatch.context() as m:
        m.setenv("KEHOACH_NO_CACHE", "1")
        m.setattr(cache, "_caches", {})
        return _runs(plans)


def test_results_are_the_same_cold_warm_and_without(cached, plans, monkeypatch, counted):
    without = _uncached(plans, monkeypatch)
    counted.update(validate=0, summary=0)
    assert _runs(plans) == without  # cold: every plan checked once per day and as-of day, and kept
    assert counted == {"validate": 6, "summary": 12}
    assert _runs(plans) == without  # warm: none checked again
    assert counted == {"validate": 6, "summary": 12}
    assert (cached / "cache.sqlite3").is_file()


@pytest.mark.parametrize("change", ["plan", "progress appears", "progress changes", "progress goes",
                                    "report appears"])
def test_what_changed_is_checked_again_and_nothing_else(cached, plans, monkeypatch, counted, change):
    _runs(plans)
    plan = plans / "xa-3.yaml"
    if change == "plan":
        plan.write_text(PLAN_TEXT.replace("total: 13_000_000", "total: 13_000_001"), encoding="utf-8")
    elif change == "progress appears":
        (plans / "xa-3.progress.yaml").write_text("plan: xa-3.yaml\nrecords: [1]\n", encoding="utf-8")
    elif change == "progress changes":
        plan = plans / "xa-1.yaml"
        (plans / "xa-1.progress.yaml").write_text("plan: xa-1.yaml\nrecords: [1]\n", encoding="utf-8")
    elif change == "progress goes":
        plan = plans / "xa-1.yaml"
        (plans / "xa-1.progress.yaml").unlink()
    else:
        (plans / "xa-3.report.yaml").write_text("plan: xa-3.yaml\nnumber: không\n", encoding="utf-8")
    counted.update(validate=0, summary=0)
    warm = _runs(plans)
    # summary never reads the report file: a new one changes nothing it says
    again = {"validate": 1, "summary": 0 if change == "report appears" else 2}
    assert counted == again, f"{plan.name} alone should be checked again"
    assert warm == _uncached(plans, monkeypatch)


def test_a_changed_catalogue_is_seen(cached, plans, monkeypatch):
    catalogue = plans / "rieng.catalogue.yaml"
    catalogue.write_text((Path(cache.__file__).parent / "catalogues" / "giam-ngheo-2021-2025.yaml")
                         .read_text(encoding="utf-8"), encoding="utf-8")
    plan = plans / "xa-2.yaml"
    plan.write_text(PLAN_TEXT.replace("programme: giam-ngheo-2021-2025", "programme: rieng.catalogue.yaml"),
                    encoding="utf-8")
    _runs(plans)
    catalogue.write_text("name: hỏng\n", encoding="utf-8")
    assert _runs(plans) == _uncached(plans, monkeypatch)


def test_another_day_or_another_kehoach_is_not_served_old_results(cached, plans, monkeypatch, counted):
    _runs(plans)
    counted.update(validate=0, summary=0)
    monkeypatch.setattr(cache, "today", lambda: "2099-01-01")
    _runs(plans)
    assert counted == {"validate": 6, "summary": 12}
    counted.update(validate=0, summary=0)
    import kehoach

    monkeypatch.setattr(kehoach, "__version__", "9.9.9")
    monkeypatch.setattr(cache, "_identity", None)
    other = _runs(plans)
    assert counted == {"validate": 6, "summary": 12}
    assert other == _uncached(plans, monkeypatch)


def test_a_corrupt_database_is_set_aside(cached, plans, monkeypatch):
    _runs(plans)
    database = cached / "cache.sqlite3"
    for extra in ("-wal", "-shm"):
        (cached / f"cache.sqlite3{extra}").unlink(missing_ok=True)
    database.write_bytes(b"this is not a database" * 100)
    monkeypatch.setattr(cache, "_caches", {})
    assert _runs(plans) == _uncached(plans, monkeypatch)
    assert list(cached.glob("cache.sqlite3.broken-*"))
    sqlite3.connect(database).execute("SELECT count(*) FROM entries").fetchone()


def test_corrupt_entries_are_ignored(cached, plans, monkeypatch, counted):
    _runs(plans)
    monkeypatch.setattr(cache, "_caches", {})
    db = sqlite3.connect(cached / "cache.sqlite3", isolation_level=None)
    keys = [k for (k,) in db.execute("SELECT key FROM entries")]
    for n, key in enumerate(keys):
        value = [b"", b"garbage", cache.FORMAT + b"0" * 40, None][n % 4]
        if value is None:  # the right format and digest, a payload that does not unpickle
            payload = b"\x80\x05not a pickle"
            value = cache.FORMAT + cache.reads.digest(payload) + payload
        db.execute("UPDATE entries SET value = ? WHERE key = ?", (value, key))
    db.close()
    counted.update(validate=0, summary=0)
    again = _runs(plans)
    assert counted == {"validate": 6, "summary": 12}  # every entry was bad: every plan checked
    assert again == _uncached(plans, monkeypatch)


def test_a_folder_others_can_write_into_is_not_used(cached, plans, monkeypatch):
    if os.name != "posix":
        pytest.skip("permissions are POSIX's")
    cached.mkdir()
    cached.chmod(0o777)
    _runs(plans)
    assert not (cached / "cache.sqlite3").exists()


def test_turned_off(cached, plans, monkeypatch):
    monkeypatch.setenv("KEHOACH_NO_CACHE", "1")
    _runs(plans)
    assert not cached.exists()


def test_two_runs_at_once_share_the_cache(cached, tmp_path, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):  # enough for the workers of both runs
        text = PLAN_TEXT if i % 9 else PLAN_TEXT.replace("total: 13_000_000", "total: 13_000_001")
        (folder / f"xa-{i:02d}.yaml").write_text(text, encoding="utf-8")
    env = {**os.environ, "KEHOACH_CACHE_DIR": str(cached)}
    env.pop("KEHOACH_NO_CACHE", None)
    env.pop("KEHOACH_NO_RESULTS_CACHE", None)
    kehoach = [sys.executable, "-m", "kehoach"]
    commands = [[*kehoach, "summary", "-f", "json", "--as-of", "2024-12-31", str(folder)],
                [*kehoach, "validate", "-f", "parsable", str(folder)]]
    expected = [subprocess.run(c, capture_output=True, env={**env, "KEHOACH_NO_CACHE": "1"}, timeout=300)
                for c in commands]
    for _ in range(2):  # cold together, then warm together
        running = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                   for c in commands * 2]
        done = [(*p.communicate(timeout=300), p.returncode) for p in running]
        for (out, err, code), want in zip(done, expected * 2, strict=True):
            assert (out, code) == (want.stdout, want.returncode), err.decode()


def _runs_anew(plans: Path) -> list[tuple[int, str]]:
    from kehoach import config

    config.forget()  # as a new process: the config files are looked for again
    return _runs(plans)


def test_a_config_file_that_comes_or_changes_is_seen(cached, plans, monkeypatch):
    (plans / "xa-4.yaml").write_text(PLAN_TEXT.replace("total: 13_000_000", "total: 13_000_001"),
                                     encoding="utf-8")
    _runs(plans)
    (plans / "kehoach.toml").write_text('allow-errors = ["KH201"]\n[rules]\nKH201 = "off"\n',
                                        encoding="utf-8")
    quiet = _runs_anew(plans)
    assert quiet == _uncached(plans, monkeypatch) and "KH201" not in quiet[0][1]
    (plans / "kehoach.toml").write_text('allow-errors = ["KH201"]\n[rules]\nKH201 = "warning"\n',
                                        encoding="utf-8")
    assert _runs_anew(plans) == _uncached(plans, monkeypatch)
    (plans / "kehoach.toml").unlink()
    (plans.parent / "pyproject.toml").write_text('[tool.kehoach]\nallow-errors = ["KH201"]\n'
                                                 '[tool.kehoach.rules]\nKH201 = "off"\n', encoding="utf-8")
    assert _runs_anew(plans) == _uncached(plans, monkeypatch)
