"""Watching the plans' files: watchfiles (the operating system's change notifications through
the Rust `notify` crate, polling where there are none) tells which files changed; the server
refreshes what depends on them and tells the open pages.

Watched: the served folder, recursively, and each folder outside it that holds a file a plan
reads (a catalogue shared by several folders: `programme: ../chung.catalogue.yaml`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kehoach.serve.app import Server

log = logging.getLogger("kehoach.serve")
STEP_MS = 50  # changes are handed over once the files have been quiet this long …
DEBOUNCE_MS = 400  # … or after this long at most while they keep changing


def relevant(change: object, path: str) -> bool:
    """YAML files (plans, their companions, catalogues) outside hidden folders; editors' swap
    and backup files are not YAML and never wake the server."""
    if not path.endswith((".yaml", ".yml")):
        return False
    return not any(part.startswith(".") for part in Path(path).parts[1:-1]) and not Path(
        path
    ).name.startswith(".#")


class _Either:
    """Stops the watch when the server stops or when the set of watched folders changes."""

    def __init__(self, *events: asyncio.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)

    def set(self) -> None:  # watchfiles sets its stop event when cancelled
        self.events[-1].set()


async def watch_folder(server: Server, stopping: asyncio.Event) -> None:
    """Run until `stopping` is set; every batch of changes goes to server.changed()."""
    from watchfiles import Change, awatch

    site = server.site
    while not stopping.is_set():
        folders = sorted({site.root, *site.watched_folders()})
        rewatch = asyncio.Event()
        try:
            async for changes in awatch(
                *folders,
                watch_filter=relevant,
                step=STEP_MS,
                debounce=DEBOUNCE_MS,
                stop_event=_Either(stopping, rewatch),
                recursive=True,
                ignore_permission_denied=True,
            ):
                added_or_gone = any(kind in (Change.added, Change.deleted) for kind, _ in changes)
                plans_changed = await asyncio.to_thread(site.discover) if added_or_gone else False
                touched: set[str] = set()
                for _, name in changes:
                    touched |= site.dependents(Path(name))
                await server.changed(touched, plans_changed)
                if set(sorted({site.root, *site.watched_folders()})) != set(folders):
                    rewatch.set()  # a plan now reads a file in another folder: watch that too
        except (OSError, RuntimeError) as exc:  # e.g. too many watches: say so, fall back to polling
            if stopping.is_set():
                return
            log.warning(
                "kehoach serve: không theo dõi được thay đổi của tệp (%s); chuyển sang kiểm tra định kỳ.", exc
            )
            os.environ["WATCHFILES_FORCE_POLLING"] = "1"
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stopping.wait(), 1.0)
