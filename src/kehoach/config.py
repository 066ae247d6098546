"""Which rule settings apply to a file: `kehoach.toml`, or `[tool.kehoach]` in `pyproject.toml`,
found by walking up from the plan's folder (the closest one wins, alone, as ruff does).

Why `kehoach.toml` first: a commune's plans repository is not a Python project and has no
pyproject.toml; one file named after the tool, beside `plans/`, is what a clerk can find and
read. A repository that is also a Python project may keep the same table as `[tool.kehoach]`.

```toml
allow-errors = ["KH201"]   # errors this file may lower or turn off (each named: never by default)

[rules]                    # every file under this folder
KH505 = "off"              # or "tắt"; "warning" / "cảnh báo"; "error" / "lỗi"
KH512 = "error"

[files."nhap/**"]          # only files matching the glob, from this folder (later tables win)
KH303 = "off"
```

Standard library only (tomllib): every command that checks a plan reads this. A broken file is a
`ConfigError` (exit 2, said once, with file:line): settings that cannot be trusted are not guessed.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kehoach import reads
from kehoach.codes import silencing
from kehoach.diagnostics import KehoachError, Severity

CONFIG_NAME = "kehoach.toml"
PYPROJECT = "pyproject.toml"

# The words a level may be written in, English or Vietnamese (with or without marks).
_LEVELS: dict[str, Severity | None] = {
    "off": None, "tắt": None, "tat": None, "bỏ qua": None, "bo qua": None,
    "warning": Severity.WARNING, "cảnh báo": Severity.WARNING, "canh bao": Severity.WARNING,
    "error": Severity.ERROR, "lỗi": Severity.ERROR, "loi": Severity.ERROR,
}
OFF = "off"
_KEYS = ("allow-errors", "rules", "files")


class ConfigError(KehoachError):
    """The rule settings cannot be read or make no sense: the run stops (exit 2), said once."""

    def __reduce__(self):  # type: ignore[no-untyped-def]  # crosses summary's worker processes
        return (type(self), (self.message, self.hint))


@dataclass(frozen=True)
class FileRules:
    pattern: str
    levels: dict[str, Severity | None]  # code → level; None is off
    regex: re.Pattern[str] = field(compare=False, repr=False, default=re.compile(""))


@dataclass(frozen=True)
class RuleConfig:
    """One config file's settings. `folder` is where its globs start."""

    path: Path | None = None
    folder: Path = Path()
    rules: dict[str, Severity | None] = field(default_factory=dict)
    files: tuple[FileRules, ...] = ()
    allow_errors: frozenset[str] = frozenset()

    def level(self, code: str, file: str | Path, default: Severity) -> Severity | None:
        """The level of `code` in `file` (None: off): [rules], then each matching [files] table
        in order, each overriding what came before."""
        level: Severity | None = self.rules.get(code, default)
        if self.files:
            relative = self.relative(file)
            for table in self.files:
                if code in table.levels and relative is not None and table.regex.fullmatch(relative):
                    level = table.levels[code]
        return level

    def relative(self, file: str | Path) -> str | None:
        """`file` as a path from the config's folder (posix), or None when it lies outside."""
        try:
            return Path(os.path.abspath(file)).relative_to(self.folder).as_posix()
        except ValueError:
            return None

    def configured(self) -> list[tuple[str, str, Severity | None]]:
        """Every setting as (where, code, level), in the order they apply: for `kehoach rules`."""
        out = [("mọi tệp", code, level) for code, level in self.rules.items()]
        out += [(f"tệp khớp {table.pattern}", code, level) for table in self.files
                for code, level in table.levels.items()]
        return out


NO_CONFIG = RuleConfig()


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as .gitignore reads one: without `/` it matches a file name in any folder; with
    `/` it is anchored at the config's folder; `*` stays within a folder, `**` crosses folders;
    a trailing `/` matches everything below."""
    pattern = pattern.strip()
    if pattern.endswith("/"):
        pattern += "**"
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.lstrip("/")
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1:end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    body = "".join(out)
    return re.compile(body if anchored else f"(?:.*/)?{body}")


# ---- reading -------------------------------------------------------------------------------------


def _where(path: Path, text: str, needle: str) -> str:
    """`path:line` of the first line holding `needle` (TOML tells no positions of values)."""
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return f"{path}:{n}"
    return str(path)


def _level(value: object, where: str) -> Severity | None:
    if isinstance(value, str):
        import unicodedata

        word = unicodedata.normalize("NFC", value).strip().lower()
        if word in _LEVELS:
            return _LEVELS[word]
    raise ConfigError(f"{where}: mức `{value}` không có.",
                      'Ghi "off" (tắt), "warning" (cảnh báo) hoặc "error" (lỗi); tiếng Việt cũng được: '
                      '"tắt", "cảnh báo", "lỗi".')


def _code(name: str, where: str) -> str:
    """A rule's code from its code or its name (`KH505`, `document-undated`)."""
    from kehoach import hints
    from kehoach.codes import all_codes

    docs = all_codes()
    by_name = {c.name: c.code for c in docs}
    codes = {c.code for c in docs}
    key = name.strip()
    if key.upper() in codes:
        return key.upper()
    if key in by_name:
        return by_name[key]
    hints.new_file()  # a fresh search budget: this is the one suggestion being made
    near = hints.near(key.upper(), sorted(codes)) or hints.near(key, sorted(by_name))
    raise ConfigError(f"{where}: không có quy tắc `{name}`.",
                      (f"Có phải {hints.listing(near)}? " if near else "")
                      + "Xem các mã bằng `kehoach rules`.")


