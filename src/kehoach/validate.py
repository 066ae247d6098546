"""The validation pipeline: load → schema → rules, each stage adding diagnostics.

Every command that reads a plan goes through `check_plan`, so `render`, `tasks` and `progress`
refuse exactly what `validate` reports.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach import config, hints
from kehoach.catalogue import Catalogue, CatalogueError, load_catalogue
from kehoach.companions import COMPANION_SUFFIXES, PLAN_SUFFIXES, plan_of, progress_path, report_path
from kehoach.diagnostics import Diagnostic, KehoachError, Severity, in_file_order
from kehoach.loader import Loaded, load_file, present
from kehoach.model import Plan
from kehoach.rules import RULES, Context, run_rules
from kehoach.schema import validate_model
from kehoach.suppress import apply

if TYPE_CHECKING:  # the progress models are built only when a progress file is read
    from kehoach.progress.model import ProgressFile


@dataclass
class Checked:
    path: Path
    loaded: Loaded
    plan: Plan | None = None
    catalogue: Catalogue | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Lines of every file a diagnostic may point into (the plan, its progress file), for excerpts.
    sources: dict[str, list[str]] = field(default_factory=dict)
    # The progress records, when checked with the plan (progress=True) and they could be read:
    # the web page computes states from the same reading it counted problems in.
    records: ProgressFile | None = None
    # What the rule settings or a `# kehoach: bỏ qua` comment took out (kehoach.suppress.Silenced).
    silenced: list = field(default_factory=list)

    @property
    def positions(self) -> bool:
        """The plan was read with spans: its diagnostics are placed."""
        return self.loaded.positions

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def unreadable(self) -> bool:
        return self.loaded.unreadable and any(d.code == "KH001" for d in self.diagnostics)

    def refused(self, *, draft: bool = False) -> bool:
        """Whether a command that needs the plan stops here: it did not load, or it has errors
        and no draft was asked for (a draft goes past errors, marked DỰ THẢO)."""
        return self.plan is None or (bool(self.errors) and not draft)

    @property
    def failure_code(self) -> int:
        """The exit code of a command stopped by this plan: 2 when it could not be read, else 1."""
        return 2 if self.unreadable else 1

    @property
    def context(self) -> Context:
        return Context(self.loaded.file, self.loaded.source, self.catalogue, self.path.parent)


def _load(path: Path, source: bytes | None, positions: bool) -> Loaded:
    if source is None:
        return load_file(path, positions=positions)
    # The plan's text from standard input (`kehoach validate -`), named `path` in messages.
    from kehoach.loader import SourceMap, decode, load_text

    text, problem = decode(source, str(path))
    if problem is None and text is not None:
        return load_text(text, str(path), positions=positions)
    loaded = Loaded(str(path), None, SourceMap(str(path), []))
    loaded.diagnostics.append(problem)  # type: ignore[arg-type]
    return loaded


def check_plan(path: Path, *, progress: bool = True, source: bytes | None = None,
               positions: bool = True) -> Checked:
    """Check one plan file and, with `progress`, its progress and report files beside it; every
    file's diagnostics as the rule settings (kehoach.toml) and its `# kehoach: bỏ qua` comments
    leave them (kehoach.suppress), the silenced ones in `silenced`.

    Never raises for anything wrong in the file itself; settings that cannot be read raise
    config.ConfigError, once for the whole run. Commands that read the progress file themselves
    (`progress`, from any path) or not at all (`tasks`) pass progress=False. With `source`, the
    plan's bytes come from there (standard input) and `path` only names it.

    `positions=False` (validate, summary): the files are read the quick way first (no spans); if
    that finds anything to say, they are checked again the full way, so every diagnostic is
    exactly what the full way gives. A clean plan then comes back without spans in its source map;
    one with anything silenced is read the full way too, so what was silenced keeps its place.
    Diagnostics come in file order (kehoach.diagnostics.in_file_order), as validate lists them.
    """
    if not positions:
        try:
            quick = _check_plan(path, progress, source, positions=False)
        except Exception:  # a stage that needs a span it lacks: the full way finds it and says it
            quick = None
        if quick is not None and ((not quick.diagnostics and not quick.silenced) or quick.positions):
            quick.diagnostics = in_file_order(quick.diagnostics)
            return quick
    checked = _check_plan(path, progress, source, positions=True)
    checked.diagnostics = in_file_order(checked.diagnostics)
    return checked


def _check_plan(path: Path, progress: bool, source: bytes | None, positions: bool) -> Checked:
    settings = config.for_file(path)  # before anything: broken settings stop the run, said once
    hints.new_file()
    if source is None and (companions := _orphans(path)):
        return _orphaned(path, companions)
    checked = _check_plan_file(path, source, positions)
    apply(checked, settings)
    if progress and checked.plan is not None and present(progress_file := progress_path(path)):
        from kehoach.progress.check import check_progress  # the package also loads its output

        # Each companion's checker tunes its own diagnostics (kehoach.suppress).
        records = check_progress(progress_file, checked.plan, path, checked.catalogue, positions=positions)
        checked.diagnostics.extend(records.diagnostics)
        checked.silenced.extend(records.silenced)
        checked.sources[records.loaded.file] = records.loaded.source.lines
        checked.records = records.progress
    if progress and checked.plan is not None and present(report_file := report_path(path)):
        from kehoach.report.check import check_report

        parts = check_report(report_file, checked.plan, path, checked.catalogue, positions=positions)
        checked.diagnostics.extend(parts.diagnostics)
        checked.silenced.extend(parts.silenced)
        checked.sources[parts.loaded.file] = parts.loaded.source.lines
    return checked


def _check_plan_file(path: Path, source: bytes | None, positions: bool) -> Checked:
    """The plan file alone: load → schema → rules, the diagnostics as they come."""
    loaded = _load(path, source, positions)
    checked = Checked(path, loaded, diagnostics=list(loaded.diagnostics),
                      sources={loaded.file: loaded.source.lines})
    if loaded.unreadable:
        return checked
    plan, problems = validate_model(loaded, Plan)
    checked.diagnostics.extend(problems)
    _drop_hidden_where_refused(checked)
    if plan is None:
        return checked
    checked.plan = plan
    try:
        if plan.programme is not None:  # a plan outside any programme has no catalogue
            checked.catalogue = load_catalogue(plan.programme, path.parent)
    except KehoachError as exc:  # a catalogue's own problem at its own place, the rest at `programme:`
        file, span = loaded.file, loaded.source.span(("programme",))
        if isinstance(exc, CatalogueError) and exc.file is not None:
            file, span = exc.file, exc.span
            checked.sources[file] = list(exc.lines)
        checked.diagnostics.append(Diagnostic("KH109", Severity.ERROR, exc.message, file, span, exc.hint))
    checked.diagnostics.extend(run_rules(RULES, plan, checked.context))
    if any(d.severity is Severity.ERROR for d in loaded.diagnostics):
        checked.plan = None  # data the loader had to reject cannot be trusted downstream
    return checked


def _orphaned(plan: Path, companions: list[Path]) -> Checked:
    """Progress and report files whose plan is not beside them: each said at that file."""
    from kehoach.loader import SourceMap

    problems = []
    for companion in companions:
        what, kind = ("tiến độ", "progress") if ".progress." in companion.name else ("báo cáo", "report")
        problems.append(Diagnostic(
            "KH001", Severity.ERROR, f"Tệp {what} này không có kế hoạch `{plan.name}` đặt cạnh nó.",
            str(companion), None, f"Tệp {what} mang tên kế hoạch của nó (<kế hoạch>.{kind}.yaml) và nằm "
            "cùng thư mục: đổi tên hoặc chuyển tệp cho đúng, hoặc xóa nếu kế hoạch đã bỏ."))
    file = str(companions[0])
    return Checked(plan, Loaded(file, None, SourceMap(file, [])), diagnostics=problems)


def check_alone(path: Path, source: bytes | None = None) -> Checked:
    """check_plan for one file of many (`validate plans/`): whatever goes wrong with this file,
    even a bug, is reported for this file, and the other files are still checked."""
    try:
        return check_plan(path, source=source, positions=False)
    except config.ConfigError:
        raise  # the settings of the whole run: said once, not as every file's own problem
    except Exception as exc:
        import os

        from kehoach.loader import SourceMap

        if os.environ.get("KEHOACH_DEBUG"):
            raise
        what = exc.message if isinstance(exc, KehoachError) else f"{type(exc).__name__}"
        problem = Diagnostic(
            "KH001", Severity.ERROR, f"kehoach không kiểm tra được tệp này ({what}).", str(path),
            None, "Các tệp khác vẫn được kiểm tra. Nếu tệp trông đúng, hãy báo lỗi này kèm tệp "
            "(chạy `kehoach validate` với riêng tệp này, KEHOACH_DEBUG=1, để xem chi tiết).")
        return Checked(path, Loaded(str(path), None, SourceMap(str(path), [])), diagnostics=[problem])


@dataclass(frozen=True)
class Outcome:
    """What `validate` keeps of one file: small plain data, so that it crosses between processes
    (kehoach.parallel) and is dropped once printed (kehoach.diagnostics_stream)."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, list[str]]  # lines of the files its diagnostics point into, for excerpts
    own: frozenset[str]  # the plan and its companions; a catalogue may be another plan's too
    silenced: tuple = ()  # kehoach.suppress.Silenced: what the rule settings or a comment took out

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def outcome(path: Path, source: bytes | None = None) -> Outcome:
    """check_alone, kept as an Outcome."""
    checked = check_alone(path, source)
    wanted = {d.file for d in checked.diagnostics}
    return Outcome(str(path), tuple(checked.diagnostics),
                   {file: lines for file, lines in checked.sources.items() if file in wanted},
                   frozenset(map(str, (path, progress_path(path), report_path(path)))),
                   tuple(checked.silenced))


