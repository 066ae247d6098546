"""The rectangles of Phụ lục I (Decree 30/2020), computed from the document's own layout.

- ô 7c, the person's signature image: centred between the signer's title and name — the centre
  of the room the renderer leaves there (layout.Layout.room), on the centre line of the title
  and the name (both centred in the same cell). Its size: the PNG's real size when it says its
  DPI, never taller than the room nor wider than MAX_PERSON_WIDTH_MM; without a DPI, as tall as
  the room.
- ô 8, the body's seal image: at the seal's real size, covering the left third of the person's
  image: its right edge a third of the way into that image, its centre level with it.
- An attachment in a file of its own: the body's signature with no image, its text at the top
  right of the first page — right-aligned with the text area (kehoach's right margin) and
  standing in the top margin, above the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from kehoach.diagnostics import KehoachError
from kehoach.sign.images import SignatureImage
from kehoach.sign.layout import Box, Layout

PT_PER_MM = 72 / 25.4
MAX_PERSON_WIDTH_MM = 80.0
SEAL_COVER = 1 / 3  # of the person's image, on its left
STAMP_FONT_PT = 10.0
STAMP_LEADING = 1.2  # line height over font size
STAMP_DESCENT = 0.3  # room under the last line's baseline, over font size
STAMP_GAP_MM = 2.0  # between the stamp and the top of the text area


@dataclass(frozen=True, slots=True)
class Placement:
    page: int  # 0-based
    box: Box


def person(layout: Layout, image: SignatureImage) -> Placement:
    room = layout.room
    if room.height <= 0:
        raise KehoachError("Không có chỗ trống giữa chức vụ và họ tên người ký để đặt chữ ký.")
    fit = room.height / image.aspect  # as tall as the room
    width = min(image.size_mm[0] * PT_PER_MM, fit) if image.size_mm is not None else fit
    width = min(width, MAX_PERSON_WIDTH_MM * PT_PER_MM)
    height = width * image.aspect
    cx = (layout.title.box.centre[0] + layout.name.box.centre[0]) / 2
    cy = room.centre[1]
    return Placement(layout.title.page, Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2))


def seal_width_mm(image: SignatureImage, size_mm: float | None) -> float:
    """The seal's real width: given (the seal's diameter, in mm), else from the PNG's DPI."""
    if size_mm is not None:
        if not 10 <= size_mm <= 80:
            raise KehoachError(f"Kích thước con dấu {size_mm:g} mm không hợp lý (con dấu thật 10–80 mm).",
                               "Cho đường kính thật của con dấu, ví dụ --seal-size 36.")
        return size_mm
    if image.size_mm is None:
        raise KehoachError(f"{image.path}: ảnh con dấu không ghi độ phân giải (DPI), nên không biết "
                           "kích thước thật của con dấu.",
                           "Cho đường kính con dấu bằng milimét: --seal-size 36 (đo trên con dấu thật).")
    return image.size_mm[0]


def seal(person_box: Box, image: SignatureImage, width_mm: float, page: int) -> Placement:
    width = width_mm * PT_PER_MM
    height = width * image.aspect
    right = person_box.x0 + person_box.width * SEAL_COVER
    cy = person_box.centre[1]
    return Placement(page, Box(right - width, cy - height / 2, right, cy + height / 2))


def attachment_stamp(page_box: Box, text_width: float, lines: int = 2) -> Placement:
    """The stamp's box on the first page: right edge on kehoach's right margin, bottom edge
    STAMP_GAP_MM above the top margin (the text area starts below it)."""
    from kehoach.render.views import MARGIN_RIGHT_MM, MARGIN_TOP_MM

    height = lines * round(STAMP_FONT_PT * STAMP_LEADING) + round(STAMP_DESCENT * STAMP_FONT_PT)
    right = page_box.x1 - MARGIN_RIGHT_MM * PT_PER_MM
    bottom = page_box.y1 - MARGIN_TOP_MM * PT_PER_MM + STAMP_GAP_MM * PT_PER_MM
    return Placement(0, Box(right - text_width, bottom, right, bottom + height))
