"""Programme catalogues: the projects and sub-projects a plan refers to by code.

A catalogue is data (a YAML file). The packaged ones are chosen by name; a plan may instead give
the path of a catalogue file of its own, relative to the plan.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kehoach import reads
from kehoach.diagnostics import KehoachError, Span, os_reason


class CatalogueError(KehoachError):
    """A catalogue file that cannot be used, with where the problem is in it: `file` is the
    catalogue as the plan names it (relative to where the plan was given, never made absolute),
    `span` the place in it (None: the file as a whole), `lines` its text for an excerpt."""

    def __init__(self, message: str, hint: str = "", file: str | None = None, span: Span | None = None,
                 lines: tuple[str, ...] = ()) -> None:
        super().__init__(message, hint)
        self.file, self.span, self.lines = file, span, lines


@dataclass(frozen=True, slots=True)
class Project:
    code: str
    number: int
    title: str
    level: int  # 0 = dự án, 1 = tiểu dự án
    parent: str | None

    def label(self, catalogue: Catalogue) -> str:
        """`Dự án 6` / `Tiểu dự án 1`: what the level is called, with its number."""
        return f"{catalogue.levels[min(self.level, len(catalogue.levels) - 1)]} {self.number}"


@dataclass(frozen=True)
class Catalogue:
    id: str
    name: str
    short_name: str
    levels: tuple[str, ...]
    projects: dict[str, Project]
    years: tuple[int, int] | None = None  # the programme's period; plans must fall inside it

    def get(self, code: str) -> Project | None:
        return self.projects.get(code)

    def heading(self, code: str) -> str:
        """The printed heading. One form, kept everywhere: "Tiểu dự án 1 thuộc Dự án 6: Giảm nghèo
        về thông tin" — the parent is named so a sub-project heading reads on its own."""
        project = self.projects[code]
        label = project.label(self)
        if project.parent:
            label += f" thuộc {self.projects[project.parent].label(self)}"
        return f"{label}: {project.title}"


def packaged_names() -> list[str]:
    folder = resources.files("kehoach") / "catalogues"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


