"""Text from outside the plan (a file name above all) as every output shows it.

A file name is whatever bytes the file system holds: bytes that are not UTF-8 (Python keeps them
as lone surrogates, which no UTF-8 writer accepts), control characters (an escape sequence that
recolours or clears a terminal, a carriage return that hides what came before), bidi controls
that reorder what follows. Each is shown as a visible escape, `\\xff`, `\\x1b`, `\\u202e`, the
same in every command and every format (terminal, parsable, json, github, csv, xlsx), so that
`validate` and `summary` name a file alike and one can still tell two odd names apart.

Standard library only: `kehoach validate` imports this at start-up.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, line and paragraph separators, bidi controls and marks, and lone
# surrogates (undecodable bytes under surrogateescape, or a broken name on Windows).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")
_UNSAFE_BUT_BREAKS = re.compile(_UNSAFE.pattern.replace("\x00-\x1f", "\x00-\x09\x0b-\x1f"))


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str, *, line_breaks: bool = False) -> str:
    """`text` with every character a terminal, a spreadsheet or a UTF-8 writer would act on (or
    fail on) written as a visible escape; `line_breaks` keeps "\\n" (a message of several lines)."""
    pattern = _UNSAFE_BUT_BREAKS if line_breaks else _UNSAFE
    return pattern.sub(_escape, text) if pattern.search(text) else text


def shown_path(path: object) -> str:
    """A path (str or Path) as shown(): the name the user can find the file by."""
    return shown(str(path))
