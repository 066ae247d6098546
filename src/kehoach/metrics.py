"""Text widths in Times New Roman, to size the rules under the agency name, the Tiêu ngữ and the
trích yếu. The decree sizes those lines relative to the text above them, and a paragraph border
cannot measure its text, so the renderer does; and so a rule can say that header lines a plan
gives itself do not fit their column (the header's column and type size live here for both).

Advance widths (1/1000 em) of the printable ASCII characters, from Liberation Serif, which is
metric-compatible with Times New Roman. A Vietnamese letter is as wide as its base letter.
"""

from __future__ import annotations

import unicodedata

_REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)
_BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
    930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,
    611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
    333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
)
# The header's left column, in twips (1/20 pt): about 40 % of the text width (render/views.py),
# and the agency name's type size (Phụ lục I: 12–13 pt).
HEADER_LEFT = 3600
AGENCY_SIZE_PT = 13
# The trích yếu: bold, 14 pt, centred on the text width (A4 less margins of 30 and 15 mm), broken
# a little inside it so that Word and LibreOffice never wrap a line kehoach measured as fitting.
TITLE_SIZE_PT = 14
TITLE_WIDTH_PT = (210 - 30 - 15) * 72 / 25.4 * 0.98
_FALLBACK = 500  # a digit's width: a safe middle for characters outside ASCII


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of `text` set at `size_pt`, in points."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            continue
        code = ord("D" if char == "Đ" else "d" if char == "đ" else char)
        total += table[code - 32] if 32 <= code < 127 else _FALLBACK
    return total * size_pt / 1000
