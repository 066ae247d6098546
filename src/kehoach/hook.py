"""What the pre-commit hook checks beyond the files pre-commit hands it (`kehoach validate --hook`).

pre-commit never passes a deleted file to a hook, so a commit that deletes (or renames) a plan
and leaves its `.progress.yaml` or `.report.yaml` behind would pass, and `validate plans/` fail
afterwards. The hook therefore also asks git which plans the change deletes — the staged
commit, or the range pre-commit names in PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF (`pre-commit run
--from-ref … --to-ref …`, pre-push) — and checks each as a plan: one that is gone while a
companion stays is reported at every such companion (kehoach.validate).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from kehoach.companions import COMPANION_SUFFIXES, PLAN_SUFFIXES


def _git(*args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def deleted_plans() -> list[Path]:
    """Plan files (not companions) the change deletes, relative to the working folder; [] outside
    a git repository. Renames count as a deletion of the old name (`--no-renames`)."""
    top = _git("rev-parse", "--show-toplevel")
    if top is None:
        return []
    first, last = os.environ.get("PRE_COMMIT_FROM_REF"), os.environ.get("PRE_COMMIT_TO_REF")
    span = [f"{first}...{last}"] if first and last else ["--cached"]
    names = _git("diff", "--name-only", "--no-renames", "--diff-filter=D", "-z", *span)
    if not names:
        return []
    root = Path(os.fsdecode(top.rstrip(b"\n")))
    found = []
    for raw in names.split(b"\0"):
        name = os.fsdecode(raw)
        if name.endswith(PLAN_SUFFIXES) and not name.endswith(COMPANION_SUFFIXES):
            found.append(Path(os.path.relpath(root / name)))
    return found
