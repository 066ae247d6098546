"""Whether output is coloured: `--color`, then FORCE_COLOR, NO_COLOR, TERM=dumb, a terminal.

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
    """`--color` wins; else FORCE_COLOR (non-empty, not "0") forces colour and NO_COLOR
    (non-empty: https://no-color.org says an empty value does not count) turns it off; else
    colour only on a terminal that is not TERM=dumb."""
    if _mode != "auto":
        return _mode == "always"
    force = os.environ.get("FORCE_COLOR", "")
    if force:
        return force.strip().lower() not in ("0", "false", "no")
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except (OSError, ValueError):  # a closed or odd stream is no terminal
        return False
