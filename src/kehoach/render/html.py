"""The HTML writer: one self-contained, print-ready page (templates/html/kehoach.html)."""

from __future__ import annotations

import jinja2

from kehoach.render.env import render_template
from kehoach.render.views import DocumentView


def render_html(view: DocumentView, env: jinja2.Environment) -> bytes:
    return render_template(env, "html/kehoach.html", doc=view).encode("utf-8")