def _levels(table: object, where: str, path: Path, text: str) -> dict[str, Severity | None]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: cần một bảng `mã = \"mức\"`.", 'Ví dụ: KH505 = "off".')
    out: dict[str, Severity | None] = {}
    for name, value in table.items():
        at = _where(path, text, name)
        out[_code(name, at)] = _level(value, at)
    return out


def _check_allowed(config: RuleConfig, path: Path, text: str) -> None:
    """An error lowered or turned off must be named in allow-errors; a code that can never be
    silenced is refused even there."""
    for name in config.allow_errors:
        found = silencing(name)
        if found.kind == "never":
            raise ConfigError(f"{_where(path, text, name)}: {name} không bao giờ bỏ qua được "
                              f"({found.reason}).",
                              f"Bỏ {name} khỏi allow-errors và sửa kế hoạch.")
    tables = [("[rules]", config.rules)] + [(f'[files."{t.pattern}"]', t.levels) for t in config.files]
    for table, levels in tables:
        for code, level in levels.items():
            found = silencing(code)
            if level is Severity.ERROR or found.kind == "free":
                continue
            where = _where(path, text, code)
            if found.kind == "never":
                raise ConfigError(f"{where}: {code} ({table}) không bao giờ tắt hay hạ mức được: "
                                  f"{found.reason}.", f"Bỏ dòng {code} và sửa kế hoạch.")
            if code not in config.allow_errors:
                raise ConfigError(f"{where}: {code} ({table}) là lỗi làm sai văn bản; chỉ tắt hay hạ "
                                  "mức khi cấu hình nói rõ.",
                                  f'Thêm allow-errors = ["{code}"] ở đầu tệp (trước mọi bảng), nếu nhóm '
                                  "thật sự chấp nhận văn bản có lỗi này; không thì sửa kế hoạch.")


def parse(text: str, path: Path, table: dict | None = None, folder: Path | None = None) -> RuleConfig:
    """A config from its text (`table`: the [tool.kehoach] of a pyproject.toml, already read);
    `folder`, where its globs start, defaults to the file's own."""
    if table is None:
        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"line (\d+), column (\d+)", str(exc))
            where = f"{path}:{found[1]}:{found[2]}" if found else str(path)
            raise ConfigError(f"{where}: không đọc được tệp cấu hình (cú pháp TOML sai).",
                              'Mỗi dòng một thiết lập: KH505 = "off"; tên bảng trong ngoặc vuông: [rules]. '
                              "Xem README, “Cấu hình quy tắc”.") from None
    unknown = [key for key in table if key not in _KEYS]
    if unknown:
        raise ConfigError(f"{_where(path, text, unknown[0])}: khóa `{unknown[0]}` không có trong cấu hình "
                          "kehoach.", "Các khóa được phép: allow-errors, rules, files.")
    allow = table.get("allow-errors", [])
    if not isinstance(allow, list) or not all(isinstance(a, str) for a in allow):
        raise ConfigError(f"{_where(path, text, 'allow-errors')}: allow-errors là danh sách mã lỗi.",
                          'Ví dụ: allow-errors = ["KH201"].')
    rules = _levels(table.get("rules", {}), _where(path, text, "[rules]"), path, text)
    files = table.get("files", {})
    if not isinstance(files, dict):
        raise ConfigError(f"{_where(path, text, 'files')}: `files` là các bảng [files.\"mẫu\"].",
                          'Ví dụ: [files."nhap/*.yaml"] rồi KH505 = "off".')
    tables = tuple(FileRules(pattern, _levels(levels, _where(path, text, pattern), path, text),
                             glob_regex(pattern)) for pattern, levels in files.items())
    config = RuleConfig(path, folder or Path(os.path.abspath(path.parent)), rules, tables,
                        frozenset(_code(a, _where(path, text, a)) for a in allow))
    _check_allowed(config, path, text)
    return config


