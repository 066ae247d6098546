"""Rendering a validated plan: the view model, then one writer per format (docx, html, md, pdf).

Nothing heavy is imported here; `kehoach.render.api` pulls in jinja2 and zipfile only when a
document is actually rendered.
"""
