"""The tables a plan writes itself (`table:` of a section or an activity): where they are, which
columns are money and what their cells add up to. The rules (KH523, KH524) and the renderer read
them through here, so a cell the rule accepts is the cell the document prints.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from kehoach import outline
from kehoach.loader import DataPath
from kehoach.model import Plan, Table
from kehoach.money import MoneyError, parse_money


def tables(plan: Plan) -> Iterator[tuple[DataPath, Table]]:
    """Every table of the plan with its data path, in document order."""
    for entry in outline.of(plan).sections:
        if entry.section is not None and entry.section.table is not None:
            yield (*entry.path, "table"), entry.section.table
    for node in outline.walk(plan):
        table = getattr(node.node, "table", None)
        if table is not None:
            yield (*node.path, "table"), table


@dataclass(frozen=True, slots=True)
class Columns:
    money: tuple[int, ...]  # 0-based indexes of the money columns
    unknown: tuple[int, ...]  # indexes in `money:` naming no column


def columns(table: Table) -> Columns:
    """The money columns `money:` names, by number (1 is the first) or by header."""
    found: list[int] = []
    unknown: list[int] = []
    headers = [" ".join(h.split()).casefold() for h in table.header]
    for i, named in enumerate(table.money):
        if isinstance(named, int) and 1 <= named <= len(table.header):
            found.append(named - 1)
        elif isinstance(named, str) and " ".join(named.split()).casefold() in headers:
            found.append(headers.index(" ".join(named.split()).casefold()))
        else:
            unknown.append(i)
    return Columns(tuple(sorted(set(found))), tuple(unknown))


def amount(cell: str, unit: str) -> int | None:
    """A money cell's amount in đồng; None for an empty cell. Raises MoneyError."""
    return None if not cell else parse_money(cell, unit)


def totals(table: Table) -> dict[int, int]:
    """Column → the sum of its readable cells, for the `total` row."""
    out: dict[int, int] = {}
    for column in columns(table).money:
        sums = 0
        for row in table.rows:
            if column < len(row):
                with contextlib.suppress(MoneyError):  # said by KH524
                    sums += amount(row[column], table.unit) or 0
        out[column] = sums
    return out
