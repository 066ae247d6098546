"""A workbook's rows as a spreadsheet shows them: openpyxl reads a formula as its text, so the
summary's total row (=SUM(F2:F11), =IF(F12>0,G12/F12,"")) is computed here from the cells it
names — the same two forms the writer uses, and nothing else (anything else fails the test)."""

from __future__ import annotations

import re

from openpyxl.utils import column_index_from_string

_SUM = re.compile(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)")
_SHARE = re.compile(r'=IF\(([A-Z]+)(\d+)>0,([A-Z]+)(\d+)/([A-Z]+)(\d+),""\)')


def rows(sheet) -> list[tuple]:
    """`sheet.iter_rows(values_only=True)` with the total row's formulas computed."""
    table = [list(row) for row in sheet.iter_rows(values_only=True)]

    def at(letter: str, number: str):
        return table[int(number) - 1][column_index_from_string(letter) - 1]

    def value(cell):
        if not (isinstance(cell, str) and cell.startswith("=")):
            return cell
        if m := _SUM.fullmatch(cell):
            assert m[1] == m[3], cell
            column = column_index_from_string(m[1]) - 1
            return sum(table[n - 1][column] or 0 for n in range(int(m[2]), int(m[4]) + 1))
        if m := _SHARE.fullmatch(cell):
            amount, spent = value(at(m[1], m[2])), value(at(m[3], m[4]))
            return spent / amount if amount else None
        raise AssertionError(f"a formula kehoach does not write: {cell}")

    return [tuple(value(cell) for cell in row) for row in table]
