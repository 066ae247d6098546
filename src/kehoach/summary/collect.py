"""Reading many plans on every core: the plans are cut into chunks, each worker process checks a
chunk and sends back plain rows (kehoach.summary.rows.PlanRow), never models or source maps,
so what crosses between processes stays small and the cost stays linear in the number of plans.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from functools import partial
from pathlib import Path

from kehoach.summary.rows import PlanRow, summarise_kept

# Below this many plans a pool costs more (process start, imports already paid) than it saves.
PARALLEL_FROM = 16
# Plans a worker must have to be worth starting: never more workers than the work fills.
PLANS_PER_WORKER = 8
# Chunks small enough for an even split and a moving progress bar, large enough that sending
# them costs nothing next to checking a plan (a few milliseconds each).
CHUNK_MAX = 32


def plan_files(paths: Iterable[Path]) -> list[Path]:
    """The plan files under `paths` (kehoach.validate.expand), each once even when two folders
    given overlap: a plan counted twice would double the province's totals. expand gives each
    file once already (by its resolved path; a link loop by its name, reported by its row)."""
    from kehoach.validate import expand

    return list(expand(paths))


def _worker_start() -> None:
    """Workers leave signals to the parent: Ctrl-C is the parent's to handle (one message, not one
    traceback per worker), and the SIGTERM with which the pool ends its workers ends them quietly
    (the parent's own handler, inherited at the fork, would raise in each)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _chunk(paths: list[Path], as_of: date) -> list[PlanRow]:
    return [summarise_kept(path, as_of) for path in paths]


def _chunks(paths: list[Path], jobs: int) -> Iterator[list[Path]]:
    size = max(1, min(CHUNK_MAX, len(paths) // (jobs * 8)))
    for start in range(0, len(paths), size):
        yield paths[start:start + size]


def jobs_default() -> int:
    """The cores this process may run on (its affinity, as `taskset` or a container sets it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(requested: int | None, plans: int) -> int:
    """How many processes read `plans` plans: as asked (default: every core), but never more than
    the machine has cores, nor more than the work fills (PLANS_PER_WORKER each): `-j 1500` on 40
    plans starts as many processes as two or three cores, never 1,500."""
    return max(1, min(requested or jobs_default(), jobs_default(), -(-plans // PLANS_PER_WORKER)))


def collect(paths: list[Path], as_of: date, jobs: int | None = None,
            progress: Callable[[int], AbstractContextManager[Callable[[int], None] | None]] | None = None,
            ) -> list[PlanRow]:
    """One row per plan, in the order of `paths`.

    `progress(total)` is entered once the workers exist and yields `advance(n)` (or None), called
    after every n plans done: a progress bar's refresh thread must not be running at the fork.
    """
    jobs = workers(jobs, len(paths))
    progress = progress or (lambda total: nullcontext())
    rows: list[PlanRow] = []
    if jobs <= 1 or len(paths) < PARALLEL_FROM:
        with progress(len(paths)) as advance:
            for path in paths:
                rows.append(summarise_kept(path, as_of))
                if advance is not None:
                    advance(1)
        return rows
    # Imported once here, inherited by every worker (and the cache's folder and code identity).
    import kehoach.progress
    import kehoach.validate  # noqa: F401
    from kehoach import cache

    cache.of("summary")

    # fork: the workers start with kehoach already imported (spawn would import it again in each).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(jobs, initializer=_worker_start) as pool, progress(len(paths)) as advance:
        for done in pool.imap(partial(_chunk, as_of=as_of), _chunks(paths, jobs)):
            rows.extend(done)
            if advance is not None:
                advance(len(done))
    return rows
