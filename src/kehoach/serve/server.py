"""One running `kehoach serve`: who listens to what (Hub, the pages' live channels) and what the
server holds (Server: the folder's Site, the index's background checking, how open pages learn
of changes). No routes here (app.py): plain objects, safe to call from any thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from kehoach.serve import pages
from kehoach.serve.safety import Guard
from kehoach.serve.site import Site

HEARTBEAT_S = 15.0
INDEX_EVERY_S = 0.5  # the index page is told of progress at most this often during a scan
# ... and no oftener than this many times the last drawing of the index took: the pages' redrawing
# of a large index (3,321 rows: ≈ 0.15 s idle) then takes at most a fifth of the scan's time.
INDEX_COST_TIMES = 4
log = logging.getLogger("kehoach.serve")


class Hub:
    """Who is listening to what: each open page holds a queue on a topic (`plan:<rel>`,
    `progress:<rel>`, `index`). Publishing is safe from any thread."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.topics: dict[str, set[asyncio.Queue]] = {}
        self.stopping = asyncio.Event()

    def listeners(self, topic: str) -> int:
        return len(self.topics.get(topic, ()))

    def open_topics(self, prefix: str) -> list[str]:
        return [t.removeprefix(prefix) for t, qs in self.topics.items() if qs and t.startswith(prefix)]

    def publish(self, topic: str, event: str, data: Any) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        message = f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        with contextlib.suppress(RuntimeError):  # the loop closed in between: nobody listens
            loop.call_soon_threadsafe(self._put, topic, message)

    def _put(self, topic: str, message: str) -> None:
        for queue in list(self.topics.get(topic, ())):
            queue.put_nowait(message)

    async def stream(self, topic: str, first: Callable[[], Awaitable[str]] | None) -> AsyncIterator[str]:
        """The topic's events as server-sent events. `first()` (the state now) is asked only once
        the page listens, so no change can fall between what it says and what comes next."""
        queue: asyncio.Queue = asyncio.Queue()
        self.topics.setdefault(topic, set()).add(queue)
        stop = asyncio.ensure_future(self.stopping.wait())
        try:
            yield "retry: 1000\n\n" + (await first() if first is not None else "")
            while not self.stopping.is_set():
                get = asyncio.ensure_future(queue.get())
                done, _ = await asyncio.wait(
                    {get, stop}, timeout=HEARTBEAT_S, return_when=asyncio.FIRST_COMPLETED
                )
                if get in done:
                    yield get.result()
                else:
                    get.cancel()
                    if not done:
                        yield ": nhịp\n\n"  # a comment: keeps the line alive
        finally:
            stop.cancel()
            self.topics.get(topic, set()).discard(queue)


