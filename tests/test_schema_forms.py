"""The schema accepts every form kehoach accepts and refuses keys kehoach refuses (issue 10
item 1), checked with the jsonschema library on the data an editor reading YAML 1.2 sees."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft7Validator

from conftest import ROOT, check_text, mutated_text
from kehoach.jsonschema import FILES, ID_BASE, plan_schema, progress_schema, schema_text

SCHEMA = plan_schema()


def _ok(data, schema=SCHEMA) -> bool:
    return not list(Draft7Validator(schema).iter_errors(data))


def _with(path: tuple, value):
    """A minimal valid-shaped plan fragment is hard to build; patch the schema-checked real plan."""
    import yaml

    from test_jsonschema import _jsonable

    data = _jsonable(yaml.safe_load((ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8")))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "value"), [
    (("budget", "total"), "13_000_000"),           # YAML 1.2 reads 13_000_000 as a string
    (("budget", "total"), "13.000.000"),
    (("budget", "lines", "DA6.TDA1"), "5_000_000"),
    (("document", "date"), "29/03/2024"),
    (("document", "date"), "2024-03-29"),           # a string under YAML 1.2
    (("document", "number"), "12"),
    (("document", "number"), 12),
])
def test_schema_accepts_what_kehoach_accepts(tmp_path, path, value):
    assert _ok(_with(path, value)), (path, value)


@pytest.mark.parametrize(("old", "new"), [
    ("  vhxh: Công chức Văn hóa - Xã hội", "  VH XH: Công chức Văn hóa - Xã hội"),
    ("    DA6.TDA1: 5_000_000", "    DA 6: 5_000_000"),
])
def test_schema_refuses_keys_kehoach_refuses(tmp_path, old, new):
    import yaml

    from test_jsonschema import _jsonable

    text = mutated_text(old, new)
    assert check_text(tmp_path, text).errors  # kehoach refuses it …
    assert not _ok(_jsonable(yaml.safe_load(text)))  # … and so does the editor


@pytest.mark.parametrize("deadline", ["2024-12-31", "31/12/2024", "12/2024", "Q4/2024", "quý IV/2024",
                                      "H1/2024", "năm 2024", "định kỳ hằng quý", "thường xuyên"])
def test_every_deadline_form_is_text_to_the_editor(deadline):
    data = _with(("activities",), [{"title": "Việc", "deadline": deadline, "lead": "vhxh"}])
    assert _ok(data)


def test_every_schema_has_an_id_and_is_committed():
    for kind, name in FILES.items():
        committed = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        assert committed["$id"] == ID_BASE + name
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == schema_text(
            report=kind == "report", progress=kind == "progress"), f"schema/{name} is stale"


def test_progress_schema_accepts_the_shipped_progress_files():
    import yaml

    from test_jsonschema import _jsonable

    schema = progress_schema()
    examples = (ROOT / "plans" / "examples").glob("*.progress.yaml")
    for path in [ROOT / "plans" / "2024.progress.yaml", *examples]:
        assert _ok(_jsonable(yaml.safe_load(path.read_text(encoding="utf-8"))), schema), path
