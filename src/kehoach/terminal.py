"""Whether output is coloured: `--color`, then NO_COLOR, FORCE_COLOR, TERM=dumb, a terminal.

One decision for every command and both writers (report's ANSI escapes and rich's tables).
Standard library only: `kehoach validate` imports this at start-up.
"""

from __future__ import annotations

import os
from typing import IO

MODES = ("auto", "always", "never")
_mode = "auto"


def set_mode(mode: str) -> None:
    """`--color auto|always|never`, as given on the command line."""
    global _mode
    if mode not in MODES:
        raise ValueError(mode)
    _mode = mode


def colour(stream: IO[str] | None = None) -> bool:
    """`--color` wins; else the environment in the order of CPython 3.13's own terminal colouring
    (`_colorize.can_colorize`): NO_COLOR turns colour off, then FORCE_COLOR turns it on, then
    TERM=dumb turns it off; else colour only on a terminal. A variable counts when it is set to
    any non-empty value (no-color.org, force-color.org): FORCE_COLOR=0 still forces, and
    NO_COLOR=1 beats FORCE_COLOR=1. (PYTHON_COLORS is the interpreter's own, not read here.)"""
    if _mode != "auto":
        return _mode == "always"
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("FORCE_COLOR", ""):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except (OSError, ValueError):  # a closed or odd stream is no terminal
        return False


def width(stream: IO[str] | None = None) -> int | None:
    """How many columns human text is wrapped at on `stream`: on a terminal, COLUMNS when it is
    set (as a terminal's shell sets it), else the terminal's width; None in a pipe or a file, even
    with COLUMNS in the environment (some shells and test runners export it): lines there are
    left whole for grep and editors."""
    try:
        if stream is None or not stream.isatty():
            return None
    except (OSError, ValueError, AttributeError):
        return None
    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return None


def wrap(text: str, columns: int | None, indent: str = "") -> str:
    """`text` broken at word boundaries into lines of at most `columns` (the next lines after
    `indent`): never inside a word or a figure, nor between a figure and its unit ("1.000.000
    đồng", "năm 2024"). Line breaks already in `text` stay. A word longer than the line stands
    on its own line, whole: the terminal folds it, but no word is cut by kehoach."""
    if columns is None:
        return text
    import textwrap

    from kehoach.phrases import NBSP, tie

    out: list[str] = []
    for line in text.split("\n"):
        # textwrap breaks at ASCII spaces only: a no-break space holds a figure to its unit.
        pieces = textwrap.wrap(tie(line), width=max(columns, 20), subsequent_indent=indent,
                               break_long_words=False, break_on_hyphens=False) or [""]
        out += [piece.replace(NBSP, " ") for piece in pieces]
    return "\n".join(out)


class Progress:
    """A line on a terminal's stderr saying how far a long run is ("Đang kiểm tra 120/3.321
    tệp…"), shown only once the run has taken `after` seconds (KEHOACH_PROGRESS_AFTER changes
    it), redrawn at most ten times a second and erased before anything else is printed and at
    the end. Nothing at all in a pipe, a log or on TERM=dumb."""

    def __init__(self, label: str, total: int, stream: IO[str] | None, after: float = 1.0) -> None:
        import time

        self.label, self.total, self.stream = label, total, stream
        self.shown, self.done = False, 0
        self.clock = time.monotonic
        self.start = self.last = self.clock()
        given = os.environ.get("KEHOACH_PROGRESS_AFTER", "")
        self.after = float(given) if given.replace(".", "", 1).isdigit() else after
        try:
            self.active = (stream is not None and stream.isatty() and os.environ.get("TERM") != "dumb")
        except (OSError, ValueError):
            self.active = False

    def erase(self) -> None:
        if self.shown and self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def tick(self, n: int = 1) -> None:
        self.done += n
        if not self.active:
            return
        now = self.clock()
        if now - self.start < self.after or (self.shown and now - self.last < 0.1):
            return
        self.last = now
        count = f"{self.done:,}/{self.total:,}".replace(",", ".")
        assert self.stream is not None
        self.stream.write(f"\r\x1b[K{self.label} {count}…")
        self.stream.flush()
        self.shown = True


def counting(items, progress: Progress):  # (Iterable[T], Progress) -> Iterator[T]
    """`items` with `progress` ticked after each; its line is erased while each item is handled
    (the caller prints), and at the end."""
    try:
        for item in items:
            progress.erase()
            yield item
            progress.tick()
    finally:
        progress.erase()


class TrimmedLines:
    """A text stream that writes each line without the spaces a table pads it with: piped output
    carries no trailing blanks (a table laid out for a terminal pads every cell to its column)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.stream.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        if self.pending:
            self.stream.write(self.pending.rstrip(" "))
            self.pending = ""

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", "utf-8") or "utf-8"


class Busy:
    """`with Busy("Đang tạo PDF…", sys.stderr):` — a line on a terminal's stderr once the work
    has taken a second (Progress's rules: a terminal only, erased at the end), for work that has
    no count to show (LibreOffice converting)."""

    def __init__(self, label: str, stream: IO[str] | None, after: float = 1.0) -> None:
        self.progress = Progress(label, 0, stream, after)
        self.timer = None

    def __enter__(self) -> Busy:
        import threading

        if self.progress.active:
            self.timer = threading.Timer(self.progress.after, self._show)
            self.timer.daemon = True
            self.timer.start()
        return self

    def _show(self) -> None:
        stream = self.progress.stream
        if stream is not None:
            stream.write(f"\r\x1b[K{self.progress.label}")
            stream.flush()
            self.progress.shown = True

    def __exit__(self, *_exc: object) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer.join()
        self.progress.erase()
