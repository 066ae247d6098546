"""Checking a progress file against its plan: load, shape, then the KH6xx rules. Never raises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kehoach.catalogue import Catalogue
from kehoach.diagnostics import Diagnostic, Severity
from kehoach.loader import Loaded, load_file, load_text
from kehoach.model import Plan
from kehoach.progress.model import ProgressFile

_DAY_VN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DAY_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date:
    """`2024-12-31` or `31/12/2024`; ValueError for anything else, or a day not on the calendar."""
    text = text.strip()
    if m := _DAY_VN.fullmatch(text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if _DAY_ISO.fullmatch(text):
        return date.fromisoformat(text)
    raise ValueError(text)


@dataclass
class ProgressChecked:
    path: Path
    loaded: Loaded
    progress: ProgressFile | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    silenced: list = field(default_factory=list)  # kehoach.suppress.Silenced

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def progress_file(plan: Path, given: Path | None) -> Path | None:
    """The progress file a command reads for `plan`: `given` (--progress), which must exist, else
    `<stem>.progress.yaml` beside the plan when something is there; None: no records yet."""
    from kehoach.companions import progress_path
    from kehoach.diagnostics import KehoachError
    from kehoach.loader import present

    path = given or progress_path(plan)
    if present(path):
        return path
    if given is not None:
        raise KehoachError(f"Không có tệp tiến độ {path}.", "Kiểm tra đường dẫn ở --progress.")
    return None


def check_progress(path: Path, plan: Plan, plan_path: Path, catalogue: Catalogue | None,
                   today: date | None = None, text: str | None = None, *,
                   positions: bool = True) -> ProgressChecked:
    """Load, shape-check and rule-check a progress file against its plan; the diagnostics as the
    plan's rule settings and this file's comments leave them (kehoach.suppress). Never raises
    for anything in the file.

    With `text`, that is the file's content (a record about to be appended, checked before
    anything is written) and `path` only names it.

    `positions=False`: read the quick way first (kehoach.loader.load_text); a file with anything
    to say is checked again with spans, so its diagnostics are placed as always."""
    if not positions:
        try:
            quick = _check_progress(path, plan, plan_path, catalogue, today, text, positions=False)
        except Exception:  # a rule that needs a span it lacks: the full way says it
            quick = None
        if quick is not None and ((not quick.diagnostics and not quick.silenced) or quick.loaded.positions):
            return quick
    return _check_progress(path, plan, plan_path, catalogue, today, text, positions=True)


def _check_progress(path: Path, plan: Plan, plan_path: Path, catalogue: Catalogue | None,
                    today: date | None, text: str | None, *, positions: bool) -> ProgressChecked:
    from kehoach import config
    from kehoach.suppress import apply

    checked = _read_and_check(path, plan, plan_path, catalogue, today, text, positions=positions)
    apply(checked, config.for_file(plan_path))
    return checked


def _read_and_check(path: Path, plan: Plan, plan_path: Path, catalogue: Catalogue | None,
                    today: date | None, text: str | None, *, positions: bool) -> ProgressChecked:
    from kehoach.progress.rules import PROGRESS_RULES, ProgressContext
    from kehoach.rules.base import run_rules
    from kehoach.schema import validate_model

    loaded = (load_file(path, positions=positions) if text is None
              else load_text(text, str(path), positions=positions))
    checked = ProgressChecked(path, loaded, diagnostics=list(loaded.diagnostics))
    if loaded.unreadable:
        return checked
    if not isinstance(loaded.data, dict):
        checked.diagnostics.append(Diagnostic(
            "KH103", Severity.ERROR, "Tệp tiến độ phải là một bảng `khóa: giá trị` ở cấp ngoài cùng.",
            loaded.file, loaded.source.span(()),
            "Bắt đầu bằng `plan: 2024.yaml` rồi `records:` và các bản ghi `- date: …`."))
        return checked
    unit = plan.budget.unit if plan.budget is not None else None
    progress, problems = validate_model(loaded, ProgressFile, {"unit": unit})
    checked.diagnostics.extend(problems)
    if progress is None or any(d.severity is Severity.ERROR for d in loaded.diagnostics):
        return checked
    ctx = ProgressContext(loaded.file, loaded.source, catalogue, path.parent, plan=plan,
                          plan_path=plan_path, today=today or date.today())
    checked.diagnostics.extend(run_rules(PROGRESS_RULES, progress, ctx))
    checked.progress = progress
    return checked
