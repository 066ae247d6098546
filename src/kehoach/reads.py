"""The files a check depends on, noted as it reads them, for the incremental cache (kehoach.cache).

A check run inside `recording()` notes every file it reads (by its content's digest), every file
it looked for and found, and every file it looked for and did not find: a result can be reused
while all of them are as they were. kehoach.loader notes its reads and its look-ups (load_file,
present); a stage that reads a file a result depends on any other way calls `note_file(path)`.
Nothing is noted outside `recording()`: the cost is a test of one global.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# (path as given, what was seen): a content digest, "present", "absent", or "unread" (the file
# could not be read: a result that depends on that is never reused).
Read = tuple[str, bytes | str]
_CAP = 16 * 1024 * 1024  # bytes: a file the loader read is far smaller (its cap is 10 MB)
_current: list[Read] | None = None


@contextmanager
def recording() -> Iterator[list[Read]]:
    global _current
    previous, _current = _current, []
    try:
        yield _current
    finally:
        _current = previous


def recording_now() -> bool:
    """Whether a check is being recorded (a stage may skip looking for what to note)."""
    return _current is not None


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def note_content(path: Path | str, data: bytes) -> None:
    if _current is not None:
        if _current and _current[-1] == (str(path), "unread"):  # the read that was begun succeeded
            _current.pop()
        _current.append((str(path), digest(data)))


def note_presence(path: Path | str, found: bool) -> None:
    if _current is not None:
        _current.append((str(path), "present" if found else "absent"))


def note_unread(path: Path | str) -> None:
    if _current is not None:
        _current.append((str(path), "unread"))


def note_file(path: Path | str) -> None:
    """A file read outside kehoach.loader (or through a cache of its own): its content now."""
    if _current is None:
        return
    data = _read(path)
    if data is None:
        note_unread(path)
    else:
        note_content(path, data)


def _read(path: Path | str) -> bytes | None:
    """A regular file's bytes, without ever blocking on a FIFO or a device put in a file's place;
    None when it cannot be read so, or is far past any plan's size (kehoach.loader.MAX_BYTES)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(_CAP + 1)
        return data if data is not None and len(data) <= _CAP else None
    except OSError:
        return None
    finally:
        os.close(fd)


def unchanged(reads: list[Read]) -> bool:
    """Every file noted is as it was: same content, still there, still absent."""
    for path, seen in reads:
        if isinstance(seen, bytes):
            data = _read(path)
            if data is None or digest(data) != seen:
                return False
        elif seen == "unread":
            return False
        else:
            try:
                if os.path.lexists(path) != (seen == "present"):
                    return False
            except (OSError, ValueError):
                return False
    return True
