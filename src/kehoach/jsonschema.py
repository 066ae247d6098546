"""The plan's JSON Schema, generated from the pydantic models, in draft-07 form.

Draft-07 because that is what the YAML language server in common editors (VS Code's YAML
extension, Neovim's yamlls) understands best; pydantic emits 2020-12 `$defs`, which we rename.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_URI = "http://json-schema.org/draft-07/schema#"
# `$id`: a name for each schema, not an address to fetch (editors use the file a plan's
# `# yaml-language-server: $schema=…` line names; the same files ship inside the wheel).
ID_BASE = "https://github.com/kehoach-vn/kehoach/schema/"
FILES = {"plan": "kehoach.schema.json", "report": "kehoach.report.schema.json",
         "progress": "kehoach.progress.schema.json"}


def _draft07(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            ("definitions" if key == "$defs" else key): (
                value.replace("#/$defs/", "#/definitions/") if key == "$ref" else _draft07(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    return node


def _describe_refs(node: Any, definitions: dict[str, Any]) -> None:
    """Draft-07 ignores siblings of `$ref`; wrap a described `$ref` in `allOf` so editors show both."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if key == "properties":
                for name, prop in value.items():
                    prop.pop("title", None)  # pydantic's English field titles; descriptions say it
                    if "$ref" in prop and len(prop) > 1:
                        value[name] = {k: v for k, v in prop.items() if k != "$ref"} | {
                            "allOf": [{"$ref": prop["$ref"]}]
                        }
                    elif "$ref" in prop:
                        target = definitions.get(prop["$ref"].rsplit("/", 1)[-1], {})
                        value[name] = {"description": target.get("description", ""),
                                       "allOf": [{"$ref": prop["$ref"]}]}
            _describe_refs(value, definitions)
    elif isinstance(node, list):
        for item in node:
            _describe_refs(item, definitions)


def plan_schema() -> dict[str, Any]:
    from kehoach.model import Plan

    return _schema(Plan, "Tệp kế hoạch kehoach")


def report_schema() -> dict[str, Any]:
    """The report file beside a plan (`<stem>.report.yaml`, `kehoach report`)."""
    from kehoach.report.model import ReportFile

    return _schema(ReportFile, "Tệp báo cáo kết quả thực hiện kế hoạch (kehoach report)")


def progress_schema() -> dict[str, Any]:
    """The progress file beside a plan (`<stem>.progress.yaml`)."""
    from kehoach.progress.model import ProgressFile

    return _schema(ProgressFile, "Tệp tiến độ thực hiện kế hoạch (kehoach progress)")


def _key_names(node: Any) -> None:
    """A mapping keyed by codes (units, budget lines, sources): pydantic says what the values
    are (`patternProperties`) but lets any key through; say the keys' pattern as kehoach does."""
    if isinstance(node, dict):
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1 and "properties" not in node:
            node.setdefault("propertyNames", {}).setdefault("pattern", next(iter(patterns)))
        for value in node.values():
            _key_names(value)
    elif isinstance(node, list):
        for item in node:
            _key_names(item)


_KIND_WORDS = {"plan": "kế hoạch", "report": "tệp báo cáo", "progress": "tệp tiến độ"}


def _schema(model: Any, title: str) -> dict[str, Any]:
    from kehoach.jsonschema_messages import vietnamese

    schema = _draft07(model.model_json_schema(ref_template="#/$defs/{model}"))
    _key_names(schema)
    _describe_refs(schema, schema.get("definitions", {}))
    for definition in schema.get("definitions", {}).values():
        definition.pop("title", None)
    kind = {"Plan": "plan", "ReportFile": "report", "ProgressFile": "progress"}[model.__name__]
    vietnamese(schema, _KIND_WORDS[kind])
    # No `title` at the top: yaml-language-server heads every hover with the nearest title, so
    # the file's title would stand over each field (twice over an `anyOf`); the description says it.
    schema.pop("title", None)
    schema["description"] = title + (f". {schema['description']}" if schema.get("description") else "")
    return {"$schema": SCHEMA_URI, "$id": ID_BASE + FILES[kind], **schema}


def schema_target(text: str) -> Path:
    """`kehoach schema -o` as typed: a folder gets kehoach.schema.json; a YAML file (a plan,
    most likely) is refused: never written over."""
    from kehoach.diagnostics import KehoachError
    from kehoach.output import parse_target

    output, as_folder = parse_target(text)
    if as_folder:
        output = output / FILES["plan"]
    if output.suffix.lower() in (".yaml", ".yml"):
        raise KehoachError(f"Không ghi JSON Schema vào tệp YAML {output}.",
                           "Ghi ra tệp .json, ví dụ schema/kehoach.schema.json.")
    return output


def schema_text(report: bool = False, progress: bool = False) -> str:
    schema = report_schema() if report else progress_schema() if progress else plan_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
