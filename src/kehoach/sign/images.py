"""The two images Phụ lục I asks for, checked before anything is signed.

- The person's signature: the image of the handwritten signature, blue, a PNG with a transparent
  background.
- The body's seal: the image of the seal, red, at its real size, a PNG with a transparent
  background.

"Transparent background" is read as: the PNG has an alpha channel and its border (the outermost
rows and columns) is transparent. The colour is the hue of the visible, coloured pixels: most of
them must be blue (hue 180°–270°) or red (hue up to 20° or from 330°). A scan on white paper, a
JPEG, a black signature or a blue seal is refused with a Vietnamese message (exit 2): the image is
what every reader of the document sees, so it is never "fixed" silently.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kehoach.diagnostics import KehoachError, os_reason

if TYPE_CHECKING:
    from PIL.Image import Image

Colour = Literal["blue", "red"]
COLOUR_NAME = {"blue": "xanh", "red": "đỏ"}
WHAT = {"blue": "ảnh chữ ký", "red": "ảnh con dấu"}
MM_PER_INCH = 25.4
SHARE = 0.8  # of the coloured pixels that must be of the colour asked for
BORDER_CLEAR = 0.95  # of the border pixels that must be fully transparent


@dataclass(frozen=True)
class SignatureImage:
    """A checked image: RGBA pixels and, when the PNG says it, its real size in millimetres."""

    path: Path
    image: Image
    width_px: int
    height_px: int
    size_mm: tuple[float, float] | None  # from the PNG's pHYs (DPI); None when it has none

    @property
    def aspect(self) -> float:
        """Height over width."""
        return self.height_px / self.width_px


def load(path: Path, colour: Colour) -> SignatureImage:
    """Read and check one image: PNG, transparent background, of the colour asked for."""
    from PIL import Image, UnidentifiedImageError

    what = WHAT[colour]
    try:
        with Image.open(path) as opened:
            kind = opened.format
            opened.load()
            image = opened.copy()
            info = dict(opened.info)
    except OSError as exc:
        if isinstance(exc, UnidentifiedImageError):
            raise KehoachError(f"{path}: không phải tệp ảnh; {what} phải là ảnh PNG nền trong suốt.",
                               "Lưu ảnh thành PNG có nền trong suốt (kênh alpha).") from None
        raise KehoachError(f"Không đọc được {what} {path}: {os_reason(exc)}.") from None
    if kind != "PNG":
        raise KehoachError(f"{path}: {what} là ảnh {kind}, không phải PNG.",
                           "Phụ lục I Nghị định 30/2020: ảnh định dạng PNG, nền trong suốt.")
    if "A" not in image.getbands() and "transparency" not in info:
        raise KehoachError(f"{path}: {what} không có nền trong suốt (ảnh PNG không có kênh alpha).",
                           "Xóa nền trắng của ảnh (nền trong suốt) rồi lưu lại thành PNG.")
    rgba = image.convert("RGBA")
    if rgba.width < 8 or rgba.height < 8:
        raise KehoachError(f"{path}: {what} quá nhỏ ({rgba.width}×{rgba.height} điểm ảnh).")
    if _border_clear(rgba) < BORDER_CLEAR:
        raise KehoachError(f"{path}: nền của {what} không trong suốt (viền ảnh có màu).",
                           "Xóa nền của ảnh (nền trong suốt) rồi lưu lại thành PNG.")
    share = colour_share(rgba, colour)
    if share is None:
        raise KehoachError(f"{path}: {what} không có nét màu nào (ảnh trống hoặc chỉ có màu xám/đen).",
                           f"Phụ lục I: {what} màu {COLOUR_NAME[colour]}.")
    if share < SHARE:
        raise KehoachError(
            f"{path}: {what} không phải màu {COLOUR_NAME[colour]} (chỉ {share:.0%} nét là màu "
            f"{COLOUR_NAME[colour]}).",
            f"Phụ lục I Nghị định 30/2020: {what} màu {COLOUR_NAME[colour]}. Kiểm tra đã chọn đúng ảnh.")
    dpi = info.get("dpi")
    size_mm = None
    if dpi and all(isinstance(d, int | float) and d > 1 for d in dpi[:2]):
        size_mm = (rgba.width / dpi[0] * MM_PER_INCH, rgba.height / dpi[1] * MM_PER_INCH)
    return SignatureImage(path, rgba, rgba.width, rgba.height, size_mm)


def _border_clear(rgba: Image) -> float:
    alpha = rgba.getchannel("A")
    w, h = alpha.size
    border = [alpha.getpixel((x, y)) for x in range(w) for y in (0, h - 1)]
    border += [alpha.getpixel((x, y)) for y in range(1, h - 1) for x in (0, w - 1)]
    return sum(1 for a in border if a == 0) / len(border)


def colour_share(rgba: Image, colour: Colour) -> float | None:
    """The share of the visible, coloured (not grey) pixels whose hue is `colour`; None when
    there are none. Sampled on a reduced copy: a signature's hue does not need every pixel."""
    small = rgba.copy()
    small.thumbnail((200, 200))
    total = hits = 0
    data = small.tobytes()
    for i in range(0, len(data), 4):
        r, g, b, a = data[i:i + 4]
        if a < 128:
            continue
        hue, saturation, value = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
        if saturation < 0.25 or value < 0.15:
            continue  # grey, black or white: no hue to judge
        total += 1
        degrees = hue * 360
        blue = 180 <= degrees <= 270
        red = degrees <= 20 or degrees >= 330
        if (colour == "blue" and blue) or (colour == "red" and red):
            hits += 1
    return hits / total if total else None
