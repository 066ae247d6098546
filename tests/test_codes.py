"""Every diagnostic code is documented, with a failing and a passing example, and the docs page
is generated from that documentation."""

from __future__ import annotations

import re
import textwrap

import pytest

from conftest import ROOT
from kehoach.codes import STAGE_CODES, all_codes, markdown
from kehoach.loader import load_text
from kehoach.rules import RULES

SRC = ROOT / "src" / "kehoach"
ALL = all_codes()


def examples(doc: str) -> dict[str, str]:
    found = {}
    for block in doc.split("\n\n"):
        if block.startswith(("Sai:", "Đúng:")):
            head, _, body = block.partition("\n")
            found[head] = textwrap.dedent(body)
    return found


@pytest.mark.parametrize("doc", ALL, ids=[c.code for c in ALL])
def test_every_code_documented_with_both_examples(doc):
    assert re.fullmatch(r"KH\d{3}", doc.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", doc.name), doc.name
    assert len(doc.summary) > 15 and "Sai:" not in doc.summary
    ex = examples(doc.doc)
    assert set(ex) == {"Sai:", "Đúng:"}, f"{doc.code} needs a `Sai:` and a `Đúng:` example"
    assert ex["Sai:"].strip() and ex["Đúng:"].strip()
    assert ex["Sai:"] != ex["Đúng:"]


def test_codes_unique_and_sorted():
    listed = [c.code for c in ALL]
    assert len(listed) == len(set(listed))
    assert listed == sorted(listed)
    names = [c.name for c in ALL]
    assert len(names) == len(set(names))


def test_rules_and_stage_codes_all_listed():
    listed = {c.code for c in ALL}
    assert {r.code for r in RULES} <= listed
    assert {c.code for c in STAGE_CODES} <= listed
    # the severity shown in the docs is the one the rule reports with
    by_code = {c.code: c for c in ALL}
    for r in RULES:
        assert by_code[r.code].severity is r.severity


@pytest.mark.parametrize("module", ["loader.py", "schema.py", "validate.py", "rules"])
def test_every_emitted_code_is_documented(module):
    path = SRC / module
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    emitted = {code for f in files for code in re.findall(r"\"(KH\d{3})\"", f.read_text("utf-8"))}
    assert emitted, f"no codes found in {module}"
    undocumented = emitted - {c.code for c in ALL}
    assert not undocumented, f"{module} emits undocumented codes {sorted(undocumented)}"


@pytest.mark.parametrize("code", ["KH002", "KH003", "KH004", "KH005", "KH006", "KH007"])
def test_loader_examples_behave_as_documented(code):
    """The Sai: example of a loader code really produces it, and the Đúng: one does not."""
    doc = next(c for c in STAGE_CODES if c.code == code)
    ex = examples(doc.doc)
    assert code in [d.code for d in load_text(ex["Sai:"], "sai.yaml").diagnostics]
    assert load_text(ex["Đúng:"], "dung.yaml").diagnostics == []


def test_docs_page_is_current():
    page = ROOT / "docs" / "rules.md"
    assert page.is_file(), "docs/rules.md is missing: run `kehoach rules --format md > docs/rules.md`"
    assert page.read_text(encoding="utf-8") == markdown(), (
        "docs/rules.md is out of date: regenerate it with "
        "`.venv/bin/kehoach rules --format md > docs/rules.md`"
    )


def test_docs_page_lists_every_code_with_examples():
    page = markdown()
    for c in ALL:
        assert f"## {c.code}" in page
        assert f"[{c.code}](#{c.code.lower()})" in page
    assert page.count("**Sai:**") == len(ALL) and page.count("**Đúng:**") == len(ALL)
    assert "\tissuer" in page  # the Tab example keeps its Tab
