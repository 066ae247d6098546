"""One plan at a glance, for a list of many (the index of `kehoach serve`): who issued it, for
which years, its number, total and tasks by state as of a day, and how many errors and warnings
`kehoach validate` finds in it and its companion files — all from one checking of the files.

The same reading gives the plan's row of the province summary (kehoach.summary.rows.row_of),
so a page showing both never checks a plan twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kehoach.diagnostics import KehoachError, Severity
from kehoach.summary.rows import PlanRow, Problem, row_of


@dataclass(frozen=True, slots=True)
class Overview:
    file: str
    row: PlanRow  # the province summary's row (figures only when the plan has no errors)
    title: str | None = None  # the plan's trích yếu, when the plan could be read
    issuer: str | None = None
    number: str | None = None  # "05/KH-UBND"; None while the văn thư has not numbered it
    issued: date | None = None
    first_year: int | None = None
    last_year: int | None = None
    total: int | None = None
    tasks: dict[str, int] = field(default_factory=dict)  # state -> count, as of `as_of`
    errors: int = 0  # as `kehoach validate` counts them: the plan, its progress and report files
    warnings: int = 0
    first_error: Problem | None = None
    # Every file whose change changes this overview: the plan, its companions, its catalogue.
    depends_on: tuple[str, ...] = ()
    # (message, hint) when the plan could not be checked at all: the rule settings that apply to
    # it (kehoach.toml) cannot be read, and `kehoach validate` stops on them (exit 2).
    stopped: tuple[str, str] | None = None

    @property
    def years(self) -> str:
        if self.first_year is None:
            return ""
        if self.last_year is None or self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


def depends_on(checked) -> tuple[Path, ...]:
    """The files a plan's checking reads: the plan, its progress and report files, and a
    catalogue file of its own (`programme: x.catalogue.yaml`)."""
    from kehoach.companions import progress_path

    plan = checked.path
    files = [plan, progress_path(plan), plan.with_name(f"{plan.stem}.report.yaml")]
    programme = checked.plan.programme if checked.plan is not None else None
    if isinstance(programme, str) and programme.endswith((".yaml", ".yml")):
        files.append(plan.parent / programme)
    return tuple(files)


def overview_of(checked, as_of: date) -> Overview:
    """The overview of a plan checked with its companions (check_plan(progress=True))."""
    diagnostics = checked.diagnostics
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    first = errors[0] if errors else None
    # The province's row is the summary's: it counts what `kehoach summary` counts (rows.counted).
    row = row_of(checked, checked.records, diagnostics, as_of)
    plan = checked.plan
    doc = plan.document if plan is not None else None
    return Overview(
        file=str(checked.path),
        row=row,
        title=doc.summary if doc is not None else None,
        issuer=doc.issuer if doc is not None else None,
        number=_number(doc) if doc is not None else None,
        issued=doc.date if doc is not None else None,
        first_year=plan.first_year if plan is not None else None,
        last_year=plan.last_year if plan is not None else None,
        total=plan.budget.total if plan is not None and plan.budget is not None else None,
        tasks=dict(row.tasks),
        errors=len(errors),
        warnings=len(diagnostics) - len(errors),
        first_error=(
            Problem(first.file, first.line, first.column, first.code, first.message) if first else None
        ),
        depends_on=tuple(str(p) for p in depends_on(checked)),
    )


def _number(doc) -> str | None:
    """`05/KH-UBND` as the document prints it; None until the văn thư gives the number."""
    from kehoach.render.views import clean, number_line

    if doc.number is None:
        return None
    return number_line(doc.number, clean(doc.issuer_code)).removeprefix("Số: ")


def overview(path: Path, as_of: date) -> Overview:
    """Check one plan as `kehoach validate` does and give its overview. Never raises for anything
    wrong in the files; a bug while checking one plan is that plan's error, not the list's; rule
    settings that cannot be read make an overview that says so (overview_stopped)."""
    from kehoach.config import ConfigError
    from kehoach.validate import check_alone

    try:
        return overview_of(check_alone(path), as_of)
    except ConfigError as exc:
        return overview_stopped(path, exc)
    except Exception as exc:  # a bug: this plan's error, the list goes on (see overview_failed)
        return overview_failed(path, exc)


def _key(path: Path, as_of: date) -> tuple[str, ...]:
    from kehoach import cache

    return (str(path), as_of.isoformat(), cache.today())


def kept(path: Path, as_of: date) -> Overview | None:
    """The overview the incremental cache (kehoach.cache) keeps for the plan as of `as_of`, while
    every file its checking read is as it was; None when there is none (or no cache)."""
    from kehoach import cache

    store = cache.of("overview")
    found = store.get(_key(path, as_of)) if store.usable else None
    return found if isinstance(found, Overview) else None


def overview_kept(path: Path, as_of: date) -> Overview:
    """overview(), through the incremental cache: kept per path, as-of day and day. A plan that
    could not be checked (KH001: a bug, a file that cannot be read) is never kept: it is checked
    again next time."""
    from kehoach import cache, reads

    store = cache.of("overview")
    if not store.usable:
        return overview(path, as_of)
    if (found := kept(path, as_of)) is not None:
        return found
    with reads.recording() as noted:
        result = overview(path, as_of)
    if result.first_error is None or result.first_error.code != "KH001":
        store.put(_key(path, as_of), noted, result)
    return result


def overview_failed(path: Path, exc: Exception) -> Overview:
    """The overview of a plan whose checking raised (a bug in kehoach, not in the file): one
    error, KH001 as `kehoach validate` names a file it could not check, the exception in the
    message, and the plan's files to watch, so a change checks it again. KEHOACH_DEBUG=1 prints
    the traceback on the console as well."""
    import os
    import traceback

    if os.environ.get("KEHOACH_DEBUG"):
        traceback.print_exception(exc)
    what = exc.message if isinstance(exc, KehoachError) else f"{type(exc).__name__}: {exc}"
    message = f"kehoach không kiểm tra được kế hoạch này ({what})."
    return _one_error(path, Problem(str(path), 0, 0, "KH001", message))


def overview_stopped(path: Path, exc: KehoachError) -> Overview:
    """The overview of a plan that could not be checked (its rule settings cannot be read): no
    figures, one error — the settings' own message — and the plan's files to watch."""
    return _one_error(path, Problem(str(path), 0, 0, "", exc.message), stopped=(exc.message, exc.hint))


def _one_error(path: Path, problem: Problem, stopped: tuple[str, str] | None = None) -> Overview:
    """An overview with no figures, `problem` its one error, and the plan's files to watch."""
    from kehoach.companions import progress_path, report_path

    return Overview(
        file=str(path),
        row=PlanRow(str(path), errors=1, error=problem),
        errors=1,
        first_error=problem,
        depends_on=(str(path), str(progress_path(path)), str(report_path(path))),
        stopped=stopped,
    )
