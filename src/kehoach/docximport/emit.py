"""Stage 5: plan data → the YAML text of a plan file, written the way the examples are: two-space
indents, long text folded (`>-`) at the width of the file, amounts with `_` between thousands, and
the `# XEM LẠI (đoạn N): …` comments above the keys and items they concern.

ruamel.yaml writes it (the YAML library that keeps comments, already used by `kehoach new`).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

WIDTH = 100
FOLD_AT = 98  # a line longer than this is folded


def _value(value: Any, indent: int) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarint import ScalarInt
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _value(item, indent + 2)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_value(item, indent + 4) for item in value)
        if value and all(isinstance(x, str) and len(x) < 30 and "\n" not in x for x in value) \
                and sum(len(x) + 2 for x in value) < 60:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, bool) or value is None or isinstance(value, date):
        return value
    if isinstance(value, int):
        return ScalarInt(value, underscore=[3, False, False]) if value >= 10_000 else value
    if isinstance(value, str):
        if "\n" in value:
            paragraphs = [" ".join(p.split()) for p in value.split("\n\n") if p.strip()]
            if all(len(p) + indent < WIDTH * 3 for p in paragraphs):
                return FoldedScalarString("\n".join(paragraphs))
            return LiteralScalarString("\n\n".join(paragraphs))
        if len(value) + indent > FOLD_AT and not value.startswith((" ", "-", "#")):
            return FoldedScalarString(value)
        return value
    return value


def _at(root: Any, path: tuple) -> tuple[Any, Any] | None:
    """(container, key) of the deepest existing node on `path`."""
    node, found = root, None
    for part in path:
        if (isinstance(part, int) and isinstance(node, list) and part < len(node)) or (isinstance(part, str) and isinstance(node, dict) and part in node):
            found = (node, part)
            node = node[part]
        else:
            break
    return found


def to_yaml(data: dict[str, Any], comments: dict[tuple, list[str]], header: list[str]) -> str:
    """The plan file's text: `header` lines first (as comments), then the data."""
    from ruamel.yaml import YAML

    doc = _value(data, 0)
    top: list[str] = [*header]
    for path, notes in comments.items():
        where = _at(doc, path)
        if where is None:
            top.extend(notes)
            continue
        container, key = where
        depth = sum(1 for _ in path[: path.index(key) + 1]) if key in path else 1
        column = _column(doc, path, key)
        existing = container.ca.items.get(key)
        text = "\n".join(notes)
        if existing and existing[1]:
            text = "\n".join([c.value.strip().lstrip("#").strip() for c in existing[1] if c is not None] + notes)
        del depth
        container.yaml_set_comment_before_after_key(key, before=text, indent=column)
    yaml = YAML()
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(doc, out)
    body = out.getvalue()
    lead = "".join(f"# {line}\n" if line else "#\n" for line in top)
    return lead + body


def _column(doc: Any, path: tuple, key: Any) -> int:
    """Indent of the comment: the column its key or item is written at."""
    column = 0
    node = doc
    for part in path:
        if isinstance(node, list):
            column += 2  # "  - " items: comment at the dash
        elif isinstance(node, dict) and node is not doc:
            column += 2
        if (part == key and (node.get(part) if isinstance(node, dict) else None) is not None) or part == key:
            break
        node = node[part]
    return column
