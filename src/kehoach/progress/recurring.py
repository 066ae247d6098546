"""A recurring deadline in progress: each occurrence is a due date of its own.

Occurrences run from the day the work is due (the plan's `start`, else its date) to the end of
its period. Each occurrence owns the days since the one before it ("quý III" owns 01/7–30/9 of a
quarterly report); the last one also owns every day after it. How `done` records meet
occurrences:
- a record that names its round (`round: quý II/2024`, `round: 30/06/2024`) covers that one,
  early or late: this is how a missed round is caught up;
- any other record covers the occurrence that owns its day, if still open: a report sent on
  25/09 is Q3's. A second report in the same round covers nothing more;
- other statuses cover nothing: they only say how the current round is going.
So a quarterly report missed in Q2 stays overdue after Q3's was sent, until a record names Q2
(rule KH613 warns of a report that may have been meant for an open earlier round).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from kehoach.deadlines import parse_deadline


@dataclass(frozen=True)
class Occurrence:
    due: date
    done_on: date | None  # the date of the done record that covers it; None: still open

    @property
    def late_days(self) -> int:
        return max((self.done_on - self.due).days, 0) if self.done_on else 0


def owner(due: list[date], day: date) -> int:
    """The index of the occurrence that owns `day` (see the module docstring); `due` is sorted
    and not empty."""
    return min(bisect_left(due, day), len(due) - 1)


def named_round(text: str, due: list[date]) -> tuple[date | None, str]:
    """The occurrence a record's `round` names: (its due date, "") or (None, why not)."""
    try:
        said = parse_deadline(text)
    except ValueError as exc:
        return None, str(exc)
    span = said.span
    if span is None:
        return None, (f"`{text}` không chỉ một kỳ; ghi kỳ như một thời hạn: quý II/2024, "
                      "tháng 9/2023, 6 tháng đầu năm 2024, hoặc ngày đến hạn 30/06/2024")
    first, last = span
    found = [d for d in due if first <= d <= last]
    listed = ", ".join(f"{d:%d/%m/%Y}" for d in due[:12]) + (", …" if len(due) > 12 else "")
    if not found:
        return None, f"không có kỳ nào đến hạn trong `{text}`; các kỳ: {listed}"
    if len(found) > 1:
        return None, (f"`{text}` gồm {len(found)} kỳ ({', '.join(f'{d:%d/%m/%Y}' for d in found[:12])}); "
                      "ghi đúng một kỳ")
    return found[0], ""


def settle(due: list[date], done: list[tuple[date, date | None]]) -> tuple[Occurrence, ...]:
    """Which done record covers which occurrence. `done`: each done record's date and the due
    date of the round it names (None: it names none)."""
    covered: dict[int, date] = {}
    if due:
        for day, named in sorted(done, key=lambda pair: pair[0]):
            if named is not None:
                if named not in due:
                    continue
                index = due.index(named)
            else:
                index = owner(due, day)
            covered.setdefault(index, day)
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
