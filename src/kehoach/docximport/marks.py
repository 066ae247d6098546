"""Bold and italic inside a paragraph, carried beside its text as the stages cut it, and written
back in the plan format's markers (`**đậm**`, `*nghiêng*`, `***cả hai***`, kehoach.emphasis).

A paragraph's emphasis is a string `marks` as long as its text, one character per character of
text: "0" as the paragraph itself is set, "1" bold set off, "2" italic set off, "3" both. Set off
means unlike the rest of the paragraph: a bold phrase in plain text, and equally an upright phrase
in an italic Căn cứ line or a plain one in a bold heading (Word's character styles toggle, and so
does kehoach's rendering of `*…*` there). An empty `marks` means nothing is set off (most
paragraphs): every function here takes that fast path.

The text stages (labels, times, units, money) read plain text only; the builder asks `written`
for the marked text of the part of a line that becomes a field.
"""

from __future__ import annotations

import re

from kehoach import emphasis
from kehoach.emphasis import Run

PLAIN = "0"
_SPACE = re.compile(r"\s+")


def flag(bold: bool, italic: bool) -> str:
    return "0123"[bold + 2 * italic]


def cut(marks: str, start: int, end: int | None = None) -> str:
    """The marks of text[start:end]; "" when nothing there is set off."""
    if not marks:
        return ""
    part = marks[start:end]
    return part if part.strip(PLAIN) else ""


def join(*parts: tuple[str, str]) -> str:
    """The marks of texts joined end to end (each given as (text, marks))."""
    if not any(m for _, m in parts):
        return ""
    return "".join(m or PLAIN * len(t) for t, m in parts)


def retext(old: str, marks: str, new: str) -> str:
    """The marks of `new`, a sentence `old` with its end changed: those of the part they share."""
    if not marks:
        return ""
    same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                min(len(old), len(new)))
    return join((new[:same], cut(marks, 0, same)), (new[same:], ""))


def collapse(text: str, marks: str) -> tuple[str, str]:
    """`lines.collapse` with its marks: runs of white space as one space, none at the ends."""
    if not marks:
        return _SPACE.sub(" ", text).strip(), ""
    out: list[str] = []
    kept: list[str] = []
    space = False
    for ch, m in zip(text, marks, strict=True):
        if ch.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            kept.append(PLAIN)
            space = False
        out.append(ch)
        kept.append(m)
    marks = "".join(kept)
    return "".join(out), marks if marks.strip(PLAIN) else ""


def runs_of(text: str, marks: str) -> tuple[Run, ...]:
    """The runs the marks describe, as kehoach.emphasis reads them back: white space at the edge of
    a set-off stretch set plain, and plain white space between two stretches set alike joined to
    them (a bold space is not seen)."""
    if not marks:
        return (Run(text),) if text else ()
    pieces: list[list] = []  # [text, flag]
    for ch, m in zip(text, marks, strict=True):
        if pieces and pieces[-1][1] == m:
            pieces[-1][0] += ch
        else:
            pieces.append([ch, m])
    out: list[list] = []
    for piece in pieces:
        body, m = piece
        if m != PLAIN and not body.strip():
            parts = [[body, PLAIN]]
        elif m != PLAIN and body.strip() != body:  # the edges' white space is plain
            lead = body[: len(body) - len(body.lstrip())]
            trail = body[len(body.rstrip()):]
            parts = [[lead, PLAIN], [body.strip(), m], [trail, PLAIN]]
        else:
            parts = [[body, m]]
        for part in parts:
            if not part[0]:
                continue
            if out and out[-1][1] == part[1]:
                out[-1][0] += part[0]
            else:
                out.append(part)
    merged: list[list] = []
    for i, part in enumerate(out):  # "**a** **b**" is "**a b**"
        if (part[1] == PLAIN and not part[0].strip() and merged and i + 1 < len(out)
                and merged[-1][1] == out[i + 1][1]):
            merged[-1][0] += part[0]
            continue
        if merged and merged[-1][1] == part[1]:
            merged[-1][0] += part[0]
        else:
            merged.append(part)
    return tuple(Run(t, m in "13", m in "23") for t, m in merged)


def canonical(text: str) -> str:
    """One spelling of what a text with markers prints: the runs it reads as, normalised as
    `runs_of` normalises them, written with every plain asterisk escaped. Two texts print the
    same bold and italic words exactly when their canonical forms are equal."""
    if "*" not in text:
        return text
    found = emphasis.runs(text) or (Run(text),)
    plain = "".join(run.text for run in found)
    marks = "".join(flag(run.bold, run.italic) * len(run.text) for run in found)
    return emphasis.markdown(runs_of(plain, marks))


def written(text: str, marks: str) -> str | None:
    """`text` with its set-off stretches in the plan format's markers, such that kehoach reads it
    back as exactly these runs (asterisks of the text escaped only where they would be read as
    markers); None when no spelling does (a stretch that starts at a mark that cannot open one,
    such as "-", or two stretches that touch): the caller keeps the plain text and says so."""
    runs = runs_of(text, marks)
    if not any(run.bold or run.italic for run in runs):
        if emphasis.runs(text) is None:
            return text
        escaped = text.replace("*", "\\*")
        return escaped if emphasis.plain(escaped) == text else None
    for attempt in (runs, runs_of(text, _opening(text, marks))):
        want = canonical_runs(attempt)
        for candidate in (_markers(attempt, escape=False), emphasis.markdown(attempt)):
            found = emphasis.runs(candidate)
            if found is not None and canonical_runs(found) == want:
                return candidate
    return None


_OPENS_BEFORE = "“\"'‘([«"  # as kehoach.emphasis: a marker opens before a letter, a digit or these


def _opening(text: str, marks: str) -> str:
    """The marks with a stretch's leading punctuation set plain ("- **x**" for a bold "- x"),
    where a marker could not open."""
    out = list(marks)
    for i, (ch, m) in enumerate(zip(text, marks, strict=True)):
        starts = m != PLAIN and (i == 0 or out[i - 1] != m)
        if starts and not (ch.isalnum() or ch in _OPENS_BEFORE):
            out[i] = PLAIN
    return "".join(out)


def canonical_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    plain = "".join(run.text for run in runs)
    marks = "".join(flag(run.bold, run.italic) * len(run.text) for run in runs)
    return runs_of(plain, marks if marks.strip(PLAIN) else "")


def _markers(runs: tuple[Run, ...], escape: bool) -> str:
    out = []
    for run in runs:
        text = run.text.replace("*", "\\*") if escape else run.text
        if run.bold or run.italic:
            mark = "***" if run.bold and run.italic else "**" if run.bold else "*"
            out.append(f"{mark}{text}{mark}")
        else:
            out.append(text)
    return "".join(out)
