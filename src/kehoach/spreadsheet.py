"""CSV for spreadsheets: what Excel and LibreOffice need to open kehoach's tables safely.

- a byte-order mark, or Excel reads the UTF-8 Vietnamese as mojibake;
- a text cell starting with `=`, `+`, `-`, `@` (or a tab, a carriage return) is a formula to a
  spreadsheet (CSV injection): it gets a leading apostrophe, which the spreadsheet shows as text;
- numbers bare (13000000) in their own columns, so they sum; never "13.000.000 đồng";
- a share as a percentage with a decimal point ("96.9%"), the one decimal in kehoach's CSV:
  Calc and Excel read it as the number 0.969 when the import's language is English (USA), the
  filter hint the README gives (`CSV:44,34,76,1,,1033`); a Vietnamese import keeps it as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def percent(share: float | None) -> str | None:
    """A share (0.969) as a CSV cell: "96.9%", one decimal, as the tables and the workbook show it."""
    return None if share is None else f"{100 * share:.1f}%"


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str | int | Decimal | None]]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_text(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()
