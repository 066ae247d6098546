"""Reading produced documents back the way a third party would: python-docx for the .docx, the
standard HTML parser for the page. Shared by the render, corpus and property tests."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import docx


def shown(text: str) -> str:
    """Text as a reader sees it: a no-break space (which only keeps a figure with its unit on one
    line, tests/test_typography.py) is a space."""
    return text.replace("\u00a0", " ")


def read_on(text: str) -> str:
    """A paragraph's text read on: the line breaks kehoach puts in a centred title (between its
    phrases) are where the words go on."""
    return shown(text).replace("\n", " ")


def docx_paragraphs(path: Path) -> list[str]:
    """Body paragraphs and table-cell paragraphs, as python-docx reads them, read on (no-break
    spaces and line breaks inside a paragraph as spaces)."""
    document = docx.Document(str(path))
    out = [read_on(p.text) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [read_on(p.text) for p in cell.paragraphs]
    return out


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag == "br":  # a line break inside a centred title: the words go on
            self.blocks[-1:] = [(self.blocks[-1] if self.blocks else "") + " "]
            return
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
    """The text a browser shows, element by element (entities decoded, markup dropped, no-break
    spaces as spaces)."""
    parser = _HTMLText()
    parser.feed(source)
    parser.close()
    return [shown(b) for b in parser.blocks if b.strip()]
