"""`kehoach report` as a library call: read the plan, its progress and its report file, compute
the results as of a date and render the BÁO CÁO in every requested format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kehoach.diagnostics import Diagnostic, Severity
from kehoach.progress.model import ProgressFile
from kehoach.render.api import Written, input_files, output_paths, render_view, write_all
from kehoach.report.check import report_path
from kehoach.report.model import ReportFile
from kehoach.validate import Checked, progress_path


@dataclass
class Companions:
    """The progress records and report parts of a plan, with what checking them found."""

    progress: ProgressFile | None = None
    report: ReportFile | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    unreadable: bool = False
    missing_report: bool = False
    missing_progress: bool = False

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def read_companions(checked: Checked, *, final: bool) -> Companions:
    """Check `<stem>.progress.yaml` and `<stem>.report.yaml` beside the plan (which loaded);
    `final` requires every part of the report (KH701). Never raises."""
    from kehoach.loader import present
    from kehoach.progress import check_progress
    from kehoach.report.check import check_report

    assert checked.plan is not None
    out = Companions()
    path = progress_path(checked.path)
    if present(path):
        records = check_progress(path, checked.plan, checked.path, checked.catalogue)
        out.diagnostics += records.diagnostics
        out.sources[records.loaded.file] = records.loaded.source.lines
        out.progress = records.progress
        out.unreadable |= records.loaded.not_read
    else:
        out.missing_progress = True
    path = report_path(checked.path)
    if present(path):
        parts = check_report(path, checked.plan, checked.path, checked.catalogue, final=final)
        out.diagnostics += parts.diagnostics
        out.sources[parts.loaded.file] = parts.loaded.source.lines
        out.report = parts.report
        out.unreadable |= parts.loaded.not_read
    else:
        out.missing_report = True
    return out


def as_of_day(given: date | None, parts: ReportFile, period_end: date) -> date:
    """--as-of, else the report file's `as_of`, else the report's date, else today, but never
    past the end of the plan's period: a draft of a finished plan reports on its period, not
    on how overdue its work has grown since."""
    return given or parts.as_of or parts.date or min(date.today(), period_end)


def render_report(checked: Checked, parts: ReportFile, progress: ProgressFile | None, day: date,
                  formats: tuple[str, ...], output: Path | None, templates: Path | None,
                  draft: bool, as_folder: bool = False) -> list[Written]:
    from kehoach.output import check_target
    from kehoach.report.document import build_report_view
    from kehoach.report.view import compute_results

    assert checked.plan is not None
    plan_path = checked.path
    stem = f"{plan_path.stem}-bao-cao"
    targets = output_paths(plan_path.with_name(stem), formats, output, as_folder)
    inputs = (*input_files(checked), report_path(plan_path), *((templates,) if templates else ()))
    for target in targets.values():  # refused before the (slow) rendering, and again when written
        check_target(target, inputs)
    results = compute_results(checked.plan, checked.catalogue, progress, day)
    view = build_report_view(checked.plan, checked.catalogue, results, parts,
                             report_path(plan_path).name, draft=draft)
    return write_all(render_view(view, formats, templates, stem), targets, inputs)
