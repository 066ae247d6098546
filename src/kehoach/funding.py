"""Funding sources (nguồn vốn): the built-in list (data/funding-sources.yaml) and those a plan
declares itself (`funding_sources:`). A code is never printed: every consumer asks `name()`.

The data file is read on first use and cached, so `validate` pays for it only when a plan
actually names a source.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kehoach.model import Plan


@lru_cache(maxsize=1)
def builtin() -> dict[str, str]:
    """The packaged funding sources, code → printed name, in the file's order."""
    import yaml

    text = (resources.files("kehoach") / "data" / "funding-sources.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {str(code): str(name) for code, name in data.items()}


def known(plan: Plan) -> dict[str, str]:
    """Every source the plan may name: the built-in ones, then the plan's own (which win)."""
    return {**builtin(), **plan.funding_sources} if plan.funding_sources else builtin()


def name(plan: Plan, code: str) -> str:
    """The printed name of a source. The rules (KH206) make sure every code is known; an unknown
    one is spelt out without its hyphens rather than printed as a code."""
    found = known(plan).get(code)
    return found if found is not None else code.replace("-", " ").replace("_", " ")


# ---------------------------------------------------------------------------------------------
# Plain data for consumers (report, summary, progress): each line with its sources, in đồng.


@dataclass(frozen=True, slots=True)
class SourceAmount:
    code: str
    name: str  # printed name, lower case as inside a sentence
    amount: int  # đồng


@dataclass(frozen=True, slots=True)
class LineFunding:
    key: str  # the line's code (DA6.TDA1) or activity id
    amount: int  # đồng
    sources: tuple[SourceAmount, ...]  # the full split, or the stated part when `partial`
    partial: bool  # `of_which`: the sources name only part of the amount


@dataclass(frozen=True, slots=True)
class BudgetFunding:
    unit: str  # the unit the plan writes amounts in; every amount here is in đồng
    sources_text: str | None
    total: int | None
    lines: tuple[LineFunding, ...]
    # as stated (`by_source`), else summed from the lines' splits, partial parts included
    by_source: tuple[SourceAmount, ...]
    stated_by_source: bool
    unassigned: int  # part of the total no source is named for (0 when fully split)


def budget_funding(plan: Plan) -> BudgetFunding | None:
    """The budget as plain data: every line with its amount and sources, and the source totals.
    None when the plan has no budget."""
    budget = plan.budget
    if budget is None:
        return None
    names = known(plan) if (budget.by_source or any(
        line.sources or line.of_which for line in budget.lines.values())) else {}

    def amounts(split: dict[str, int]) -> tuple[SourceAmount, ...]:
        return tuple(SourceAmount(c, names.get(c) or name(plan, c), v) for c, v in split.items())

    lines = tuple(LineFunding(key, line.amount, amounts(line.sources or line.of_which),
                              bool(line.of_which) and not line.sources)
                  for key, line in budget.lines.items())
    if budget.by_source:
        by_source, stated = amounts(budget.by_source), True
    else:
        summed: dict[str, int] = {}
        for line in lines:
            for part in line.sources:
                summed[part.code] = summed.get(part.code, 0) + part.amount
        by_source, stated = amounts(summed), False
    named = sum(s.amount for s in by_source)
    unassigned = max((budget.total or 0) - named, 0)
    return BudgetFunding(budget.unit, budget.sources, budget.total, lines, by_source, stated, unassigned)
