"""Short forms of document text for messages and comments: the first words of a paragraph."""

from __future__ import annotations

import re
import unicodedata


def first_words(text: str, words: int = 12) -> str:
    head = re.split(r"[.:;]", text, maxsplit=1)[0].strip()
    parts = head.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def excerpt(text: str, words: int = 12) -> str:
    parts = " ".join(text.split()).split(" ")
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def plain(text: str) -> str:
    """Lower case without accents, spaces collapsed: for matching words however they are typed."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())
