"""The one Jinja environment factory: a user's template folder first, then the packaged templates.

StrictUndefined turns a misspelt field into an error instead of a silently empty paragraph, and
autoescaping of XML/HTML means plan text such as `&`, `<` or `{{ x }}` prints as typed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import jinja2

import kehoach
from kehoach.diagnostics import KehoachError


def packaged_templates() -> Path:
    """Inside the wheel: kehoach/templates. In a source checkout (editable install): templates/."""
    here = Path(kehoach.__file__).resolve().parent
    for folder in (here / "templates", here.parent.parent / "templates"):
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


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling them is most of a render's time.

    Keyed by each template's source checksum, so an edited (or user) template is recompiled.
    Best effort: no cache when there is nowhere to write one; KEHOACH_NO_CACHE=1 turns it off.
    """
    if os.environ.get("KEHOACH_NO_CACHE"):
        return None
    # Only the user's own cache folder: compiled templates are code, and a shared folder such as
    # /tmp would let another local user plant some.
    folder = user_cache() / "kehoach" / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    # POSIX: only a folder the user owns. Windows has no getuid; %LOCALAPPDATA% is per user.
    getuid = getattr(os, "getuid", None)
    if (getuid is not None and folder.stat().st_uid != getuid()) or not os.access(folder, os.W_OK):
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def make_env(user_dir: Path | None = None) -> jinja2.Environment:
    search = [packaged_templates()]
    if user_dir is not None:
        if not user_dir.is_dir():
            raise KehoachError(f"Không có thư mục mẫu {user_dir}.",
                               "Chỉ ra một thư mục có cùng cấu trúc với templates/ (docx/, html/, md/).")
        search.insert(0, user_dir)
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search], encoding="utf-8"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("xml", "rels", "html"),
                                            default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )


def render_template(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template; a broken (user) template becomes a message, not a traceback."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound:
        raise KehoachError(f"Không tìm thấy mẫu {name}.") from None
    except jinja2.TemplateSyntaxError as exc:
        raise KehoachError(f"Mẫu {exc.filename or name}:{exc.lineno} sai cú pháp: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise KehoachError(f"Mẫu {name} dùng một trường không có: {exc.message}",
                           "Xem các trường có sẵn trong kehoach/render/views.py.") from None
