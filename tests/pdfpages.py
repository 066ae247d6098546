"""Reading a PDF back as a person reads a page: its lines with where they stand (pdftotext
-bbox-layout) and its text (pdftotext -layout). Shared by the typography tests."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4
MARGIN_TOP = MARGIN_BOTTOM = 20 * MM

POPPLER = shutil.which("pdftotext") is not None
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                   re.S)


@dataclass(frozen=True)
class PLine:
    top: float  # points from the page's top edge
    bottom: float
    left: float
    text: str


@dataclass(frozen=True)
class PPage:
    width: float
    height: float
    lines: tuple[PLine, ...]  # top to bottom

    @property
    def body(self) -> tuple[PLine, ...]:
        """The lines inside the margins (not the page number above them)."""
        return tuple(line for line in self.lines if line.top > MARGIN_TOP - 2)

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def pages(pdf: Path) -> list[PPage]:
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True, timeout=120).stdout
    found = []
    for page in out.split("<page ")[1:]:
        width = float(re.search(r'width="([\d.]+)"', page)[1])
        height = float(re.search(r'height="([\d.]+)"', page)[1])
        lines = []
        for m in _LINE.finditer(page):
            words = re.findall(r">([^<]*)</word>", m[5])
            lines.append(PLine(float(m[2]), float(m[4]), float(m[1]), html.unescape(" ".join(words))))
        found.append(PPage(width, height, tuple(sorted(lines, key=lambda line: (line.top, line.left)))))
    return found


def layout_text(pdf: Path) -> list[str]:
    """Each page's text as pdftotext -layout prints it."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return [page for page in out.split("\f") if page.strip()]


def paragraphs(lines: tuple[PLine, ...]) -> list[list[PLine]]:
    """Lines grouped into paragraphs: a paragraph's lines touch, 6 pt (or more) lies between two
    paragraphs; the two columns of the signature table share their rows."""
    found: list[list[PLine]] = []
    for line in lines:
        if found and (line.top - found[-1][-1].bottom <= 3 or abs(line.top - found[-1][-1].top) < 1.5):
            found[-1].append(line)
        else:
            found.append([line])
    return found


def joined(lines: list[PLine]) -> str:
    return " ".join(" ".join(line.text for line in lines).split())
