"""The hostile-input corpus (tests/corpus/cases.yaml): every case gives its exact outcome, a
Vietnamese message and never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.loader import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
PLAN = ROOT / "plans" / "2024.yaml"
_ENGLISH = re.compile(r"\b(found|expected|while|could not|did not|not allowed|error|invalid)\b", re.I)
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))


def _materialise(case: dict, tmp_path: Path) -> tuple[Path, int | None]:
    """The file to validate and the expected line (None: any line)."""
    if "file" in case:
        return CORPUS / case["file"], case.get("line")
    old, new = case["replace"]
    text = PLAN.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{case['name']}: {old!r} must occur once in plans/2024.yaml"
    at = text.index(old)
    path = tmp_path / "2024.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = case.get("line")
    if isinstance(line, str):
        base, _, extra = line.partition("+")
        assert base == "replaced"
        line = text.count("\n", 0, at) + 1 + int(extra or 0)
    return path, line


def _validate(path: Path):
    result = CliRunner().invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus_case(case, tmp_path):
    path, line = _materialise(case, tmp_path)
    result = _validate(path)
    assert "Traceback" not in result.output
    assert result.exit_code == case["exit"], result.output
    report = json.loads(result.stdout)
    diagnostics = report["diagnostics"]
    if "code" not in case:
        assert diagnostics == []
        return
    assert diagnostics, "expected a diagnostic"
    first = diagnostics[0]
    assert first["code"] == case["code"], diagnostics
    if line is not None:
        assert first["line"] == line, first
    # Messages speak Vietnamese: accented letters in the message and a hint on what to do.
    assert any(ord(ch) > 127 for ch in first["message"]), first["message"]
    for d in diagnostics:  # never the YAML library's English (class 12)
        assert not _ENGLISH.search(d["message"] + d["hint"]), d
        for word in case.get("absent", ()):  # nor talk that does not fit the case (issue 28)
            assert word not in d["message"] + d["hint"], d
    assert first["hint"], first


def test_every_corpus_file_has_a_case():
    listed = {c["file"] for c in CASES if "file" in c}
    present = {p.name for p in CORPUS.iterdir() if p.name not in ("cases.yaml", "README.md")}
    assert present == listed


def test_huge_file_refused_without_reading_it(tmp_path):
    """50 MB (sparse: costs no disk) is refused by its size, before any byte is read."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_BYTES
    result = _validate(path)
    assert result.exit_code == 2
    first = json.loads(result.stdout)["diagnostics"][0]
    assert first["code"] == "KH001"
    assert "(50,0 MB)" in first["message"]


@pytest.mark.parametrize(("size", "said"), [(int(10.5 * 1024 * 1024), "10,5 MB"),
                                            (11 * 1024 * 1024 + 300_000, "11,3 MB")])
def test_sizes_are_said_with_a_decimal_comma(tmp_path, size, said):
    """Issue 28, class 9: "10,5 MB" as Vietnamese writes it, never "10.5 MB"."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(size)
    message = json.loads(_validate(path).stdout)["diagnostics"][0]["message"]
    assert said in message and not re.search(r"\d\.\d+ MB", message), message
