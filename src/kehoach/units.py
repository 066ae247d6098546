"""Finding a unit by what a person types: its id or its name, however it was accented.

Officers type "dai truyen thanh" on a keyboard without Unikey, paste "Hoà" from one document and
"Hòa" from another, or get NFD text from macOS. All of these must find the same unit, so names
are compared in a folded form: no accents, no tone marks (wherever they sit), đ → d, case-folded,
punctuation and runs of spaces collapsed to one space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from kehoach.diagnostics import KehoachError

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """The folded form: `Đài  truyền-thanh Xã` → `dai truyen thanh xa`; hòa/hoà, ủy/uỷ, NFC/NFD
    all fold alike."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # đ/Đ are letters of their own, not d + a mark, so NFD leaves them: map them by hand.
    bare = bare.replace("đ", "d").replace("Đ", "D").casefold()
    return _NOT_WORD.sub(" ", bare).strip()


def _listing(units: Mapping[str, str], ids: list[str] | None = None) -> str:
    from kehoach.hints import SHOWN

    chosen = list(ids if ids is not None else units)
    more = f" (và {len(chosen) - SHOWN} đơn vị khác)" if len(chosen) > SHOWN else ""
    return "; ".join(f"{uid} ({units[uid]})" for uid in chosen[:SHOWN]) + more


def match_unit(units: Mapping[str, str], query: str) -> str:
    """The id of the unit `query` names. Exact id or name first, then a unique substring.

    Raises KehoachError (exit 2) for an unknown or ambiguous name, listing the units.
    """
    wanted = fold(query)
    if not wanted:
        raise KehoachError("Chưa ghi tên hoặc mã đơn vị.", "Các đơn vị: " + _listing(units) + ".")
    if query in units:
        return query
    exact = [uid for uid, name in units.items() if wanted in (fold(uid), fold(name))]
    if len(exact) == 1:
        return exact[0]
    # Substrings only when they pick out one unit: "truyen thanh" is clear, "xa" is not.
    partial = exact or [
        uid for uid, name in units.items() if wanted in fold(uid) or wanted in fold(name)
    ]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise KehoachError(
            f"“{query}” khớp với nhiều đơn vị: " + _listing(units, partial) + ".",
            "Ghi tên đầy đủ hơn, hoặc dùng mã đơn vị.",
        )
    raise KehoachError(
        f"Kế hoạch không có đơn vị “{query}”.",
        "Các đơn vị trong kế hoạch: " + _listing(units) + ".",
    )


def listed(plan: str | Path) -> list[tuple[str, str]]:
    """The units a plan file declares, (code, name) in its order, read without checking the
    plan: what shell completion offers for `tasks --unit`. Nothing when it cannot be read."""
    from kehoach.loader import load_file

    try:
        units = load_file(Path(plan)).data.get("units")
    except Exception:  # completion asks while the plan is being written: never fail
        return []
    if not isinstance(units, dict):
        return []
    return [(str(code), " ".join(str(name).split())) for code, name in units.items() if isinstance(code, str)]
