"""`kehoach progress`: the progress records kept beside a plan (`model`), checked at
file:line:col (`rules`, `check`), states as of a date (`states`) and what a person reads of them
(`output`). Each stage takes plain data and returns plain data, as the plan's pipeline does.
"""

from kehoach.progress.check import ProgressChecked, check_progress, parse_day
from kehoach.progress.output import (
    as_json,
    as_markdown,
    percent,
    print_table,
    state_label,
    status_label,
    summary,
    task_label,
)
from kehoach.progress.states import (
    DUE_SOON_DAYS,
    STATES,
    LineUse,
    Report,
    SourceUse,
    State,
    TaskProgress,
    classify,
    compute,
    failing,
)

__all__ = [
    "DUE_SOON_DAYS", "STATES", "LineUse", "ProgressChecked", "Report", "SourceUse", "State", "TaskProgress",
    "as_json", "as_markdown", "check_progress", "classify", "compute", "failing", "parse_day",
    "percent", "print_table", "state_label", "status_label", "summary", "task_label",
]
