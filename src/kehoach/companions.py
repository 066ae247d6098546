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
