"""The served folder as the pages see it: which plans it holds, each plan's overview (the index
row), each plan's page state (its diagnostics and its last good rendering). No web framework
here: plain data over the same library the commands use, so it is tested without a server.

Every call into the library happens on one worker thread (`Site.run`): the loader keeps
per-file state in module globals, and one plan at a time is also what the GIL gives anyway.
Overviews of many plans at once (a cold index of a province) are computed by worker processes.

Long because the index's overviews (kept per day, taken from the incremental cache, computed in
workers) and the plans' pages share one lock, one library thread and one notion of a stale file:
split, each half would need the other's internals.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from kehoach.diagnostics import Diagnostic, Severity
from kehoach.summary.overview import Overview

T = TypeVar("T")

# A cold index of at least this many plans is computed by worker processes; fewer are quicker
# on the library thread than starting the workers.
PARALLEL_FROM = 16
CHUNK = 32
# Overviews are kept for this many days a plan (the most recent ones asked for): today's index
# and a province view as of another day, open side by side, never take each other's rows.
DAYS_KEPT = 3


def _stamp(paths: Iterable[str]) -> tuple:
    """What the files are now: changes when any of them is written, replaced, made or removed."""
    out = []
    for name in paths:
        try:
            st = os.stat(name)
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        except OSError:
            out.append(None)
    return tuple(out)


def _at_or_below(folder: str, root: str) -> bool:
    return folder == root or folder.startswith(root.rstrip(os.sep) + os.sep)


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, with every link on the way followed, is `root` or under it."""
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return False
    return real == root or root in real.parents


@dataclass
class PlanPage:
    """What the plan's page shows: the document of its last good state and today's problems."""

    rel: str
    path: Path
    version: int = 0  # grows on every change of the files, whatever it changes
    doc_version: int = 0  # the version `html` was rendered at; 0: never rendered
    html: bytes | None = None
    title: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    depends_on: tuple[str, ...] = ()
    stamp: tuple = ()
    blocking: int = 0  # errors that stop the document from rendering (the plan's own)
    # (message, hint): the plan could not be checked, its rule settings cannot be read (validate
    # stops on them); said over the last good rendering like an error.
    stopped: tuple[str, str] | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def error_count(self) -> int:
        return len(self.errors) + (self.stopped is not None)


def _overviews(paths: list[str], as_of: date) -> list[Overview]:
    """A worker process's chunk (module level: pickled by name), kept in the incremental cache."""
    from kehoach.summary.overview import overview_kept

    return [overview_kept(Path(p), as_of) for p in paths]


