"""Watching the plans' files: watchfiles (the operating system's change notifications through
the Rust `notify` crate, polling where there are none) tells which files changed; the server
refreshes what depends on them and tells the open pages.

Watched: the served folder, recursively, and each folder outside it that holds a file a plan
reads (a catalogue shared by several folders: `programme: ../chung.catalogue.yaml`). Rule
settings (`kehoach.toml`, `pyproject.toml`) are looked for from a plan's folder up to the root of
the file system (kehoach.config), so they are watched there too: in the served folder's tree,
and in each folder above it, that folder alone (not what lies under it). A settings file that
comes, changes or goes makes every plan below it checked again, as `validate` would now.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach.config import CONFIG_NAME, PYPROJECT

if TYPE_CHECKING:
    from kehoach.serve.server import Server

log = logging.getLogger("kehoach.serve")
STEP_MS = 50  # changes are handed over once the files have been quiet this long …
DEBOUNCE_MS = 400  # … or after this long at most while they keep changing
SETTINGS = (CONFIG_NAME, PYPROJECT)


def settings_file(path: str) -> bool:
    return os.path.basename(path) in SETTINGS


def relevant(change: object, path: str) -> bool:
    """YAML files (plans, their companions, catalogues) and rule settings files, outside hidden
    folders; editors' swap and backup files are neither and never wake the server."""
    if not path.endswith((".yaml", ".yml")) and not settings_file(path):
        return False
    return not any(part.startswith(".") for part in Path(path).parts[1:-1]) and not Path(
        path
    ).name.startswith(".#")


def folders_above(folder: Path) -> list[Path]:
    """The folders where the settings of a plan in `folder` may also be found: every one above
    it, as the lookup walks (from the folder as given, made absolute, links not followed)."""
    return list(Path(os.path.abspath(folder)).parents)


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
    await asyncio.gather(_watch_plans(server, stopping), _watch_settings_above(server, stopping))


async def _settings_changed(server: Server, files: list[str]) -> set[str]:
    """The plans checked again because settings files came, changed or went (by folder)."""
    if not files:
        return set()
    folders = {Path(name).parent for name in files}
    return await asyncio.to_thread(server.site.settings_changed, folders)


async def _watch_plans(server: Server, stopping: asyncio.Event) -> None:
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
                plan_changes = {(kind, name) for kind, name in changes if not settings_file(name)}
                touched = await _settings_changed(server, [n for _, n in changes if settings_file(n)])
                added_or_gone = any(kind in (Change.added, Change.deleted) for kind, _ in plan_changes)
                plans_changed = await asyncio.to_thread(site.discover) if added_or_gone else False
                for _, name in plan_changes:
                    touched |= site.dependents(Path(name))
                await server.changed(touched, plans_changed)
                if set(sorted({site.root, *site.watched_folders()})) != set(folders):
                    rewatch.set()  # a plan now reads a file in another folder: watch that too
        except (OSError, RuntimeError) as exc:  # e.g. too many watches: say so, fall back to polling
            if stopping.is_set():
                return
            _fall_back(exc)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stopping.wait(), 1.0)


async def _watch_settings_above(server: Server, stopping: asyncio.Event) -> None:
    """Settings files in the folders above the served one: each folder alone, not recursively
    (a home folder's whole tree is none of kehoach's business)."""
    from watchfiles import awatch

    folders = folders_above(server.site.shown)
    while folders and not stopping.is_set():
        try:
            async for changes in awatch(
                *folders,
                watch_filter=lambda change, path: settings_file(path),
                step=STEP_MS,
                debounce=DEBOUNCE_MS,
                stop_event=stopping,
                recursive=False,
                ignore_permission_denied=True,
            ):
                touched = await _settings_changed(server, [name for _, name in changes])
                await server.changed(touched, False)
        except (OSError, RuntimeError) as exc:
            if stopping.is_set():
                return
            _fall_back(exc)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stopping.wait(), 1.0)


def _fall_back(exc: Exception) -> None:
    log.warning(
        "kehoach serve: không theo dõi được thay đổi của tệp (%s); chuyển sang kiểm tra định kỳ.", exc
    )
    os.environ["WATCHFILES_FORCE_POLLING"] = "1"
