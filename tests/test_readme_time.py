"""README's table "ghi trong tệp → in ra" says what kehoach really prints for every form."""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.deadlines import parse_deadline

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _rows() -> list[tuple[list[str], list[str]]]:
    table = README.split("| ghi trong tệp | loại | in ra (Thời gian thực hiện: …) |", 1)[1]
    rows = []
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        written, _, printed = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((re.findall(r"`([^`]+)`", written), printed.split(" / ")))
    return rows


def test_every_row_prints_what_it_says():
    rows = _rows()
    assert len(rows) >= 15
    kinds = set()
    for forms, printed in rows:
        phrases = [parse_deadline(form).phrase() for form in forms]
        kinds |= {parse_deadline(form).kind for form in forms}
        # One printed phrase for the row, or one per form when the row gives several.
        assert phrases == printed * len(forms) if len(printed) == 1 else phrases == printed, (forms, printed)
    assert kinds == {"date", "month", "quarter", "half", "year", "event", "range", "recurring", "continuous"}
