"""Diagnostics to text: one function per output format, as yamllint's `cli.py` does it.

The human format follows hledger: location, a numbered excerpt with the region underlined,
the explanation, then the hint. Plain ANSI escapes rather than rich: printing diagnostics must
not cost the import of a terminal toolkit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from kehoach.diagnostics import Diagnostic, Severity, in_file_order
from kehoach.shown import shown

FORMATS = ("human", "parsable", "json", "github", "sarif")  # sarif: kehoach.sarif


class _Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text


EXCERPT_WIDTH = 160  # characters of one source line shown; a 9 MB line is not printed whole
# Characters that would move the cursor or break the excerpt's line: shown as one visible mark.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _window(line: str, start: int, limit: int = EXCERPT_WIDTH) -> tuple[str, int]:
    """At most `limit` characters of `line` around column `start` (0-based), with "…"
    where it is cut, and the column of `start` inside what is shown."""
    line = _UNPRINTABLE.sub("\ufffd", line)
    if len(line) <= limit:
        return line, start
    begin = max(0, min(start - limit // 3, len(line) - limit))
    shown = line[begin:begin + limit]
    prefix = "…" if begin > 0 else ""
    suffix = "…" if begin + limit < len(line) else ""
    return prefix + shown + suffix, start - begin + len(prefix)


def _excerpt(d: Diagnostic, lines: Sequence[str], style: _Style, columns: int | None = None) -> list[str]:
    if d.span is None or not lines or d.span.line > len(lines):
        return []
    first = max(1, d.span.line - 1)
    last = min(len(lines), d.span.line)
    width = len(str(last))
    # On a terminal, a source line is cut to fit beside its number ("…" where it is cut).
    limit = EXCERPT_WIDTH if columns is None else max(min(EXCERPT_WIDTH, columns - width - 5), 10)
    out = [f"{' ' * width} |"]
    start = d.span.column - 1
    for n in range(first, last + 1):
        out.append(f"{n:>{width}} | {_window(lines[n - 1], start, limit)[0]}")
    line, shown_start = _window(lines[d.span.line - 1], start, limit)
    end = d.span.end_column - 1 if d.span.end_line == d.span.line else start + len(line)
    end = shown_start + max(end - start, 1)
    marker = " " * shown_start + "^" * min(end - shown_start, max(1, len(line) - shown_start))
    out.append(f"{' ' * width} | {style(marker, '31;1' if d.severity is Severity.ERROR else '33;1')}")
    return out


def human(diagnostics: Sequence[Diagnostic], sources: dict[str, Sequence[str]], colour: bool = False,
          width: int | None = None) -> str:
    """hledger's form. With `width` (a terminal's), the explanation, notes and hint
    are wrapped at word boundaries to it (kehoach.terminal.wrap: never inside a word or a figure,
    "1.000.000 đồng" on one line); the excerpt's source lines are left as they are."""
    from kehoach.terminal import wrap

    style = _Style(colour)
    blocks = []
    for d in in_file_order(diagnostics):
        head_colour = "31;1" if d.severity is Severity.ERROR else "33;1"
        where = shown(d.file) + (f":{d.line}:{d.column}" if d.span else "")
        block = [f"{style(f'{d.severity.label}[{d.code}]', head_colour)}: {style(where, '1')}"]
        block += _excerpt(d, sources.get(d.file, ()), style, width)
        block.append(wrap(shown(d.message, line_breaks=True), width))
        block += [wrap(f"  · {shown(note, line_breaks=True)}", width, indent="    ") for note in d.notes]
        if d.hint:
            hint = wrap(f"Cách sửa: {shown(d.hint, line_breaks=True)}", width, indent="  ")
            block.append(style("Cách sửa", "36") + hint[len("Cách sửa"):])
        blocks.append("\n".join(block))
    return "\n\n".join(blocks)


def summary(diagnostics: Sequence[Diagnostic], files: int, silenced: int = 0) -> str:
    """The closing line; `silenced`: what the rule settings or `# kehoach: bỏ qua` took out."""
    diagnostics = in_file_order(diagnostics)  # counted as listed: a problem said once counts once
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    where = f"{files} tệp" if files != 1 else "1 tệp"
    where += f"; {silenced} đã bỏ qua theo cấu hình hoặc chú thích" if silenced else ""
    if not diagnostics:
        return f"Không có lỗi ({where})."
    return f"{errors} lỗi, {warnings} cảnh báo ({where})."


def one_line(text: str) -> str:
    """Any line break (\n, \r, U+2028, …) in a message or a key quoted in it becomes a space:
    tools split the parsable format on lines, one diagnostic per line."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip()) if text else text


def parsable(diagnostics: Sequence[Diagnostic]) -> str:
    """`file:line:column: severity[code] message — hint`, or `file: severity[code] …` for a
    problem with no position (never a made-up `file:0:0:`, which editors would jump to)."""
    return "\n".join(
        shown(d.file) + (f":{d.line}:{d.column}" if d.span else "") + ": "
        + shown(one_line(f"{d.severity.value}[{d.code}] {d.message}" + (f" — {d.hint}" if d.hint else "")))
        for d in in_file_order(diagnostics)
    )


# The json formats are a contract (docs/json.md); the version changes when a key changes meaning
# or goes away, not when one is added.
JSON_FORMAT_VERSION = 1


def as_json(diagnostics: Sequence[Diagnostic], files: Sequence[str], silenced: int = 0) -> str:
    rows = [
        {
            "file": shown(d.file),
            "line": d.span.line if d.span else None, "column": d.span.column if d.span else None,
            "end_line": d.span.end_line if d.span else None,
            "end_column": d.span.end_column if d.span else None,
            "code": d.code, "severity": d.severity.value, "severity_label": d.severity.label,
            "message": shown(d.message, line_breaks=True), "hint": shown(d.hint, line_breaks=True) or None,
            "notes": [shown(note, line_breaks=True) for note in d.notes],
        }
        for d in in_file_order(diagnostics)
    ]
    errors = sum(d["severity"] == Severity.ERROR.value for d in rows)
    return json.dumps(
        {"format_version": JSON_FORMAT_VERSION, "files": [shown(f) for f in files], "diagnostics": rows,
         "summary": {"errors": errors, "warnings": len(rows) - errors, "silenced": silenced}},
        ensure_ascii=False, indent=2,
    )


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's changed lines."""
    out = []
    for d in in_file_order(diagnostics):
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = [f"file={_gh_escape(shown(d.file), True)}"]
        if d.span:
            props += [f"line={d.span.line}", f"col={d.span.column}",
                      f"endLine={d.span.end_line}", f"endColumn={d.span.end_column}"]
        props.append(f"title={_gh_escape(d.code, True)}")
        # The notes (the budget breakdown: each line and the sum) belong to the message.
        body = "\n".join([d.message, *(f"· {note}" for note in d.notes), *([d.hint] if d.hint else [])])
        body = shown(body, line_breaks=True)
        out.append(f"::{level} {','.join(props)}::{_gh_escape(body)}")
    return "\n".join(out)
