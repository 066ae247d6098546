"""Charts drawn on the server as SVG, so the page loads nothing from anywhere: bars of money
planned against spent, and a stacked bar of tasks by state. Plain strings, every text escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from kehoach.diagnostics import format_decimal
from kehoach.money import format_money

# One colour per task state, as the tables' badges use them (kehoach.css).
STATE_COLOURS = {
    "done": "#2e7d32",
    "done-late": "#81c784",
    "overdue": "#c62828",
    "due-soon": "#ef6c00",
    "on-track": "#1565c0",
    "not-started": "#9e9e9e",
}
PLANNED, SPENT, OVER = "#c5cae9", "#283593", "#c62828"


@dataclass(frozen=True)
class Bar:
    label: str  # shown left of the bar (a code such as DA6.TDA1, or a source's name)
    title: str  # shown on hover: the full heading
    planned: int | None  # None: no figure stated (a source without its own amount)
    spent: int


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def money_bars(bars: Sequence[Bar], caption: str, width: int = 760) -> str:
    """Horizontal bars: the planned amount pale, the spent amount dark over it (red past the
    plan), figures at the right. Scaled to the largest figure."""
    if not bars:
        return ""
    row, label_w, figures_w = 30, 190, 230
    plot = width - label_w - figures_w - 20
    top = max(max(b.planned or 0, b.spent) for b in bars) or 1
    height = row * len(bars) + 34
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(caption)}">',
        f"<title>{escape(caption)}</title>",
    ]
    for i, b in enumerate(bars):
        y = 8 + i * row
        over = b.planned is not None and b.spent > b.planned
        planned_w = plot * (b.planned or 0) / top
        spent_w = plot * b.spent / top
        share = f" ({format_decimal(100 * b.spent / b.planned)}%)" if b.planned else ""
        figures = (
            f"{format_money(b.spent)} / {format_money(b.planned)}"
            if b.planned is not None
            else f"{format_money(b.spent)} / —"
        )
        out += [
            f"<g><title>{escape(b.title)}: đã chi {escape(format_money(b.spent))} đồng"
            + (
                f" trên dự toán {escape(format_money(b.planned))} đồng{share}"
                if b.planned is not None
                else ""
            )
            + "</title>",
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="label">'
            f"{escape(_shorten(b.label, 26))}</text>",
            f'<rect x="{label_w}" y="{y}" width="{planned_w:.1f}" height="20" fill="{PLANNED}"/>',
            f'<rect x="{label_w}" y="{y + 5}" width="{spent_w:.1f}" height="10" '
            f'fill="{OVER if over else SPENT}"/>',
            f'<text x="{label_w + plot + 10}" y="{y + 15}" class="figure">'
            f"{escape(figures)}{escape(share)}</text>",
            "</g>",
        ]
    y = 8 + len(bars) * row + 6
    out += [
        f'<rect x="{label_w}" y="{y}" width="14" height="10" fill="{PLANNED}"/>',
        f'<text x="{label_w + 20}" y="{y + 9}" class="legend">Dự toán</text>',
        f'<rect x="{label_w + 90}" y="{y + 2}" width="14" height="6" fill="{SPENT}"/>',
        f'<text x="{label_w + 110}" y="{y + 9}" class="legend">Đã chi (đồng)</text>',
        "</svg>",
    ]
    return "\n".join(out)


def state_bar(counts: dict[str, int], labels: dict[str, str], caption: str, width: int = 760) -> str:
    """One bar cut into the states' shares, with a legend of counts below."""
    total = sum(counts.values())
    if not total:
        return ""
    height = 62
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(caption)}">',
        f"<title>{escape(caption)}</title>",
    ]
    x = 0.0
    for state, n in counts.items():
        if not n:
            continue
        w = width * n / total
        out.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="24" fill="{STATE_COLOURS[state]}">'
            f"<title>{escape(labels[state])}: {n}</title></rect>"
        )
        x += w
    lx = 0
    for state, n in counts.items():
        label = f"{labels[state]}: {n}"
        out.append(
            f'<rect x="{lx}" y="38" width="12" height="12" fill="{STATE_COLOURS[state]}"/>'
            f'<text x="{lx + 16}" y="49" class="legend">{escape(label)}</text>'
        )
        lx += 18 + 7 * len(label)
    out.append("</svg>")
    return "\n".join(out)
