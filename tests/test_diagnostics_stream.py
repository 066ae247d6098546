"""validate's output written file by file (kehoach.diagnostics_stream) is byte for byte what
kehoach.diagnostics_text writes for all the results at once, in every format."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from conftest import PLAN_TEXT, ROOT
from kehoach import diagnostics_text
from kehoach.diagnostics_stream import pieces
from kehoach.validate import outcome

CORPUS = ROOT / "tests" / "corpus"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> list:
    """Results of the corpus: clean plans, plans with errors and warnings, unreadable files."""
    folder = tmp_path_factory.mktemp("stream")
    found = []
    for i, case in enumerate(CASES):
        if "replace" in case:
            old, new = case["replace"]
            path = folder / f"{i:03d}" / "2024.yaml"
            path.parent.mkdir()
            path.write_text(PLAN_TEXT.replace(old, new), encoding="utf-8")
        else:
            path = CORPUS / case["file"]
        found.append(outcome(path))
    found += [outcome(p) for p in sorted((ROOT / "plans").glob("**/*.yaml")) if p.name.count(".") == 1]
    return found


def _at_once(fmt: str, files: list[str], results: list, colour: bool, quiet: bool) -> str:
    """What validate wrote before: everything at once (as typer.echo adds a line break)."""
    diagnostics = [d for r in results for d in r.diagnostics]
    sources = {file: lines for r in results for file, lines in r.sources.items()}
    out = ""
    if fmt == "human":
        if diagnostics:
            out += diagnostics_text.human(diagnostics, sources, colour) + "\n\n"
        if diagnostics or not quiet:
            out += diagnostics_text.summary(diagnostics, len(files)) + "\n"
    elif fmt == "json":
        out += diagnostics_text.as_json(diagnostics, files) + "\n"
    elif diagnostics:
        write = diagnostics_text.parsable if fmt == "parsable" else diagnostics_text.github
        out += write(diagnostics) + "\n"
    return out


@pytest.mark.parametrize("fmt", ["human", "parsable", "json", "github"])
@pytest.mark.parametrize("seed", range(8))
def test_written_file_by_file_as_at_once(outcomes, fmt, seed):
    pick = random.Random(seed)
    results = pick.sample(outcomes, pick.randint(0, len(outcomes)))
    if seed == 0:
        results = [r for r in outcomes if not r.diagnostics]  # every file clean
    files = [r.path for r in results] or ["a.yaml"]
    for colour in (False, True):
        for quiet in (False, True):
            streamed = "".join(p.text for p in pieces(fmt, files, iter(results), colour=colour, quiet=quiet))
            assert streamed == _at_once(fmt, files, results, colour, quiet)


def test_a_problem_in_a_shared_file_is_said_once(outcomes):
    from dataclasses import replace

    broken = next(r for r in outcomes if r.diagnostics)
    shared = broken.diagnostics[0]
    first = replace(broken, own=frozenset())  # as if the file were a catalogue both plans name
    second = replace(broken, path="other.yaml", diagnostics=(shared,), own=frozenset())
    text = "".join(p.text for p in pieces("parsable", ["a", "b"], [first, second]))
    assert text.count(f"[{shared.code}] {shared.message.splitlines()[0]}") == 1


def test_only_the_human_excerpts_keep_their_escapes(outcomes):
    kinds = {p.colour for p in pieces("human", ["x"], outcomes, colour=True)}
    assert kinds == {True, False}
    assert not any(p.colour for fmt in ("parsable", "json", "github") for p in pieces(fmt, ["x"], outcomes))


def test_the_sources_kept_are_those_the_diagnostics_point_into(outcomes):
    for result in outcomes:
        assert set(result.sources) <= {d.file for d in result.diagnostics}
        assert Path(result.path).name in {Path(f).name for f in result.own}
