"""docs/json.md documents every key the json formats print (issue 10 item 8), and each document
carries its format version; enumerations are English with a Vietnamese label beside them."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from kehoach.cli import app

DOC = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([a-z_]+)`", DOC)) | {k for row in re.findall(r"\| `([^|]*)` \|", DOC)
                                                     for k in re.findall(r"[a-z_]+", row)}
PLANS = [ROOT / "plans" / "2024.yaml", *sorted((ROOT / "plans" / "examples").glob("*.yaml"))]
PLANS = [p for p in PLANS if ".progress." not in p.name and ".report." not in p.name]


def _keys(node, found=None):
    found = set() if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            _keys(value, found)
    elif isinstance(node, list):
        for item in node:
            _keys(item, found)
    return found


def _run(*args):
    result = CliRunner().invoke(app, [*args, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("plan", PLANS, ids=[p.name for p in PLANS])
def test_every_key_is_documented(plan, tmp_path):
    broken = tmp_path / "2024.yaml"
    broken.write_text((ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8")
                      .replace("total: 13_000_000", "total: 13_000_001"), encoding="utf-8")
    for data in (_run("validate", str(plan)), _run("validate", str(broken)), _run("tasks", str(plan)),
                 _run("progress", str(plan), "--as-of", "2024-12-31")):
        assert data["format_version"] == 1
        missing = _keys(data) - DOCUMENTED
        assert not missing, f"keys not in docs/json.md: {sorted(missing)}"


def test_enumerations_are_english_with_labels(tmp_path):
    plan = str(ROOT / "plans" / "2024.yaml")
    tasks = [t for u in _run("tasks", plan)["units"] for t in u["tasks"]]
    assert {t["role"] for t in tasks} == {"lead", "partner"}
    assert {t["role_label"] for t in tasks} == {"chủ trì", "phối hợp"}
    progress = _run("progress", plan, "--as-of", "2024-12-31")["tasks"]
    assert all(re.fullmatch(r"[a-z-]+", t["state"]) and t["state_label"] for t in progress)
    assert all(t["status"] is None or (re.fullmatch(r"[a-z-]+", t["status"]) and t["status_label"])
               for t in progress)
    broken = tmp_path / "2024.yaml"
    broken.write_text((ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8")
                      .replace("total: 13_000_000", "total: 13_000_001"), encoding="utf-8")
    d = _run("validate", str(broken))["diagnostics"][0]
    assert (d["severity"], d["severity_label"]) == ("error", "lỗi")
