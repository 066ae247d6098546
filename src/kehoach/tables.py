"""Terminal tables that read well at any width (`tasks`, `progress`).

A table is only worth it while the text column stays wide enough to read. When the terminal is
too narrow for that, each row becomes a block instead: its number on the left, its text wrapped
beside it, then its other cells as `Header: value` on the following lines. Nothing is cut: every
number, text, state and date is printed in full either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

MIN_TEXT = 40  # below this many columns for the text, a table reads worse than blocks


@dataclass(frozen=True)
class Column:
    header: str
    text: bool = False  # the one wrapped column (task, heading)
    numeric: bool = False


def _width(cell: Text) -> int:
    return max((cell_len(line) for line in cell.plain.split("\n")), default=0)


def fits(console: Console, columns: Sequence[Column], rows: Sequence[Sequence[Text]]) -> bool:
    """Whether a table leaves the text column MIN_TEXT wide: the other columns never wrap."""
    fixed = 0
    for i, column in enumerate(columns):
        if column.text:
            continue
        fixed += max([cell_len(column.header), *(_width(row[i]) for row in rows)]) + 2  # padding
    return console.width - fixed - 2 >= MIN_TEXT


def print_rows(console: Console, title: Text | None, columns: Sequence[Column],
               rows: Sequence[Sequence[Text]], styles: Sequence[str | None] | None = None,
               footer: Sequence[str] | None = None) -> None:
    """One table when it fits the console, else one block per row (see the module's docstring)."""
    styles = styles or [None] * len(rows)
    if fits(console, columns, [*rows, *([[Text(c) for c in footer]] if footer else [])]):
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                      show_footer=footer is not None)
        for i, column in enumerate(columns):
            table.add_column(column.header, footer[i] if footer else "",
                             justify="right" if column.numeric else "left",
                             no_wrap=not column.text, overflow="fold",
                             ratio=1 if column.text else None, min_width=MIN_TEXT if column.text else None)
        for row, style in zip(rows, styles, strict=True):
            table.add_row(*row, style=style)
        console.print(table)
        return
    if title is not None:
        console.print(title)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    blocks = [(row, style) for row, style in zip(rows, styles, strict=True)]
    if footer:
        blocks.append(([Text(c, style="bold") for c in footer], None))
    for n, (row, style) in enumerate(blocks):
        if n:
            grid.add_row("", "")
        body = Text()
        for i, column in enumerate(columns[1:], 1):
            if column.text and row[i].plain:
                body.append_text(row[i])
                body.append("\n")
        facts = [(column.header, row[i]) for i, column in enumerate(columns[1:], 1)
                 if not column.text and row[i].plain]
        for k, (header, cell) in enumerate(facts):
            body.append(f"{header}: ", style="dim")
            body.append_text(Text(" ").join(Text(line) for line in cell.plain.split("\n"))
                             if "\n" in cell.plain else cell)
            if k < len(facts) - 1:
                body.append("\n")
        body.rstrip()
        grid.add_row(Text(row[0].plain, style="bold"), body, style=style)
    console.print(grid)
