"""Writing outputs without ever losing a file: temp file in the same folder, then rename.

What is refused, before anything is written: a target that is (or leads through a final symlink
to) one of the run's inputs — a plan, its progress file, its catalogue, a template in use (an
input folder protects everything under it) — an existing YAML file (another plan), and anything
that is not a regular file (a symlink, a device such as /dev/null, a FIFO, a socket, a folder).
An existing output keeps its permission bits; a new one gets the user's umask.

A temp file is named `.<name>.<pid>.<random>.tmp`: one left by a killed run (SIGKILL, power cut)
is removed by the next run that writes into the same folder, once its process is gone.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kehoach.diagnostics import KehoachError, os_reason

_YAML = (".yaml", ".yml")


def parse_target(text: str) -> tuple[Path, bool]:
    """`-o` as typed: the path, and whether it names a folder (a trailing slash, which pathlib
    would drop). Empty is refused."""
    if not text.strip():
        raise KehoachError("Tùy chọn -o đang để trống.", "Ghi tên tệp hoặc thư mục kết quả sau -o.")
    return Path(text), text.endswith(("/", os.sep))


def target_file(text: str | None, name: str) -> Path | None:
    """`-o` of a command that writes one file: None without it; a folder gets the file `name`."""
    if text is None:
        return None
    path, as_folder = parse_target(text)
    return path / name if as_folder else path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def own_folders() -> tuple[Path, ...]:
    """kehoach's own files, never an output: its package (catalogues, data, and in a wheel its
    templates) and, in a source checkout, the templates folder beside src/."""
    here = Path(__file__).resolve().parent
    return (here, here / "templates", here.parent.parent / "templates")


def check_target(path: Path, inputs: Sequence[Path] = (), yaml_ok: bool = False) -> None:
    """Refuse, with a Vietnamese message, any target that must not be replaced."""
    target = Path(os.path.abspath(path))
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as exc:  # a link loop (RuntimeError before Python 3.13)
        reason = os_reason(exc) if isinstance(exc, OSError) else "có liên kết tượng trưng vòng quanh"
        raise KehoachError(f"Không ghi được {path}: đường dẫn {reason}.",
                           "Sửa liên kết trong đường dẫn, hoặc chọn nơi khác với -o.") from None
    for folder in own_folders():
        if folder.is_dir() and (resolved == folder or folder in resolved.parents):
            raise KehoachError(f"Không ghi vào {folder}: đó là thư mục của chính kehoach (mẫu văn bản, "
                               "danh mục).", "Chọn nơi ghi kết quả ở ngoài thư mục đó (tùy chọn -o).")
    for source in inputs:
        if not source.exists():
            continue
        if source.is_dir():
            real = source.resolve()
            if resolved == real or real in resolved.parents:
                raise KehoachError(f"Không ghi vào thư mục đầu vào {source}: {path} nằm trong đó.",
                                   "Chọn nơi ghi kết quả ở ngoài thư mục mẫu (tùy chọn -o).")
        elif (target.exists() and _same(target, source)) or resolved == source.resolve():
            raise KehoachError(f"Không ghi đè tệp đầu vào {source}.",
                               "Chọn một tệp kết quả khác (tùy chọn -o).")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise KehoachError(f"Không ghi được {path}: {os_reason(exc)}.",
                           "Kiểm tra đường dẫn, hoặc chọn nơi khác với -o.") from None
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        raise KehoachError(f"{path} là liên kết tượng trưng (symlink): không ghi qua nó.",
                           "Xóa liên kết hoặc chỉ ra thẳng tệp kết quả (tùy chọn -o).")
    if stat.S_ISDIR(mode):
        raise KehoachError(f"{path} là thư mục, không phải tệp.",
                           "Chỉ ra tên tệp kết quả, hoặc viết dấu `/` ở cuối để ghi vào thư mục đó.")
    if not stat.S_ISREG(mode):
        raise KehoachError(f"{path} là tệp đặc biệt (thiết bị, FIFO hoặc socket): không ghi đè.",
                           "Chỉ ra một tệp thường; để xem trên màn hình, bỏ tùy chọn -o.")
    if target.suffix.lower() in _YAML and not yaml_ok:
        raise KehoachError(f"Không ghi đè tệp YAML {path}: có thể là một kế hoạch.",
                           "Chọn tệp kết quả có đuôi của định dạng kết quả (.docx, .html, .md, .pdf, .json).")


def _clean_stale(folder: Path, name: str) -> None:
    """Remove temp files a killed run left for `name` in `folder` (their process is gone)."""
    try:
        entries = list(folder.glob(f".{glob_escape(name)}.*.tmp"))
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(name) + 2:].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(entry).st_mode):
                entry.unlink()


def glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)


_WINDOWS = os.name == "nt"


def _alive(pid: int) -> bool:
    if _WINDOWS:  # signal 0 is CTRL_C_EVENT there: never signal; keep the file instead
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but not ours
        return True
    return True


def _stage(path: Path, data: bytes) -> Path:
    """Write `data` to a temp file beside `path`, synced, with the mode the result must have."""
    target = Path(os.path.abspath(path))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale(target.parent, target.name)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=target.parent)
    except OSError as exc:
        raise KehoachError(f"Không tạo được tệp trong thư mục {target.parent}: {os_reason(exc)}.",
                           "Kiểm tra quyền ghi, hoặc chọn nơi khác với -o.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)  # an existing output keeps its mode
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise KehoachError(f"Không ghi được {path}: {os_reason(exc)}.",
                           "Kiểm tra quyền ghi và dung lượng đĩa.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _sync_folder(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX; Windows has no such fsync)
        with contextlib.suppress(OSError):  # some file systems refuse a folder fsync: the data is written
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def write_atomic(path: Path, data: bytes, inputs: Sequence[Path] = (), *, yaml_ok: bool = False) -> None:
    """Write `data` to `path` atomically. Refuses what check_target refuses; `yaml_ok` only for
    a command whose output is a plan (`kehoach new --force`).

    An interrupted write leaves the previous file intact: the rename is the only visible step.
    """
    write_all([(path, data)], inputs, yaml_ok=yaml_ok)


def write_all(items: Sequence[tuple[Path, bytes]], inputs: Sequence[Path] = (), *,
              yaml_ok: bool = False) -> None:
    """Write several files: every target is checked and staged before the first is replaced,
    so a refusal, a full disk or Ctrl-C while staging leaves every old file as it was. Should a
    rename itself fail half-way, the message says which files are new and which are not."""
    for path, _ in items:
        check_target(path, inputs, yaml_ok)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in items:
            staged.append((path, _stage(path, data)))
        done: list[Path] = []
        for path, tmp in staged:
            try:
                check_target(path, inputs, yaml_ok)  # again: the target may have changed meanwhile
                os.replace(tmp, os.path.abspath(path))
                _sync_folder(Path(os.path.abspath(path)).parent)
            except (OSError, KehoachError) as exc:
                reason = exc.message if isinstance(exc, KehoachError) else f"{os_reason(exc)}"
                left = [str(p) for p, _ in staged if p not in done]
                said = f" Đã ghi bản mới: {', '.join(map(str, done))}." if done else ""
                raise KehoachError(
                    f"Không ghi được {path}: {reason.rstrip('.')}.{said} Chưa ghi: {', '.join(left)}.",
                    "Kiểm tra quyền ghi và dung lượng đĩa rồi kết xuất lại cả bộ.") from None
            done.append(path)
    finally:
        for _, tmp in staged:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
