"""The Markdown writer: the same text and numbering as the .docx, for review in git."""

from __future__ import annotations

import jinja2

from kehoach.render.env import render_template
from kehoach.render.views import DocumentView


def render_markdown(view: DocumentView, env: jinja2.Environment) -> bytes:
    # Markdown is plain text to search and diff, with no lines to lay out: the no-break spaces
    # that hold "2.000.000 đồng" together on a printed page are ordinary spaces here.
    text = render_template(env, "md/kehoach.md", doc=view).replace("\u00a0", " ")
    # One blank line between blocks whatever the template's loops leave behind.
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip() if not line.endswith("  ") else line)
    return ("\n".join(lines).strip() + "\n").encode("utf-8")
