"""The one Jinja environment factory: a user's template folder first, then the packaged templates.

StrictUndefined turns a misspelt field into an error instead of a silently empty paragraph, and
autoescaping of XML/HTML means plan text such as `&`, `<` or `{{ x }}` prints as typed.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from pathlib import Path

import jinja2
import jinja2.bccache
from jinja2.exceptions import SecurityError

from kehoach.diagnostics import KehoachError
from kehoach.render import bounds
from kehoach.render.bounds import TemplateRefused, TooLarge, TooLong
from kehoach.render.sandbox import BoundedSandbox
from kehoach.render.template_files import BoundedLoader
from kehoach.render.watchdog import TooMuchMemory, TooSlow, pressure


def packaged_templates() -> Path:
    """Inside the wheel: kehoach/templates. In a source checkout (editable install): templates/."""
    from kehoach.output import own_folders

    for folder in own_folders()[1:]:  # the two template folders after the package itself
        if folder.is_dir():
            return folder
    raise KehoachError("Không tìm thấy thư mục mẫu (templates) của kehoach.",
                       "Cài lại kehoach: pip install --force-reinstall kehoach.")


def user_cache() -> Path:
    """Where the platform keeps a user's caches: %LOCALAPPDATA% on Windows, ~/Library/Caches on
    macOS, $XDG_CACHE_HOME or ~/.cache elsewhere."""
    if sys.platform == "win32" or not hasattr(os, "getuid"):
        base = os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
        return Path(base)
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~")) / "Library" / "Caches"
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"))


def _cache_home_usable() -> bool:
    """HOME='' makes "~" the root folder and a relative XDG_CACHE_HOME the working folder: no
    cache then (the XDG spec says to ignore a relative path)."""
    if sys.platform == "win32":
        return True
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and not os.path.isabs(xdg):
        os.environ.pop("XDG_CACHE_HOME")  # ignored, as the spec says: fall back to ~/.cache
    if os.environ.get("XDG_CACHE_HOME"):
        return True
    home = os.environ.get("HOME")
    return home is None or (bool(home.strip()) and os.path.isabs(home))


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling them is most of a render's time.

    Keyed by each template's source checksum, so an edited (or user) template is recompiled.
    Best effort: no cache when there is nowhere to write one; KEHOACH_NO_CACHE=1 turns it off.
    """
    if os.environ.get("KEHOACH_NO_CACHE"):
        return None
    # Only the user's own cache folder: compiled templates are code, and a shared folder such as
    # /tmp would let another local user plant some.
    if not _cache_home_usable():
        return None
    folder = user_cache() / "kehoach" / f"jinja-{jinja2.__version__}"
    if not folder.is_absolute():  # never relative to the working folder
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    # POSIX: only a folder the user owns. Windows has no getuid; %LOCALAPPDATA% is per user.
    getuid = getattr(os, "getuid", None)
    if (getuid is not None and folder.stat().st_uid != getuid()) or not os.access(folder, os.W_OK):
        return None
    return _BestEffortCache(str(folder))


class _BestEffortCache(jinja2.FileSystemBytecodeCache):
    """A cache entry that cannot be read (corrupt, truncated, not a regular file) is removed and
    the template compiled again; one that cannot be written (full disk, read-only) is skipped.
    The cache never fails a render."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = self._get_cache_filename(bucket)
        try:
            if not stat.S_ISREG(os.lstat(name).st_mode):  # a FIFO here would block the open
                return
            super().load_bytecode(bucket)
        except FileNotFoundError:
            return
        except Exception:
            bucket.reset()
            with contextlib.suppress(OSError):
                os.remove(name)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def make_env(user_dir: Path | None = None) -> jinja2.Environment:
    search = [packaged_templates()]
    sandboxed = user_dir is not None
    if user_dir is not None:
        if not user_dir.is_dir():
            raise KehoachError(f"Không có thư mục mẫu {user_dir}.",
                               "Chỉ ra một thư mục có cùng cấu trúc với templates/ (docx/, html/, md/).")
        search.insert(0, user_dir)
    # A user's templates run in Jinja's sandbox (no attribute tricks into Python; no value longer
    # than the output bound), and are never cached: the compiled code of a sandboxed template
    # differs while the cache key does not.
    factory = BoundedSandbox if sandboxed else jinja2.Environment
    loader = BoundedLoader if sandboxed else jinja2.FileSystemLoader
    return factory(
        loader=loader([str(p) for p in search], encoding="utf-8"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("xml", "rels", "html"),
                                            default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=None if sandboxed else _bytecode_cache(),
    )


MAX_OUTPUT = 64 * 1024 * 1024  # characters one template may produce; the seed's largest is ~100 KB
# A user's template: as many characters as one value may hold (bounds.MAX_VALUE), so that the
# output, its UTF-8 and the document built from it stay within the render's memory.
MAX_USER_OUTPUT = 16 * 1024 * 1024


class _TooLarge(Exception):
    pass


def _where(exc: BaseException, name: str) -> str:
    """The template (and line) where the error arose: Jinja rewrites its frames to point at it."""
    found = name
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


_UNDEFINED = re.compile(r"'(.+?)' is undefined")
_NO_ATTRIBUTE = re.compile(r"'(.+?)' (?:object )?has no attribute '(.+?)'")


def _undefined(message: str | None) -> str:
    """Jinja's English for a missing name or field, said in Vietnamese."""
    text = message or ""
    if m := _UNDEFINED.fullmatch(text):
        return f"`{m[1]}`"
    if m := _NO_ATTRIBUTE.fullmatch(text):
        return f"`{m[2]}` (trong `{m[1].removesuffix(' object').rsplit('.', 1)[-1]}`)"
    return text


