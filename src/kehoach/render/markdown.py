"""The Markdown writer: the same text and numbering as the .docx, for review in git."""

from __future__ import annotations

import jinja2

from kehoach.render.env import render_template
from kehoach.render.views import DocumentView


def render_markdown(view: DocumentView, env: jinja2.Environment) -> bytes:
    text = render_template(env, "md/kehoach.md", doc=view)
    # One blank line between blocks whatever the template's loops leave behind.
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip() if not line.endswith("  ") else line)
    return ("\n".join(lines).strip() + "\n").encode("utf-8")
