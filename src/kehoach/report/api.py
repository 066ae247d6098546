"""`kehoach report` as a library call: read the plan, its progress and its report file, compute
the results as of a date and render the BÁO CÁO in every requested format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from kehoach.companions import report_path
from kehoach.diagnostics import Diagnostic, KehoachError, Severity
from kehoach.model import Plan
from kehoach.progress.model import ProgressFile
from kehoach.render.api import Written, input_files, output_paths, render_view, write_all
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


@dataclass(frozen=True)
class Readiness:
    """Whether the companion files let the report be written, and what to tell the user."""

    # Why it cannot: a file that could not be read at all (exit 2); no report file and no
    # --draft; errors in the companion files. None: it can.
    stop: Literal["unreadable", "missing-report", "errors"] | None
    errors: int  # errors found in the progress and report files
    draft_helps: bool  # for "errors": --draft would go past them (every file's content was read)
    no_progress: bool  # a warning: no progress file, so no task has been reported on
    plan_lacks: tuple[str, ...]  # a warning: the plan's own parts the report's title cites

    @property
    def exit_code(self) -> int:
        return 2 if self.stop == "unreadable" else 1 if self.stop else 0


def readiness(companions: Companions, plan: Plan, *, draft: bool) -> Readiness:
    """Which companion-file problems stop a report and which only warn.

    A file that could not be read stops even a draft. A missing report file (the parts only the
    writer knows) stops the final report; a draft prints blanks instead. Errors stop the final
    report; a draft goes past them, but not past a file whose content could not be used at all.
    No progress file, or a plan without its number or date, only warn.
    """
    # A draft goes ahead past errors, but not past a file whose content could not be read at all.
    unusable = ((companions.report is None and not companions.missing_report)
                or (companions.progress is None and not companions.missing_progress))
    stop: Literal["unreadable", "missing-report", "errors"] | None = None
    if companions.unreadable:
        stop = "unreadable"
    elif companions.missing_report and not draft:
        stop = "missing-report"
    elif companions.errors and (not draft or unusable):
        stop = "errors"
    lacks = tuple(what for what, value in (("number", plan.document.number), ("date", plan.document.date))
                  if value is None)
    return Readiness(stop, len(companions.errors), not unusable, companions.missing_progress, lacks)


def report_day(given: date | None, parts: ReportFile, period_end: date, *, draft: bool,
               parts_file: Path) -> date:
    """The day the report's figures are counted to: as_of_day, after refusing an --as-of past the
    signing date of a final report (as KH703 says of the file's `as_of`: a signed report cannot
    give figures past its date). A draft may, to see where things stand now: it is marked DỰ THẢO
    and names its date."""
    if given is not None and parts.date is not None and given > parts.date and not draft:
        raise KehoachError(f"--as-of {given:%d/%m/%Y} sau ngày ký báo cáo {parts.date:%d/%m/%Y} "
                           f"(`date` trong {parts_file}): báo cáo không thể nêu số liệu sau ngày ký.",
                           "Bỏ --as-of (số liệu tính đến ngày ký), ghi một ngày không sau ngày ký, sửa "
                           "`date` của báo cáo, hoặc dùng --draft để xem bản dự thảo.")
    return as_of_day(given, parts, period_end)


def as_of_day(given: date | None, parts: ReportFile, period_end: date) -> date:
    """--as-of, else the report file's `as_of`, else the report's date, else today, but never
    past the end of the plan's period: a draft of a finished plan reports on its period, not
    on how overdue its work has grown since."""
    return given or parts.as_of or parts.date or min(date.today(), period_end)


def render_report(checked: Checked, parts: ReportFile, progress: ProgressFile | None, day: date,
                  formats: tuple[str, ...], output: Path | None, templates: Path | None,
                  draft: bool, as_folder: bool = False) -> list[Written]:
    from kehoach.output import check_target

    assert checked.plan is not None
    plan_path = checked.path
    stem = f"{plan_path.stem}-bao-cao"
    targets = output_paths(plan_path.with_name(stem), formats, output, as_folder)
    inputs = (*input_files(checked), report_path(plan_path), *((templates,) if templates else ()))
    for target in targets.values():  # refused before the (slow) rendering, and again when written
        check_target(target, inputs)
    return write_all(report_rendered(checked, parts, progress, day, formats, templates, draft), targets,
                     inputs)


def report_rendered(checked: Checked, parts: ReportFile, progress: ProgressFile | None, day: date,
                    formats: tuple[str, ...], templates: Path | None = None,
                    draft: bool = False) -> dict[str, bytes]:
    """The report in every requested format, in memory: what `report` writes, byte for byte."""
    from kehoach.report.document import build_report_view
    from kehoach.report.view import compute_results

    assert checked.plan is not None
    results = compute_results(checked.plan, checked.catalogue, progress, day)
    view = build_report_view(checked.plan, checked.catalogue, results, parts,
                             report_path(checked.path).name, draft=draft)
    return render_view(view, formats, templates, f"{checked.path.stem}-bao-cao")


def missing_parts(parts: ReportFile | None) -> dict[str, str]:
    """The parts only a person can write that the report file does not have yet (key → what a
    person calls it), in the order the report prints them: what a draft leaves blank."""
    from kehoach.report.model import REQUIRED_PARTS

    return {key: label for key, label in REQUIRED_PARTS.items()
            if parts is None or not getattr(parts, key)}
