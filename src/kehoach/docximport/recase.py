"""Names a document prints only in capitals (agency, signer's title, section titles), back in the
case the plan file writes them: "ỦY BAN NHÂN DÂN / XÃ AN DƯƠNG" → "Ủy ban nhân dân xã An Dương".

The document itself is asked first: a name it also writes in ordinary case (in the opening, a
recipient, a unit's heading, the appendix's "Kèm theo … của …") is taken as written there.
Otherwise the conventions of official names: the kind of body in sentence case ("Ủy ban nhân
dân", "Phòng", "Sở"), each field of an office capitalised ("Văn hóa - Xã hội", "Lao động -
Thương binh và Xã hội"), the locality word in lower case before its place name in title case
("xã An Dương"), acronyms (UBND, HĐND, MTTQ) kept.
"""

from __future__ import annotations

import re
import unicodedata

LOCALITIES = ("thành phố", "thị xã", "thị trấn", "xã", "phường", "huyện", "quận", "tỉnh", "thôn", "bản")
# Bodies whose name is a fixed phrase, then the words that open an office's name.
FIXED = {
    "ủy ban nhân dân": "Ủy ban nhân dân",
    "uỷ ban nhân dân": "Ủy ban nhân dân",
    "hội đồng nhân dân": "Hội đồng nhân dân",
    "ủy ban mặt trận tổ quốc việt nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "ban chấp hành": "Ban Chấp hành",
    "ban thường vụ": "Ban Thường vụ",
    "đảng ủy": "Đảng ủy",
    "ban chỉ huy": "Ban Chỉ huy",
    "ban chỉ đạo": "Ban Chỉ đạo",
    "công an": "Công an",
    "quân sự": "Quân sự",
}
HEADS = (
    "văn phòng",
    "phòng",
    "sở",
    "ban",
    "trung tâm",
    "ngân hàng",
    "trường",
    "chi cục",
    "cục",
    "bộ",
    "hội",
    "đài",
    "trạm",
    "bệnh viện",
    "quỹ",
    "chi nhánh",
    "tổng cục",
    "viện",
    "thanh tra",
    "kho bạc nhà nước",
    "kho bạc",
    "bảo hiểm xã hội",
    "đoàn",
    "liên đoàn",
)
ACRONYMS = {
    "ubnd",
    "hđnd",
    "mttq",
    "tw",
    "lđtbxh",
    "vhxh",
    "tckh",
    "tnmt",
    "nn&ptnt",
    "ptnt",
    "gd&đt",
    "gdđt",
    "cntt",
    "tt&tt",
    "ttcp",
    "bch",
    "btv",
    "pctt",
    "tkcn",
    "ptds",
    "tkcn&ptds",
    "vn",
    "qđ",
    "kt-xh",
    "ct-xh",
    "nđ-cp",
    "mtqg",
}
_WORD = re.compile(r"[^\s\-–,;:()/]+|[\s\-–,;:()/]+")


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _is_acronym(word: str, corpus_upper: set[str]) -> bool:
    low = word.casefold()
    return low in ACRONYMS or word in corpus_upper


