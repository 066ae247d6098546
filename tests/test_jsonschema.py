"""The committed JSON Schema is current, described in Vietnamese, and agrees with the models."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from kehoach.jsonschema import plan_schema, schema_text

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schema" / "kehoach.schema.json"
PLAN = ROOT / "plans" / "2024.yaml"


def _jsonable(node):
    if isinstance(node, dict):
        return {str(k): _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def _plan_data(text: str | None = None):
    return _jsonable(yaml.safe_load(text if text is not None else PLAN.read_text(encoding="utf-8")))


def test_committed_schema_is_current():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schema/kehoach.schema.json is out of date: run `kehoach schema -o schema/kehoach.schema.json`"
    )


def test_schema_is_draft07_and_valid():
    schema = plan_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)
    Draft7Validator.check_schema(schema)


def test_every_property_has_a_vietnamese_description():
    undocumented = []

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if not prop.get("description", "").strip():
                    undocumented.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    walk(plan_schema(), "")
    assert undocumented == []


def test_plan_file_starts_with_schema_modeline():
    first = PLAN.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/kehoach.schema.json"


def test_real_plan_satisfies_schema():
    errors = list(Draft7Validator(plan_schema()).iter_errors(_plan_data()))
    assert errors == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  place: An Dương", "  plaec: An Dương"),  # unknown key
        ("  authority: TM", "  authority: THAY MAT"),  # not an allowed value
        ("  total: 13_000_000", "  total: -5"),  # negative money
    ],
)
def test_schema_rejects_what_the_model_rejects(old, new):
    text = PLAN.read_text(encoding="utf-8")
    assert text.count(old) == 1
    errors = list(Draft7Validator(plan_schema()).iter_errors(_plan_data(text.replace(old, new))))
    assert errors, f"schema accepted {new!r}"
