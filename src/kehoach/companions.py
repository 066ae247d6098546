"""The files that live beside a plan, by name: `<stem>.progress.yaml` (progress records),
`<stem>.report.yaml` (the report's parts), `<stem>.catalogue.yaml` (a programme catalogue).

A leaf: every stage that finds a companion (validate, progress, report, new) asks here.
"""

from __future__ import annotations

from pathlib import Path

PLAN_SUFFIXES = (".yaml", ".yml")
COMPANION_SUFFIXES = tuple(f".{kind}{ext}" for kind in ("progress", "catalogue", "report")
                           for ext in PLAN_SUFFIXES)


def progress_path(plan: Path) -> Path:
    """Where a plan's progress records live: `<stem>.progress.yaml` beside it."""
    return plan.with_name(f"{plan.stem}.progress.yaml")


def report_path(plan: Path) -> Path:
    """Where a plan's report parts live: `<stem>.report.yaml` beside it."""
    return plan.with_name(f"{plan.stem}.report.yaml")


def plan_of(path: Path) -> Path | None:
    """The plan a progress or report file belongs to: `X.yaml` for `X.progress.yaml` or
    `X.report.yaml` (the first of X.yaml, X.yml there); None for any other file."""
    for kind in ("progress", "report"):
        for ext in PLAN_SUFFIXES:
            if path.name.endswith(f".{kind}{ext}"):
                stem = path.name[: -len(f".{kind}{ext}")]
                plans = [path.with_name(stem + e) for e in PLAN_SUFFIXES]
                return next((p for p in plans if p.is_file()), plans[0])
    return None
