"""`render → import` is exact (issue 22, item 3): for every plan kehoach renders — plans/2024.yaml,
every file in plans/examples (new examples are covered as they land) and the generated plans of
tests/docx_generated.py (every deadline kind, budget shape, issuer and signer) — the imported plan
validates and prints exactly what the original prints, field by field
(kehoach.docximport.compare.printed). The same holds after LibreOffice has opened and re-saved
each .docx (it rewrites all the XML), so the importer reads documents, not kehoach's markup.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import docx_generated
from conftest import ROOT
from kehoach.docximport.api import import_file
from kehoach.docximport.compare import differences, printed
from kehoach.render.api import render_view
from kehoach.render.pdf import find_soffice
from kehoach.render.views import build_view
from kehoach.validate import COMPANION_SUFFIXES, check_plan

EXAMPLES = sorted(
    p for p in (ROOT / "plans" / "examples").glob("*.yaml") if not p.name.endswith(COMPANION_SUFFIXES)
)
SHIPPED = [ROOT / "plans" / "2024.yaml", *EXAMPLES]
GENERATED = [f"generated-{i:02d}" for i in range(docx_generated.COUNT)]


def source_plan(name: str, folder: Path) -> Path:
    if name.startswith("generated-"):
        path = folder / f"{name}.yaml"
        path.write_text(docx_generated.plan_text(int(name.rsplit("-", 1)[1])), encoding="utf-8")
        return path
    return ROOT / name


# Issue 24's examples whose new forms the importer (issue 22) does not read back yet: each one
# fails for the reasons given, strictly, so that the mark goes when the importer learns them.
NOT_YET_IMPORTED = {
    "plans/examples/nghia-hanh-2026-cai-cach-hanh-chinh.yaml":
        "lettered items (numbering.items a), b)) become sub-headings; units printed in the body are "
        "not read; a budget section with sources but no lines is imported as a plain section",
}


def _case(name: str) -> object:
    why = NOT_YET_IMPORTED.get(name)
    return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=why)) if why else name


CASES = [_case(str(p.relative_to(ROOT))) for p in SHIPPED] + GENERATED
NAMES = [str(p.relative_to(ROOT)) for p in SHIPPED] + GENERATED


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Every case rendered once: name → (plan file, .docx)."""
    folder = tmp_path_factory.mktemp("roundtrip")
    out = {}
    for name in NAMES:
        plan = source_plan(name, folder)
        checked = check_plan(plan, progress=False)
        assert checked.plan is not None and not checked.errors, (name, [d.message for d in checked.errors])
        docx = folder / f"{Path(name).stem}.docx"
        docx.write_bytes(
            render_view(build_view(checked.plan, checked.catalogue), ("docx",), None, plan.stem)["docx"]
        )
        out[name] = (plan, docx)
    return out


@pytest.fixture(scope="module")
def resaved(rendered, tmp_path_factory) -> dict[str, Path]:
    """Every .docx opened and saved again by LibreOffice, in one run of it."""
    soffice = find_soffice()
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: the round trip after a LibreOffice re-save is NOT "
            "tested (install libreoffice-writer-nogui)"
        )
    folder = tmp_path_factory.mktemp("resaved")
    sources = [docx for _, docx in rendered.values()]
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        start_new_session=True,
    )
    return {name: folder / "out" / docx.name for name, (_, docx) in rendered.items()}


def round_trip(plan: Path, docx: Path, tmp_path: Path) -> None:
    original = check_plan(plan, progress=False)
    imported = import_file(docx, tmp_path / plan.name)
    assert imported.checked.plan is not None, imported.text
    assert not imported.errors, [(d.code, d.line, d.message) for d in imported.errors]
    diff = differences(
        printed(original.plan, original.catalogue), printed(imported.checked.plan, imported.checked.catalogue)
    )
    assert diff == [], "\n".join(diff)
    # what it wrote is the file it checked: write it, validate it from disk
    (tmp_path / plan.name).write_text(imported.text, encoding="utf-8")
    assert not check_plan(tmp_path / plan.name, progress=False).errors


@pytest.mark.parametrize("name", CASES)
def test_render_then_import_gives_the_plan_back(name, rendered, tmp_path):
    plan, docx = rendered[name]
    round_trip(plan, docx, tmp_path)


