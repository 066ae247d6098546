"""What the file is, before anything reads it: a Word .docx within limits, or the reason it is not.

Every refusal is a KehoachError in Vietnamese (exit 2). The checks cost a few reads of the zip's
central directory, never a decompression: a zip bomb (a 1 MB file whose parts expand to
gigabytes) is refused by its declared sizes, and a part that lies about its size stops at the
declared size with a CRC error when read (the standard library's zipfile checks both).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kehoach.diagnostics import KehoachError, os_reason

MAX_FILE = 50 * 1024 * 1024  # bytes of the file itself
MAX_ENTRIES = 5000  # parts in the zip
MAX_TOTAL = 200 * 1024 * 1024  # declared bytes of every part together, once unpacked
MAX_PART = 16 * 1024 * 1024  # declared bytes of one XML part (document.xml of ~500 pages)
MAX_RATIO = 200  # unpacked / packed, for parts large enough to matter (a bomb's signature)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT = b"application/vnd.oasis.opendocument.text"
HINT_SAVE = "Mở tệp bằng Word (hoặc LibreOffice) và lưu lại dưới dạng Word (.docx), rồi nhập tệp đó."


@dataclass(frozen=True, slots=True)
class Opened:
    """The file's bytes and what they are: `docx`, or a kind LibreOffice converts first
    (`doc`, `odt`, `rtf`)."""

    data: bytes
    kind: str


def read_input(path: Path) -> bytes:
    """The file's bytes, refusing what is not a regular file or is too large to be a plan."""
    if str(path) == "-":
        raise KehoachError(
            "`kehoach import` không đọc văn bản Word từ đầu vào chuẩn (`-`).",
            "Ghi tên tệp .docx, ví dụ: kehoach import ke-hoach.docx",
        )
    try:
        if not path.is_file():
            reason = (
                "là thư mục"
                if path.is_dir()
                else ("không phải tệp thường" if path.exists() else "không có tệp này")
            )
            raise KehoachError(
                f"Không đọc được {path}: {reason}.", "Chỉ ra một tệp Word (.docx, .doc hoặc .odt)."
            )
        size = path.stat().st_size
        if size > MAX_FILE:
            raise KehoachError(
                f"{path} nặng {size // (1024 * 1024)} MB, quá giới hạn {MAX_FILE // (1024 * 1024)} MB "
                "của một tệp kế hoạch.",
                "Bỏ bớt hình ảnh lớn trong văn bản (Word: Tệp › Nén ảnh) rồi nhập lại.",
            )
        with path.open("rb") as handle:
            return handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise KehoachError(
            f"Không đọc được {path}: {os_reason(exc)}.", "Kiểm tra đường dẫn và quyền đọc tệp."
        ) from None


def identify(data: bytes, name: str) -> Opened:
    """The kind of document `data` holds, or a KehoachError saying what it is instead."""
    if not data:
        raise KehoachError(f"{name} là tệp rỗng (0 byte).", HINT_SAVE)
    if data.startswith(_OLE):
        if _utf16(b"EncryptedPackage") in data or _utf16(b"EncryptionInfo") in data:
            raise KehoachError(
                f"{name} được đặt mật khẩu (mã hóa): kehoach không mở được.",
                "Mở bằng Word, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ tài liệu › Mã hóa "
                "bằng mật khẩu: xóa trống) rồi lưu lại và nhập tệp đó.",
            )
        return Opened(data, "doc")  # Word 97-2003: LibreOffice converts it
    if data.startswith(b"{\\rtf"):
        return Opened(data, "rtf")
    if data.startswith(b"%PDF"):
        raise KehoachError(
            f"{name} là tệp PDF, không phải văn bản Word.",
            "Nhập từ tệp Word gốc (.docx) của kế hoạch; PDF không giữ được cấu trúc văn bản.",
        )
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise KehoachError(f"{name} không phải tệp Word (.docx, .doc, .odt).", HINT_SAVE)
    archive = _zip(data, name)
    names = set(archive.namelist())
    if "mimetype" in names and archive.read("mimetype").strip() == _ODT:
        return Opened(data, "odt")
    if "word/document.xml" not in names and not _main_part(archive):
        raise KehoachError(f"{name} là tệp nén nhưng không phải văn bản Word (.docx).", HINT_SAVE)
    return Opened(data, "docx")


def _utf16(ascii_name: bytes) -> bytes:
    return ascii_name.decode().encode("utf-16-le")


def _main_part(archive: zipfile.ZipFile) -> bool:
    """A .docx whose main part is not at word/document.xml (allowed: [Content_Types].xml names it)."""
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        return False
    return b"wordprocessingml.document.main" in types


def _zip(data: bytes, name: str) -> zipfile.ZipFile:
    """The archive, refused when broken or when its parts would unpack past the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        raise KehoachError(
            f"{name} bị hỏng: không đọc được nội dung nén của tệp.",
            "Mở tệp bằng Word; nếu Word sửa được thì lưu lại rồi nhập tệp đã lưu.",
        ) from None
    if len(infos) > MAX_ENTRIES:
        raise KehoachError(
            f"{name} có {len(infos)} phần, quá giới hạn {MAX_ENTRIES} của một văn bản Word.",
            "Đây không phải văn bản kế hoạch thông thường; kiểm tra lại tệp.",
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise KehoachError(
            f"{name} được đặt mật khẩu (mã hóa): kehoach không mở được.",
            "Bỏ mật khẩu trong Word rồi lưu lại và nhập tệp đó.",
        )
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    big = max(infos, key=lambda info: info.file_size, default=None)
    if total > MAX_TOTAL or (big is not None and big.filename.endswith(".xml") and big.file_size > MAX_PART):
        raise KehoachError(
            f"{name} khi giải nén lớn {total // (1024 * 1024)} MB, quá giới hạn của kehoach "
            f"({MAX_TOTAL // (1024 * 1024)} MB, mỗi phần văn bản {MAX_PART // (1024 * 1024)} MB): "
            'tệp có thể là "bom nén" hoặc chứa nội dung quá lớn.',
            "Nếu đây đúng là kế hoạch, bỏ bớt hình ảnh và phụ lục lớn rồi lưu lại.",
        )
    if total > 20 * 1024 * 1024 and total / packed > MAX_RATIO:
        raise KehoachError(
            f"{name} nén {total // packed} lần (giải nén {total // (1024 * 1024)} MB từ "
            f'{max(1, packed // 1024)} KB): đặc điểm của "bom nén", kehoach không mở.',
            "Kiểm tra nguồn của tệp; lưu lại văn bản bằng Word rồi nhập tệp đã lưu.",
        )
    return archive
