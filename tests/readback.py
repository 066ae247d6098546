"""Reading produced documents back the way a third party would: python-docx for the .docx, the
standard HTML parser for the page. Shared by the render, corpus and property tests."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import docx


def docx_paragraphs(path: Path) -> list[str]:
    """Body paragraphs and table-cell paragraphs, as python-docx reads them."""
    document = docx.Document(str(path))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return out


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag in ("style", "script", "title"):
            self.skip += 1
        self.blocks.append("")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag in ("style", "script", "title"):
            self.skip -= 1
        self.blocks.append("")

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if not self.skip:
            self.blocks[-1:] = [(self.blocks[-1] if self.blocks else "") + data]


def html_blocks(source: str) -> list[str]:
    """The text a browser shows, element by element (entities decoded, markup dropped)."""
    parser = _HTMLText()
    parser.feed(source)
    parser.close()
    return [b for b in parser.blocks if b]
