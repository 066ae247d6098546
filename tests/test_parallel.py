"""kehoach.parallel: results in the order given, on every core for a big run, in this process for
a small one; `validate` of a folder prints exactly what a one-process run prints."""

from __future__ import annotations

import multiprocessing
import shutil

import pytest
from typer.testing import CliRunner

from conftest import PLAN_2024, PLAN_TEXT
from kehoach import parallel
from kehoach.cli import app


def _square(n: int) -> tuple[int, int]:
    import os

    return n * n, os.getpid()


def test_in_order_across_workers():
    items = list(range(500))
    done = list(parallel.ordered(_square, items, jobs=2))
    assert [value for value, _ in done] == [n * n for n in items]
    if parallel.cores() > 1:  # the work went to worker processes
        import os

        assert os.getpid() not in {pid for _, pid in done}


def test_small_runs_start_no_worker(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a pool was started for a small run")

    monkeypatch.setattr(multiprocessing, "get_context", refuse)
    import os

    assert list(parallel.ordered(_square, range(parallel.PARALLEL_FROM - 1), jobs=4)) == [
        (n * n, os.getpid()) for n in range(parallel.PARALLEL_FROM - 1)]


def test_no_more_workers_than_cores_or_work():
    assert parallel.workers(1500, 40) <= min(parallel.cores(), 5)
    assert parallel.workers(None, 1) == 1
    assert parallel.workers(1, 10_000) == 1


def test_at_most_two_chunks_per_worker_are_out(monkeypatch):
    submitted: list[int] = []

    class Pool:  # the pool's bookkeeping without processes
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def apply_async(self, fn, args):
            submitted.append(len(args[1]))
            result = fn(*args)
            return type("Done", (), {"get": lambda self: result})()

    monkeypatch.setattr(parallel, "workers", lambda jobs, items: 2)
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: type("C", (), {"Pool": Pool}))
    results = parallel.ordered(_square, range(400))
    next(results)
    assert len(submitted) <= 2 * parallel.IN_FLIGHT + 1
    assert len(list(results)) == 399


@pytest.fixture
def province(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(40):
        text = PLAN_TEXT
        if i % 7 == 3:
            text = text.replace("total: 13_000_000", "total: 13_000_001")  # an error
        if i % 11 == 5:
            text = text.replace("year: 2024", "year: 0x7E8")  # a YAML 1.1 trap
        (folder / f"xa-{i:02d}.yaml").write_text(text, encoding="utf-8")
    shutil.copy(PLAN_2024.with_name("2024.progress.yaml"), folder / "xa-01.progress.yaml")
    (folder / "xa-02.progress.yaml").write_text("plan: xa-02.yaml\nrecords: [1]\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["human", "parsable", "json", "github"])
def test_a_folder_on_every_core_prints_what_one_process_prints(province, monkeypatch, fmt):
    both = CliRunner().invoke(app, ["validate", "-f", fmt, str(province)])
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)
    one = CliRunner().invoke(app, ["validate", "-f", fmt, str(province)])
    assert both.exit_code == one.exit_code == 1
    assert both.output == one.output and both.output.strip()
