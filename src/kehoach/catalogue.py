"""Programme catalogues: the projects and sub-projects a plan refers to by code.

A catalogue is data (a YAML file). The packaged ones are chosen by name; a plan may instead give
the path of a catalogue file of its own, relative to the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach.diagnostics import KehoachError, os_reason

if TYPE_CHECKING:
    from kehoach.loader import SourceMap


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


def _unknown(keys: object, allowed: tuple[str, ...], where: str, origin: str,
             source: SourceMap | None = None, path: tuple[str, ...] = ()) -> None:
    extra = [str(k) for k in keys if k not in allowed]  # type: ignore[attr-defined]
    if extra:
        span = source.key_span((*path, extra[0])) if source is not None else None
        at = f"{origin}:{span.line}:{span.column}" if span is not None else origin
        raise KehoachError(
            f"Danh mục {at}: khóa `{extra[0]}`{where} không có trong định dạng danh mục.",
            "Các khóa được dùng: " + ", ".join(allowed) + " (xem docs/catalogue.md).",
        )


def _years(value: object, origin: str) -> tuple[int, int] | None:
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
        raise KehoachError(f"Danh mục {origin}: `years` phải là giai đoạn như 2021-2025, "
                           f"không phải `{value}`.")
    if first > last:
        raise KehoachError(f"Danh mục {origin}: `years` {first}-{last} có năm đầu sau năm cuối.")
    return first, last


def _parse(data: object, origin: str, source: SourceMap | None = None) -> Catalogue:
    if not isinstance(data, dict) or not isinstance(data.get("projects"), dict):
        raise KehoachError(f"Danh mục {origin} không đúng cấu trúc: cần khóa `projects`.")
    _unknown(data, CATALOGUE_KEYS, "", origin, source)
    projects: dict[str, Project] = {}

    def add(tree: dict, level: int, parent: str | None, base: tuple[str, ...] = ("projects",)) -> None:
        for code, entry in tree.items():
            if not isinstance(entry, dict) or "title" not in entry or "number" not in entry:
                raise KehoachError(f"Danh mục {origin}: mục `{code}` cần `number` và `title`.")
            _unknown(entry, ENTRY_KEYS, f" (mục `{code}`)", origin, source, (*base, code))
            number = entry["number"]
            if not isinstance(number, int) or isinstance(number, bool):
                raise KehoachError(
                    f"Danh mục {origin}: `number` của mục `{code}` phải là số nguyên, "
                    f"không phải `{number}`."
                )
            children = entry.get("children") or {}
            if not isinstance(children, dict):
                raise KehoachError(f"Danh mục {origin}: `children` của mục `{code}` phải là bảng.")
            projects[str(code)] = Project(str(code), number, str(entry["title"]), level, parent)
            add(children, level + 1, str(code), (*base, code, "children"))

    add(data["projects"], 0, None)
    levels = data.get("levels") or ("Dự án", "Tiểu dự án")
    if not isinstance(levels, list | tuple) or not all(isinstance(x, str) and x.strip() for x in levels):
        raise KehoachError(f"Danh mục {origin}: `levels` phải là danh sách tên cấp, ví dụ "
                           f"[Dự án, Tiểu dự án], không phải `{levels}`.")
    return Catalogue(
        id=str(data.get("id", origin)),
        name=str(data.get("name", origin)),
        short_name=str(data.get("short_name", data.get("name", origin))),
        levels=tuple(levels),
        projects=projects,
        years=_years(data.get("years"), origin),
    )


@lru_cache(maxsize=32)
def _load_path(path: Path) -> Catalogue:
    """Through the plan's own hardened loader: size cap, regular files only, alias bombs and
    recursive aliases, depth, duplicate keys, tags, YAML 1.1 traps, all said in Vietnamese."""
    from kehoach.loader import load_file

    loaded = load_file(path)
    problem = next((d for d in loaded.diagnostics if d.severity == "error"), None)
    if problem is not None and problem.message.startswith("Tệp rỗng"):
        raise KehoachError(f"Danh mục {path} rỗng: cần khóa `projects`.")
    if problem is not None or loaded.data is None:
        where = f"{path}:{problem.line}:{problem.column}" if problem and problem.span else str(path)
        raise KehoachError(f"Không đọc được danh mục {where}: "
                           + (problem.message if problem else "tệp rỗng."),
                           problem.hint if problem else "")
    return _parse(loaded.data, str(path), loaded.source)


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
            raise KehoachError(f"Không tìm thấy tệp danh mục `{name}` (đã tìm: {path}).")
        return _load_path(path.resolve())
    resource = resources.files("kehoach") / "catalogues" / f"{name}.yaml"
    if not resource.is_file():
        raise KehoachError(
            f"Không có danh mục chương trình `{name}`.",
            "Các danh mục có sẵn: " + ", ".join(packaged_names())
            + "; hoặc ghi đường dẫn tới tệp danh mục .yaml của mình.",
        )
    return _load_path(Path(str(resource)))
