"""The shape of the code (issue 20): no import cycles, imports run one way (load → check → view →
write, the command line on top), small modules or a reason at the top, no private names taken
from another module. Read from the source with `ast`, so it needs no import of kehoach."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "kehoach"
LONG = 500  # lines; a longer module says why at the top ("Long because …")


def _name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _type_checking_only(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(sub) for sub in ast.walk(node)}
    return skipped


def _imports(name: str) -> list[tuple[str, str | None]]:
    """(module imported, name taken from it or None) for every kehoach import, at the top or
    inside a function (both run), but not those for type checkers only."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("kehoach"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.append((sub, None) if sub in MODULES else (node.module or "", alias.name))
        elif isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names if alias.name in MODULES]
    return found


GRAPH = {name: {module for module, _ in _imports(name) if module in MODULES} for name in MODULES}


def _reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in GRAPH[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def test_no_import_cycles():
    cycles = sorted(name for name in MODULES if name in _reachable(name))
    assert not cycles, f"modules on an import cycle: {cycles}"


def test_nothing_below_the_command_line_imports_it():
    assert not [name for name in MODULES if not name.startswith("kehoach.cli")
                and name != "kehoach.__main__" and any(m.startswith("kehoach.cli") for m in GRAPH[name])]


def test_checking_a_plan_never_reaches_a_view_or_a_writer():
    # validate (what every command runs first) stands below render, summary, the BÁO CÁO's
    # document and the writers: none of them may be imported on its way.
    above = ("kehoach.render", "kehoach.summary", "kehoach.cli", "kehoach.diagnostics_text",
             "kehoach.output", "kehoach.report.api", "kehoach.report.document", "kehoach.nextyear")
    reached = _reachable("kehoach.validate")
    assert not sorted(m for m in reached if m.startswith(above))


def test_the_loader_stands_on_leaves_alone():
    for name in ("kehoach.loader", "kehoach.sourcemap", "kehoach.diagnostics", "kehoach.companions"):
        assert _reachable(name) <= {"kehoach.diagnostics", "kehoach.sourcemap", "kehoach.reads"}, name


def test_long_modules_say_why_at_the_top():
    long = []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > LONG and "Long because" not in (ast.get_docstring(ast.parse(text)) or ""):
            long.append(f"{name} ({text.count(chr(10))} lines)")
    assert not long, f"over {LONG} lines without 'Long because …' in the docstring: {long}"


def test_no_private_name_is_taken_from_another_module():
    taken = [f"{name}: {module}.{item}" for name in MODULES for module, item in _imports(name)
             if item is not None and item.startswith("_") and not item.startswith("__")]
    assert not taken


def test_the_readme_map_names_every_module():
    """The contributors' map (README, "Layout") names every module and package of src/kehoach, so
    a newcomer finds each in it; a new module must be added there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("### Layout", 1)[1].split("\n## ", 1)[0]
    names = sorted(
        p.stem if p.suffix == ".py" else p.name
        for p in (ROOT / "src" / "kehoach").iterdir()
        if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").is_file()))
    )
    missing = [n for n in names if n != "__init__" and f"`{n}.py" not in layout and f"`{n}/" not in layout]
    assert not missing, f"README's Layout does not name: {missing}"


# Modules on the way of a check that touch files themselves, and why the incremental cache
# (kehoach.cache) still sees every file a result depends on.
_FILE_ACCESS = re.compile(r"\bopen\(|\.read_bytes\(|\.read_text\(|\.is_file\(|\.exists\(|lexists\(|"
                          r"\.stat\(|\.iterdir\(|\.glob\(|os\.walk\(")
SEES_FILES = {
    "kehoach.loader": "reads and looks for files, noting each (kehoach.reads)",
    "kehoach.reads": "the noting itself",
    "kehoach.cache": "its own folder, and kehoach's own files for its identity",
    "kehoach.catalogue": "notes a catalogue file (reads.note_file); packaged ones are kehoach's code",
    "kehoach.funding": "kehoach's packaged data (part of the cache's identity of kehoach)",
    "kehoach.config": "notes the config file found and every place looked in on the way up",
    "kehoach.companions": "names the plan of a companion while the files to check are listed",
    "kehoach.validate": "lists the files to check (expand) before any check; a check looks through loader",
}


def test_every_file_a_check_reads_is_seen_by_the_cache():
    on_the_way = {"kehoach.validate", "kehoach.summary.rows"}
    on_the_way |= {m for start in tuple(on_the_way) for m in _reachable(start)}
    touching = {name for name in on_the_way
                if _FILE_ACCESS.search(MODULES[name].read_text(encoding="utf-8"))}
    unexplained = sorted(touching - set(SEES_FILES))
    assert not unexplained, (
        f"{unexplained} read files during a check: go through kehoach.loader (load_file, present) or "
        "call kehoach.reads.note_file(path), so that the cache sees the file, then add the module here")
