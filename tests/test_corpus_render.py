"""The corpus cases that validate (exit 0) also render, and their text prints as typed.

Text that looks like markup (`&`, `<w:p>`, `{{ x }}`, `{% if %}`) must reach the reader literally:
in the .docx as python-docx reads it, in the HTML as entities a browser shows as the characters,
in the Markdown as typed. NFD text prints in NFC.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from xml.dom import minidom

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from readback import docx_paragraphs, html_blocks
from test_corpus import CASES, _materialise

MARKUP = re.compile(r"[&<>{}%]")
RENDERABLE = [c for c in CASES if c["exit"] == 0 and "replace" in c and c.get("typed", True)]
MARKUP_CASES = [c for c in RENDERABLE if MARKUP.search(c["replace"][1])]
TOKENS = ["&", "<w:p>", "{{ x }}", "{% if %}"]


def typed_texts(case: dict) -> list[str]:
    """The values the case's replacement writes, as a reader must see them (NFC)."""
    old, new = case["replace"]
    before = set(old.split("\n"))
    out = []
    for line in new.split("\n"):
        if line in before:
            continue
        value = re.sub(r"^\s*(- )?([a-z_]+: )?", "", line).strip()
        out.append(unicodedata.normalize("NFC", value))
    return out


def render(plan: Path, fmt: str, out: Path) -> Path:
    result = CliRunner().invoke(app, ["render", str(plan), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return out


def test_there_is_a_markup_case() -> None:
    """The selection below is not silently empty."""
    assert [c["name"] for c in MARKUP_CASES] == ["markup-looking text"]
    assert typed_texts(MARKUP_CASES[0]) == ["Các thôn & <w:p> {{ x }} {% if %}"]


@pytest.mark.parametrize("case", RENDERABLE, ids=[c["name"] for c in RENDERABLE])
def test_valid_case_renders_text_as_typed(case: dict, tmp_path: Path) -> None:
    plan, _ = _materialise(case, tmp_path)
    texts = typed_texts(case)
    assert texts
    paragraphs = docx_paragraphs(render(plan, "docx", tmp_path / "out.docx"))
    md = render(plan, "md", tmp_path / "out.md").read_text(encoding="utf-8")
    html = html_blocks(render(plan, "html", tmp_path / "out.html").read_text(encoding="utf-8"))
    for text in texts:
        assert any(text in p for p in paragraphs), (text, paragraphs)
        assert any(text in line for line in md.splitlines()), text
        assert any(text in line for line in html), text
    assert unicodedata.is_normalized("NFC", md)


@pytest.mark.parametrize("case", MARKUP_CASES, ids=[c["name"] for c in MARKUP_CASES])
def test_markup_looking_text_renders_literally(case: dict, tmp_path: Path) -> None:
    plan, _ = _materialise(case, tmp_path)
    (text,) = typed_texts(case)
    assert all(token in text for token in TOKENS)

    out = render(plan, "docx", tmp_path / "out.docx")
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    minidom.parseString(xml)  # still well-formed: the text did not open an element
    assert "&amp; &lt;w:p&gt; {{ x }} {% if %}" in xml
    recipients = [p for p in docx_paragraphs(out) if "{{" in p]
    assert recipients == [f"- {text};"]

    html_source = render(plan, "html", tmp_path / "out.html").read_text(encoding="utf-8")
    assert "Các thôn &amp; &lt;w:p&gt; {{ x }} {% if %}" in html_source  # escaped in the source …
    assert "<w:p>" not in html_source
    shown = html_blocks(html_source)
    assert f"- {text};" in [line.strip() for line in shown]  # … and shown as typed

    md = render(plan, "md", tmp_path / "out.md").read_text(encoding="utf-8")
    assert f"- {text};" in md.splitlines()  # Markdown is text as typed, not escaped
