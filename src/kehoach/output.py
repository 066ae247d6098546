"""Writing outputs without ever losing a file: temp file in the same folder, then rename."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from kehoach.diagnostics import KehoachError, os_reason


def write_atomic(path: Path, data: bytes, inputs: tuple[Path, ...] = ()) -> None:
    """Write `data` to `path` atomically. Refuses to write over any of `inputs` (the user's plan).

    An interrupted write leaves the previous file intact: the rename is the only visible step.
    """
    target = path.resolve()
    for source in inputs:
        if source.exists() and target == source.resolve():
            raise KehoachError(f"Không ghi đè tệp đầu vào {source}.",
                               "Chọn một tệp kết quả khác (tùy chọn -o).")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise KehoachError(f"Không tạo được tệp trong thư mục {target.parent}: {os_reason(exc)}.",
                           "Kiểm tra quyền ghi, hoặc chọn nơi khác với -o.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX; Windows has no such fsync)
            with suppress(OSError):  # some file systems refuse a folder fsync: the data is written
                folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
                try:
                    os.fsync(folder)
                finally:
                    os.close(folder)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise KehoachError(f"Không ghi được {path}: {os_reason(exc)}.",
                           "Kiểm tra quyền ghi và dung lượng đĩa.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
