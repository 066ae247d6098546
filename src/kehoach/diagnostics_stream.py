"""`validate`'s output written file by file as the results come (issue 21: memory that does not
grow with the number of files), byte for byte what kehoach.diagnostics_text writes for all the
results at once.

Each file's diagnostics go through the same functions (human, parsable, github, the json rows);
the pieces are joined as those functions join diagnostics, and the summary line and the json
envelope are written at the end from running counts. A problem in a file shared by several plans
(a catalogue) is said once, as when everything is written at once; nothing else is remembered.
tests/test_diagnostics_stream.py compares the two over the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from kehoach import diagnostics_text
from kehoach.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Piece:
    """Text to write as it is; `colour`: written as the human format's excerpts are (escapes
    kept), else as the other lines (a terminal's escapes stripped where the stream is no tty)."""

    text: str
    colour: bool = False


class FileDiagnostics(Protocol):
    """One checked file's diagnostics (kehoach.validate.Outcome), the lines of the files they
    point into, and which files are its own (the plan and its companions): a problem in another
    file (a shared catalogue) may come again with the next plan."""

    diagnostics: Sequence[Diagnostic]
    sources: dict[str, list[str]]
    own: frozenset[str]
    silenced: Sequence  # kehoach.suppress.Silenced


def pieces(fmt: str, files: Sequence[str], results: Iterable[FileDiagnostics], *, colour: bool = False,
           quiet: bool = False, width: int | None = None) -> Iterator[Piece]:
    """The output of `validate -f fmt` for `files`, one result at a time. SARIF is one document
    with every result inside: it is written at the end (kehoach.sarif), the only format whose
    memory grows with the files. `width`: a terminal's, to wrap the human format's messages."""
    said: set[tuple] = set()
    errors = warnings = silenced = 0
    first = True
    everything: list[Diagnostic] = []
    everything_silenced: list = []
    if fmt == "json":
        yield Piece(_json_head(files))
    for result in results:
        silenced += len(result.silenced)
        diagnostics = []
        for d in result.diagnostics:
            key = (d.file, d.span, d.code, d.severity, d.message)
            if d.file in result.own or key not in said:
                diagnostics.append(d)
                if d.file not in result.own:
                    said.add(key)
        if fmt == "sarif":
            everything += diagnostics
            everything_silenced += result.silenced
            continue
        if not diagnostics:
            continue
        errors += sum(d.severity is Severity.ERROR for d in diagnostics)
        warnings += sum(d.severity is not Severity.ERROR for d in diagnostics)
        if fmt == "human":
            text = diagnostics_text.human(diagnostics, result.sources, colour, width)
            yield Piece(("" if first else "\n\n") + text, colour=True)
        elif fmt == "json":
            rows = json.loads(diagnostics_text.as_json(diagnostics, []))["diagnostics"]
            yield Piece(("  \"diagnostics\": [\n" if first else ",\n") + ",\n".join(
                "\n".join(f"    {line}" for line in json.dumps(row, ensure_ascii=False, indent=2).split("\n"))
                for row in rows))
        else:
            yield Piece((diagnostics_text.parsable if fmt == "parsable" else diagnostics_text.github)(
                diagnostics) + "\n")
        first = False
    if fmt == "sarif":
        from kehoach.sarif import as_sarif

        yield Piece(as_sarif(everything, everything_silenced) + "\n")
    elif fmt == "human":
        if not first:
            yield Piece("\n\n")
        if not first or not quiet:
            yield Piece(_summary(errors, warnings, len(files), silenced) + "\n")
    elif fmt == "json":
        yield Piece(_json_envelope(files, errors, warnings, silenced, started=not first))


def _json_head(files: Sequence[str]) -> str:
    """The json format up to its list of diagnostics, as diagnostics_text.as_json writes it."""
    whole = diagnostics_text.as_json([], files)
    return whole[:whole.index('\n  "diagnostics": [')] + "\n"


def _json_envelope(files: Sequence[str], errors: int, warnings: int, silenced: int, *, started: bool) -> str:
    tail = json.dumps({"summary": {"errors": errors, "warnings": warnings, "silenced": silenced}},
                      ensure_ascii=False, indent=2)
    return ("\n  ],\n" if started else "  \"diagnostics\": [],\n") + tail[2:] + "\n"


def _summary(errors: int, warnings: int, files: int, silenced: int = 0) -> str:
    """diagnostics_text.summary from the counts (of as many distinct diagnostics)."""
    found = [Diagnostic("KH000", Severity.ERROR if n < errors else Severity.WARNING, str(n), "")
             for n in range(errors + warnings)]
    return diagnostics_text.summary(found, files, silenced)
