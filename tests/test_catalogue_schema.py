"""The catalogue file's schema (kehoach.catalogue): unknown keys refused, `years` read."""

from __future__ import annotations

import pytest

from conftest import check_text, codes, mini
from kehoach.catalogue import load_catalogue
from kehoach.diagnostics import KehoachError

GOOD = """\
id: nong-thon-moi
name: Chương trình mục tiêu quốc gia xây dựng nông thôn mới
years: {years}
projects:
  DA6:
    number: 6
    title: Truyền thông
    children:
      DA6.TDA1: {{number: 1, title: Thông tin}}
      DA6.TDA2: {{number: 2, title: Truyền thông}}
"""


@pytest.mark.parametrize(("written", "years"), [("2021-2025", (2021, 2025)), ("[2026, 2030]", (2026, 2030)),
                                                ("2026", (2026, 2026)), ("2021 – 2025", (2021, 2025))])
def test_years(tmp_path, written, years) -> None:
    path = tmp_path / f"a{len(written)}.catalogue.yaml"
    path.write_text(GOOD.format(years=written), encoding="utf-8")
    assert load_catalogue(str(path)).years == years


def test_packaged_catalogue_declares_its_period() -> None:
    assert load_catalogue("giam-ngheo-2021-2025").years == (2021, 2025)


@pytest.mark.parametrize("written", ["2025-2021", "năm 2025", "[2021]"])
def test_bad_years(tmp_path, written) -> None:
    path = tmp_path / f"b{abs(hash(written))}.catalogue.yaml"
    path.write_text(GOOD.format(years=written), encoding="utf-8")
    with pytest.raises(KehoachError, match="years"):
        load_catalogue(str(path))


@pytest.mark.parametrize(("old", "new", "key", "where"), [
    ("years:", "year:", "year", (3, 1)),
    ("    title: Truyền thông\n", "    title: Truyền thông\n    tilte: x\n", "tilte", (8, 5)),
    ("{number: 1, title: Thông tin}", "{number: 1, title: Thông tin, lead: x}", "lead", (9, 47)),
])
def test_unknown_keys_are_refused_at_their_line(tmp_path, old, new, key, where) -> None:
    (tmp_path / "dm.catalogue.yaml").write_text(GOOD.format(years="2021-2025").replace(old, new),
                                                encoding="utf-8")
    checked = check_text(tmp_path, mini("programme: giam-ngheo-2021-2025", "programme: dm.catalogue.yaml"))
    assert codes(checked) == ["KH109"]
    (d,) = checked.diagnostics
    assert f"`{key}`" in d.message and "docs/catalogue.md" in d.hint
    assert (d.file, d.line, d.column) == (str(tmp_path / "dm.catalogue.yaml"), *where)  # its own line
