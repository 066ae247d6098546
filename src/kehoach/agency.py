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

from kehoach.metrics import text_width_pt
from kehoach.phrases import Broken, break_lines, fits

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


def wrap(line: str, width_pt: float, size_pt: float, bold: bool) -> tuple[str, ...]:
    """`line` (as written, not yet in capitals) in capitals, in as few lines as fit `width_pt`,
    broken only between phrases (kehoach.phrases): before "và" or "các", or before a word the
    name capitalises ("Ngân hàng" / "Chính sách xã hội"); never inside a word of two syllables
    ("thương binh", "xã hội") or a proper name ("NGUYỄN TRUNG TRỰC"), before a dash, nor after
    "và". A line that cannot fit even so is left whole (Word wraps it; `validate` warns)."""
    return break_lines(line, width_pt, size_pt, bold=bold, upper=True).lines


def issuer_breaks(name: str, width_pt: float, size_pt: float) -> tuple[Broken, ...]:
    """The issuing agency in capitals, bold: split before its locality, each part broken to fit."""
    return tuple(break_lines(part, width_pt, size_pt, bold=True, upper=True)
                 for part in split_agency(name) if part)


def issuer_lines(name: str, width_pt: float, size_pt: float) -> tuple[str, ...]:
    return tuple(line for part in issuer_breaks(name, width_pt, size_pt) for line in part.lines)


def parent_breaks(name: str, width_pt: float, size_pt: float) -> tuple[Broken, ...]:
    """The parent agency in capitals, not bold: on one line if it fits, else split before its
    locality as the decree splits a People's Committee's name (`ỦY BAN NHÂN DÂN` / `XÃ SƠN
    TỊNH`), else shortened as the decree allows (UBND, HĐND), else broken between phrases."""
    name = _normal(name)
    if text_width_pt(name.upper(), size_pt) <= width_pt:
        return (Broken((name.upper(),), True),)
    parts = [part for part in split_agency(name) if part]
    if len(parts) > 1 and all(text_width_pt(part.upper(), size_pt) <= width_pt for part in parts):
        return tuple(Broken((part.upper(),), True) for part in parts)
    short = name
    for pattern, abbreviation in _ABBREVIATIONS:
        short = pattern.sub(abbreviation, short)
    if text_width_pt(short.upper(), size_pt) <= width_pt:
        return (Broken((short.upper(),), True),)
    return tuple(break_lines(part, width_pt, size_pt, bold=False, upper=True) for part in parts)


def name_fits(name: str, width_pt: float, size_pt: float, *, parent: bool = False) -> bool:
    """Whether issuer_breaks (or parent_breaks) break every part of `name` between phrases, in
    one pass (kehoach.phrases.fits): what rule KH514 asks of every plan."""
    name = _normal(name)
    if parent:
        if text_width_pt(name.upper(), size_pt) <= width_pt:
            return True
        short = name
        for pattern, abbreviation in _ABBREVIATIONS:
            short = pattern.sub(abbreviation, short)
        if text_width_pt(short.upper(), size_pt) <= width_pt:
            return True
    return all(fits(part, width_pt, size_pt, bold=not parent, upper=True)
               for part in split_agency(name) if part)


def parent_lines(name: str, width_pt: float, size_pt: float) -> tuple[str, ...]:
    return tuple(line for part in parent_breaks(name, width_pt, size_pt) for line in part.lines)


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
