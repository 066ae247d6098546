"""The incremental cache of `validate` (given a folder) and `summary` (issue 21): a re-run where
one plan changed checks that plan alone.

Each plan's result is kept in the user's cache folder — $XDG_CACHE_HOME/kehoach (else
~/.cache/kehoach) on Linux, ~/Library/Caches/kehoach on macOS, %LOCALAPPDATA%\\kehoach\\Cache on
Windows; KEHOACH_CACHE_DIR names another, KEHOACH_NO_CACHE=1 turns it off with the templates'
cache, KEHOACH_NO_RESULTS_CACHE=1 alone — under a key made of
kehoach's own code (its version, its files, the versions of what it runs on), the command, the
plan's path as given and the day (a progress record dated after today is a problem until that day
comes). A kept result is used only while every file its check read has the same content, every
file it found is still there and every file it looked for is still absent (kehoach.reads): a
changed plan, progress or report file or catalogue, or a companion that came or went, is checked
again. A result that depends on a file that could not be read is never kept.

Entries live in one SQLite database in that folder (the standard library's sqlite3: writing a
result costs a tenth of what a file of its own would): runs sharing the folder take turns to
write (WAL journal, a wait when busy) and never see half an entry; nothing is synced to disk, for
a cache lost at a power cut is only a slower next run. An entry that does not read back (cut
short, garbage, another format) is ignored and written again; a database that is not one is set
aside and started again. A folder that another user could write into is not used (entries are
pickles). Results are the same with or without the cache (tests/test_cache.py).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import pickle
import random
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kehoach import reads

R = TypeVar("R")
FORMAT = b"kehoach-cache 1\n"
_MISSING: Any = object()
KEEP_DAYS = 30  # an entry not used for this long is removed (now and then, by a run that writes)
PRUNE_ONE_IN = 1024  # writes between two looks for old entries, on average


def folder() -> Path | None:
    """Where the cache lives; None when it is turned off."""
    for switch in ("KEHOACH_NO_CACHE", "KEHOACH_NO_RESULTS_CACHE"):  # every cache; this one only
        if os.environ.get(switch, "") not in ("", "0"):
            return None
    if given := os.environ.get("KEHOACH_CACHE_DIR"):
        return Path(given)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "kehoach" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "kehoach"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kehoach"


_identity: str | None = None


def identity() -> str:
    """kehoach's code as the cache knows it: its version, the name, size and time of each of its
    files (an edited checkout is another kehoach), and the versions of Python and of the
    libraries whose behaviour reaches a result."""
    global _identity
    if _identity is None:
        import pydantic
        import yaml

        import kehoach

        seen = hashlib.blake2b(digest_size=16)
        seen.update(f"{kehoach.__version__}\0{sys.version}\0{pydantic.VERSION}\0{yaml.__version__}\n".encode())
        root = Path(kehoach.__file__).parent
        for where, folders, names in os.walk(root):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(names):
                with contextlib.suppress(OSError):
                    info = os.stat(os.path.join(where, name))
                    relative = os.path.relpath(os.path.join(where, name), root)
                    seen.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        _identity = seen.hexdigest()
    return _identity


class Cache:
    """The results of one command (`kind`), by key."""

    def __init__(self, kind: str, root: Path | None = None) -> None:
        self.kind = kind
        self.root = root if root is not None else folder()
        if self.root is not None and not _safe(self.root):
            self.root = None
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    @property
    def usable(self) -> bool:
        return self.root is not None

    def _connect(self) -> sqlite3.Connection | None:
        """This process's connection (a forked worker opens its own); None: no cache this run."""
        if self.root is None:
            return None
        if self._db is not None and self._pid == os.getpid():
            return self._db
        path = self.root / "cache.sqlite3"
        for attempt in (1, 2):
            try:
                db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")
                db.execute("CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB NOT NULL, "
                           "used INTEGER NOT NULL)")
                self._db, self._pid = db, os.getpid()
                return db
            except sqlite3.DatabaseError:  # not a database (garbage, cut short): set aside, start again
                if attempt == 2 or not _set_aside(path):
                    self.root = None
                    return None
            except (sqlite3.Error, OSError):  # a read-only folder, a locked file: no cache this run
                self.root = None
                return None
        return None  # pragma: no cover

    def _key(self, key: tuple[str, ...]) -> bytes:
        return hashlib.blake2b("\0".join((identity(), self.kind, *key)).encode(), digest_size=20).digest()

    def get(self, key: tuple[str, ...]) -> Any:
        """The kept result, or _MISSING (none, unreadable, or its files changed)."""
        db = self._connect()
        if db is None:
            return _MISSING
        try:
            row = db.execute("SELECT value, used FROM entries WHERE key = ?", (self._key(key),)).fetchone()
        except sqlite3.Error:
            return _MISSING
        if row is None:
            return _MISSING
        data, used = row
        if not isinstance(data, bytes) or not data.startswith(FORMAT) or len(data) < len(FORMAT) + 16:
            return _MISSING
        check, payload = data[len(FORMAT):len(FORMAT) + 16], data[len(FORMAT) + 16:]
        if reads.digest(payload) != check:
            return _MISSING
        try:
            noted, value = pickle.loads(payload)
        except Exception:  # an entry that does not read back is no entry
            return _MISSING
        if not reads.unchanged(noted):
            return _MISSING
        if used != _day():  # used today: not to be pruned (written once a day at most)
            with contextlib.suppress(sqlite3.Error):
                db.execute("UPDATE entries SET used = ? WHERE key = ?", (_day(), self._key(key)))
        return value

    def put(self, key: tuple[str, ...], noted: list[reads.Read], value: Any) -> None:
        if any(seen == "unread" for _, seen in noted):
            return
        db = self._connect()
        if db is None:
            return
        payload = pickle.dumps((noted, value), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                       (self._key(key), FORMAT + reads.digest(payload) + payload, _day()))
            if random.randrange(PRUNE_ONE_IN) == 0:
                db.execute("DELETE FROM entries WHERE used < ?", (_day() - KEEP_DAYS,))
        except sqlite3.Error:  # a full disk, a lock held too long: the result stands, uncached
            return

    def remember(self, key: tuple[str, ...], compute: Callable[[], R]) -> R:
        """compute(), or the result kept for `key` while the files it read are as they were."""
        if self.root is None:
            return compute()
        found = self.get(key)
        if found is not _MISSING:
            return found
        with reads.recording() as noted:
            value = compute()
        self.put(key, noted, value)
        return value


_caches: dict[str, Cache] = {}


def of(kind: str) -> Cache:
    """The cache of `kind` for this process (the folder looked up once)."""
    if kind not in _caches:
        _caches[kind] = Cache(kind)
        if _caches[kind].usable:
            identity()
    return _caches[kind]


def today() -> str:
    return datetime.date.today().isoformat()


def _safe(root: Path) -> bool:
    """The folder exists (made if need be, for this user only) and no other user can write in it."""
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = root.stat()
    except OSError:
        return False
    if os.name != "posix":
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _day() -> int:
    return datetime.date.today().toordinal()


def _set_aside(path: Path) -> bool:
    """A database file that is not one moves aside (kept for a look, never read again)."""
    try:
        os.replace(path, path.with_name(f"{path.name}.broken-{os.getpid()}"))
        for extra in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path.with_name(path.name + extra))
        return True
    except OSError:
        return False
