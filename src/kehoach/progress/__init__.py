"""`kehoach progress`: the progress records kept beside a plan (`model`), checked at
file:line:col (`rules`, `check`), states as of a date (`states`) and what a person reads of them
(`output`). Each stage takes plain data and returns plain data, as the plan's pipeline does.

The names below are loaded on first use: `validate` imports `progress.check` on every run, and
importing a submodule runs this file first, so it must not pull in the states and the output.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "check": ("ProgressChecked", "check_progress", "parse_day", "progress_file"),
    "output": ("as_json", "as_markdown", "percent", "print_table", "state_label", "status_label",
               "summary", "task_label"),
    "states": ("DUE_SOON_DAYS", "STATES", "LineUse", "Report", "SourceUse", "State", "TaskProgress",
               "classify", "compute", "failing"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'kehoach.progress' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"kehoach.progress.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
