"""The summary stage: each checked plan (and its progress file) becomes one row of plain data,
and the rows become a `Summary` with its columns and totals. Writers (kehoach.summary.text,
kehoach.summary.xlsx) only format what is here.

Budget lines become columns by catalogue code, so a province's table has a bounded set of
columns however the communes named their lines: a line keyed by a project or sub-project code
is that code's; a line keyed by an activity id goes to the nearest catalogue code above the
activity; anything else to the column "Khác"; the part of a total no line is written for (a
budget split by source only) to the column "Chưa chia theo dự án". A plan's columns therefore
add up to its total, and their spending to its spending.

Funding sources (kehoach.funding) become columns by what they are, their printed name (case and
spacing aside), never by code alone: two communes' own `quy-xa` may be two different funds, and a
plan may give a built-in code a name of its own; one column never adds up two different things
under one name. One more column holds the part of a total (and of the spending) that no source
is named for: those columns add up to the total and to the spending too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kehoach.diagnostics import Diagnostic, Severity
from kehoach.progress.states import STATES

OTHER = ""  # column key of budget lines under no catalogue code
OTHER_HEADING = "Khác (không thuộc dự án nào trong danh mục)"
UNSPLIT = "*"  # column key of the part of a total (or of the spending) that no budget line holds
UNSPLIT_HEADING = "Chưa chia theo dự án, hoạt động"


@dataclass(frozen=True, slots=True)
class Problem:
    """A plan's first error, where validate would point at it."""

    file: str
    line: int
    column: int
    code: str
    message: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file


@dataclass(frozen=True, slots=True)
class Money:
    amount: int
    spent: int


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One plan: who issued it, for which years, its money and how far its tasks are.

    A plan with errors keeps only `file`, `error` and the counts: figures from a plan that does
    not validate cannot be trusted."""

    file: str
    progress_file: str | None = None
    issuer: str | None = None
    first_year: int | None = None
    last_year: int | None = None
    total: int | None = None  # None: the plan has no budget figures
    spent: int = 0
    columns: dict[str, Money] = field(default_factory=dict)  # column key -> money
    headings: dict[str, str] = field(default_factory=dict)  # column key -> printed heading
    tasks: dict[str, int] = field(default_factory=dict)  # state -> count (every state)
    sources: dict[str, Money] = field(default_factory=dict)  # source code -> dự toán, đã chi
    source_names: dict[str, str] = field(default_factory=dict)  # source code -> its name in this plan
    unassigned: Money = Money(0, 0)  # the part of the total / spending no source is named for
    errors: int = 0
    warnings: int = 0
    error: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def task_count(self) -> int:
        return sum(self.tasks.values())


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # catalogue code, or OTHER
    heading: str


@dataclass(frozen=True, slots=True)
class SourceColumn:
    key: str  # source_key(name): what the source is
    heading: str  # its printed name, as the first plan naming it writes it
    codes: tuple[str, ...]  # the codes plans give it (usually one)


def source_key(name: str) -> str:
    """What a funding source is, for adding plans up: its printed name without the differences a
    reader does not see as another source (case, Unicode form, spacing)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def row_sources(row: PlanRow) -> dict[str, Money]:
    """A plan's money by source_key (two codes of one plan with one name are one source)."""
    out: dict[str, Money] = {}
    for code, money in row.sources.items():
        key = source_key(row.source_names[code])
        out[key] = _add(out.get(key), money)
    return out


@dataclass(frozen=True)
class Totals:
    plans: int  # plans summed (those without errors)
    total: int
    spent: int
    columns: dict[str, Money]
    tasks: dict[str, int]
    sources: dict[str, Money]  # source_key -> money
    unassigned: Money

    @property
    def task_count(self) -> int:
        return sum(self.tasks.values())