def _worker_start() -> None:
    """Ctrl-C is the server's to handle: workers ignore it and are ended by the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Site:
    """The folder being served. `shown` is the folder as the user typed it: paths in messages
    read as `kehoach validate` prints them (plans/2024.yaml:12:5)."""

    def __init__(self, shown: Path, *, jobs: int | None = None) -> None:
        self.shown = shown
        self.root = Path(os.path.realpath(shown))
        self.jobs = jobs or max(
            1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        )
        self._library = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="kehoach-library")
        self._lock = threading.Lock()  # guards the dictionaries below (read from the event loop)
        self._plans: dict[str, Path] = {}
        # rel -> day -> (the stamp of the files it was read from, the overview as of that day)
        self._overviews: dict[str, dict[date, tuple[tuple, Overview]]] = {}
        self._pages: dict[str, PlanPage] = {}
        self._scanning: set[str] = set()
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        # Grows whenever a rule settings file (kehoach.toml, pyproject.toml) comes, changes or
        # goes: a result computed under an older generation is not kept.
        self.settings_generation = 0
        self.closed = threading.Event()
        self.discover()

    # ---- the library thread ---------------------------------------------------------------

    def run(self, func: Callable[..., T], *args: Any) -> concurrent.futures.Future[T]:
        """Run `func` on the library thread."""
        return self._library.submit(func, *args)

    def close(self) -> None:
        """Stop the worker processes and the library thread (waits for the call under way)."""
        self.closed.set()
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        self._library.shutdown(wait=True, cancel_futures=True)

    # ---- which plans -------------------------------------------------------------------------

    def discover(self) -> bool:
        """Find the plans under the folder (as `kehoach validate FOLDER` does); True when the
        set changed."""
        from kehoach.validate import expand

        found: dict[str, Path] = {}
        for path in expand([self.shown]):
            try:
                rel = path.relative_to(self.shown).as_posix()
            except ValueError:
                continue
            found[rel] = path
        with self._lock:
            changed = found.keys() != self._plans.keys()
            self._plans = dict(sorted(found.items()))
            for gone in set(self._overviews) - found.keys():
                del self._overviews[gone]
            for gone in set(self._pages) - found.keys():
                del self._pages[gone]
        return changed

    def plans(self) -> dict[str, Path]:
        with self._lock:
            return dict(self._plans)

    def plan_path(self, rel: str) -> Path | None:
        """The plan a URL names, only if it is one of the folder's plans and it (and its progress
        file) stay inside the folder with every link followed."""
        with self._lock:
            path = self._plans.get(rel)
        if path is None or not inside(self.root, path):
            return None
        return path

    def outside(self, rel: str) -> bool:
        with self._lock:
            path = self._plans.get(rel)
        return path is not None and not inside(self.root, path)

    # ---- the index ---------------------------------------------------------------------------

    def _deps(self, rel: str, path: Path) -> tuple[str, ...]:
        """The files the plan's overview depends on: as its last checking found them, else the
        plan and its companions."""
        from kehoach.companions import progress_path, report_path

        with self._lock:
            days = self._overviews.get(rel)
            known = next(reversed(days.values()), None) if days else None
        if known is not None:
            return known[1].depends_on
        return (str(path), str(progress_path(path)), str(report_path(path)))

    def index(self, as_of: date) -> tuple[list[tuple[str, Overview | None]], list[str]]:
        """Every plan with its overview as of `as_of`, or None while it is being checked; and
        the plans whose overview is stale (changed files, never checked for that day), for
        `refresh`. A stale overview is shown until the new one is kept."""
        with self._lock:
            plans = list(self._plans.items())  # a plan may go meanwhile (the watcher's discover)
        rows: list[tuple[str, Overview | None]] = []
        stale: list[str] = []
        for rel, path in plans:
            deps = self._deps(rel, path)
            with self._lock:
                known = self._overviews.get(rel, {}).get(as_of)
            if known is None or known[0] != _stamp(deps):
                stale.append(rel)
            rows.append((rel, known[1] if known is not None else None))
        return rows, stale

    def refresh(self, rels: list[str], as_of: date, done: Callable[[int], None] | None = None) -> list[str]:
        """Compute the overviews of `rels` (blocking; call from a thread of your own). Many at
        once go to worker processes in chunks; `done(n)` is called after each chunk. A plan whose
        checking raises gets an overview saying so (summary.overview.overview_failed): one plan's
        bug never stops the others' checking. Returns the plans whose checking was lost with a
        worker process that ended abnormally (they stay stale)."""
        with self._lock:
            plans = {r: self._plans[r] for r in rels if r in self._plans and r not in self._scanning}
            self._scanning.update(plans)
        try:
            plans = self._from_cache(plans, as_of, done)
            if len(plans) < PARALLEL_FROM or self.jobs <= 1:
                for rel, path in plans.items():
                    if self.closed.is_set():
                        break
                    self.run(self._overview_here, rel, path, as_of).result()
                    if done is not None:
                        done(1)
                return []
            return self._refresh_in_workers(plans, as_of, done)
        finally:
            with self._lock:
                self._scanning.difference_update(plans)

    def _overview_here(self, rel: str, path: Path, as_of: date) -> Overview:
        from kehoach.summary.overview import overview_kept

        before, generation = _stamp(self._deps(rel, path)), self.settings_generation
        result = overview_kept(path, as_of)
        self._keep(rel, as_of, result, before, generation)
        return result

    def _from_cache(
        self, plans: dict[str, Path], as_of: date, done: Callable[[int], None] | None
    ) -> dict[str, Path]:
        """Keep the overviews the incremental cache holds (a server started again over the same
        folder: no worker started, no plan read twice); returns the plans still to check. Looked
        up on the library thread (the cache's connection is one per process), a chunk at a time
        so a page asked for meanwhile waits for one chunk at most."""
        rest: dict[str, Path] = {}
        items = list(plans.items())
        for i in range(0, len(items), CHUNK * 4):
            if self.closed.is_set():
                return {}
            missing = self.run(self._kept_here, items[i : i + CHUNK * 4], as_of).result()
            rest.update(missing)
            if done is not None and len(missing) < len(items[i : i + CHUNK * 4]):
                done(len(items[i : i + CHUNK * 4]) - len(missing))
        return rest

    def _kept_here(self, items: list[tuple[str, Path]], as_of: date) -> dict[str, Path]:
        from kehoach.summary.overview import kept

        missing: dict[str, Path] = {}
        generation = self.settings_generation
        for rel, path in items:
            before = _stamp(self._deps(rel, path))
            found = kept(path, as_of)
            if found is None:
                missing[rel] = path
            else:
                self._keep(rel, as_of, found, before, generation)
        return missing

    def _keep(
        self,
        rel: str,
        as_of: date,
        result: Overview,
        before: tuple | None = None,
        generation: int | None = None,
    ) -> None:
        stamp = _stamp(result.depends_on)
        if before is not None and len(before) == len(stamp) and before != stamp:
            return  # changed while it was read: stays stale, checked again
        with self._lock:
            if generation is not None and generation != self.settings_generation:
                return  # checked under rule settings since changed: stays stale, checked again
            if rel in self._plans:
                days = self._overviews.setdefault(rel, {})
                days.pop(as_of, None)  # the newest last: the oldest day goes first
                days[as_of] = (stamp, result)
                while len(days) > DAYS_KEPT:
                    del days[next(iter(days))]

    def _refresh_in_workers(
        self, plans: dict[str, Path], as_of: date, done: Callable[[int], None] | None
    ) -> list[str]:
        import multiprocessing

        # spawn, not fork: this process runs threads (the server's loop, the watcher), and a fork
        # would copy whatever locks they hold. Workers import kehoach once, then take chunks.
        context = multiprocessing.get_context("spawn")
        with self._lock:
            if self.closed.is_set():
                return []
            self._pool = pool = concurrent.futures.ProcessPoolExecutor(
                min(self.jobs, max(1, len(plans) // CHUNK)), mp_context=context, initializer=_worker_start
            )
        try:
            rels = list(plans)
            chunks = [rels[i : i + CHUNK] for i in range(0, len(rels), CHUNK)]
            befores = {rel: _stamp(self._deps(rel, path)) for rel, path in plans.items()}
            # Workers are new processes for every refresh: they read the rule settings afresh.
            generation = self.settings_generation
            futures = {
                pool.submit(_overviews, [str(plans[r]) for r in chunk], as_of): chunk for chunk in chunks
            }
            waiting = set(futures)
            for future in concurrent.futures.as_completed(futures):
                if self.closed.is_set():
                    return []
                waiting.discard(future)
                chunk = futures[future]
                try:
                    results = future.result()
                except (concurrent.futures.process.BrokenProcessPool, concurrent.futures.CancelledError):
                    # A worker ended abnormally: what the pool still held stays stale.
                    return [r for f in (future, *waiting) for r in futures[f]]
                except Exception:
                    # Not one plan's bug (overview() keeps those) but the chunk's way back (a
                    # result that does not cross between processes): checked here, one by one.
                    for rel in chunk:
                        self.run(self._overview_here, rel, plans[rel], as_of).result()
                    if done is not None:
                        done(len(chunk))
                    continue
                for rel, result in zip(chunk, results, strict=True):
                    self._keep(rel, as_of, result, befores[rel], generation)
                if done is not None:
                    done(len(results))
            return []
        finally:
            with self._lock:
                self._pool = None
            pool.shutdown(wait=True, cancel_futures=True)

    def lost(self, rels: Iterable[str], as_of: date) -> None:
        """Plans whose checking was lost with a worker again: each row says so (until its files
        change) rather than wait for a check that never ends."""
        from kehoach.diagnostics import KehoachError
        from kehoach.summary.overview import overview_failed

        with self._lock:
            plans = {r: self._plans[r] for r in rels if r in self._plans}
        for rel, path in plans.items():
            why = KehoachError("tiến trình kiểm tra kế hoạch này đã dừng bất thường hai lần liền")
            self._keep(rel, as_of, overview_failed(path, why))

    def overviews(self, as_of: date) -> list[Overview]:
        """The overviews known as of `as_of` (for the province view), in file order."""
        with self._lock:
            known = self._overviews.items()
            return [days[as_of][1] for rel, days in known if as_of in days and rel in self._plans]

    def settings_changed(self, folders: Iterable[Path]) -> set[str]:
        """Rule settings files came, changed or went in `folders`: what was found and read of
        them is forgotten (config.forget, on the library thread) and every plan whose settings
        are looked for there (a plan at or below one of them) is stale. Returns those plans."""
        self.run(self._new_settings).result()
        # A folder and a plan's folder compared both as given and with links followed: the
        # lookup walks up the path as given; the served folder is watched where it really is.
        roots = {os.path.abspath(f) for f in folders} | {os.path.realpath(f) for f in folders}
        with self._lock:
            plans = dict(self._plans)
        out = set()
        for rel, path in plans.items():
            folder = os.path.dirname(os.path.abspath(path))
            wheres = (folder, os.path.realpath(folder))
            if any(_at_or_below(where, root) for where in wheres for root in roots):
                out.add(rel)
        with self._lock:
            for rel in out:
                for day, (_, known) in self._overviews.get(rel, {}).items():
                    self._overviews[rel][day] = ((), known)  # shown until checked again
                if rel in self._pages:
                    self._pages[rel].stamp = ()
        return out

    def _new_settings(self) -> None:
        """On the library thread, between two checks: none sees half of it."""
        from kehoach import config

        with self._lock:
            self.settings_generation += 1
        config.forget()

    def dependents(self, changed: Path) -> set[str]:
        """The plans whose pages or rows a change of the file `changed` touches."""
        name = os.path.realpath(changed)
        out = set()
        with self._lock:
            items = [(rel, o.depends_on) for rel, days in self._overviews.items() for _, o in days.values()]
            items += [(rel, page.depends_on) for rel, page in self._pages.items()]
            plans = dict(self._plans)
        for rel, deps in items:
            if any(os.path.realpath(d) == name for d in deps):
                out.add(rel)
        from kehoach.companions import plan_of

        plan = plan_of(changed) or changed
        for rel, path in plans.items():
            if os.path.realpath(path) == os.path.realpath(plan):
                out.add(rel)
        return out

    def watched_folders(self) -> set[Path]:
        """Folders outside the served one that hold a file a plan reads (a shared catalogue)."""
        with self._lock:
            deps = [d for days in self._overviews.values() for _, o in days.values() for d in o.depends_on]
            deps += [d for page in self._pages.values() for d in page.depends_on]
        return {
            Path(os.path.realpath(d)).parent
            for d in deps
            if not inside(self.root, Path(d)) and Path(d).parent.is_dir()
        }

    # ---- a plan's page -----------------------------------------------------------------------

    def page(self, rel: str) -> PlanPage:
        """The plan's page state, brought up to date with its files (library thread only)."""
        from kehoach.companions import progress_path
        from kehoach.config import ConfigError
        from kehoach.render.api import rendered
        from kehoach.summary.overview import depends_on, overview_of, overview_stopped
        from kehoach.validate import check_alone

        path = self._plans[rel]
        with self._lock:
            page = self._pages.get(rel) or PlanPage(rel, path)
            self._pages[rel] = page
            generation = self.settings_generation
        if page.stamp and page.stamp == _stamp(page.depends_on):
            return page
        before = _stamp(page.depends_on) if page.depends_on else ()
        try:
            checked = check_alone(path)
        except ConfigError as exc:  # validate stops on it: the page says it, over the last good state
            stopped = overview_stopped(path, exc)
            page.version += 1
            page.diagnostics, page.sources, page.blocking = [], {}, 1
            page.stopped, page.depends_on = stopped.stopped, stopped.depends_on
            page.stamp = self._page_stamp(page.depends_on, before, generation)
            self._keep(rel, date.today(), stopped, generation=generation)
            return page
        page.stopped = None
        deps = tuple(str(p) for p in depends_on(checked))
        companions = {str(progress_path(path)), str(path.with_name(f"{path.stem}.report.yaml"))}
        blocking = [d for d in checked.errors if d.file not in companions]
        page.version += 1
        page.diagnostics, page.sources, page.depends_on = list(checked.diagnostics), checked.sources, deps
        page.blocking = len(blocking)
        if checked.plan is not None and not blocking:
            try:
                page.html = rendered(checked, ("html",))["html"]
                page.doc_version = page.version
                page.title = checked.plan.document.summary
            except Exception as exc:  # a bug in a template must not stop the server: said on the page
                from kehoach.diagnostics import KehoachError

                message = exc.message if isinstance(exc, KehoachError) else f"{type(exc).__name__}: {exc}"
                page.diagnostics.append(
                    Diagnostic("KH001", Severity.ERROR, f"Không kết xuất được: {message}", str(path))
                )
                page.blocking += 1
        page.stamp = self._page_stamp(deps, before, generation)
        # The index row follows from the same checking: no second reading of the files.
        self._keep(rel, date.today(), overview_of(checked, date.today()), generation=generation)
        return page

    def _page_stamp(self, deps: tuple[str, ...], before: tuple, generation: int) -> tuple:
        """The stamp a page just brought up to date keeps: none (checked again next time) when a
        file changed while it was read or the rule settings changed meanwhile."""
        stamp = _stamp(deps)
        if before and len(before) == len(stamp) and before != stamp:
            return ()
        return stamp if generation == self.settings_generation else ()

    def known_page(self, rel: str) -> PlanPage | None:
        with self._lock:
            return self._pages.get(rel)

    def forget(self, rel: str) -> None:
        with self._lock, contextlib.suppress(KeyError):
            self._pages[rel].stamp = ()