# The keys a catalogue file may have (docs/catalogue.md); anything else is a typo, not ignored.
CATALOGUE_KEYS = ("id", "name", "short_name", "approved_by", "years", "levels", "projects")
ENTRY_KEYS = ("number", "title", "children")
_YEARS = re.compile(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*")


class _Problem(Exception):
    """A problem inside a catalogue's data, at a path of it (turned into CatalogueError)."""

    def __init__(self, message: str, path: tuple = (), key: bool = False, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.path, self.key, self.hint = message, path, key, hint


def _unknown(keys: object, allowed: tuple[str, ...], where: str, path: tuple[str, ...] = ()) -> None:
    extra = [str(k) for k in keys if k not in allowed]  # type: ignore[attr-defined]
    if extra:
        raise _Problem(f"khóa `{extra[0]}`{where} không có trong định dạng danh mục.", (*path, extra[0]),
                       True, "Các khóa được dùng: " + ", ".join(allowed) + " (xem docs/catalogue.md).")


def _years(value: object) -> tuple[int, int] | None:
    """`years: 2021-2025`, `[2021, 2025]` or one year `2026`."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value, value
    if isinstance(value, str) and (match := _YEARS.fullmatch(value)):
        first, last = int(match[1]), int(match[2])
    elif (isinstance(value, list) and len(value) == 2
          and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        first, last = value
    else:
        raise _Problem(f"`years` phải là giai đoạn như 2021-2025, không phải `{value}`.", ("years",))
    if first > last:
        raise _Problem(f"`years` {first}-{last} có năm đầu sau năm cuối.", ("years",))
    return first, last


def _parse(data: object, origin: str) -> Catalogue:
    if not isinstance(data, dict) or not isinstance(data.get("projects"), dict):
        raise _Problem("không đúng cấu trúc: cần khóa `projects`.", ("projects",))
    _unknown(data, CATALOGUE_KEYS, "")
    projects: dict[str, Project] = {}

    def add(tree: dict, level: int, parent: str | None, base: tuple[str, ...] = ("projects",)) -> None:
        for code, entry in tree.items():
            here = (*base, code)
            if isinstance(entry, dict):  # a misspelt key (`titel`) is said before the key it misses
                _unknown(entry, ENTRY_KEYS, f" (mục `{code}`)", here)
            if not isinstance(entry, dict) or "title" not in entry or "number" not in entry:
                raise _Problem(f"mục `{code}` cần `number` và `title`.", here)
            number = entry["number"]
            if not isinstance(number, int) or isinstance(number, bool):
                raise _Problem(f"`number` của mục `{code}` phải là số nguyên, không phải `{number}`.",
                               (*here, "number"))
            children = entry.get("children") or {}
            if not isinstance(children, dict):
                raise _Problem(f"`children` của mục `{code}` phải là bảng.", (*here, "children"))
            projects[str(code)] = Project(str(code), number, str(entry["title"]), level, parent)
            add(children, level + 1, str(code), (*here, "children"))

    add(data["projects"], 0, None)
    levels = data.get("levels") or ("Dự án", "Tiểu dự án")
    if not isinstance(levels, list | tuple) or not all(isinstance(x, str) and x.strip() for x in levels):
        raise _Problem(f"`levels` phải là danh sách tên cấp, ví dụ [Dự án, Tiểu dự án], không phải "
                       f"`{levels}`.", ("levels",))
    return Catalogue(
        id=str(data.get("id", origin)),
        name=str(data.get("name", origin)),
        short_name=str(data.get("short_name", data.get("name", origin))),
        levels=tuple(levels),
        projects=projects,
        years=_years(data.get("years")),
    )


@lru_cache(maxsize=32)
def _load_path(path: Path, shown: str) -> Catalogue:
    """Through the plan's own hardened loader: size cap, regular files only, alias bombs and
    recursive aliases, depth, duplicate keys, tags, YAML 1.1 traps, all said in Vietnamese.
    `path` is the file resolved (the cache key), `shown` as messages name it."""
    from kehoach.loader import load_file

    loaded = load_file(path)
    lines = tuple(loaded.source.lines)
    problem = next((d for d in loaded.diagnostics if d.severity == "error"), None)
    if problem is not None and problem.message.startswith("Tệp rỗng"):
        raise CatalogueError(f"Danh mục {shown} rỗng: cần khóa `projects`.", file=shown, lines=lines)
    if problem is not None or loaded.data is None:
        raise CatalogueError("Không đọc được danh mục: " + (problem.message if problem else "tệp rỗng."),
                             problem.hint if problem else "", shown, problem.span if problem else None, lines)
    try:
        return _parse(loaded.data, shown)
    except _Problem as exc:
        source = loaded.source
        span = source.key_span(exc.path) if exc.key else source.span(exc.path)
        raise CatalogueError(f"Danh mục: {exc.message}", exc.hint, shown, span, lines) from None


def load_catalogue(name: str, plan_dir: Path | None = None) -> Catalogue:
    """A packaged catalogue by name, or a file path (relative to the plan's folder)."""
    if name.endswith((".yaml", ".yml")):
        path = Path(name)
        if not path.is_absolute() and plan_dir is not None:
            path = plan_dir / path
        try:
            found = path.is_file()
        except (OSError, ValueError) as exc:  # a name too long for the OS, a NUL byte: still KH109
            shown = name if len(name) <= 80 else name[:80] + "…"
            reason = os_reason(exc) if isinstance(exc, OSError) else "đường dẫn chứa ký tự NUL"
            raise KehoachError(f"Không đọc được tệp danh mục `{shown}`: {reason}.",
                               "Ghi đúng đường dẫn tới tệp danh mục .yaml.") from None
        if not found:
            reads.note_unread(path)
            raise KehoachError(f"Không tìm thấy tệp danh mục `{name}` (đã tìm: {path}).")
        reads.note_file(path)  # read once per process (_load_path's cache): noted for every plan
        return _load_path(path.resolve(), os.path.normpath(path))
    resource = resources.files("kehoach") / "catalogues" / f"{name}.yaml"
    if not resource.is_file():
        raise KehoachError(
            f"Không có danh mục chương trình `{name}`.",
            "Các danh mục có sẵn: " + ", ".join(packaged_names())
            + "; hoặc ghi đường dẫn tới tệp danh mục .yaml của mình.",
        )
    return _load_path(Path(str(resource)), name)
