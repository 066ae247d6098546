"""Breaking a centred line — a header line, a trích yếu, a title — only where a clerk would.

Word and LibreOffice wrap a centred line at whatever word overflows: "PHƯỜNG NGUYỄN / TRUNG
TRỰC", "Mục / tiêu", "xã An / Dương", a lone "năm 2025" on the last line. Here the words are
first glued into units that must not be broken — two-syllable words ("bền vững", "Ủy ban nhân
dân"), proper names ("Nguyễn Trung Trực", "Thừa Thiên Huế"), a locality word and its name ("xã An
Dương"), a quoted name, a time word and its number ("năm 2025", "quý IV") — then broken into
the fewest lines that fit, preferring breaks where a phrase begins ("… giảm nghèo" / "về thông
tin …") and lines of even width. Weaker glue (a locality word, a time word, a quote) gives way
first when nothing fits; when even a name or a two-syllable word must be split, or a unit is
wider than the line, the result says so, for a warning.

The same widths as the renderer (metrics.py), so a rule can tell in advance that a line will
not fit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import combinations, pairwise

from kehoach.metrics import text_width_pt

NBSP = "\u00a0"

# Two-syllable (and longer) words common in official names and titles, never broken apart.
COMPOUNDS = frozenset("""
xã hội; thương binh; chính sách; lao động; văn hóa; văn hoá; thông tin; thể thao; du lịch;
nông nghiệp; tài chính; kế hoạch; đầu tư; giáo dục; đào tạo; y tế; kinh tế; hạ tầng; nhân dân;
quốc gia; mục tiêu; chương trình; ngân hàng; trung tâm; phát triển; nông thôn; môi trường;
tài nguyên; xây dựng; giao thông; vận tải; công thương; nội vụ; tư pháp; thanh tra; văn phòng;
chỉ đạo; tiểu học; trung học; cơ sở; mầm non; khoa học; công nghệ; dân tộc; tôn giáo;
truyền thông; giảm nghèo; bền vững; dịch vụ; công ích; phụ nữ; thanh niên; cựu chiến binh;
nông dân; mặt trận; tổ quốc; quân sự; công an; hành chính; công cộng; đô thị; quản lý;
ủy ban; uỷ ban; hội đồng; ủy ban nhân dân; uỷ ban nhân dân; hội đồng nhân dân; thực hiện;
tổ chức; triển khai; kiểm tra; giám sát; đánh giá;
hỗ trợ; sản xuất; tuyên truyền; phổ biến; pháp luật; chuyển đổi; số hóa; chuyển đổi số;
phòng chống; phòng, chống; thiên tai; cứu nạn; cứu hộ; bảo vệ; rừng; năm học; giai đoạn;
kết quả; báo cáo; công tác; nhiệm vụ; giải pháp; nội dung; đa chiều; hộ nghèo; cận nghèo;
cải cách; dự án; tiểu dự án; thị trấn; thị xã; thành phố; đặc khu; khó khăn; đặc biệt;
bình đẳng; giới; an toàn; vệ sinh; thực phẩm; dinh dưỡng; việc làm; nhà ở; nước sạch;
người dân; cộng đồng; đồng bào; miền núi; biên giới; hải đảo; vùng cao; an ninh; trật tự;
công chức; cán bộ; hoàn thành; trễ hạn; quá hạn; vướng mắc; truyền thanh; phát thanh; truyền hình
""".replace("\n", " ").split("; "))
_LONGEST = max(len(c.split(" ")) for c in COMPOUNDS)

# A locality word begins a place name when the next word is capitalised or a number.
_LOCALITIES = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "xã", "quận", "huyện", "tỉnh",
               "thôn", "bản", "ấp", "tổ dân phố", "khu phố")
# A time word keeps its number: "năm 2025", "quý IV", "giai đoạn 2021-2025", "tháng 3".
_TIME_WORDS = ("năm", "quý", "tháng", "giai đoạn", "ngày", "đợt")
_NUMBERISH = re.compile(r"^[0-9IVXLC][0-9IVXLC./\-–]*[,.;:)”\"]*$")
# Words before which a phrase begins (a line may start with them).
_PHRASE_START = frozenset(("và", "các", "của", "về", "cho", "năm", "giai", "trên", "tại", "thuộc", "theo",
                           "nhằm", "để", "trong", "đối", "với", "giữa", "sau", "trước", "từ", "đến"))
_NO_BREAK_AFTER = frozenset({"và", "của", "thuộc", "các", "về", "cho", "tại", "với", "trên", "theo"})
# Breaks are searched over every way of cutting the units into at most this many lines.
_MAX_UNITS, _MAX_LINES = 28, 4

# A line narrower than this share of the width is a stub, as bad as a break before a name.
_RUNT = 0.3

STRONG, WEAK = 2, 1  # glue that a name or a word needs; glue that gives way when nothing fits


@dataclass(frozen=True, slots=True)
class Broken:
    """Lines as printed; `fits` is False when a line is still too wide or a name or a
    two-syllable word had to be split (a warning for the plan's author)."""

    lines: tuple[str, ...]
    fits: bool


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().strip(",.;:“”\"()")


def _capitalised(word: str) -> bool:
    bare = word.lstrip("“\"(")
    return bool(bare[:1]) and bare[:1].isupper()


def _glue(words: list[str], all_caps: bool) -> list[int]:
    """For each gap between words[i] and words[i+1], how strongly they hold together."""
    folded = [_fold(w) for w in words]
    glue = [0] * max(len(words) - 1, 0)

    def ends(i: int) -> bool:  # punctuation after words[i] ends a phrase
        return words[i][-1:] in ",;:" or words[i].endswith(("”", '"', ")"))

    for i in range(len(words)):  # words of a compound, longest first: "ủy ban nhân dân"
        for n in range(min(_LONGEST, len(words) - i), 1, -1):
            if " ".join(folded[i:i + n]) in COMPOUNDS and not any(ends(j) for j in range(i, i + n - 1)):
                for j in range(i, i + n - 1):
                    glue[j] = STRONG
                break
    for i in range(len(glue)):
        a, b = folded[i], folded[i + 1]
        pair = f"{a} {b}"
        trailing = ends(i)
        if glue[i]:
            continue
        if words[i + 1] in ("-", "–"):
            glue[i] = STRONG  # a dash stays with the word before it
        elif (not trailing and not all_caps and _capitalised(words[i]) and _capitalised(words[i + 1])
              and i > 0 and not words[i - 1].endswith((".", ":"))):
            glue[i] = STRONG  # inside a proper name: Nguyễn Trung Trực, Thừa Thiên Huế
        elif not trailing and _NUMBERISH.match(words[i + 1]) and (
                a in _TIME_WORDS or pair in _TIME_WORDS or a in ("án", "số", "điều", "khoản")):
            glue[i] = WEAK  # năm 2025, quý IV, Dự án 6
        elif not trailing and a in _LOCALITIES and (_capitalised(words[i + 1]) or words[i + 1][:1].isdigit()):
            glue[i] = WEAK  # xã An Dương
        elif i > 0 and f"{folded[i - 1]} {a}" in _LOCALITIES and (_capitalised(words[i + 1]) or all_caps):
            glue[i] = WEAK  # thị xã Sơn Tây
    # A quoted name holds together, weakly: “Giảm nghèo về thông tin”.
    inside = False
    for i, word in enumerate(words[:-1]):
        if word.startswith(("“", '"')) and not word.endswith(("”", '"')):
            inside = True
        if inside:
            glue[i] = max(glue[i], WEAK)
        if word.endswith(("”", '"')) and not word.startswith(("“", '"')):
            inside = False
    # In capitals a proper name cannot be told from other words: a locality word keeps the words
    # up to the end of the line part (the caller splits the line before the locality).
    return glue


def _natural(words: list[str], i: int, all_caps: bool) -> int:
    """How naturally a phrase begins at words[i]: 2 after a comma, before a quote or a word that
    opens a phrase ("của", "thuộc", "năm" …); 1 before a capitalised word (a name may go on);
    0 elsewhere."""
    word, before = words[i], words[i - 1]
    if before.endswith((",", ";", ":")) or word.startswith(("“", '"', "(")):
        return 2
    if _fold(word) in _PHRASE_START:
        return 2
    return 1 if not all_caps and _capitalised(word) else 0


def _is_time_unit(unit: list[str]) -> bool:
    """`năm 2025`, `giai đoạn 2021-2025`: a time word and its number, nothing else."""
    return (len(unit) >= 2 and _fold(" ".join(unit[:-1])) in _TIME_WORDS
            and bool(_NUMBERISH.match(unit[-1])))


def break_lines(text: str, width_pt: float, size_pt: float, *, bold: bool = False,
                upper: bool = False, balance: bool = True) -> Broken:
    """`text` (in capitals when `upper`) in as few lines as fit `width_pt`, broken between phrases.

    Breaks where a phrase begins win, then fewer lines, then (with `balance`) the narrowest widest
    line. Glue gives way in order: first the weak (a locality word, a time word, a quote), then —
    marked as not fitting — the strong (names, two-syllable words).
    """
    text = " ".join(unicodedata.normalize("NFC", text).split())
    words = text.split(" ")
    all_caps = text.isupper()

    def show(part: list[str]) -> str:
        line = " ".join(part)
        return line.upper() if upper else line

    def width(part: list[str]) -> float:
        return text_width_pt(show(part), size_pt, bold=bold)

    if not text or width(words) <= width_pt:
        return Broken((show(words),), True)
    glue = _glue(words, all_caps)
    for level, fits in ((WEAK, True), (STRONG, True), (STRONG + 1, False)):
        units: list[list[str]] = [[words[0]]]
        for i, word in enumerate(words[1:]):
            if glue[i] >= level:
                units[-1].append(word)
            else:
                units.append([word])
        found = _best(units, words, width, width_pt, all_caps, balance)
        if found is not None:
            return Broken(tuple(show(part) for part in found), fits)
    return Broken((show(words),), False)


def fits(text: str, width_pt: float, size_pt: float, *, bold: bool = False, upper: bool = False) -> bool:
    """Whether break_lines(...).fits, found in one pass (the rules ask it of every plan): every
    unit a name or a word must keep is narrower than the line, and they go on at most the lines
    break_lines searches."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    words = text.split(" ")

    def width(part: list[str]) -> float:
        line = " ".join(part)
        return text_width_pt(line.upper() if upper else line, size_pt, bold=bold)

    if not text or width(words) <= width_pt:
        return True
    glue = _glue(words, text.isupper())
    units: list[list[str]] = [[words[0]]]
    for i, word in enumerate(words[1:]):
        if glue[i] >= STRONG:
            units[-1].append(word)
        else:
            units.append([word])
    if len(units) > _MAX_UNITS or any(width(unit) > width_pt for unit in units):
        return False
    lines, line = 1, []
    for unit in units:
        if line and width(line + unit) > width_pt:
            lines, line = lines + 1, list(unit)
        else:
            line += unit
    return lines <= _MAX_LINES


def _best(units: list[list[str]], words: list[str], width, width_pt: float, all_caps: bool,
          balance: bool) -> list[list[str]] | None:
    if len(units) > _MAX_UNITS:  # no title is this long: left whole (Word wraps it), in linear time
        return None
    # Widths add up (no kerning): a line is its units and the spaces between them.
    space = width(["a", "a"]) - 2 * width(["a"])
    sizes = [width(unit) for unit in units]
    starts, at = [], 0  # index in `words` of each unit's first word
    for unit in units:
        starts.append(at)
        at += len(unit)
    prefix = [0.0]
    for size in sizes:
        prefix.append(prefix[-1] + size)

    def line_width(a: int, b: int) -> float:
        return prefix[b] - prefix[a] + space * (b - a - 1)

    lone_time = [_is_time_unit(unit) for unit in units]
    no_break_after = [_fold(unit[-1]) in _NO_BREAK_AFTER for unit in units]
    natural = [i > 0 and _natural(words, starts[i], all_caps) for i in range(len(units))]
    best: tuple[tuple[int, int, int, float], tuple[int, ...]] | None = None
    for count in range(2, min(len(units), _MAX_LINES) + 1):
        for cuts in combinations(range(1, len(units)), count - 1):
            bounds = (0, *cuts, len(units))
            widths = [line_width(a, b) for a, b in pairwise(bounds)]
            if max(widths) > width_pt or any(no_break_after[cut - 1] for cut in cuts):
                continue
            unnatural = sum(not natural[cut] for cut in cuts)
            unnatural += sum(b - a == 1 and lone_time[a] for a, b in pairwise(bounds))  # "năm 2025" alone
            weak = sum(natural[cut] == 1 for cut in cuts)
            weak += sum(w < _RUNT * width_pt for w in widths)  # a stub of a line: "Giám sát,"
            score = (unnatural, count, weak, max(widths) if balance else -min(widths[:-1]))
            if best is None or score < best[0]:
                best = (score, bounds)
        if best is not None and best[0][0] == 0:
            break  # a natural break found: more lines would only score worse
    if best is None:
        return None
    return [[w for unit in units[a:b] for w in unit] for a, b in pairwise(best[1])]


# --- Ties in running text: where a justified paragraph must not break a line ----------------

_NUMBER_WORDS = ("không|một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|mốt|trăm|nghìn|ngàn|"
                 "triệu|tỷ|tỉ|linh|lẻ")
# A figure and its unit, or what it counts: "2.000.000 đồng", "46 hộ", "6 tháng", "95 %".
_UNITS = ("đồng|triệu|tỷ|tỉ|nghìn|ngàn|%|‰|ha|km|m|m2|m²|m3|m³|kg|tạ|tấn|lít|người|hộ|lượt|buổi|cuộc|"
          "lớp|chiếc|cái|con|cây|bộ|bản|cụm|xã|thôn|ngày|tháng|năm|giờ|phút|lần|đợt|phóng sự|"
          "chuyên đề|bài|tin|tập|cuốn|tờ|học sinh|thành viên|đơn vị|công trình|mô hình|dự án")
_FIGURE_UNIT = re.compile(rf"(?<![\w/])(\d(?:[\d.,]*\d)?) (?=(?:{_UNITS})(?!\w))")
# An amount in words ends on its unit: "… mươi triệu đồng", never "… triệu" / "đồng".
_WORDS_UNIT = re.compile(rf"(?<!\w)({_NUMBER_WORDS}) (?=đồng\b)", re.IGNORECASE)
# A date or a year with its word: "ngày 18/01/2022", "năm 2024", "quý IV", "tháng 3".
_TIME = re.compile(r"(?<!\w)(ngày|tháng|năm|quý) (?=(?:\d{1,4}(?:/\d{1,4}){0,2}|[IVX]+)\b)", re.IGNORECASE)
# A paragraph that ends on a year keeps the word before it with it: the last line is never a
# lone "năm 2024.".
_LAST_YEAR = re.compile(r" (\S+\u00a0\d{4}[.;:,!?)]*(?:/\.)?)$")


def tie(text: str) -> str:
    """`text` with no-break spaces where a line must not break: a figure and its unit, an amount
    in words and "đồng", a date word and its date, and the last words before a closing year."""
    text = _FIGURE_UNIT.sub(r"\1" + NBSP, text)
    text = _WORDS_UNIT.sub(r"\1" + NBSP, text)
    text = _TIME.sub(r"\1" + NBSP, text)
    return _LAST_YEAR.sub(NBSP + r"\1", text)
