"""The watchdog over a user's template render: a thread that raises TooSlow in the rendering
thread past the render's deadline, and TooMuchMemory when the process has grown by more than
its allowance (CPython's PyThreadState_SetAsyncExc, as debuggers use it). The rendering thread
unwinds as from any error; taken back if not raised yet when the render ends."""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time


class TooSlow(Exception):
    """The render ran past its deadline (raised in the rendering thread by the watchdog)."""


class TooMuchMemory(Exception):
    """The render grew the process by more than its allowance."""


# Values at least this long (characters or items) cost enough to build that measuring the
# process first costs nothing beside them: the growth is then checked where it happens, not only
# at the next tick of the watchdog, which a loaded machine may run late.
LARGE = 256 * 1024
_active = threading.local()


def pressure(size: int) -> None:
    """Before building a value of `size`: TooMuchMemory now if this thread's render has already
    used its allowance (a large value only; nothing when no render is watched)."""
    watchdog = getattr(_active, "watchdog", None)
    if size >= LARGE and watchdog is not None and watchdog.base is not None and \
            (resident_bytes() or 0) - watchdog.base > watchdog.memory:
        raise TooMuchMemory


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise `exception` in the thread `thread_id` at its next Python step (None: take back one
    not raised yet). CPython's PyThreadState_SetAsyncExc, as debuggers use it."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else None)


_statm: list[int] = []  # /proc/self/statm, opened once: read with pread, never left to the GC


def resident_bytes() -> int | None:
    """The process's resident memory now (Linux), else its peak (other POSIX), else None."""
    try:
        if not _statm:
            _statm.append(os.open("/proc/self/statm", os.O_RDONLY))
        return int(os.pread(_statm[0], 128, 0).split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource
    except ImportError:  # Windows: time is still watched
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _drop_ours_when_unraisable() -> None:
    """Our exception landing where Python cannot raise it (a finaliser, a weakref callback) is
    dropped, never printed as "Exception ignored … Traceback": the watchdog raises it again 0.2 s
    later. Installed once, over whatever hook is there (threads of `serve` share it)."""
    previous = sys.unraisablehook
    if getattr(previous, "kehoach_watchdog", False):
        return

    def hook(unraisable: object) -> None:
        if not isinstance(getattr(unraisable, "exc_value", None), TooSlow | TooMuchMemory):
            previous(unraisable)  # type: ignore[arg-type]

    hook.kehoach_watchdog = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


class Watchdog:
    """While a user's template renders in this thread: past `deadline` (time.monotonic) raise
    TooSlow in it, past `memory` bytes of growth TooMuchMemory; again every 0.2 s should the
    template's code swallow one. Leaving the block takes back one not raised yet."""

    TICK = 0.01

    def __init__(self, deadline: float, memory: int) -> None:
        self.deadline, self.memory = deadline, memory
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.done = False
        self.fired: type[BaseException] | None = None

    def __enter__(self) -> Watchdog:
        _drop_ours_when_unraisable()
        self.target = threading.get_ident()
        self.base = resident_bytes()
        self.outer = getattr(_active, "watchdog", None)
        # The frame that entered the block: the watchdog raises only while it is on the thread's
        # stack. Should an exception land on __exit__'s first step (before it can stop the
        # watchdog), the watchdog still ends once that frame returns, instead of raising into
        # whatever the thread runs next, forever.
        self.frame = sys._getframe(1)
        _active.watchdog = self
        self.thread = threading.Thread(target=self._watch, name="kehoach-template-watchdog", daemon=True)
        self.thread.start()
        return self

    def _watch(self) -> None:
        while not self.stopped.wait(self.TICK):
            reason: type[BaseException] | None = None
            if time.monotonic() > self.deadline:
                reason = TooSlow
            elif self.base is not None and (resident_bytes() or 0) - self.base > self.memory:
                reason = TooMuchMemory
            if reason is None:
                continue
            with self.lock:
                if self.done:
                    return
                where = self._where()
                if where == "left":
                    _raise_in(self.target, None)  # take back one not raised yet
                    return
                if where == "leaving":
                    continue  # __exit__ is stopping it: raising there could abort it
                self.fired = reason
                _raise_in(self.target, reason)
            self.stopped.wait(0.2)

    def _where(self) -> str:
        """Where the watched thread is: "inside" the block, "leaving" it (in a Watchdog's
        __exit__), or "left" (the frame that entered the block has returned)."""
        frame = sys._current_frames().get(self.target)
        leaving = False
        while frame is not None:
            if frame is self.frame:
                return "leaving" if leaving else "inside"
            leaving = leaving or frame.f_code is _EXIT_CODE
            frame = frame.f_back
        return "left"

    def __exit__(self, *exc_info: object) -> None:
        late: BaseException | None = None
        while True:
            try:
                with self.lock:
                    self.done = True
                    if self.fired is not None:
                        _raise_in(self.target, None)
                break
            except (TooSlow, TooMuchMemory) as caught:  # raised just before the lock was taken
                late = caught
        _active.watchdog = self.outer
        self.stopped.set()
        self.thread.join()
        self.frame = None  # no cycle through the caller's frame
        if late is not None and exc_info[0] is None:
            raise late


_EXIT_CODE = Watchdog.__exit__.__code__
