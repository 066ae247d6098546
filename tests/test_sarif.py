"""`kehoach validate -f sarif` (issue 26 item 3): SARIF 2.1.0 checked against the OASIS JSON
schema (tests/data/sarif-schema-2.1.0.json, the errata01 schema shipped verbatim: the tests run
with no network), rules with their `kehoach rules` text, results with regions, relative paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import PLAN_2024, mutated_text
from kehoach import config
from kehoach.cli import app
from kehoach.codes import all_codes

runner = CliRunner()
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _fresh():
    config.forget()
    yield
    config.forget()


def _valid(log: dict) -> None:
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors, errors[:5]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    plans = tmp_path / "plans" / "xã An Dương"  # a space and Vietnamese in the path: URIs are encoded
    plans.mkdir(parents=True)
    (plans / "2024.yaml").write_text(
        mutated_text("  total: 13_000_000", "  total: 13_000_001").replace("  date: 2024-03-29", "  date:"),
        encoding="utf-8")
    shutil.copy(PLAN_2024, tmp_path / "plans" / "sach.yaml")
    (tmp_path / "plans" / "hong.yaml").write_bytes(b"\xff\xfe\x00binary")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["validate", *args, "-f", "sarif"])
    return result.exit_code, json.loads(result.stdout)


def test_the_log_is_valid_sarif_with_regions_and_relative_paths(folder):
    code, log = _run("plans")
    assert code == 2  # hong.yaml cannot be read: the exit code is validate's own
    _valid(log)
    (run,) = log["runs"]
    assert log["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "kehoach"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == folder.as_uri() + "/"
    parsable = runner.invoke(app, ["validate", "plans", "-f", "parsable"]).stdout.splitlines()
    expected = sorted(tuple(line.split(":", 3)[:3]) for line in parsable)
    found = []
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        artifact = location["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%" and not artifact["uri"].startswith("/")
        region = location.get("region", {})
        found.append((unquote(artifact["uri"]), str(region["startLine"]), str(region["startColumn"])))
    assert sorted(found) == expected
    kh201 = next(r for r in run["results"] if r["ruleId"] == "KH201")
    assert kh201["level"] == "error" and "thiếu 1 đồng" in kh201["message"]["text"]
    assert "Cách sửa:" in kh201["message"]["text"]
    assert kh201["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "plans/x%C3%A3%20An%20D%C6%B0%C6%A1ng/2024.yaml")
    region = kh201["locations"][0]["physicalLocation"]["region"]
    assert region["endColumn"] > region["startColumn"] and run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["rules"][kh201["ruleIndex"]]["id"] == "KH201"


def test_a_diagnostic_without_a_place_has_no_region(tmp_path):
    from kehoach.diagnostics import Diagnostic, Severity
    from kehoach.sarif import as_sarif

    unplaced = Diagnostic("KH001", Severity.ERROR, "m", str(tmp_path / "x.yaml"))
    log = json.loads(as_sarif([unplaced], root=tmp_path))
    _valid(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "x.yaml", "uriBaseId": "%SRCROOT%"}}


def test_rules_carry_the_kehoach_rules_text(folder):
    _, log = _run("plans/sach.yaml")
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    listed = {line.split()[0]: line for line in runner.invoke(app, ["rules"]).stdout.splitlines()}
    assert [r["id"] for r in rules] == [c.code for c in all_codes()]
    for rule, doc in zip(rules, all_codes(), strict=True):
        assert rule["name"] == doc.name and rule["shortDescription"]["text"] == doc.summary
        assert listed[doc.code].endswith(doc.summary)  # the same words `kehoach rules` prints
        assert rule["help"]["text"] == doc.doc and "Sai:" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == doc.severity.value  # "error" / "warning"
        assert rule["helpUri"].endswith(f"docs/rules.md#{doc.code.lower()}")
    assert log["runs"][0]["results"] == []
    _valid(log)


def test_silenced_results_are_marked_suppressed(folder):
    (folder / "kehoach.toml").write_text('[rules]\nKH505 = "off"\n', encoding="utf-8")
    plan = folder / "plans" / "xã An Dương" / "2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "  place: An Dương", "  place: xã An Dương   # kehoach: bỏ qua KH508"), encoding="utf-8")
    _, log = _run(str(plan.relative_to(folder)))
    _valid(log)
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    assert "suppressions" not in results["KH201"]
    assert results["KH505"]["suppressions"][0]["kind"] == "external"
    assert "kehoach.toml" in results["KH505"]["suppressions"][0]["justification"]
    assert results["KH508"]["suppressions"][0]["kind"] == "inSource"


def test_a_file_outside_the_folder_keeps_an_absolute_uri(tmp_path, monkeypatch):
    plan = tmp_path / "ngoai" / "2024.yaml"
    plan.parent.mkdir()
    plan.write_text(mutated_text("  date: 2024-03-29", "  date:"), encoding="utf-8")
    inside = tmp_path / "trong"
    inside.mkdir()
    monkeypatch.chdir(inside)
    _, log = _run(str(plan))
    _valid(log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": plan.as_uri()}
