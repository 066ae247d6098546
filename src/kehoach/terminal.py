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
