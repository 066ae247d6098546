"""Diagnostics: the one value every stage returns when something is wrong.

A stage (loader, schema, rule) yields diagnostics; only the CLI decides how they look and which
exit code they mean. Positions are 1-based, as people count lines and columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "lỗi" if self is Severity.ERROR else "cảnh báo"


class Span(NamedTuple):
    """Where a YAML node sits in its file (1-based, end exclusive).

    A named tuple, not a dataclass: the loader makes one per node, and a province validates
    thousands of plans in one run.
    """

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    file: str = ""
    span: Span | None = None
    hint: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def line(self) -> int:
        return self.span.line if self.span else 0

    @property
    def column(self) -> int:
        return self.span.column if self.span else 0

    def at(self, file: str) -> Diagnostic:
        return replace(self, file=file)


def in_file_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics as a reader meets them: files in the order they first appear, each file's from
    its top (a problem with no position first), problems at one place in the order the stages
    found them; one problem said twice (a catalogue shared by two plans) is said once."""
    listed = list(diagnostics)
    files: dict[str, int] = {}
    for d in listed:
        files.setdefault(d.file, len(files))
    seen: set[tuple] = set()
    out = []
    for d in sorted(listed, key=lambda d: (files[d.file], d.line, d.column)):
        key = (d.file, d.span, d.code, d.severity, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


class KehoachError(Exception):
    """A failure to run (unreadable input, bad usage): exit code 2, message on stderr.

    The one exception family the CLI turns into a message; never shown as a traceback.
    """

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_OS_REASONS = {
    "ENOENT": "không có tệp hoặc thư mục này",
    "EACCES": "không có quyền",
    "EPERM": "không có quyền",
    "EROFS": "ổ đĩa chỉ cho đọc",
    "ENOSPC": "đĩa đã đầy",
    "EDQUOT": "đã hết hạn mức đĩa",
    "ENOTDIR": "một phần của đường dẫn là tệp, không phải thư mục",
    "EEXIST": "một phần của đường dẫn là tệp, không phải thư mục",
    "EISDIR": "đây là thư mục, không phải tệp",
    "ENAMETOOLONG": "tên tệp quá dài",
    "EIO": "lỗi đọc/ghi của thiết bị (ổ đĩa hỏng hoặc đã bị rút ra)",
    "ELOOP": "đường dẫn có liên kết tượng trưng vòng quanh (quá nhiều cấp liên kết)",
    "EMFILE": "mở quá nhiều tệp cùng lúc",
    "ENFILE": "hệ thống mở quá nhiều tệp cùng lúc",
    "EFBIG": "tệp quá lớn",
    "ENXIO": "không có thiết bị này",
    "ENODEV": "không có thiết bị này",
    "ETXTBSY": "tệp đang được một chương trình dùng",
    "EBUSY": "tệp hoặc thiết bị đang bận",
    "EBADF": "luồng đã bị đóng",
    "EPIPE": "đầu nhận đã đóng",
    "EXDEV": "không chuyển được tệp giữa hai ổ đĩa",
    "ENOTEMPTY": "thư mục không trống",
    "ESTALE": "tệp trên ổ mạng không còn hợp lệ",
    "ETIMEDOUT": "hết thời gian chờ",
    "EAGAIN": "tài nguyên tạm thời không dùng được",
    "ENOMEM": "không đủ bộ nhớ",
}


def format_decimal(value: float, places: int = 1) -> str:
    """10.5 -> "10,5": a decimal as a Vietnamese message writes it (a comma before the decimals),
    for a share (96,9%) or a size (10,5 MB); never a money figure (kehoach.money: whole đồng)."""
    return f"{value:.{places}f}".replace(".", ",")


def os_reason(exc: OSError) -> str:
    """An operating-system error in Vietnamese, for messages a clerk reads."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    # Never the OS's own (English) wording: name the error code for whoever helps the clerk.
    return _OS_REASONS.get(name) or f"lỗi hệ điều hành{f' ({name})' if name else ''}"