def kept_outcome(path: Path) -> Outcome:
    """outcome(), through the incremental cache (kehoach.cache): kept per path and day, used again
    while every file the check read is as it was."""
    from kehoach import cache

    return cache.of("validate").remember((str(path), cache.today()), lambda: outcome(path))


class Tally:
    """`validate`'s exit code over results seen one at a time: 2 when a file (a plan or a
    companion beside it) could not be read at all (KH001); 1 for an error, or with `strict` any
    diagnostic; else 0."""

    def __init__(self) -> None:
        self.unreadable = self.errors = self.diagnostics = False

    def add(self, result: Checked | Outcome) -> None:
        self.unreadable |= any(d.code == "KH001" for d in result.diagnostics)
        self.errors |= bool(result.errors)
        self.diagnostics |= bool(result.diagnostics)

    def counting(self, results: Iterable[Outcome]) -> Iterator[Outcome]:
        for result in results:
            self.add(result)
            yield result

    def code(self, strict: bool = False) -> int:
        return 2 if self.unreadable else 1 if self.errors or (strict and self.diagnostics) else 0


def exit_code(results: Iterable[Checked | Outcome], strict: bool = False) -> int:
    """`validate`'s exit code for these files (Tally)."""
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally.code(strict)


def only_catalogues(paths: Iterable[Path]) -> bool:
    """Paths that are programme catalogues alone (pre-commit passing a changed catalogue with no
    plan beside it): nothing to check, and nothing wrong."""
    paths = list(paths)
    return bool(paths) and all(".catalogue." in p.name and p.is_file() for p in paths)