@dataclass(frozen=True)
class Summary:
    as_of: date
    rows: list[PlanRow]  # every plan, in the order the files were given
    columns: list[Column]
    totals: Totals
    sources: list[SourceColumn]  # funding sources any plan names; empty when none does

    @property
    def failed(self) -> list[PlanRow]:
        return [r for r in self.rows if not r.ok]

    @property
    def good(self) -> list[PlanRow]:
        return [r for r in self.rows if r.ok]

    @property
    def exit_code(self) -> int:
        """2 when a file could not be read at all (KH001); 1 when a plan has errors; else 0."""
        if any(r.error is not None and r.error.code == "KH001" for r in self.rows):
            return 2
        return 1 if self.failed else 0


def column_code(key: str) -> str:
    """What a column is called in a header or a cell: its code, or what stands for one."""
    return {OTHER: "khác", UNSPLIT: "chưa chia"}.get(key, key)


def spent_share(spent: int, total: int | None) -> float | None:
    """Spent as a fraction of the total; None when there is no total to divide by."""
    return spent / total if total else None


# ---- one plan -----------------------------------------------------------------------------------


def _problem(d: Diagnostic) -> Problem:
    return Problem(d.file, d.line, d.column, d.code, d.message)


def _column_of(key: str, catalogue, found) -> str:
    if catalogue is not None and catalogue.get(key) is not None:
        return key
    node = found.get(key)
    code = node.project if node is not None else None
    if code is not None and catalogue is not None and catalogue.get(code) is not None:
        return code
    return OTHER


def summarise_kept(path: Path, as_of: date) -> PlanRow:
    """summarise(), through the incremental cache (kehoach.cache): kept per path, as-of day and
    day, used again while every file the check read is as it was."""
    from kehoach import cache

    return cache.of("summary").remember((str(path), as_of.isoformat(), cache.today()),
                                        lambda: summarise(path, as_of))


def summarise(path: Path, as_of: date) -> PlanRow:
    """Check one plan and its progress file; their figures as of `as_of`, or their first error.

    Never raises for anything wrong in the files (check_plan and check_progress do not)."""
    from kehoach import progress as prog
    from kehoach.loader import present
    from kehoach.validate import check_plan, progress_path

    # The quick way (no spans) for clean files; anything to say is placed as `validate` places it.
    checked = check_plan(path, progress=False, positions=False)
    diagnostics = list(checked.diagnostics)
    records = None
    progress_file = progress_path(path)
    if checked.plan is not None and not checked.errors and present(progress_file):
        result = prog.check_progress(progress_file, checked.plan, path, checked.catalogue, positions=False)
        diagnostics += result.diagnostics
        records = result.progress
    return row_of(checked, records, diagnostics, as_of)


def counted(path: Path, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The problems a plan's summary row counts, out of all those found in the plan and its
    companions: the plan's own (its catalogue's too); its progress file's only while the plan has
    no errors — a plan with errors is not summed, so its progress records are not read —; never
    the report file's (its parts are the report's, not the province's)."""
    from kehoach.companions import progress_path, report_path

    progress, report = str(progress_path(path)), str(report_path(path))
    own = [d for d in diagnostics if d.file not in (progress, report)]
    if any(d.severity is Severity.ERROR for d in own):
        return own
    return [d for d in diagnostics if d.file != report]


