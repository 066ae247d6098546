"""Bounded hints: a hint names a few choices and counts the rest, and looks for a near spelling
among a bounded number of candidates, so the output and the work of one diagnostic stay small
however many units, tasks or codes a plan has (issue 11, class 5)."""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Iterable, Sequence

SHOWN = 10  # choices listed in one hint
MAX_CANDIDATES = 500  # candidates compared for a near spelling (difflib is quadratic per pair)
MAX_WORD = 64  # a longer word is compared by its start only


def listing(items: Iterable[str], shown: int = SHOWN, quote: bool = True,
            near_to: str | None = None) -> str:
    """`a`, `b`, `c` (và 37 mã khác): at most `shown` items, whatever the count; with `near_to`,
    the spellings closest to it come first."""
    items = list(items)
    if near_to is not None and len(items) > shown:
        close = near(near_to, items, n=shown, cutoff=0.5)
        items = close + [i for i in items if i not in set(close)]
    taken: list[str] = []
    rest = 0
    for item in items:
        if len(taken) < shown:
            taken.append(f"`{item}`" if quote else item)
        else:
            rest += 1
    return ", ".join(taken) + (f" (và {rest} mã khác)" if rest else "")


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a[:MAX_WORD], b, strict=False):
        if x != y:
            break
        n += 1
    return n


def near(word: str, candidates: Sequence[str], n: int = 3, cutoff: float = 0.75) -> list[str]:
    """difflib's close matches among candidates of about the same length, at most MAX_CANDIDATES."""
    word = word[:MAX_WORD]
    slack = max(2, len(word) // 3)
    fitting = [c for c in candidates if abs(len(c) - len(word)) <= slack]
    if len(fitting) > MAX_CANDIDATES:  # keep those sharing the longest start with the word: linear
        fitting = heapq.nlargest(MAX_CANDIDATES, fitting,
                                 key=lambda c: _shared_start(c, word))
    pool = {c[:MAX_WORD]: c for c in reversed(fitting)}
    return [pool[m] for m in difflib.get_close_matches(word, list(pool), n=n, cutoff=cutoff)]
