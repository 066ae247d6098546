"""Diagnostics: the one value every stage returns when something is wrong.

A stage (loader, schema, rule) yields diagnostics; only the CLI decides how they look and which
exit code they mean. Positions are 1-based, as people count lines and columns.
"""

from __future__ import annotations

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
}


def os_reason(exc: OSError) -> str:
    """An operating-system error in Vietnamese, for messages a clerk reads."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name) or exc.strerror or str(exc)