class Server:
    """Everything one running `kehoach serve` holds, created by create_app."""

    def __init__(self, folder: Path, *, read_only: bool, guard: Guard, jobs: int | None) -> None:
        self.site = Site(folder, jobs=jobs)
        self.read_only = read_only
        self.guard = guard
        self.hub = Hub()
        self.scan_started = 0.0
        self.scan_done = 0
        self.scan_total = 0
        # Grows whenever what the index shows may have changed; a page holds the version it read
        # before its rows and redraws when told of a newer one.
        self.index_version = 0
        self._last_index_event = 0.0
        self.index_cost = 0.0  # seconds the last drawing of the index took (app.index)
        self._scan_lock = threading.Lock()  # one scan at a time
        self._state = threading.Lock()  # guards index_version and the days asked for
        self._days: set[date] = set()  # days whose stale overviews a scan is to check

    # ---- the index's background checking --------------------------------------------------

    def start_scan(self, day: date | None = None) -> None:
        """Have the stale overviews as of `day` (today by default) checked in the background."""
        with self._state:
            self._days.add(day or date.today())
        threading.Thread(target=self.scan, name="kehoach-index", daemon=True).start()

    def scan(self) -> None:
        """Check the stale overviews of every day asked for (blocking, on a thread of its own).

        Never ends by an exception: one plan's bug is that plan's row (Site.refresh); anything
        else is said on the console and the scan stops, to be started again by the next page or
        change. A day asked for while the scan under way lets go of its lock is not lost: that
        scan looks again after letting go."""
        while not self.site.closed.is_set():
            if not self._scan_lock.acquire(blocking=False):
                return  # the scan under way takes the day up
            try:
                while (day := self._next_day()) is not None:
                    self._scan_day(day)
            except Exception as exc:
                if not self.site.closed.is_set():  # closing cancels the checks under way
                    self._said(exc)
            finally:
                self._scan_lock.release()
            with self._state:
                if not self._days:
                    return

    def _next_day(self) -> date | None:
        with self._state:
            return self._days.pop() if self._days else None

    def _scan_day(self, day: date) -> None:
        last: list[str] | None = None
        lost: list[str] = []
        while not self.site.closed.is_set():
            _, stale = self.site.index(day)
            if not stale:
                return
            if stale == last:
                # Nothing became fresh in a whole round: files changing as they are read (the
                # watcher asks again once they are written), or workers lost twice running.
                if lost:
                    self.site.lost(lost, day)
                    self._announce(force=True)
                return
            last = stale
            self.scan_started, self.scan_done, self.scan_total = time.monotonic(), 0, len(stale)
            lost = self.site.refresh(stale, day, self._advance)
            self._announce(force=True)
            if lost:
                print(
                    f"kehoach serve: một tiến trình kiểm tra dừng bất thường; {len(lost)} kế hoạch "
                    f"(ví dụ {lost[0]}) được kiểm tra lại.",
                    file=sys.stderr,
                )

    def _said(self, exc: Exception) -> None:
        """An unexpected error of the index's checking, on the console as `unexpected` says it."""
        import os

        if os.environ.get("KEHOACH_DEBUG"):
            log.error("kehoach serve: lỗi không mong đợi khi kiểm tra các kế hoạch", exc_info=exc)
        else:
            print(
                f"kehoach serve: lỗi không mong đợi khi kiểm tra các kế hoạch: {type(exc).__name__}: {exc} "
                "(chạy lại với KEHOACH_DEBUG=1 để xem chi tiết)",
                file=sys.stderr,
            )

    def _advance(self, n: int) -> None:
        self.scan_done += n
        self._announce()

    def _announce(self, force: bool = False, **extra: Any) -> None:
        """Tell the open index pages that what they show may have changed (a new version)."""
        with self._state:
            now = time.monotonic()
            every = max(INDEX_EVERY_S, INDEX_COST_TIMES * self.index_cost)
            if not force and now - self._last_index_event < every:
                return
            self._last_index_event = now
            self.index_version += 1
            state = {"version": self.index_version, "done": self.scan_done, "total": self.scan_total}
        self.hub.publish("index", "index", state | extra)

    # ---- a plan's page ---------------------------------------------------------------------

    async def page(self, rel: str):  # -> PlanPage
        return await asyncio.wrap_future(self.site.run(self.site.page, rel))

    def page_event(self, page) -> dict:
        return {
            "version": page.version,
            "doc": page.doc_version,
            "errors": page.error_count,
            "warnings": len(page.warnings),
            "problems": pages.problems_html(page),
            "title": page.title,
        }

    async def changed(self, rels: set[str], plans_changed: bool) -> None:
        """Files changed (from the watcher): refresh open pages, tell them, re-check rows."""
        for rel in rels:
            if self.hub.listeners(f"plan:{rel}"):
                try:
                    page = await self.page(rel)
                except Exception:  # the page says it when opened; the watcher must go on
                    log.exception("kehoach: không cập nhật được %s", rel)
                    continue
                self.hub.publish(f"plan:{rel}", "plan", self.page_event(page))
            if self.hub.listeners(f"progress:{rel}"):
                self.hub.publish(f"progress:{rel}", "changed", {"at": time.time()})
            self.hub.publish(f"report:{rel}", "changed", {"at": time.time()})
        if rels or plans_changed:
            # A new version: a row may already be new (an open plan's page keeps its overview),
            # and the scan started below finds nothing stale then, so says nothing more.
            self._announce(force=True, changed=True)
            self.start_scan()
