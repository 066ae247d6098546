"""Checking a report file against its plan: load, shape, then the KH7xx rules. Never raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kehoach.catalogue import Catalogue
from kehoach.diagnostics import Diagnostic, Severity
from kehoach.loader import Loaded, load_file
from kehoach.model import Plan
from kehoach.report.model import ReportFile


@dataclass
class ReportChecked:
    path: Path
    loaded: Loaded
    report: ReportFile | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    silenced: list = field(default_factory=list)  # kehoach.suppress.Silenced

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def check_report(path: Path, plan: Plan, plan_path: Path, catalogue: Catalogue | None, *,
                 final: bool = False, positions: bool = True) -> ReportChecked:
    """Load and check a report file against its plan; `final` also requires every part (KH701).
    The diagnostics as the plan's rule settings and this file's comments leave them.

    `positions=False`: read the quick way first (kehoach.loader.load_text); a file with anything
    to say is checked again with spans, so its diagnostics are placed as always."""
    if not positions:
        try:
            quick = _check_report(path, plan, plan_path, catalogue, final=final, positions=False)
        except Exception:  # a rule that needs a span it lacks: the full way says it
            quick = None
        if quick is not None and ((not quick.diagnostics and not quick.silenced) or quick.loaded.positions):
            return quick
    return _check_report(path, plan, plan_path, catalogue, final=final, positions=True)


def _check_report(path: Path, plan: Plan, plan_path: Path, catalogue: Catalogue | None, *,
                  final: bool, positions: bool) -> ReportChecked:
    from kehoach import config
    from kehoach.suppress import apply

    checked = _read_and_check(path, plan, plan_path, catalogue, final=final, positions=positions)
    apply(checked, config.for_file(plan_path))
    return checked


def _read_and_check(path: Path, plan: Plan, plan_path: Path, catalogue: Catalogue | None, *,
                    final: bool, positions: bool) -> ReportChecked:
    from kehoach.report.rules import CHECK_RULES, ReportContext, has_every_part
    from kehoach.rules.base import run_rules
    from kehoach.schema import validate_model

    loaded = load_file(path, positions=positions)
    checked = ReportChecked(path, loaded, diagnostics=list(loaded.diagnostics))
    if loaded.unreadable:
        return checked
    if not isinstance(loaded.data, dict):
        checked.diagnostics.append(Diagnostic(
            "KH103", Severity.ERROR, "Tệp báo cáo phải là một bảng `khóa: giá trị` ở cấp ngoài cùng.",
            loaded.file, loaded.source.span(()),
            "Bắt đầu bằng `plan: 2024.yaml` rồi `date:`, `signer:`, `shortcomings:` …"))
        return checked
    report, problems = validate_model(loaded, ReportFile)
    checked.diagnostics.extend(problems)
    if report is None or any(d.severity is Severity.ERROR for d in loaded.diagnostics):
        return checked
    ctx = ReportContext(loaded.file, loaded.source, catalogue, path.parent, plan=plan, plan_path=plan_path)
    rules = (has_every_part, *CHECK_RULES) if final else CHECK_RULES
    checked.diagnostics.extend(run_rules(rules, report, ctx))
    checked.report = report
    return checked