def title_case(text: str, corpus_upper: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    """Each word capitalised, acronyms kept: "AN DƯƠNG" → "An Dương"."""
    return "".join(
        tok if not tok.strip() or _is_acronym(tok, corpus_upper) else _cap(tok) for tok in _WORD.findall(text)
    )


def sentence_case(text: str, corpus_upper: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    """First word capitalised, the rest lower case, acronyms kept."""
    out, first = [], True
    for tok in _WORD.findall(text):
        if not tok.strip() or not any(ch.isalpha() for ch in tok):
            out.append(tok)
        elif _is_acronym(tok, corpus_upper):
            out.append(tok.upper() if tok.casefold() in ACRONYMS else tok)
            first = False
        else:
            out.append(_cap(tok) if first else tok.lower())
            first = False
    return "".join(out)


class Corpus:
    """The document's own mixed-case text, to look capitalised names up in."""

    def __init__(self, texts: list[str]) -> None:
        mixed = [" ".join(t.split()) for t in texts if t and not all_caps(t)]
        # folded and original line up character for character (casefold keeps Vietnamese
        # letters one for one; a text where it does not is left out)
        kept = [t for t in mixed if len(t.casefold()) == len(t)]
        self.original = " \n ".join(kept)
        self.folded = self.original.casefold()
        self.upper_words = {
            w
            for t in mixed
            for w in re.findall(r"[^\W\d_]{2,}[&]?[^\W\d_]*", t)
            if w.isupper() and len(w) >= 2
        }

    def find(self, phrase: str) -> str | None:
        """The phrase as the document writes it elsewhere (not in capitals), if it does."""
        key = fold(phrase)
        if not key:
            return None
        found: dict[str, int] = {}
        start = 0
        while (at := self.folded.find(key, start)) >= 0:
            start = at + 1
            before = self.folded[at - 1 : at] if at else " "
            after = self.folded[at + len(key) : at + len(key) + 1] or " "
            if before.isalnum() or after.isalnum():
                continue
            written = self.original[at : at + len(key)]
            if not all_caps(written):
                found[written] = found.get(written, 0) + 1
        if not found:
            return None
        return max(found, key=lambda w: (found[w], w))


def all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _split_locality(low: str) -> tuple[str, str, str]:
    """(body, locality word, place) of a folded name: "ủy ban nhân dân xã an dương" →
    ("ủy ban nhân dân", "xã", "an dương"); no locality: (name, "", "")."""
    words = low.split()
    for i in range(1, len(words)):
        for word in sorted(LOCALITIES, key=len, reverse=True):
            size = len(word.split())
            if words[i : i + size] == word.split() and len(words) > i + size:
                if word == "xã" and words[i + 1] == "hội":  # "xã hội" (society), no place
                    continue
                return " ".join(words[:i]), word, " ".join(words[i + size :])
    return low, "", ""


def agency(upper: str, corpus: Corpus) -> str:
    """An agency's name from its capitals."""
    name = " ".join(upper.split())
    if not name:
        return ""
    if found := corpus.find(name):
        return found
    low = fold(name)
    body, word, place = _split_locality(low)
    if word and body:
        head = _body(body, corpus)
        place_text = corpus.find(place) or title_case(place, corpus.upper_words)
        return f"{head} {word} {place_text}"
    return _body(low, corpus)


def _body(low: str, corpus: Corpus) -> str:
    if found := corpus.find(low):
        return found[:1].upper() + found[1:]
    if low in FIXED:
        return FIXED[low]
    for fixed, written in FIXED.items():
        if low.startswith(fixed + " "):
            return f"{written} {_fields(low[len(fixed) + 1 :], corpus)}"
    for head in sorted(HEADS, key=len, reverse=True):
        if low == head:
            return _cap(head)
        if low.startswith(head + " "):
            return f"{head[:1].upper()}{head[1:]} {_fields(low[len(head) + 1 :], corpus)}"
    return sentence_case(low, corpus.upper_words)


def _fields(low: str, corpus: Corpus) -> str:
    """An office's fields, each capitalised: "văn hóa - xã hội" → "Văn hóa - Xã hội"."""
    if found := corpus.find(low):
        return found
    parts = re.split(r"(\s+-\s+|\s+–\s+|\s+và\s+|,\s+)", low)
    out = []
    for part in parts:
        if re.fullmatch(r"\s+-\s+|\s+–\s+|\s+và\s+|,\s+", part):
            out.append(part)
        else:
            out.append(sentence_case(part, corpus.upper_words))
    return "".join(out)


def title(upper: str) -> str:
    """A signer's title: "PHÓ CHỦ TỊCH" → "Phó Chủ tịch", "TRƯỞNG PHÒNG" → "Trưởng phòng"."""
    low = fold(upper)
    if low.startswith("phó "):
        return "Phó " + sentence_case(low[4:])
    return sentence_case(low)
