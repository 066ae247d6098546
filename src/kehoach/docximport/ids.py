"""Ids for what the document names in words: units, tracked activities, the plan's own funding
sources. ASCII, lower case, hyphens (the plan format's rule), from the name itself so a clerk
can read them: "Phòng Văn hóa - Xã hội" → `phong-van-hoa-xa-hoi`.
"""

from __future__ import annotations

import re
import unicodedata


def ascii_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.findall(r"[a-z0-9]+", text)


class Ids:
    """Unique ids within one plan (units, activities and sources each have their own)."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())

    def make(self, name: str, words: int = 6, fallback: str = "muc") -> str:
        parts = ascii_words(name)[:words] or [fallback]
        base = "-".join(parts)
        found, n = base, 2
        while found in self.taken:
            found = f"{base}-{n}"
            n += 1
        self.taken.add(found)
        return found
