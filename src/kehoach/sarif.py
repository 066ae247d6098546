"""Diagnostics as SARIF 2.1.0 (`kehoach validate -f sarif`), what GitHub code scanning and many
CI dashboards read, as ruff and eslint write it.

- one run; the tool's rules are every code of `kehoach rules`, each with its one-line summary
  (shortDescription), its whole documentation with the `Sai:` / `Đúng:` examples (fullDescription,
  help), its default level and a link to docs/rules.md;
- one result per diagnostic: its rule, level (as the rule settings leave it), the message with
  the notes and the hint, and a region in lines and columns counted in Unicode code points, as
  kehoach counts them (`columnKind`);
- paths relative to the folder kehoach ran in (`%SRCROOT%`), as code scanning matches them to the
  repository; a file outside it keeps its absolute `file:` URI;
- what the rule settings or a `# kehoach: bỏ qua` comment silenced is still there, marked with a
  suppression (`external` or `inSource`): code scanning shows it as dismissed, not as fixed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from kehoach.diagnostics import Diagnostic, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/kehoach-vn/kehoach"
RULES_URI = "https://github.com/kehoach-vn/kehoach/blob/main/docs/rules.md"
ROOT_ID = "%SRCROOT%"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _uri(file: str, root: Path) -> tuple[str, bool]:
    """(uri, relative to root): a path below `root` as a relative URI reference, else file:."""
    absolute = Path(os.path.abspath(file))
    try:
        return quote(absolute.relative_to(root).as_posix()), True
    except ValueError:
        return absolute.as_uri(), False


def _message(d: Diagnostic) -> str:
    lines = [d.message, *(f"· {note}" for note in d.notes)]
    if d.hint:
        lines.append(f"Cách sửa: {d.hint}")
    return "\n".join(lines)


def _rules() -> list[dict]:
    from kehoach.codes import all_codes

    return [{
        "id": c.code, "name": c.name,
        "shortDescription": {"text": c.summary},
        "fullDescription": {"text": _description(c.doc)},
        "help": {"text": c.doc, "markdown": _help_markdown(c.doc)},
        "helpUri": f"{RULES_URI}#{c.code.lower()}",
        "defaultConfiguration": {"level": _level(c.severity)},
    } for c in all_codes()]


def _description(doc: str) -> str:
    """The documentation before its `Sai:` / `Đúng:` examples, as running text."""
    parts = [block for block in doc.split("\n\n") if not block.startswith(("Sai:", "Đúng:"))]
    return "\n\n".join(" ".join(block.split()) for block in parts)


def _help_markdown(doc: str) -> str:
    out = []
    for block in doc.split("\n\n"):
        if block.startswith(("Sai:", "Đúng:")):
            head, _, body = block.partition("\n")
            out.append(f"**{head}**\n\n```yaml\n{_dedent(body)}\n```")
        else:
            out.append(block)
    return "\n\n".join(out)


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


def _result(d: Diagnostic, index: dict[str, int], root: Path, suppression: dict | None = None) -> dict:
    uri, relative = _uri(d.file, root)
    artifact: dict = {"uri": uri, **({"uriBaseId": ROOT_ID} if relative else {})}
    location: dict = {"artifactLocation": artifact}
    if d.span is not None:
        location["region"] = {"startLine": d.span.line, "startColumn": d.span.column,
                              "endLine": d.span.end_line, "endColumn": max(d.span.end_column, 1)}
    result: dict = {"ruleId": d.code, "level": _level(d.severity), "message": {"text": _message(d)},
                    "locations": [{"physicalLocation": location}]}
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if suppression is not None:
        result["suppressions"] = [suppression]
    return result


def as_sarif(diagnostics: Sequence[Diagnostic], silenced: Sequence = (), root: Path | None = None) -> str:
    """The SARIF log of one run (`silenced`: kehoach.suppress.Silenced, shown as suppressed)."""
    from kehoach import __version__

    base = Path(os.path.abspath(root or Path.cwd()))
    rules = _rules()
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    results = [_result(d, index, base) for d in diagnostics]
    for s in silenced:
        kind = "inSource" if s.by == "comment" else "external"
        said = (f"chú thích `# kehoach: bỏ qua` ở {s.where}" if s.by == "comment"
                else f"cấu hình quy tắc {s.where}")
        why = {"kind": kind, "justification": f"Bỏ qua theo {said}."}
        results.append(_result(s.diagnostic, index, base, why))
    log = {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "kehoach", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "language": "vi", "rules": rules}},
            "originalUriBaseIds": {ROOT_ID: {"uri": base.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)
