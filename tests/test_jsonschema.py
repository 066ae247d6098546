"""The committed JSON Schema is current, described in Vietnamese, and agrees with the models."""

from __future__ import annotations

import datetime as dt
import json
import re
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


# Every text form of an amount that kehoach reads, as the editor sees it: yaml-language-server
# reads YAML 1.2, where `13_000_000` is a string, so the schema's pattern must take it too.
MONEY_FORMS = [
    ("13_000_000", "đồng"), ("13.000.000", "đồng"), ("13000000", "đồng"), ("13.000.000 đồng", "đồng"),
    ("5.000.000đ", "đồng"), ("5.000.000 VNĐ", "đồng"), ("0", "đồng"), ("5.000.000 ĐỒNG", "đồng"),
    ("5.000.000 Vnd", "đồng"), ("1.234,5 Triệu Đồng", "triệu đồng"), ("2 tỷ", "tỷ đồng"),
    ("1.234,5", "triệu đồng"), ("1_234,25", "triệu đồng"), ("0,5", "triệu đồng"),
    ("1.234,5 triệu đồng", "triệu đồng"), ("12", "triệu đồng"),
]


@pytest.mark.parametrize(("text", "unit"), MONEY_FORMS)
def test_schema_accepts_every_money_form_kehoach_reads(text, unit):
    from kehoach.money import parse_money

    parse_money(text, unit)  # kehoach reads it
    schema = plan_schema()
    money = {**schema["definitions"]["Budget"]["properties"]["total"], "definitions": schema["definitions"]}
    errors = list(Draft7Validator(money).iter_errors(text))
    assert errors == [], f"schema refuses {text!r}"


@pytest.mark.parametrize("text", ["5.000.00", "05.000", "-5", "5,000,000", "5 triệu đồng đồng", "1e6"])
def test_schema_refuses_money_kehoach_refuses(text):
    schema = plan_schema()
    money = {**schema["definitions"]["Budget"]["properties"]["total"], "definitions": schema["definitions"]}
    assert list(Draft7Validator(money).iter_errors(text)), f"schema accepts {text!r}"


def test_budget_shapes_satisfy_schema():
    text = PLAN.read_text(encoding="utf-8").replace(
        "  total: 13_000_000\n",
        '  unit: triệu đồng\n  total: "13"\n'
        '  by_source: {ngan-sach-trung-uong: "12,5", ngan-sach-xa: "0,5"}\n',
    ).replace("    DA7.TDA2: 6_000_000", '    DA7.TDA2: {amount: "6", of_which: {ngan-sach-xa: "0,5"}}')
    text = text.replace("budget:\n", "funding_sources: {quy-xa: Quỹ của xã}\nbudget:\n")
    assert list(Draft7Validator(plan_schema()).iter_errors(_plan_data(text))) == []


# ---- the report file (kehoach report) ---------------------------------------------------------

REPORT = ROOT / "plans" / "2024.report.yaml"
COMMITTED_REPORT = ROOT / "schema" / "kehoach.report.schema.json"


def test_committed_report_schema_is_current():
    assert COMMITTED_REPORT.read_text(encoding="utf-8") == schema_text(report=True), (
        "schema/kehoach.report.schema.json is out of date: run "
        "`kehoach schema --report -o schema/kehoach.report.schema.json`")


def test_report_file_satisfies_its_schema_and_names_it():
    from kehoach.jsonschema import report_schema

    schema = report_schema()
    Draft7Validator.check_schema(schema)
    text = REPORT.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/kehoach.report.schema.json"
    assert list(Draft7Validator(schema).iter_errors(_plan_data(text))) == []
    # A typo or a paragraph given as a number is underlined in the editor, as kehoach refuses it.
    assert list(Draft7Validator(schema).iter_errors(_plan_data(text + "shortcommings: [x]\n")))
    assert list(Draft7Validator(schema).iter_errors(_plan_data(text.replace("number:", "number: -3"))))
    assert list(Draft7Validator(schema).iter_errors(_plan_data(text + "causes: Một câu.\n"))) == []


# ---- the progress file (kehoach progress) -----------------------------------------------------

COMMITTED_PROGRESS = ROOT / "schema" / "kehoach.progress.schema.json"
PROGRESS_FILES = sorted([*(ROOT / "plans").rglob("*.progress.yaml")])


def test_committed_progress_schema_is_current():
    assert COMMITTED_PROGRESS.read_text(encoding="utf-8") == schema_text(progress=True), (
        "schema/kehoach.progress.schema.json is out of date: run "
        "`kehoach schema --progress -o schema/kehoach.progress.schema.json`")


@pytest.mark.parametrize("path", PROGRESS_FILES, ids=[p.name for p in PROGRESS_FILES])
def test_every_shipped_progress_file_names_its_schema_and_satisfies_it(path):
    from kehoach.jsonschema import progress_schema

    text = path.read_text(encoding="utf-8")
    up = "../" * (len(path.relative_to(ROOT).parts) - 1)
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={up}schema/kehoach.progress.schema.json"
    schema = progress_schema()
    assert list(Draft7Validator(schema).iter_errors(_plan_data(text))) == []
    # A status kehoach refuses is underlined in the editor too.
    # the first record's status, in a block or a flow record (not in a comment)
    wrong = re.sub(r"(?m)^([^#\n]*\bstatus: )[^,}#\n]*[^,}#\n ]", r"\1xong", text, count=1)
    assert wrong != text
    assert list(Draft7Validator(schema).iter_errors(_plan_data(wrong)))


@pytest.mark.parametrize("which", ["plan", "progress", "report"])
def test_every_patterned_field_says_its_kind(which):
    """A field with a pattern (an amount, a date, a deadline, a code…) gets its kind's words in
    the editor, not the generic "phải là chữ": a new kind of value needs its `x-kehoach` mark
    (kehoach.jsonschema_messages), or the editor would tell a clerk less than validate does."""
    from kehoach.jsonschema import plan_schema, progress_schema, report_schema

    schema = {"plan": plan_schema, "progress": progress_schema, "report": report_schema}[which]()
    generic = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("pattern", r"\S") != r"\S" and "phải là chữ" in node.get("patternErrorMessage", ""):
                generic.append((where, node["patternErrorMessage"]))
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                walk(value, f"{where}/{n}")

    walk(schema, "")
    assert not generic, generic
    assert "x-kehoach" not in json.dumps(schema)