def _shown(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def render_template(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template; a broken (user) template becomes a Vietnamese message naming it
    (exit 2), not a traceback, and no template can print, build, loop, take time or take memory
    without bound (a user's template: kehoach.render.sandbox)."""
    watched = env.watched() if isinstance(env, BoundedSandbox) else contextlib.nullcontext()
    limit = MAX_USER_OUTPUT if isinstance(env, BoundedSandbox) else MAX_OUTPUT
    try:
        with watched:
            out: list[str] = []
            size = measured = 0
            for chunk in env.get_template(name).generate(**context):
                size += len(chunk)
                if size > limit:
                    raise _TooLarge
                if size - measured > 1 << 20:  # every MB of output: is there room for more?
                    pressure(size - measured)
                    measured = size
                out.append(chunk)
            pressure(size)
            return "".join(out)
    except jinja2.TemplateNotFound as exc:
        raise KehoachError(f"Không tìm thấy mẫu {exc.name or name}"
                           + (f" (mẫu {name} gọi đến)." if exc.name and exc.name != name else ".")) from None
    except TemplateRefused as exc:
        raise KehoachError(f"Không đọc mẫu {exc.name}: tệp {exc.why}.",
                           "Mẫu là tệp chữ UTF-8 thường, cùng cấu trúc với templates/.") from None
    except jinja2.TemplateSyntaxError as exc:
        raise KehoachError(f"Mẫu {exc.filename or name}:{exc.lineno} sai cú pháp (Jinja báo: {exc.message}).",
                           "Xem cú pháp {{ … }}, {% … %} ở các mẫu có sẵn (templates/).") from None
    except jinja2.UndefinedError as exc:
        raise KehoachError(f"Mẫu {_where(exc, name)} dùng một trường không có: {_undefined(exc.message)}.",
                           "Xem các trường có sẵn trong kehoach/render/views.py.") from None
    except SecurityError:
        raise KehoachError(f"Mẫu {name} dùng một thao tác không được phép trong mẫu của người dùng "
                           "(thuộc tính ẩn, hoặc sửa một danh sách, một bảng tại chỗ).",
                           "Mẫu chỉ được đọc các trường của văn bản (doc.…); giá trị cần mang qua vòng "
                           "lặp thì dùng namespace(): {% set ns.x = … %}.") from None
    except RecursionError:
        raise KehoachError(f"Mẫu {name} gọi lại chính nó không dừng (include hoặc macro đệ quy).",
                           "Sửa mẫu để lời gọi include/macro có điểm dừng.") from None
    except UnicodeDecodeError:
        raise KehoachError(f"Mẫu {name} (hoặc mẫu nó gọi đến) không được lưu bằng mã UTF-8.",
                           "Lưu lại tệp mẫu với mã UTF-8.") from None
    except _TooLarge:
        raise KehoachError(f"Mẫu {_where(sys.exc_info()[1], name)} in ra hơn {_shown(limit)} ký tự: "
                           "có vòng lặp hoặc phép tính quá lớn.",
                           "Kiểm tra các vòng lặp {% for %} và các phép `*`, `~`, `%` trong mẫu.") from None
    except TooLarge:
        raise KehoachError(f"Mẫu {_where(sys.exc_info()[1], name)} tạo một giá trị quá lớn (hơn "
                           f"{_shown(bounds.MAX_VALUE)} ký tự, {_shown(bounds.MAX_ITEMS)} phần tử hoặc số "
                           f"{_shown(bounds.MAX_INT_DIGITS)} chữ số); kết xuất dừng trước khi tạo nó.",
                           "Kiểm tra các phép `*`, `**`, `~`, `%` và các bộ lọc, hàm làm dài giá trị "
                           "(center, format, indent, replace, join, wordwrap, lipsum…) trong mẫu.") from None
    except TooLong:
        raise KehoachError(f"Mẫu {_where(sys.exc_info()[1], name)} lặp hơn {_shown(bounds.MAX_STEPS)} bước "
                           "(các vòng {% for %} lồng nhau): kết xuất sẽ không dừng.",
                           "Kiểm tra các vòng lặp {% for %} trong mẫu.") from None
    except TooSlow:
        raise KehoachError(f"Mẫu {_where(sys.exc_info()[1], name)} chạy quá {bounds.MAX_SECONDS:g} giây mà "
                           "chưa xong: kết xuất đã dừng.",
                           "Kiểm tra các vòng lặp {% for %}, macro gọi lại chính nó và các phép tính với "
                           "số rất lớn trong mẫu.") from None
    except (TooMuchMemory, MemoryError):
        raise KehoachError(f"Mẫu {_where(sys.exc_info()[1], name)} cần quá nhiều bộ nhớ khi kết xuất (hơn "
                           f"{bounds.MAX_MEMORY // 1024 // 1024} MB): kết xuất đã dừng.",
                           "Kiểm tra các vòng lặp và phép tính trong mẫu.") from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError,
            OSError) as exc:
        raise KehoachError(f"Mẫu {_where(exc, name)} gặp lỗi khi kết xuất ({type(exc).__name__}).",
                           "Sửa mẫu ở dòng đã chỉ; các mẫu có sẵn (templates/) là ví dụ đúng.") from None
