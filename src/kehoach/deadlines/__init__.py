"""Time in a plan: one `deadline` key, every form an office writes (kinds), how it is read (parse)
and how it is printed (phrase)."""

from kehoach.deadlines.kinds import DATED, Deadline, Every, month_end, quarter_end
from kehoach.deadlines.parse import FORMS, parse_deadline, shifted
from kehoach.deadlines.phrase import ROMAN

__all__ = ["DATED", "FORMS", "ROMAN", "Deadline", "Every", "month_end", "parse_deadline", "quarter_end",
           "shifted"]
