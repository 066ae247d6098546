"""Reading many plans on every core: the plans are cut into chunks, each worker process checks a
chunk and sends back plain rows (kehoach.summary.rows.PlanRow), never models or source maps,
so what crosses between processes stays small and the cost stays linear in the number of plans.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from functools import partial
from pathlib import Path

from kehoach.parallel import PARALLEL_FROM, chunks, worker_start, workers
from kehoach.summary.rows import PlanRow, summarise_kept


def plan_files(paths: Iterable[Path]) -> list[Path]:
    """The plan files under `paths` (kehoach.validate.expand), each once even when two folders
    given overlap: a plan counted twice would double the province's totals. expand gives each
    file once already (by its resolved path; a link loop by its name, reported by its row)."""
    from kehoach.validate import expand

    return list(expand(paths))


def _chunk(paths: list[Path], as_of: date) -> list[PlanRow]:
    return [summarise_kept(path, as_of) for path in paths]


def collect(paths: list[Path], as_of: date, jobs: int | None = None,
            progress: Callable[[int], AbstractContextManager[Callable[[int], None] | None]] | None = None,
            ) -> list[PlanRow]:
    """One row per plan, in the order of `paths`, on as many worker processes as
    kehoach.parallel.workers allows (`-j 1500` on 40 plans: as many as the cores, never 1,500).

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
    with context.Pool(jobs, initializer=worker_start) as pool, progress(len(paths)) as advance:
        for done in pool.imap(partial(_chunk, as_of=as_of), chunks(paths, jobs)):
            rows.extend(done)
            if advance is not None:
                advance(len(done))
    return rows
