"""A list of units as a sentence writes it ("phối hợp với A, B và C") → the units' names, without
guessing where a name that itself holds a comma or "và" ends.

Names are found first where they are known: every name the document gives alone somewhere
(a Tổ chức thực hiện heading, "Đơn vị chủ trì: …", "… chủ trì, phối hợp …", the chủ trì column
of the task appendix), and the names of offices set by law that hold "và" or a comma ("Văn phòng
HĐND và UBND", "Sở Văn hóa, Thể thao và Du lịch", "Ban Chỉ huy phòng, chống thiên tai và tìm
kiếm cứu nạn" …). The rest is split at commas and "và". A piece that cannot start a name — a
word in lower case other than "các", "những" ("…, chống thiên tai xã") — means a name with a
comma kehoach does not know: the list is ambiguous, and `split` says so (None) instead of
cutting it.
"""

from __future__ import annotations

import re

_SEPARATOR = re.compile(r"\s*,\s*|\s+và\s+|\s*;\s*")
# The distinctive middle of names set by law that hold "và" or a comma, matched in lower case;
# the name runs from the separator before it to the separator after it ("Phòng " before,
# " xã Trường Giang" after).
_STATUTORY = tuple(
    re.compile(rf"(?<!\w){core}(?!\w)")
    for core in (
        r"(?:hđnd|hội đồng nhân dân) và (?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)",
        r"lao động\s*-\s*thương binh và xã hội",
        r"nông nghiệp và (?:phát triển nông thôn|môi trường)",
        r"tài nguyên và môi trường",
        r"văn hóa, thể thao và du lịch",
        r"văn hóa, thông tin và thể thao",
        r"văn hóa\s*-\s*thể thao và (?:truyền thông|du lịch)",
        r"văn hóa và thông tin",
        r"khoa học và công nghệ",
        r"giáo dục và đào tạo",
        r"thông tin và truyền thông",
        r"kế hoạch và đầu tư",
        r"dân tộc và tôn giáo",
        r"phòng, chống thiên tai(?:, tìm kiếm cứu nạn)?(?: và (?:tìm kiếm cứu nạn|phòng thủ dân sự))?",
        r"phổ biến, giáo dục pháp luật",
        r"an ninh, trật tự",
    )
)
_NAME_START = re.compile(r"^(?:\d|[^\W\d_])")
# First words a unit's name may start with in lower case, inside a sentence ("các thôn", "công an
# xã"); any other word in lower case after a comma continues a name ("phòng, chống thiên tai").
_HEADS = {
    "các", "những", "cơ", "đơn", "phòng", "ban", "công", "ủy", "uỷ", "ubnd", "hđnd", "đài", "trạm",
    "hội", "đoàn", "trường", "trung", "văn", "bộ", "tổ", "chi", "mặt", "ngân", "bưu", "thôn", "xã",
    "sở", "lực", "hợp", "quỹ", "nhà", "bệnh", "điểm", "cộng", "người", "hộ", "cán", "tập",
}
_MASK = re.compile("\ue000(\\d+)\ue001")


def mask(text: str, known: list[str]) -> tuple[str, list[str]]:
    """`text` with each known name (whole words, longest first) replaced by a token without
    commas, so that a sentence's pattern reads it as one name; `unmask` puts them back."""
    lower = text.lower()
    if len(lower) != len(text):
        return text, []
    spans: list[tuple[int, int]] = []
    for name in sorted({n.lower() for n in known if n and n.lower() in lower}, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", lower):
            if all(m.end() <= a or m.start() >= b for a, b in spans):
                spans.append((m.start(), m.end()))
    names: list[str] = []
    out, at = [], 0
    for a, b in sorted(spans):
        out.append(text[at:a])
        out.append(f"\ue000{len(names)}\ue001")
        names.append(text[a:b])
        at = b
    out.append(text[at:])
    return "".join(out), names


def unmask(text: str, names: list[str]) -> str:
    return _MASK.sub(lambda m: names[int(m[1])], text) if names else text


def _spans(text: str, known: list[str]) -> list[tuple[int, int]]:
    """Where known names stand as whole pieces of the list, longest first, not overlapping."""
    lower = text.lower()
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def whole(a: int, b: int) -> bool:
        before = lower[:a]
        after = lower[b:]
        return (not before.strip() or bool(re.search(r"(?:,|;|\svà)\s*$", before))) and (
            not after.strip(" .;") or bool(re.match(r"\s*(?:,|;|và\s)", after)))

    for name in sorted({n.lower() for n in known if n}, key=len, reverse=True):
        start = 0
        while (at := lower.find(name, start)) >= 0:
            end = at + len(name)
            if free(at, end) and whole(at, end):
                taken.append((at, end))
            start = end
    for pattern in _STATUTORY:
        for m in pattern.finditer(lower):
            if not free(m.start(), m.end()):
                continue
            begin = max((s.end() for s in _SEPARATOR.finditer(lower, 0, m.start())), default=0)
            after = _SEPARATOR.search(lower, m.end())
            end = after.start() if after else len(lower.rstrip(" .;"))
            if free(begin, end):
                taken.append((begin, end))
    return sorted(taken)


def split(text: str, known: list[str]) -> list[str] | None:
    """The names in a list of units, or None when where a name ends cannot be told."""
    text = " ".join(text.split()).strip(" .;")
    if not text:
        return []
    out: list[str] = []
    at = 0
    for start, end in [*_spans(text, known), (len(text), len(text))]:
        if start > at:
            for piece in _SEPARATOR.split(text[at:start]):
                piece = piece.strip(" ,;.")
                if not piece:
                    continue
                if piece.startswith("và "):
                    piece = piece[3:]
                if not _NAME_START.match(piece) or (
                        piece[:1].islower() and piece.split(" ", 1)[0] not in _HEADS):
                    return None
                out.append(piece)
        if end > start:
            out.append(text[start:end].strip(" ,;."))
        at = end
    return out
