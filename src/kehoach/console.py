"""The process's standard streams and signals, made safe once at start-up (cli.main).

- A console that cannot show Vietnamese (cp1258, latin-1, ascii) gets the closest it can show:
  decomposed letters where the code page has the marks (cp1258), else letters without marks
  ("Ke hoach"), never a UnicodeEncodeError.
- A closed standard stream (`>&-`) is reopened on /dev/null, so no file the run opens can take
  its number; writing to a closed stdout then fails like any write error: a message, exit 2.
- SIGTERM stops the run like Ctrl-C: temp files are removed on the way out.

Standard library only: `kehoach validate` imports this at start-up.
"""

from __future__ import annotations

import codecs
import errno
import io
import itertools
import os
import signal
import sys
import unicodedata

_HANDLER = "kehoach-plain"
_BOX = {"│": "|", "┃": "|", "─": "-", "━": "-", "═": "=", "…": "...", "→": "->", "–": "-", "—": "-",
        "“": '"', "”": '"', "‘": "'", "’": "'", "·": "."}


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program was: the same clean-up path as Ctrl-C."""


def closest(ch: str, encoding: str) -> str:
    """The closest spelling of `ch` the encoding has: "ứ" is "ư" + combining acute in cp1258,
    "u" in latin-1 and ascii; box lines become ASCII lines; anything else "?"."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[:1], decomposed[1:4]
    # Which marks go onto the letter and which follow it as combining characters: most kept first.
    choices = sorted(itertools.product((0, 1, 2), repeat=len(marks)), key=lambda c: c.count(2))
    for choice in choices:  # 0: composed onto the letter, 1: combining after it, 2: dropped
        pairs = list(zip(marks, choice, strict=True))
        letter = unicodedata.normalize("NFC", base + "".join(m for m, c in pairs if c == 0))
        candidate = letter + "".join(m for m, c in pairs if c == 1)
        try:
            candidate.encode(encoding)
            return candidate
        except UnicodeEncodeError:
            continue
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return _BOX.get(ch, "+" if "\u2500" <= ch <= "\u257f" else "?")


def _handler(encoding: str):  # type: ignore[no-untyped-def]
    # The codec tells the handler "charmap", not its name: each stream gets its own handler.
    def plain(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        return "".join(closest(ch, encoding) for ch in exc.object[exc.start:exc.end]), exc.end
    return plain


class _Closed(io.TextIOBase):
    """Stands for a standard output that was closed before we started."""

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout closed")

    def isatty(self) -> bool:
        return False

    @property
    def buffer(self) -> _ClosedBinary:  # commands that write bytes (csv, xlsx to stdout)
        return _ClosedBinary()


class _ClosedBinary(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
        raise OSError(errno.EBADF, "stdout closed")


def _fd_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def _on_term(signum, frame):  # type: ignore[no-untyped-def]
    raise Terminated


def setup() -> None:
    """Call once, first thing in the console entry point."""
    for fd in (0, 1, 2):
        if not _fd_open(fd):
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            if fd == 1:
                sys.stdout = _Closed()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            utf = codecs.lookup(encoding).name.startswith("utf")
        except LookupError:
            utf = False
        if not utf and hasattr(stream, "reconfigure"):
            name = f"{_HANDLER}-{codecs.lookup(encoding).name if _known(encoding) else 'ascii'}"
            codecs.register_error(name, _handler(name.removeprefix(f"{_HANDLER}-")))
            stream.reconfigure(errors=name)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _on_term)


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
        return True
    except LookupError:
        return False


_STREAM_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EPIPE, errno.EFBIG,
                  getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_stream_error(exc: OSError) -> bool:
    """An OSError raised while writing to the console, not on a file: the innermost frame is the
    writing code of click (typer.echo), rich, or the stand-in of a closed stdout."""
    if isinstance(exc, BrokenPipeError) or isinstance(sys.stdout, _Closed):
        return True
    if exc.filename is None and exc.errno in _STREAM_ERRNOS:  # a write, not an open: no file name
        return True
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename.replace("\\", "/")
        tb = tb.tb_next
    return last is not None and any(part in last for part in (
        "/click/utils.py", "/click/_compat.py", "/typer/_click/utils.py", "/rich/", "/kehoach/console.py"))


def quiet_stdout() -> None:
    """After a broken pipe or a failed write: nothing more goes to fd 1, not even at exit."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass
    sys.stdout = _Sink()


class _Sink(io.TextIOBase):
    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)
