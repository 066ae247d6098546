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


def _value(value: Any, indent: int, flow: bool = False) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarint import ScalarInt
    from ruamel.yaml.scalarstring import FoldedScalarString

    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            # a table's header, its rows and its money columns one line each, as the examples write them
            out[key] = _value(item, indent + 2, flow=key in ("header", "money") and "rows" in value)
            if key == "rows" and "header" in value and isinstance(item, list):
                out[key] = CommentedSeq(_value(row, indent + 4, flow=True) for row in item)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_value(item, indent + 4) for item in value)
        if (
            value
            and all(isinstance(x, str) and len(x) < 30 and "\n" not in x for x in value)
            and sum(len(x) + 2 for x in value) < 60
        ) or (flow and all(isinstance(x, str | int) and "\n" not in str(x) for x in value)):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, bool) or value is None or isinstance(value, date):
        return value
    if isinstance(value, int):
        return ScalarInt(value, underscore=[3, False, False]) if value >= 10_000 else value
    if isinstance(value, str):
        if "\n" in value:
            # folded: a blank line between paragraphs, each paragraph wrapped at the file's width
            paragraphs = [" ".join(p.split()) for p in value.split("\n\n") if p.strip()]
            return FoldedScalarString("\n".join(paragraphs))
        if len(value) + indent + 16 > FOLD_AT and not value.startswith((" ", "-", "#")):
            return FoldedScalarString(value)
        return value
    return value


def _at(root: Any, path: tuple) -> tuple[Any, Any, int] | None:
    """(container, key, column) of the deepest existing node on `path`: the column the key (or
    the item's dash) is written at. A comment on the first key of a mapping that is a list item
    goes above the item's dash instead."""
    node, found, column = root, None, 0
    parents: list[tuple[Any, Any, int]] = []
    for part in path:
        if (isinstance(part, int) and isinstance(node, list) and part < len(node)) or (
            isinstance(part, str) and isinstance(node, dict) and part in node
        ):
            found = (node, part, column)
        else:
            break
        parents.append(found)
        node = node[part]
        column += 2
    if found is not None and len(parents) >= 2:
        container, key, _ = found
        outer, index, outer_column = parents[-2]
        if isinstance(container, dict) and isinstance(outer, list) and next(iter(container)) == key:
            return outer, index, outer_column
    return found


def to_yaml(data: dict[str, Any], comments: dict[tuple, list[str]], header: list[str],
            trailing: list[str] = ()) -> str:  # type: ignore[assignment]
    """The plan file's text: `header` lines first (as comments), then the data, then `trailing`
    comment lines."""
    from ruamel.yaml import YAML

    doc = _value(data, 0)
    top: list[str] = [*header]
    placed: dict[tuple[int, Any], list[str]] = {}
    targets: dict[tuple[int, Any], tuple[Any, Any, int]] = {}
    for path, notes in comments.items():
        where = _at(doc, path)
        if where is None:
            top.extend(notes)
            continue
        container, key, column = where
        placed.setdefault((id(container), key), []).extend(notes)
        targets[(id(container), key)] = where
    for slot, notes in placed.items():
        container, key, column = targets[slot]
        container.yaml_set_comment_before_after_key(key, before="\n".join(notes), indent=column)
    yaml = YAML()
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(doc, out)
    lead = "".join(f"# {line}\n" if line else "#\n" for line in top)
    tail = ""
    if trailing:
        said = "\n# XEM LẠI: phần văn bản kehoach chưa ghi được thành kế hoạch, chép nguyên văn:\n"
        tail = said + "".join(f"#   {line}\n" for line in trailing)
    return lead + out.getvalue() + tail