def display(path: Path) -> Path:
    """How a config file is named in messages: from the working folder when it is below it."""
    try:
        return Path(os.path.relpath(path)) if Path(os.path.abspath(path)).is_relative_to(Path.cwd()) else path
    except (OSError, ValueError):
        return path


def read(path: Path) -> RuleConfig | None:
    """The config in `path` (a kehoach.toml, or a pyproject.toml's [tool.kehoach]); None for a
    pyproject.toml without that table."""
    folder = Path(os.path.abspath(path.parent))
    path = display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        from kehoach.diagnostics import os_reason

        reason = os_reason(exc) if isinstance(exc, OSError) else "không phải UTF-8"
        raise ConfigError(f"{path}: không đọc được tệp cấu hình ({reason}).",
                          "Sửa hoặc xóa tệp này.") from None
    if path.name != PYPROJECT:
        return parse(text, path, folder=folder)
    if "kehoach" not in text:  # most pyproject.toml files: no need to parse them
        return None
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return parse(text, path, folder=folder)  # says where the syntax is wrong
    section = tool.get("kehoach") if isinstance(tool, dict) else None
    return parse(text, path, section, folder) if isinstance(section, dict) else None


@lru_cache(maxsize=256)
def _found(folder: str) -> Path | None:
    """The closest config file in `folder` or a folder above it (cached per folder: a run checks
    many plans in few folders)."""
    start = Path(folder)
    for candidate in (start, *start.parents):
        for name in (CONFIG_NAME, PYPROJECT):
            path = candidate / name
            if path.is_file() and (name == CONFIG_NAME or _tool_table(path)):
                return path
    return None


def _tool_table(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return b"[tool.kehoach" in handle.read(1 << 20)
    except OSError:
        return False


_read: dict[Path, tuple[tuple[int, int], RuleConfig | None]] = {}


def for_file(path: str | Path) -> RuleConfig:
    """The settings that apply to a plan at `path` (which need not exist: standard input's
    --stdin-filename). NO_CONFIG where none is found."""
    folder = os.path.dirname(os.path.abspath(path))  # strings: this runs once a plan
    found = _found(folder)
    if reads.recording_now():
        _note(folder, found)
    if found is None:
        return NO_CONFIG
    try:
        stat = found.stat()
        key = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (0, 0)
    cached = _read.get(found)
    if cached is None or cached[0] != key:
        cached = (key, read(found))
        _read[found] = cached
    return cached[1] or NO_CONFIG


def _note(folder: str, found: Path | None) -> None:
    """For the incremental cache (kehoach.reads): every place looked in on the way up, as it is
    now: the file found, and what each closer folder has (or has not) in its place."""
    start = Path(folder)
    for candidate in (start, *start.parents):
        for name in (CONFIG_NAME, PYPROJECT):
            path = candidate / name
            if path == found:
                reads.note_file(path)
                return
            if name == PYPROJECT and path.is_file():
                reads.note_file(path)  # a [tool.kehoach] table may be added to it
            else:
                reads.note_presence(path, path.is_file())


def forget() -> None:
    """Drop what was found and read (a long-running server calls this when files change)."""
    _found.cache_clear()
    _read.clear()



def label(level: Severity | None) -> str:
    return level.label if level is not None else "tắt"


def level_at(config: RuleConfig, code: str, target: Path, default: Severity) -> Severity | None:
    """The level of `code` where `kehoach rules TARGET` asks: in a file, everything that matches
    it; in a folder, what [rules] says (a [files] glob names files, not folders)."""
    if target.is_dir():
        return config.rules.get(code, default)
    return config.level(code, target, default)


def describe(config: RuleConfig, target: Path) -> list[str]:
    """The settings as `kehoach rules` prints them above the codes."""
    def said(levels: dict[str, Severity | None]) -> str:
        return ", ".join(f"{code} {label(level)}" for code, level in levels.items())

    out = [f"Cấu hình quy tắc: {config.path} (áp dụng cho {target}"
           + (", thư mục: các bảng [files] áp dụng cho tệp khớp mẫu)" if target.is_dir() else ")")]
    if config.rules:
        out.append(f"  mọi tệp: {said(config.rules)}")
    for table in config.files:
        matched = ""
        if not target.is_dir():
            relative = config.relative(target)
            hit = relative is not None and table.regex.fullmatch(relative)
            matched = " (khớp tệp này)" if hit else " (không khớp tệp này)"
        out.append(f"  tệp khớp {table.pattern}{matched}: {said(table.levels)}")
    if config.allow_errors:
        out.append(f"  lỗi được phép tắt hay hạ mức (allow-errors): {', '.join(sorted(config.allow_errors))}")
    return out
