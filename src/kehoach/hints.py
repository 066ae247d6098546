"""Bounded hints: a hint names a few choices and counts the rest, and looks for a near spelling
among a bounded number of candidates, so the output and the work of one diagnostic stay small
however many units, tasks or codes a plan has (issue 11, class 5)."""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Collection, Sequence
from itertools import islice

SHOWN = 10  # choices listed in one hint
MAX_CANDIDATES = 100  # candidates compared for one near spelling (difflib is quadratic per pair)
# Comparisons left for the file being checked: a file with thousands of unknown ids gets
# suggestions for the first few hundred, then plain messages, instead of minutes of searching.
BUDGET = 20_000
_budget = BUDGET
MAX_WORD = 64  # a longer word is compared by its start only


def new_file() -> None:
    """A fresh search budget (validate.check_plan calls this for each plan it checks)."""
    global _budget
    _budget = BUDGET


def listing(items: Collection[str], shown: int = SHOWN, quote: bool = True,
            near_to: str | None = None) -> str:
    """`a`, `b`, `c` (và 37 mã khác): at most `shown` items, whatever the count; with `near_to`,
    the spellings closest to it come first. Costs O(shown) once the search budget is spent."""
    searching = near_to is not None and len(items) > shown and _budget > 0
    close = near(near_to or "", list(items), n=shown, cutoff=0.5) if searching else []
    chosen = set(close)
    taken = close + list(islice((i for i in items if i not in chosen), shown - len(close)))
    rest = len(items) - len(taken)
    said = ", ".join(f"`{item}`" if quote else item for item in taken)
    return said + (f" (và {rest} mã khác)" if rest > 0 else "")


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a[:MAX_WORD], b, strict=False):
        if x != y:
            break
        n += 1
    return n


def near(word: str, candidates: Sequence[str], n: int = 3, cutoff: float = 0.75) -> list[str]:
    """difflib's close matches among candidates of about the same length, at most MAX_CANDIDATES."""
    global _budget
    if _budget <= 0:
        return []
    word = word[:MAX_WORD]
    slack = max(2, len(word) // 3)
    fitting = [c for c in candidates if abs(len(c) - len(word)) <= slack]
    _budget -= len(fitting) // 10  # ranking them costs too
    if len(fitting) > MAX_CANDIDATES:  # keep those sharing the longest start with the word: linear
        fitting = heapq.nlargest(MAX_CANDIDATES, fitting,
                                 key=lambda c: _shared_start(c, word))
    pool = {c[:MAX_WORD]: c for c in reversed(fitting)}
    _budget -= len(pool)
    return [pool[m] for m in difflib.get_close_matches(word, list(pool), n=n, cutoff=cutoff)]
