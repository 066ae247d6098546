"""Table columns sized by what they hold, for every ruled table kehoach prints: the BÁO CÁO's
(report/tables.py), the appendix's task table and the tables a plan writes itself (views.py).

A figure never wraps (7.530,5); a column of names (a unit, a time as written) wraps only between
phrases, on at most NAME_LINES lines, the breaks put in the cells so that Word breaks where kehoach
measured; a header may wrap onto `header_lines` lines; one text column takes the rest. When the
rest is too narrow to read, the table goes on landscape pages. Widths are in twips.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kehoach.metrics import text_width_pt
from kehoach.phrases import break_lines

TABLE_SIZE_PT = 13  # KH Bảng (styles.xml)
CELL_MARGINS = 2 * 85 + 60  # twips: the cell's side margins (document.xml) and a little air
# Below this share of the page's text width (about 5 cm), the text column reads as a ribbon:
# landscape.
MIN_TEXT_SHARE = 0.3
# A column of names (a unit, a state, a time as written) wraps onto at most this many lines.
NAME_LINES = 3


class Cells(Protocol):
    """A row as the sizing reads it (views.Row)."""

    @property
    def cells(self) -> tuple[str, ...]: ...

    @property
    def bold(self) -> bool: ...


def column_widths(shares: tuple[float, ...], total: int) -> tuple[int, ...]:
    """Widths in twips from relative shares, adding up to exactly `total`."""
    whole = sum(shares)
    widths = [round(total * share / whole) for share in shares]
    widths[-1] += total - sum(widths)
    return tuple(widths)


def widest(lines: Sequence[tuple[str, bool]]) -> int:
    """Twips of the widest of (text, bold) lines, with the cell's margins."""
    most = max((text_width_pt(text, TABLE_SIZE_PT, bold=bold) for text, bold in lines), default=0.0)
    return round(most * 20) + CELL_MARGINS


def _wrapped(words: Sequence[str], width: float, bold: bool = False) -> int:
    """Lines Word's own wrapping puts `words` on at `width` points (at least one)."""
    space = text_width_pt(" ", TABLE_SIZE_PT, bold=bold)
    used, n = 0.0, 1
    for word in words:
        w = text_width_pt(word, TABLE_SIZE_PT, bold=bold)
        if used and used + space + w > width:
            n, used = n + 1, w
        else:
            used += (space if used else 0) + w
    return n


def greedy_width(words: list[str], lines: int, bold: bool = False) -> float:
    """The narrowest width (points) at which Word's own wrapping puts `words` on `lines` lines."""
    if not words:
        return 0.0
    low = max(text_width_pt(word, TABLE_SIZE_PT, bold=bold) for word in words)
    high = text_width_pt(" ".join(words), TABLE_SIZE_PT, bold=bold)
    while high - low > 1:
        middle = (low + high) / 2
        low, high = (low, middle) if _wrapped(words, middle, bold) <= lines else (middle, high)
    return high


def names_width(names: list[str], lines: int = NAME_LINES) -> int:
    """The narrowest width at which every name (each line of a cell) fits on `lines` lines
    broken between phrases ("Phòng Lao động -" / "Thương binh" / "và Xã hội"), or between any
    words when a long name holds no such break (a table cell is no header), in twips with the
    margins."""
    most = 0.0
    for line in (part for name in names for part in name.split("\n") if part):
        full = text_width_pt(line, TABLE_SIZE_PT)
        plain = greedy_width(line.split(), lines)
        width, found = plain, full
        while width < full:  # widen, a few points at a time, until the name breaks between phrases
            parts = break_lines(line, width, TABLE_SIZE_PT)
            if parts.fits and len(parts.lines) <= lines:
                found = max(text_width_pt(part, TABLE_SIZE_PT) for part in parts.lines)
                break
            width += 4
        most = max(most, found if found <= plain * 1.3 else plain)
    return round(most * 20) + CELL_MARGINS


def header_width(title: str, lines: int = 1) -> int:
    """Twips a bold header needs: each of its own lines ("Kinh phí\\n(đồng)") whole when `lines`
    is 1, else wrapped by Word onto at most `lines` lines."""
    parts = [part for part in title.split("\n") if part]
    if lines <= 1:
        return widest([(part, True) for part in parts])
    most = max((greedy_width(part.split(), lines, bold=True) for part in parts), default=0.0)
    return round(most * 20) + CELL_MARGINS


