"""A recurring deadline in progress: each occurrence is a due date of its own.

Occurrences run from the day the work is due (the plan's `start`, else its date) to the end of
its period. How `done` records meet occurrences (records in date order):
- a done record covers the earliest occurrence still open: when that one is already due, the
  record catches it up late (a Q2 report sent in July is Q2's, late); otherwise the record was
  sent ahead of that occurrence's due date, which counts only if it falls within that
  occurrence's own period (after the previous due date): a second report in the same quarter
  never covers the next quarter;
- other statuses cover nothing: they only say how the current round is going.
So a quarterly report missed in Q2 stays overdue even after Q3's was sent: the Q3 record covers
Q2 (late), and Q3 is then open and overdue once its day has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Occurrence:
    due: date
    done_on: date | None  # the date of the done record that covers it; None: still open

    @property
    def late_days(self) -> int:
        return max((self.done_on - self.due).days, 0) if self.done_on else 0


def settle(due: list[date], done: list[date]) -> tuple[Occurrence, ...]:
    """Which done record covers which occurrence (see the module docstring)."""
    covered: dict[int, date] = {}
    upcoming = 0  # index of the earliest open occurrence
    for day in sorted(done):
        if upcoming >= len(due):
            break
        ahead = day < due[upcoming]
        if ahead and upcoming > 0 and day <= due[upcoming - 1]:
            continue  # another report within a period already covered
        covered[upcoming] = day
        upcoming += 1
    return tuple(Occurrence(d, covered.get(i)) for i, d in enumerate(due))


@dataclass(frozen=True)
class RoundState:
    state: str  # a progress state (kehoach.progress.states.STATES)
    days: int | None
    focus: Occurrence | None  # the occurrence the state is about: missed, next, or last done


def state_of(occurrences: tuple[Occurrence, ...], as_of: date, window: int, started: bool) -> RoundState:
    """Overdue while any occurrence due before `as_of` is open (days counted from the earliest);
    else due soon / on track / not started by the next open occurrence; done (or done late, by
    the worst lateness) once every occurrence is covered."""
    missed = [o for o in occurrences if o.done_on is None and o.due < as_of]
    if missed:
        return RoundState("overdue", (as_of - missed[0].due).days, missed[0])
    upcoming = [o for o in occurrences if o.done_on is None]
    if upcoming:
        left = (upcoming[0].due - as_of).days
        if left <= window:
            return RoundState("due-soon", left, upcoming[0])
        return RoundState("on-track" if started else "not-started", left, upcoming[0])
    if not occurrences:
        return RoundState("on-track" if started else "not-started", None, None)
    worst = max(o.late_days for o in occurrences)
    return RoundState("done-late" if worst else "done", worst or None, occurrences[-1])
