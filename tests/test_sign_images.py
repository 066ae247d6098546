"""kehoach.sign.images: Phụ lục I's images — PNG, transparent background, blue signature, red seal;
anything else refused in Vietnamese (exit 2) before a key is touched."""

from __future__ import annotations

import pytest

from kehoach.diagnostics import KehoachError
from signpki import BLACK, BLUE, RED, seal_png, signature_png

pytest.importorskip("PIL", reason="the sign extra (Pillow) is not installed")

from kehoach.sign import images


def test_a_blue_transparent_signature_is_read_with_its_real_size(tmp_path):
    image = images.load(signature_png(tmp_path / "chu-ky.png"), "blue")
    assert (image.width_px, image.height_px) == (590, 236)
    assert image.size_mm == pytest.approx((50.0, 20.0), abs=0.1)
    assert image.image.mode == "RGBA"


def test_a_red_seal_is_read_and_a_png_without_dpi_has_no_size(tmp_path):
    assert images.load(seal_png(tmp_path / "dau.png"), "red").size_mm == pytest.approx((36, 36), abs=0.1)
    assert images.load(seal_png(tmp_path / "dau2.png", dpi=None), "red").size_mm is None


@pytest.mark.parametrize(("make", "colour", "said"), [
    (lambda p: signature_png(p, background=(255, 255, 255, 255)), "blue", "không trong suốt"),
    (lambda p: signature_png(p, RED), "blue", "không phải màu xanh"),
    (lambda p: signature_png(p, BLACK), "blue", "không có nét màu"),
    (lambda p: seal_png(p, BLUE), "red", "không phải màu đỏ"),
    (lambda p: signature_png(p, fmt="JPEG"), "blue", "không phải PNG"),
])
def test_wrong_images_are_refused_in_vietnamese(tmp_path, make, colour, said):
    path = make(tmp_path / "anh.png")
    with pytest.raises(KehoachError) as caught:
        images.load(path, colour)
    assert said in caught.value.message and str(path) in caught.value.message
    assert caught.value.exit_code == 2


def test_a_png_with_no_alpha_channel_is_refused(tmp_path):
    from PIL import Image

    path = tmp_path / "rgb.png"
    Image.new("RGB", (100, 50), (30, 60, 200)).save(path)
    with pytest.raises(KehoachError, match="không có nền trong suốt"):
        images.load(path, "blue")


def test_not_an_image_at_all(tmp_path):
    path = tmp_path / "chu-ky.png"
    path.write_text("không phải ảnh", encoding="utf-8")
    with pytest.raises(KehoachError, match="không phải tệp ảnh"):
        images.load(path, "blue")
    with pytest.raises(KehoachError, match="Không đọc được"):
        images.load(tmp_path / "khong-co.png", "blue")
