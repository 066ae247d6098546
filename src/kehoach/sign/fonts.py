"""The font of what kehoach writes onto a signed PDF — the attachment stamp (Phụ lục I: Times New
Roman), the number and date filled in after the person signed — embedded in the document.

Times New Roman where it is installed (Windows, macOS, Linux with the core fonts); else Liberation
Serif, its metric-compatible free twin that LibreOffice already substitutes for it in kehoach's
PDFs (Debian: fonts-liberation2). fontconfig is asked first, then the usual folders.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from kehoach.diagnostics import KehoachError

FAMILIES = ("Times New Roman", "Liberation Serif")
KNOWN = {
    "Regular": (
        Path("C:/Windows/Fonts/times.ttf"),
        Path("/Library/Fonts/Times New Roman.ttf"),
        Path("/System/Library/Fonts/Supplemental/Times New Roman.ttf"),
        Path("/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf"),
        Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
        Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
        Path("/usr/share/fonts/liberation-serif/LiberationSerif-Regular.ttf"),
    ),
    "Italic": (
        Path("C:/Windows/Fonts/timesi.ttf"),
        Path("/Library/Fonts/Times New Roman Italic.ttf"),
        Path("/System/Library/Fonts/Supplemental/Times New Roman Italic.ttf"),
        Path("/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman_Italic.ttf"),
        Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf"),
        Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf"),
        Path("/usr/share/fonts/liberation-serif/LiberationSerif-Italic.ttf"),
    ),
}


def stamp_font(style: str = "Regular") -> Path:
    """Times New Roman (or Liberation Serif) in `style`, "Regular" (upright) or "Italic"."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        for family in FAMILIES:
            try:
                done = subprocess.run(
                    [fc_match, "--format=%{family}\n%{style}\n%{file}", f"{family}:style={style}"],
                    capture_output=True, text=True, timeout=20, check=False)
            except (OSError, subprocess.TimeoutExpired):
                break
            found_family, found_style, file = [*done.stdout.split("\n"), "", "", ""][:3]
            if (done.returncode == 0 and family in found_family and style in found_style
                    and file.endswith((".ttf", ".otf"))):
                return Path(file)
    for path in KNOWN[style]:
        if path.is_file():
            return path
    raise KehoachError("Không tìm thấy phông Times New Roman (hay Liberation Serif) để in chữ lên văn bản.",
                       "Cài phông: Debian/Ubuntu sudo apt-get install fonts-liberation2.")


def embeddable(font: Path, text: str) -> bytes:
    """The font cut to the characters of `text`, at 1000 units per em.

    pyHanko (0.38) writes a CID font's glyph widths in the font's own units, which PDF reads as
    thousandths of an em: right for 1000-unit fonts, but Times New Roman and Liberation Serif
    have 2048, and every glyph would stand twice as far from the next. Rescaled here (after
    cutting it down, which makes the rescaling quick); the hinting programs, which would not
    fit the new scale, are dropped, as PDF viewers do not need them.
    """
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    with TTFont(font) as tt:
        options = subset.Options()
        options.layout_features = []
        options.hinting = False
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(tt)
        if tt["head"].unitsPerEm != 1000:
            scale_upem(tt, 1000)
        out = io.BytesIO()
        tt.save(out)
    return out.getvalue()


def text_width(font: Path, text: str, size: float) -> float:
    """The advance width of `text` at `size` points (no kerning: Latin digits and letters)."""
    from fontTools.ttLib import TTFont

    with TTFont(font, lazy=True) as tt:
        cmap = tt.getBestCmap()
        metrics = tt["hmtx"].metrics
        units = tt["head"].unitsPerEm
        notdef = metrics[".notdef"][0]
        advance = sum(metrics[cmap[ord(c)]][0] if ord(c) in cmap else notdef for c in text)
    return advance * size / units


def engine_factory(style: str, text: str, size: int):  # -> pyhanko GlyphAccumulatorFactory
    """A pyHanko font engine factory over Times New Roman in `style`, cut to `text`'s characters
    and rescaled (`embeddable`), read from memory."""
    import io

    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    path = stamp_font(style)
    data = embeddable(path, text)

    class Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):  # type: ignore[no-untyped-def]
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(data), font_size=self.font_size,
                                    obj_stream=obj_stream)

    return Factory(str(path), font_size=size)
