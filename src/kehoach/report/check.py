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

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def check_report(path: Path, plan: Plan, plan_path: Path, catalogue: Catalogue | None, *,
                 final: bool = False) -> ReportChecked:
    """Load and check a report file against its plan; `final` also requires every part (KH701)."""
    from kehoach.report.rules import CHECK_RULES, ReportContext, has_every_part
    from kehoach.rules.base import run_rules
    from kehoach.schema import validate_model

    loaded = load_file(path)
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
