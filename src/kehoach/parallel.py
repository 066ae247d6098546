"""Many files on every core, results in the order given, memory bounded (issue 21).

`ordered(fn, items)` is `map(fn, items)`: in this process for a small run (a pool costs more than
it saves: process start, pickling), else in a pool of forked workers that take the items in chunks.
At most two chunks per worker are out at a time, and each is yielded (then dropped) in order as
soon as it and those before it are done: a run over 10,000 files holds a few chunks' results, not
10,000. `fn` must be a module-level function (it crosses to the workers by name) and should return
small plain data: never models or source maps.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more (process start, imports already paid) than it saves.
PARALLEL_FROM = 16
# Items a worker must have to be worth starting: never more workers than the work fills.
ITEMS_PER_WORKER = 8
# Chunks small enough for an even split, large enough that sending them costs nothing next to
# checking a file (a millisecond or more each).
CHUNK_MAX = 32
IN_FLIGHT = 2  # chunks per worker out at a time


def cores() -> int:
    """The cores this process may run on (its affinity, as `taskset` or a container sets it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(requested: int | None, items: int) -> int:
    """As asked (default: every core), but never more than the cores, nor than the work fills."""
    return max(1, min(requested or cores(), cores(), -(-items // ITEMS_PER_WORKER)))


def worker_start() -> None:
    """Workers leave signals to the parent: Ctrl-C is the parent's to handle (one message, not one
    traceback per worker), and the SIGTERM with which the pool ends its workers ends them quietly
    (the parent's own handler, inherited at the fork, would raise in each)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _chunk(fn: Callable[[T], R], items: list[T]) -> list[R]:
    return [fn(item) for item in items]


def chunks(items: list[T], jobs: int) -> Iterator[list[T]]:
    """`items` in chunks: about eight a worker, at most CHUNK_MAX items each."""
    size = max(1, min(CHUNK_MAX, len(items) // (jobs * 8)))
    for start in range(0, len(items), size):
        yield items[start:start + size]


def ordered(fn: Callable[[T], R], items: Iterable[T], jobs: int | None = None) -> Iterator[R]:
    """fn(item) for every item, in order; on every core when the run is big enough."""
    items = list(items)
    jobs = workers(jobs, len(items))
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        yield from map(fn, items)
        return
    # fork: the workers start with kehoach already imported (spawn would import it again in each).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pieces = chunks(items, jobs)
    with context.Pool(jobs, initializer=worker_start) as pool:
        pending = deque(pool.apply_async(_chunk, (fn, chunk)) for chunk in islice(pieces, jobs * IN_FLIGHT))
        while pending:
            done = pending.popleft().get()
            for chunk in islice(pieces, 1):
                pending.append(pool.apply_async(_chunk, (fn, chunk)))
            yield from done