def row_of(checked, records, diagnostics: list[Diagnostic], as_of: date) -> PlanRow:
    """The row of a plan already checked (kehoach.validate.Checked) with its progress records
    (None: none, or unreadable) and the problems found in it and its companions (`diagnostics`;
    the row counts those `counted` keeps, whoever checked them)."""
    from kehoach import progress as prog
    from kehoach import tasks as task_list
    from kehoach.validate import progress_path

    path = checked.path
    progress_file = progress_path(path)
    diagnostics = counted(path, diagnostics)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    warnings = len(diagnostics) - len(errors)
    plan = checked.plan
    if errors or plan is None:
        first = errors[0] if errors else None
        error = _problem(first) if first else Problem(str(path), 0, 0, "KH001", "không đọc được kế hoạch")
        return PlanRow(str(path), errors=len(errors), warnings=warnings, error=error)

    report = prog.compute(plan, checked.catalogue, records, as_of)
    columns: dict[str, Money] = {}
    headings: dict[str, str] = {}
    if report.lines:
        found = task_list.index(plan)
        for line in report.lines:
            whole = line.key == task_list.WHOLE_BUDGET  # a total with no lines
            key = UNSPLIT if whole else _column_of(line.key, checked.catalogue, found)
            columns[key] = _add(columns.get(key), Money(line.amount, line.spent))
            if key not in headings:
                headings[key] = {OTHER: OTHER_HEADING, UNSPLIT: UNSPLIT_HEADING}.get(key) \
                    or checked.catalogue.heading(key)
    total = plan.budget.total if plan.budget is not None else None
    rest = Money(max((total or 0) - sum(m.amount for m in columns.values()), 0),
                 max(report.spent - sum(m.spent for m in columns.values()), 0))
    if rest.amount or rest.spent:
        columns[UNSPLIT], headings[UNSPLIT] = rest, UNSPLIT_HEADING
    # By source: what the plan states (None: no figure for it) and what the records spent from it.
    named = {use.code: Money(use.amount or 0, use.spent) for use in report.by_source}
    unassigned = Money(max((total or 0) - sum(m.amount for m in named.values()), 0),
                       max(report.spent - sum(m.spent for m in named.values()), 0))
    return PlanRow(
        file=str(path),
        progress_file=str(progress_file) if records is not None else None,
        issuer=plan.document.issuer,
        first_year=plan.first_year,  # period plans (2021-2025) give both; one-year plans the same
        last_year=plan.last_year,
        total=total,
        spent=report.spent,
        columns=columns,
        headings=headings,
        tasks={state: report.count(state) for state in STATES},
        sources=named,
        source_names={use.code: use.name for use in report.by_source},
        unassigned=unassigned,
        warnings=warnings,
    )


# ---- many plans ---------------------------------------------------------------------------------

_PARTS = re.compile(r"(\d+)")


def code_order(key: str) -> tuple:
    """DA2 before DA10, DA6 before DA6.TDA1, then "Khác", then what no line holds."""
    if key == UNSPLIT:
        return (2,)
    if key == OTHER:
        return (1,)
    return (0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _PARTS.split(key) if p))


def _add(a: Money | None, b: Money) -> Money:
    return b if a is None else Money(a.amount + b.amount, a.spent + b.spent)


def build(rows: list[PlanRow], as_of: date) -> Summary:
    """The columns every plan's money falls into, and the totals over the plans without errors."""
    headings: dict[str, str] = {}
    columns: dict[str, Money] = {}
    tasks = dict.fromkeys(STATES, 0)
    total = spent = 0
    unassigned = Money(0, 0)
    sources: dict[str, Money] = {}
    names: dict[str, str] = {}
    codes: dict[str, dict[str, None]] = {}
    good = 0
    for row in rows:
        if not row.ok:
            continue
        good += 1
        total += row.total or 0
        spent += row.spent
        for key, money in row.columns.items():
            columns[key] = _add(columns.get(key), money)
            headings.setdefault(key, row.headings[key])
        for state, n in row.tasks.items():
            tasks[state] += n
        for code, money in row.sources.items():
            name = row.source_names[code]
            key = source_key(name)
            sources[key] = _add(sources.get(key), money)
            names.setdefault(key, name)
            codes.setdefault(key, {})[code] = None
        unassigned = _add(unassigned, row.unassigned)
    ordered = [Column(key, headings[key]) for key in sorted(headings, key=code_order)]
    named = [SourceColumn(key, names[key], tuple(codes[key])) for key in sorted(names, key=_source_order())]
    totals = Totals(good, total, spent, columns, tasks, sources, unassigned)
    return Summary(as_of, rows, ordered, totals, named)


def _source_order():
    """Built-in sources in their data file's order (trung ương before địa phương), then the
    plans' own sources by name. A source is built-in by its name: a plan that gives a built-in
    code a name of its own names another source."""
    from kehoach.funding import builtin

    rank = {source_key(name): i for i, name in enumerate(builtin().values())}
    return lambda key: (rank.get(key, len(rank)), key)
