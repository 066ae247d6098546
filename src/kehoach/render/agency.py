"""The header's agency lines (cơ quan chủ quản, cơ quan ban hành), for any issuer.

A locality word ("xã", "huyện", …) splits a name only where it begins a place name, that is when
the next word is capitalised or a number: "Ủy ban nhân dân xã An Dương" splits, "Phòng Văn hóa -
Xã hội", "Ngân hàng Chính sách xã hội" and "Sở Lao động - Thương binh và Xã hội" do not. Lines
wider than the header's left column are wrapped here, at the break a clerk would choose, rather
than by Word at whatever word happens to overflow ("… CHÍNH SÁCH XÃ" / "HỘI").
"""

from __future__ import annotations

import re
import unicodedata
from itertools import combinations, pairwise

from kehoach.metrics import text_width_pt

# Multi-word forms first so "thị xã" is not split before "xã". The place name after the word
# starts with a capital letter or a digit ("phường 5").
_LOCALITY = re.compile(
    r"(?<!\S)(thành phố|thị trấn|thị xã|đặc khu|phường|xã|quận|huyện|tỉnh)\s+(?=[0-9]|[^\W\d_])",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
# The decree allows the parent agency's common phrases to be shortened (Nghị định 30/2020,
# Phụ lục I: "Ủy ban nhân dân (UBND), Hội đồng nhân dân (HĐND)").
_ABBREVIATIONS = ((re.compile(r"^(ủy|uỷ) ban nhân dân\b", re.IGNORECASE), "UBND"),
                  (re.compile(r"^hội đồng nhân dân\b", re.IGNORECASE), "HĐND"))
# Words that never end a wrapped line. A dash stays with the word before it ("SỞ LAO ĐỘNG -" /
# "THƯƠNG BINH VÀ XÃ HỘI"), never starts a line.
_NO_BREAK_AFTER = {"và", "của", "thuộc"}
# Two-syllable words common in agency names, never broken apart ("THƯƠNG" / "BINH").
_COMPOUNDS = frozenset("""
xã hội; thương binh; chính sách; lao động; văn hóa; văn hoá; thông tin; thể thao; du lịch;
nông nghiệp; tài chính; kế hoạch; đầu tư; giáo dục; đào tạo; y tế; kinh tế; hạ tầng; nhân dân;
quốc gia; mục tiêu; chương trình; ngân hàng; trung tâm; phát triển; nông thôn; môi trường;
tài nguyên; xây dựng; giao thông; vận tải; công thương; nội vụ; tư pháp; thanh tra; văn phòng;
chỉ đạo; tiểu học; trung học; cơ sở; mầm non; khoa học; công nghệ; dân tộc; tôn giáo;
truyền thông; giảm nghèo; bền vững; dịch vụ; công ích; phụ nữ; thanh niên; cựu chiến binh;
nông dân; mặt trận; tổ quốc; quân sự; công an; hành chính; công cộng; đô thị; quản lý
""".replace("\n", " ").split("; "))
_NBSP = "\u00a0"
# Breaks are searched over every way of cutting a name into at most four lines: bounded here.
_MAX_WORDS = 24


def _normal(name: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()


def split_agency(name: str) -> tuple[str, str]:
    """`Ủy ban nhân dân xã An Dương` → (`Ủy ban nhân dân`, `xã An Dương`); no locality → (name, "")."""
    name = _normal(name)
    for match in _LOCALITY.finditer(name):
        follower = name[match.end():match.end() + 1]
        social = name[match.end():match.end() + 3].casefold() == "hội" and match[1].casefold() == "xã"
        if match.start() > 0 and not social and (follower.isdigit() or follower.isupper()):
            return name[: match.start()].strip(), name[match.start():].strip()
    return name, ""


def _bind(words: list[str]) -> list[str]:
    """Glue the two-syllable words and the dashes, so no line breaks inside them."""
    out: list[str] = []
    for word in words:
        pair = f"{out[-1]} {word}".casefold() if out else ""
        if out and (pair in _COMPOUNDS or word in ("-", "–")):
            out[-1] += _NBSP + word
        else:
            out.append(word)
    return out


def wrap(line: str, width_pt: float, size_pt: float, bold: bool) -> tuple[str, ...]:
    """`line` (as written, not yet in capitals) in capitals, in as few lines as fit `width_pt`.

    Offices break a long name where a phrase begins: before "và" or "các", or before a word the
    name capitalises ("Ngân hàng" / "Chính sách xã hội"); never inside a word of two syllables
    ("thương binh", "xã hội"), before a dash, nor after "và". Breaks where a phrase begins win,
    then fewer lines, then the narrowest widest line. Only if no such break fits are the words
    themselves broken apart; a line that cannot fit at all is left whole (Word wraps it).
    """
    plain = line.split(" ")
    for words in (_bind(plain), plain):
        found = _best_breaks(line, words, width_pt, size_pt, bold)
        if found is not None:
            return found
    return (" ".join(plain).upper(),)


def _best_breaks(line: str, words: list[str], width_pt: float, size_pt: float,
                 bold: bool) -> tuple[str, ...] | None:
    def text(part: list[str]) -> str:
        return " ".join(part).replace(_NBSP, " ").upper()

    def width(part: list[str]) -> float:
        return text_width_pt(text(part), size_pt, bold=bold)

    def natural(i: int) -> bool:  # a phrase begins at words[i]
        word = words[i]
        return (word.split(_NBSP)[0].casefold() in ("và", "các")
                or (word[:1].isupper() and not line.isupper()))

    if width(words) <= width_pt:
        return (text(words),)
    if len(words) > _MAX_WORDS:  # no agency name is this long; leave it to Word, in linear time
        return None
    best: tuple[tuple[int, int, float], list[list[str]]] | None = None
    for count in range(2, min(len(words), 4) + 1):
        for cuts in combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            parts = [words[a:b] for a, b in pairwise(bounds)]
            if any(part[-1].split(_NBSP)[-1].casefold() in _NO_BREAK_AFTER for part in parts[:-1]):
                continue
            widest = max(width(part) for part in parts)
            if widest > width_pt:
                continue
            score = (sum(not natural(cut) for cut in cuts), count, widest)
            if best is None or score < best[0]:
                best = (score, parts)
    return None if best is None else tuple(text(part) for part in best[1])


def issuer_lines(name: str, width_pt: float, size_pt: float) -> tuple[str, ...]:
    """The issuing agency in capitals, bold: split before its locality, each part wrapped to fit."""
    return tuple(line for part in split_agency(name) if part
                 for line in wrap(part, width_pt, size_pt, bold=True))


def parent_lines(name: str, width_pt: float, size_pt: float) -> tuple[str, ...]:
    """The parent agency in capitals, not bold: on one line if it fits, else split before its
    locality as the decree splits a People's Committee's name (`ỦY BAN NHÂN DÂN` / `XÃ SƠN
    TỊNH`), else shortened as the decree allows (UBND, HĐND), else wrapped."""
    name = _normal(name)
    if text_width_pt(name.upper(), size_pt) <= width_pt:
        return (name.upper(),)
    parts = [part for part in split_agency(name) if part]
    if len(parts) > 1 and all(text_width_pt(part.upper(), size_pt) <= width_pt for part in parts):
        return tuple(part.upper() for part in parts)
    short = name
    for pattern, abbreviation in _ABBREVIATIONS:
        short = pattern.sub(abbreviation, short)
    if text_width_pt(short.upper(), size_pt) <= width_pt:
        return (short.upper(),)
    return tuple(line for part in parts for line in wrap(part, width_pt, size_pt, bold=False))


def given_lines(lines: list[str]) -> tuple[str, ...]:
    """Header lines the plan gives itself (`document.issuer_lines`): capitals, as written."""
    return tuple(_normal(line).upper() for line in lines)


def same_name(lines: list[str], name: str) -> bool:
    """Whether the given lines spell the name (case and spacing aside)."""
    return _normal(" ".join(lines)).casefold() == _normal(name).casefold()


def expand(name: str) -> str:
    """"UBND" → "Ủy ban nhân dân", "HĐND" → "Hội đồng nhân dân": the TM. line names the
    collective in full ("TM. ỦY BAN NHÂN DÂN")."""
    name = re.sub(r"(?<!\w)UBND(?!\w)", "Ủy ban nhân dân", name, flags=re.IGNORECASE)
    return re.sub(r"(?<!\w)HĐND(?!\w)", "Hội đồng nhân dân", name, flags=re.IGNORECASE)