def _drop_hidden_where_refused(checked: Checked) -> None:
    """A hidden character the schema refuses anyway (in an id: KH107) is said once, as the error."""
    refused = {(d.file, d.line, d.column) for d in checked.diagnostics if d.severity is Severity.ERROR}
    if refused:
        checked.diagnostics = [d for d in checked.diagnostics
                               if d.code != "KH009" or (d.file, d.line, d.column) not in refused]


def _plans_in(folder: Path) -> list[Path]:
    """The plans under `folder`; for a progress or report file with no plan beside it, the plan it
    belongs to (missing: check_plan says so at that file), so no file there goes unchecked."""
    found: set[Path] = set()
    for p in folder.rglob("*"):
        # hidden folders and files (.git, .venv, .pre-commit-hooks.yaml) hold no plans
        if p.suffix not in PLAN_SUFFIXES or any(part.startswith(".") for part in p.relative_to(folder).parts):
            continue
        if not p.name.endswith(COMPANION_SUFFIXES):
            if not p.is_dir():  # a dangling link, a FIFO, a link loop: check_plan says what it is
                found.add(p)
        elif (plan := _companion_plan(p)) is not None and not present(plan):
            found.add(plan)
    return sorted(found)


def _companion_plan(path: Path) -> Path | None:
    """`X.yaml` for `X.progress.yaml` or `X.report.yaml`; None for any other file."""
    return plan_of(path)


def _orphans(path: Path) -> list[Path]:
    """The progress and report files beside `path` when the plan `path` itself is not there."""
    if present(path):
        return []
    return [c for c in (progress_path(path), report_path(path)) if present(c)]


_PROGRAMME = re.compile(r"^programme:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$", re.M)


def _uses(plan: Path, catalogue: Path) -> bool:
    """Whether `plan` names `catalogue` as its `programme` (or cannot be read: then it is
    checked, and says why)."""
    try:
        with plan.open("rb") as handle:
            text = handle.read(1 << 20).decode("utf-8", "replace")
        found = _PROGRAMME.search(text)
        return found is not None and (plan.parent / found[1].strip()).resolve() == catalogue.resolve()
    except (OSError, ValueError):
        return True


def _catalogue_users(catalogue: Path) -> list[Path]:
    """The plans that may use a catalogue: those naming it, under the top folder of the working
    directory that holds it (`plans/` for `plans/danh-muc/x.catalogue.yaml`, where pre-commit
    runs), else under its own folder."""
    root = catalogue.parent
    with contextlib.suppress(ValueError, OSError):
        relative = catalogue.resolve().relative_to(Path.cwd().resolve())
        if len(relative.parts) > 1:
            root = Path(relative.parts[0])
    return [p for p in _plans_in(root) if p.is_file() and _uses(p, catalogue)]


def plans_for(path: Path) -> list[Path]:
    """The plans to check for one path given on the command line (or by pre-commit):
    a folder's plans; for `X.progress.yaml` or `X.report.yaml`, the plan `X.yaml` beside it
    (checked with them); for a `*.catalogue.yaml`, the plans that name it (see _catalogue_users);
    any other file as itself."""
    if path.is_dir():
        return _plans_in(path)
    if (plan := _companion_plan(path)) is not None:
        return [plan]
    if path.name.endswith(tuple(f".catalogue{ext}" for ext in PLAN_SUFFIXES)):
        return _catalogue_users(path)
    return [path]


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Plans to check, each once, in the order given: see `plans_for`. So `validate plans/`,
    `validate plans/2024.progress.yaml` and pre-commit passing only the changed files check the
    same plans with their progress records, and a catalogue is never read as a plan."""
    seen: set[Path] = set()
    for path in paths:
        for plan in plans_for(path):
            key = plan.resolve() if plan.exists() else plan
            if key not in seen:
                seen.add(key)
                yield plan