def fitted(titles: tuple[str, ...], rows: Sequence[Cells], stretch: int,
           names: dict[int, list[str]] | None = None, *, page: int, wide: int | None,
           header_lines: int = 1, spread: bool = False) -> tuple[tuple[int, ...], bool]:
    """Widths (twips) and whether the table needs landscape: every column as wide as its widest
    line (figures never wrap), a names column as its names broken between phrases, a header on
    at most `header_lines` lines, and `stretch`, the text column, the rest of `page` — or of
    `wide` (a landscape page) when the rest is too narrow to read.

    With `spread`, the text column first gets what it needs to read (MIN_TEXT_SHARE of the page,
    less when its cells are shorter) and the room beyond goes where it makes the table shortest
    (`_balanced`), rather than all of it to the text column."""
    names = names or {}
    least = []  # the narrowest each column may be; the text column's is set per page below
    for i, title in enumerate(titles):
        head = header_width(title, header_lines)
        if i in names:
            least.append(max(head, names_width(names[i])))
        elif i == stretch:
            least.append(0)
        else:
            least.append(max(head, _cells_width(rows, i)))
    pages = ((page, False), (wide, True)) if wide is not None else ((page, False),)
    for n, (total, landscape) in enumerate(pages):
        rest = total - sum(least)
        if rest >= MIN_TEXT_SHARE * page or n == len(pages) - 1:
            sized = list(least)
            if not spread:
                sized[stretch] = max(rest, page // 5)
                # Figures beyond what a page can hold (thousands of billions) are scaled down and
                # may wrap.
                return column_widths(tuple(sized), total), landscape
            whole = _cells_width(rows, stretch)
            sized[stretch] = max(min(rest, MIN_TEXT_SHARE * page, whole), page // 5)
            sized = _balanced(sized, [_Header(titles), *rows], total)
            return column_widths(tuple(sized), total), landscape
    raise AssertionError("unreachable")


def _line_count(text: str, width: float, bold: bool = False) -> int:
    """Lines Word wraps a cell into at `width` twips, each of the cell's own lines wrapped."""
    room = (width - CELL_MARGINS) / 20
    return sum(_wrapped(part.split(), room, bold) for part in text.split("\n"))


def _shorter_at(text: str, width: float, bold: bool = False) -> int | None:
    """The narrowest width (twips) above `width` at which the cell takes one line fewer; None
    when each of its lines already fits on one."""
    found = None
    for part in text.split("\n"):
        lines = _line_count(part, width, bold)
        if lines > 1:
            need = round(greedy_width(part.split(), lines - 1, bold) * 20) + 1 + CELL_MARGINS
            found = need if found is None else min(found, need)
    return found


@dataclass(frozen=True, slots=True)
class _Header:
    """The header row, as `_balanced` weighs it: a row like the others, in bold."""

    cells: tuple[str, ...]
    bold: bool = True


def _balanced(sized: list[float], rows: Sequence[Cells], total: int) -> list[float]:
    """Widths that spend the room left on a page where it saves most lines: step by step, the
    column whose next widening takes the most lines off the table's rows (then off its cells) for
    each twip it costs. A column of figures, on one line already, widens only for its header;
    what no widening can use is left for the caller to share out."""
    sized = list(sized)
    count = [[_line_count(row.cells[c], sized[c], row.bold) for c in range(len(sized))] for row in rows]
    at = {c: [_shorter_at(row.cells[c], sized[c], row.bold) for row in rows] for c in range(len(sized))}
    while True:
        room = total - sum(sized)
        best: tuple[float, int, float, dict[int, int]] | None = None
        for c, widths in at.items():
            reachable = [w for w in widths if w is not None]
            if not reachable or min(reachable) - sized[c] > room:
                continue
            width = min(reachable)
            new = {r: _line_count(rows[r].cells[c], width, rows[r].bold)
                   for r, w in enumerate(widths) if w is not None and w <= width}
            rows_saved = sum(max(count[r]) - max(n if i == c else k for i, k in enumerate(count[r]))
                             for r, n in new.items())
            lines_saved = sum(count[r][c] - n for r, n in new.items())
            score = (10 * rows_saved + lines_saved) / max(width - sized[c], 1)
            if best is None or score > best[0]:
                best = (score, c, width, new)
        if best is None:
            return sized
        _, c, width, new = best
        sized[c] = width
        for r, n in new.items():
            count[r][c] = n
        at[c] = [_shorter_at(row.cells[c], width, row.bold) for row in rows]


def _cells_width(rows: Sequence[Cells], column: int) -> int:
    return widest([(line, row.bold) for row in rows for line in row.cells[column].split("\n")])


def broken(text: str, width: int) -> str:
    """A names cell broken between its phrases at the column's width (`width` twips), line breaks
    and all, so that Word does not break "Văn hóa" where it overflows; as it is when it cannot."""
    room = (width - CELL_MARGINS) / 20
    lines = break_lines(text, room, TABLE_SIZE_PT)
    return "\n".join(lines.lines) if lines.fits else text
