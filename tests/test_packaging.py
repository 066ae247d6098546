"""Packaging (issue 10 items 6 and 7): LICENSE in the repository, the wheel and the sdist; the
schema inside the wheel; project metadata; README links that work on a package index; the lower
bounds of the dependencies equal to what CI's second run installs (.ci/lowest.txt)."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-d", str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    return out


def test_license_is_the_mit_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]


def test_wheel_holds_license_schema_and_templates(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
        assert "kehoach/kehoach.schema.json" in names
        assert z.read("kehoach/kehoach.schema.json") == (ROOT / "schema" / "kehoach.schema.json").read_bytes()
        assert z.read("kehoach/kehoach.report.schema.json") == (
            ROOT / "schema" / "kehoach.report.schema.json").read_bytes()
        assert any(n.startswith("kehoach/templates/docx/") for n in names)
        metadata = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata
    assert "Project-URL: Repository, " in metadata
    assert "Classifier: Natural Language :: Vietnamese" in metadata


def test_sdist_holds_license(dist):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    assert {"LICENSE", "pyproject.toml", ".pre-commit-hooks.yaml", ".ci/lowest.txt"} <= names


def test_project_metadata():
    assert PROJECT["authors"] and PROJECT["classifiers"]
    urls = PROJECT["urls"]
    assert {"Homepage", "Repository", "Issues", "Documentation"} <= set(urls)
    assert all(u.startswith("https://") for u in urls.values())


def test_readme_links_are_absolute():
    """A package index shows README.md away from the repository: relative links would break."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert links
    for link in links:
        assert link.startswith(("https://", "http://", "#")), link
        if "github.com/" in link:
            assert link.startswith(PROJECT["urls"]["Repository"]), link


def test_lower_bounds_are_what_ci_tests():
    lowest = {}
    for line in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            lowest[name.lower()] = version.strip()
    bounds = {}
    # kehoach[serve]'s floors are proven the same way (the second run installs '.[test]', which
    # pulls it in); the test tools are not.
    extras = PROJECT["optional-dependencies"]["serve"]
    for spec in [*PROJECT["dependencies"], *extras]:
        req = Requirement(spec)
        floors = [s.version for s in req.specifier if s.operator == ">="]
        assert floors, f"{spec}: no lower bound"
        bounds[req.name.lower()] = floors[0]
        assert req.specifier.contains(lowest[req.name.lower()]), spec
    assert {k: Version(v) for k, v in bounds.items()} == {k: Version(v) for k, v in lowest.items()}


def test_ci_runs_the_suite_on_the_lowest_versions():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c .ci/lowest.txt" in script and ".venv-lowest/bin/pytest" in script