@pytest.mark.parametrize("name", CASES)
def test_also_after_libreoffice_saved_the_document(name, rendered, resaved, tmp_path):
    plan, _ = rendered[name]
    round_trip(plan, resaved[name], tmp_path)


def test_the_generated_plans_cover_every_form():
    """Every deadline form of the README's table, every budget shape, issuer and preamble."""
    from kehoach.deadlines import parse_deadline

    texts = [docx_generated.plan(i) for i in range(docx_generated.COUNT)]
    written = set()

    def walk(node):
        if isinstance(node, dict):
            if "deadline" in node:
                written.add(node["deadline"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(texts)
    kinds = {parse_deadline(d).kind for d in written}
    assert kinds == {"date", "month", "quarter", "half", "year", "event", "range", "recurring", "continuous"}
    for form in docx_generated.DEADLINES + docx_generated.PERIOD_DEADLINES:
        assert any(form.format(Y=y, Y2=y + 2) in written for y in (2024, 2025)), form
    shapes = {i % docx_generated.BUDGET_SHAPES for i in range(docx_generated.COUNT)}
    assert shapes == set(range(docx_generated.BUDGET_SHAPES))
    assert {i % len(docx_generated.ISSUERS) for i in range(docx_generated.COUNT)} == set(
        range(len(docx_generated.ISSUERS))
    )
    # tables (issue 24 part 6): in a section, a task, a sub-task; with and without money, a total,
    # triệu đồng; emphasis: bold, italic, both, an escaped asterisk, in a heading and a Căn cứ line
    placed: set[str] = set()
    shapes: set[str] = set()
    for i, text in enumerate(texts):
        plain = docx_generated.plan_text(i)
        for entry in text.get("sections", []):
            if "table" in entry:
                placed.add("section")
        for activity in text["activities"]:
            placed |= {"activity"} if "table" in activity else set()
            placed |= {"child"} if any("table" in c for c in activity.get("children", [])) else set()
        for table in _tables(text):
            shapes.add("money" if table.get("money") else "plain")
            shapes |= {"total"} if table.get("total") else set()
            shapes |= {table.get("unit", "đồng")}
        for marker in ("***", "**", "*", "\\*", "(*)"):
            if marker in plain:
                shapes.add(marker)
    assert placed == {"section", "activity", "child"}
    assert shapes >= {"money", "plain", "total", "đồng", "triệu đồng", "***", "**", "*", "\\*", "(*)"}


def _tables(node):
    if isinstance(node, dict):
        if isinstance(node.get("table"), dict):
            yield node["table"]
        for value in node.values():
            yield from _tables(value)
    elif isinstance(node, list):
        for value in node:
            yield from _tables(value)


def test_compare_sees_a_difference(rendered, tmp_path):
    """The comparison can fail: an imported plan with one deadline changed is not the original."""
    plan, docx = rendered["plans/2024.yaml"]
    original = check_plan(plan, progress=False)
    imported = import_file(docx, tmp_path / "x.yaml")
    changed = tmp_path / "changed.yaml"
    changed.write_text(imported.text.replace("quý IV năm 2024", "quý III năm 2024", 1), encoding="utf-8")
    other = check_plan(changed, progress=False)
    assert differences(printed(original.plan, original.catalogue), printed(other.plan, other.catalogue))


@pytest.mark.parametrize(("old", "new"), [
    ("money: [2]", "money: []"),  # a money column read as text
    ("total: Tổng cộng", "total: Tổng"),
    ("2.500.000", "2.600.000"),
    ("**", ""),  # emphasis lost
    ("**", "*"),  # bold read as italic
])
def test_compare_sees_a_table_or_emphasis_difference(rendered, tmp_path, old, new):
    name = next(n for n in GENERATED if "total: Tổng cộng" in docx_generated.plan_text(int(n[-2:]))
                and "**" in docx_generated.plan_text(int(n[-2:])))
    plan, docx = rendered[name]
    original = check_plan(plan, progress=False)
    imported = import_file(docx, tmp_path / "x.yaml")
    assert old in imported.text, old
    changed = tmp_path / "changed.yaml"
    changed.write_text(imported.text.replace(old, new), encoding="utf-8")
    other = check_plan(changed, progress=False)
    assert other.plan is not None
    assert differences(printed(original.plan, original.catalogue), printed(other.plan, other.catalogue))
