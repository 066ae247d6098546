"""What a rule is: a pure function from a plan to problems, registered with a stable code.

As in yamllint, a rule only *yields* problems (a data path and words); `run_rules` stamps the
code, severity, file and span. The rule's docstring is its user documentation and must carry a
failing (`Sai:`) and a passing (`Đúng:`) example; `kehoach rules` prints it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.catalogue import Catalogue
from kehoach.diagnostics import Diagnostic, Severity, Span
from kehoach.loader import DataPath, SourceMap
from kehoach.model import Plan


@dataclass(frozen=True, slots=True)
class Problem:
    path: DataPath
    message: str
    hint: str = ""
    notes: tuple[str, ...] = ()
    on_key: bool = False  # point at the key naming `path` rather than its value
    span: Span | None = None  # a place inside the value (a word of a paragraph), when known


@dataclass(frozen=True)
class Context:
    file: str
    source: SourceMap
    catalogue: Catalogue | None
    plan_dir: Path = field(default_factory=Path)


Check = Callable[[Plan, Context], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: Check
    needs_catalogue: bool = False

    @property
    def doc(self) -> str:
        import inspect

        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return " ".join(self.doc.split("\n\n", 1)[0].split())


def rule(code: str, name: str, severity: Severity = Severity.ERROR, *,
         needs_catalogue: bool = False) -> Callable[[Check], Rule]:
    def wrap(check: Check) -> Rule:
        return Rule(code, name, severity, check, needs_catalogue)

    return wrap


def run_rules(rules: Iterable[Rule], plan: Plan, ctx: Context) -> Iterator[Diagnostic]:
    for r in rules:
        if r.needs_catalogue and ctx.catalogue is None:
            continue
        for p in r.check(plan, ctx):
            span = p.span or (ctx.source.key_span(p.path) if p.on_key else ctx.source.span(p.path))
            yield Diagnostic(r.code, r.severity, p.message, ctx.file, span, p.hint, p.notes)
