"""What the rule settings and the `# kehoach: bỏ qua …` comments do to a file's diagnostics.

A comment in the YAML, in the words a clerk would write (marks optional, any case):

    date:                        # kehoach: bỏ qua KH505        this line
    # kehoach: bỏ qua KH303                                     a comment alone: the next line
    # kehoach: bỏ qua cả tệp KH512, KH513                       the whole file

`tune` applies, in order: the level the config (kehoach.config) gives the code in that file (off
drops it, warning or error sets its severity), then the comments. A comment may silence a warning
always, an error only where the config names it in allow-errors, and never a code that can never
be silenced (kehoach.codes.silencing); a comment kehoach cannot follow is itself a warning (KH010)
at the comment, and the diagnostic stays. What was silenced is kept, with why, for the formats
that show it (SARIF's suppressions).

One library function for every command and the web page: validate, the hook, render's checks,
summary, progress and report all pass their diagnostics through here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kehoach.codes import documented, silencing
from kehoach.config import NO_CONFIG, RuleConfig
from kehoach.diagnostics import Diagnostic, Severity, Span

# `# kehoach: bỏ qua …` / `bo qua`, then `cả tệp` / `ca tep` for the whole file, then the codes.
_DIRECTIVE = re.compile(r"#\s*kehoach\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_VERB = re.compile(r"(?:bỏ|bo)\s+qua(?P<file>\s+(?:cả|ca)\s+(?:tệp|tep))?(?=\s|,|$)", re.IGNORECASE)
_CODE_LIKE = re.compile(r"[A-Za-z]{2}\d{3}")
_SEPARATOR = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Directive:
    line: int  # 1-based line of the comment
    column: int  # 1-based column of its `#`
    codes: tuple[str, ...]
    whole_file: bool
    target: int  # the line it silences (0 for the whole file)


@dataclass(frozen=True)
class Silenced:
    diagnostic: Diagnostic
    by: str  # "config": kehoach.toml (or [tool.kehoach]); "comment": a `# kehoach:` comment
    where: str  # the config file, or file:line of the comment


@dataclass
class Tuned:
    diagnostics: list[Diagnostic]
    silenced: list[Silenced] = field(default_factory=list)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _comment_start(line: str) -> int | None:
    """Where a `# kehoach:` comment starts in `line` (0-based), if the line has one: a `#` at the
    start or after a blank, as YAML reads a comment."""
    for found in re.finditer(r"#", line):
        start = found.start()
        if (start == 0 or line[start - 1] in " \t") and _DIRECTIVE.match(line, start):
            return start
    return None


def _in_scalars(text: str, offsets: list[int]) -> set[int]:
    """Which of these character offsets lie inside a scalar (a quoted string or a block `>-`
    paragraph whose text holds `# kehoach:`): those are words, not comments. Asked only of the
    rare file that has such a line; a file YAML cannot scan keeps them all as comments."""
    import yaml

    inside: set[int] = set()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                start, end = token.start_mark.index, token.end_mark.index
                inside.update(o for o in offsets if start <= o < end)
    except yaml.YAMLError:
        pass
    return inside


def directives(lines: Sequence[str]) -> tuple[list[Directive], list[Diagnostic]]:
    """The comments of one file's lines: the directives kehoach follows, and a KH010 warning for
    each it cannot (no code, a code kehoach does not have, other words). `file` is filled in by
    the caller. Cheap for a file without `kehoach:` in a comment: one substring test a line."""
    found: list[tuple[int, int, str]] = []  # (line index, column, rest)
    for n, line in enumerate(lines):
        if "ehoach" not in line and "EHOACH" not in line:  # kehoach, Kehoach, KEHOACH: cheap first
            continue
        start = _comment_start(line)
        if start is not None:
            found.append((n, start, line))
    if not found:
        return [], []
    text = "\n".join(lines)
    line_offsets = [0]
    for line in lines[:-1]:
        line_offsets.append(line_offsets[-1] + len(line) + 1)
    words = _in_scalars(text, [line_offsets[n] + start for n, start, _ in found])
    out: list[Directive] = []
    problems: list[Diagnostic] = []
    for n, start, line in found:
        if line_offsets[n] + start in words:
            continue
        match = _DIRECTIVE.match(line, start)
        assert match is not None
        rest = _fold(match["rest"]).strip()
        span = Span(n + 1, start + 1, n + 1, len(line) + 1)
        verb = _VERB.match(rest)
        if verb is None:
            problems.append(_problem(span, f"Chú thích `{line[start:].strip()}`: kehoach chỉ hiểu "
                                     "“bỏ qua MÃ” hoặc “bỏ qua cả tệp MÃ”."))
            continue
        codes: list[str] = []
        for token in _SEPARATOR.split(rest[verb.end():].strip()):
            if not token:
                continue
            if not _CODE_LIKE.fullmatch(token):
                break  # the codes end where the reason begins
            code = token.upper()
            if documented(code) is None:
                problems.append(_problem(
                    span, f"Chú thích bỏ qua mã `{token}`, nhưng kehoach không có mã này.",
                    "Xem các mã bằng `kehoach rules`."))
            else:
                codes.append(code)
        if not codes:
            if not any(_CODE_LIKE.fullmatch(t) for t in _SEPARATOR.split(rest[verb.end():])):
                problems.append(_problem(span, "Chú thích `# kehoach: bỏ qua` cần ghi mã được bỏ qua.",
                                         "Ví dụ: # kehoach: bỏ qua KH505 (kehoach không bỏ qua mọi mã "
                                         "một lúc)."))
            continue
        whole = verb["file"] is not None
        target = 0 if whole else (n + 1 if line[:start].strip() else _next_line(lines, n))
        out.append(Directive(n + 1, start + 1, tuple(codes), whole, target))
    return out, problems


def _next_line(lines: Sequence[str], n: int) -> int:
    """The 1-based line a comment alone on line index `n` speaks for: the next that is not blank
    nor a comment."""
    for m in range(n + 1, len(lines)):
        stripped = lines[m].strip()
        if stripped and not stripped.startswith("#"):
            return m + 1
    return n + 1


def _problem(span: Span, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic("KH010", Severity.WARNING, message, "", span, hint)


def tune(diagnostics: Sequence[Diagnostic], sources: dict[str, Sequence[str]],
         config: RuleConfig = NO_CONFIG) -> Tuned:
    """Diagnostics after the config's levels and each file's comments (`sources`: the lines of
    every file a diagnostic may point into, by the name diagnostics use)."""
    parsed = {file: directives(lines) for file, lines in sources.items()}
    problems = [replace(p, file=file) for file, (_, found) in parsed.items() for p in found]
    result = Tuned([])
    config_where = str(config.path) if config.path is not None else ""
    for d in [*diagnostics, *problems]:
        default = _built_in(d)
        level = config.level(d.code, d.file, d.severity) if config.path is not None else d.severity
        if level is None:
            result.silenced.append(Silenced(d, "config", config_where))
            continue
        if level is not d.severity:
            d = replace(d, severity=level)
        comment = _comment_for(d, parsed.get(d.file, ([], []))[0])
        if comment is None:
            result.diagnostics.append(d)
            continue
        refused = _refused(d.code, default, config)
        if refused is None:
            result.silenced.append(Silenced(d, "comment", f"{d.file}:{comment.line}"))
            continue
        result.diagnostics.append(d)
        fix = f"Sửa lỗi {d.code} (dòng {d.line})"
        if silencing(d.code).kind == "allow-errors":
            fix += f'; nếu nhóm thật sự chấp nhận nó, ghi allow-errors = ["{d.code}"] vào kehoach.toml'
        result.diagnostics.append(Diagnostic(
            "KH010", Severity.WARNING, f"Chú thích bỏ qua {d.code} ở đây không có tác dụng: {refused}.",
            d.file, Span(comment.line, comment.column, comment.line, comment.column + 1), fix + "."))
    return result


def _built_in(d: Diagnostic) -> Severity:
    doc = documented(d.code)
    return doc.severity if doc is not None else d.severity


def _comment_for(d: Diagnostic, found: list[Directive]) -> Directive | None:
    for directive in found:
        if d.code in directive.codes and (directive.whole_file or directive.target == d.line):
            return directive
    return None


def _refused(code: str, default: Severity, config: RuleConfig) -> str | None:
    """Why a comment may not silence `code` here; None when it may."""
    if default is Severity.WARNING:
        return None
    found = silencing(code)
    if found.kind == "never":
        return f"{code} không bao giờ bỏ qua được ({found.reason})"
    if code not in config.allow_errors:
        return (f"{code} là lỗi làm sai văn bản, chỉ bỏ qua được khi kehoach.toml ghi "
                f'allow-errors = ["{code}"]')
    return None


def apply(checked, settings: RuleConfig) -> None:  # type: ignore[no-untyped-def]
    """Tune one checked file's own diagnostics in place (the plan's, a progress file's, a
    report file's: each checker calls this once for its file); the silenced ones go to
    `checked.silenced`."""
    result = tune(checked.diagnostics, {checked.loaded.file: checked.loaded.source.lines}, settings)
    checked.diagnostics = result.diagnostics
    checked.silenced = [*getattr(checked, "silenced", []), *result.silenced]
