r"""The Vietnamese error text an editor shows: yaml-language-server (VS Code's YAML extension,
Neovim's yamlls) reads `errorMessage` and `patternErrorMessage` from the schema in place of its
own English ("Property yeer is not allowed.", a raw regex, "Incorrect type. Expected …").

Each field gets the words `kehoach validate` uses for the same mistake, with its code: unknown
keys (KH102, through `propertyNames`, so the key itself is underlined), missing fields and wrong
types (KH101, KH103), a value outside a list (KH104), amounts (KH105), dates, periods and every
deadline form (KH106), codes (KH107). Schema nodes a model marks with `x-kehoach` (money, date,
period, issue date, deadline, id, code: kehoach.model) get their kind's words; the marker is removed.

How the server uses them, and what is done about it: a node's `errorMessage` replaces every
message of that node (type, enum, pattern, missing or unknown property), so each leaf of a field
carries the field's one message; a single `type: "x"` is written `type: ["x"]`, because the
server rewrites the message of a type mismatch from its English template when it merges the
alternatives of an `anyOf`, and leaves an array-typed mismatch alone. A few keywords the server
only ever says in English are written as ones it lets a schema word: a number's bounds
(`minimum`, `maximum`) as `if` it lies beyond them `then` it must be null (which it is not:
the field's words), a text that may not be empty as the pattern `\S` (`minLength: 1`), a list
that may not be empty as `contains: {}` (`minItems: 1`).
"""

from __future__ import annotations

from typing import Any

from kehoach.deadlines.parse import FORMS

MONEY = ('số tiền là số nguyên đồng: 5000000, 5_000_000 hoặc "5.000.000" (không viết 5.000 không có '
         'ngoặc kép: YAML đọc thành số thực 5,0; với `unit: triệu đồng` số lẻ viết "1.234,5")')
DATE = "cần một ngày có thật, viết năm-tháng-ngày (2024-03-29) hoặc ngày/tháng/năm (29/03/2024)"
ISSUE_DATE = (f"{DATE}; ngày để trống khi văn bản in trống: tháng 4/2022 (hoặc năm 2022)")
PERIOD = "giai đoạn viết năm đầu - năm cuối, năm đầu nhỏ hơn năm cuối, ví dụ 2021-2025"
DEADLINE = f"cần một thời hạn, viết theo một trong các cách: {FORMS}"
ID = "mã chỉ dùng chữ thường không dấu, chữ số và dấu `-` (ví dụ `vhxh`, `dai-truyen-thanh`)"
CODE = "mã như trong danh mục: chữ, chữ số, dấu `.`, `-` (ví dụ `DA6.TDA1`)"
# kind → (words after the field's name, the code validate reports)
_MARKED = {"money": (MONEY, "KH105"), "date": (DATE, "KH106"), "issue-date": (ISSUE_DATE, "KH106"),
           "period": (PERIOD, "KH106"),
           "deadline": (DEADLINE, "KH106"), "id": (ID, "KH107"), "code": (CODE, "KH107")}


def _leaves(node: dict) -> list[dict]:
    """The alternatives of a field, through nested anyOf/oneOf; a `$ref` is its own leaf."""
    alternatives = node.get("anyOf") or node.get("oneOf")
    if not alternatives:
        return [node]
    return [leaf for alt in alternatives for leaf in _leaves(alt)]


def _marked(node: dict) -> str | None:
    if node.get("x-kehoach"):
        return node["x-kehoach"]
    for alt in node.get("anyOf") or node.get("oneOf") or ():
        if (found := _marked(alt)) is not None:
            return found
    return None


def _quoted(values: list) -> str:
    said = [f"'{v}'" for v in values]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " hoặc " + said[-1]


def _phrase(leaf: dict, definitions: dict) -> tuple[str, str] | None:
    """What one alternative asks for, in validate's words (kehoach.schema._TYPES), and its code;
    None for `null` (a field left empty is said by the others)."""
    if "$ref" in leaf:
        target = definitions.get(leaf["$ref"].rsplit("/", 1)[-1], {})
        return ("phải là bảng `khóa: giá trị`", "KH103") if "properties" in target else None
    kind = leaf.get("type")
    if "enum" in leaf:
        return f"phải là một trong: {_quoted(leaf['enum'])}", "KH104"
    if "const" in leaf:
        return f"phải là {leaf['const']}", "KH104"
    if kind == "null":
        return None
    if kind == "integer":
        low, high = leaf.get("minimum"), leaf.get("maximum")
        bounds = (f" từ {low} đến {high}" if low is not None and high is not None
                  else f" từ {low} trở lên" if low is not None
                  else f" không quá {high}" if high is not None else "")
        return f"phải là số nguyên{bounds}", "KH103"
    if kind == "string":
        return ("phải là chữ, không được để trống" if leaf.get("minLength") else "phải là chữ"), "KH103"
    if kind == "array":
        return "phải là danh sách (mỗi mục một dòng bắt đầu bằng `- `)", "KH103"
    if kind == "object":
        return "phải là bảng `khóa: giá trị`", "KH103"
    if kind == "boolean":
        return "phải là đúng/sai", "KH103"
    return None


def field_message(name: str, node: dict, definitions: dict) -> str:
    """The one message of a field (`name` as the sentence names it: "`year`", "Mỗi mục của
    `bases`"): its kind's words when a model marked it, else what each alternative asks for,
    joined with "hoặc"."""
    marked = _marked(node)
    if marked in _MARKED:
        words, code = _MARKED[marked]
        return f"{name}: {words} ({code})."
    phrases: list[tuple[str, str]] = []
    for leaf in _leaves(node):
        found = _phrase(leaf, definitions)
        if found is not None and found not in phrases:
            phrases.append(found)
    if any(code == "KH104" for _, code in phrases):  # the list, and its any-case spellings
        phrases = [(p, code) for p, code in phrases if not p.startswith("phải là chữ")]
    if not phrases:
        return f"{name} để trống hoặc bỏ hẳn dòng này."
    text = " hoặc ".join(p.removeprefix("phải là ") if n else p for n, (p, _) in enumerate(phrases))
    return f"{name} {text} ({', '.join(sorted({code for _, code in phrases}))})."


def _key_words(pattern: str) -> str:
    """What a mapping's keys must look like: unit and source codes (Id), or budget lines (Code)."""
    return ID if pattern.startswith("^[a-z0-9]") else CODE


def _sayable(leaf: dict, message: str) -> None:
    """Keywords the server words only in English, as ones it lets the schema word (see above)."""
    low, high = leaf.pop("minimum", None), leaf.pop("maximum", None)
    outside = ([{"exclusiveMaximum": low}] if low is not None else []) + (
        [{"exclusiveMinimum": high}] if high is not None else [])
    if outside:  # a number beyond a bound must then be null, which it is not: the field's words
        leaf["if"] = outside[0] if len(outside) == 1 else {"anyOf": outside}
        leaf["then"] = {"type": ["null"], "errorMessage": message}
    if leaf.get("minLength") == 1 and "maxLength" not in leaf:
        del leaf["minLength"]
        leaf.setdefault("pattern", r"\S")
    if leaf.get("minItems") == 1 and "maxItems" not in leaf:
        del leaf["minItems"]
        leaf["contains"] = {}


def _stamp(node: dict, name: str, definitions: dict) -> None:
    """Give every leaf of a field the field's message (a referenced definition has its own); a
    list's items and a mapping's keys and values theirs."""
    message = field_message(name, node, definitions)
    for leaf in _leaves(node):
        if "$ref" in leaf:
            continue
        _sayable(leaf, message)
        leaf["errorMessage"] = message
        if "pattern" in leaf:
            leaf["patternErrorMessage"] = message
        if isinstance(leaf.get("type"), str):
            leaf["type"] = [leaf["type"]]
        if isinstance(leaf.get("items"), dict):
            _stamp(leaf["items"], f"Mỗi mục của {name}", definitions)
        for values in (leaf.get("patternProperties") or {}).values():
            _stamp(values, f"Mỗi giá trị của {name}", definitions)
        keys = leaf.get("propertyNames")
        if isinstance(keys, dict) and "pattern" in keys:
            keys["errorMessage"] = keys["patternErrorMessage"] = (
                f"Mỗi mã trong {name}: {_key_words(keys['pattern'])} (KH107).")


def _object(node: dict, kind: str) -> None:
    """A model's table: unknown keys said at the key (KH102, propertyNames replaces
    additionalProperties: false, which the server can only say in English or as one message for
    the whole table); a missing field or a table written as something else (KH101, KH103)."""
    names = list(node.get("properties", {}))
    listed = ", ".join(f"`{n}`" for n in names)
    if node.pop("additionalProperties", None) is False:
        node["propertyNames"] = {
            "enum": names,
            "errorMessage": f"Trường này không có trong định dạng {kind} (KH102): kiểm tra lỗi chính tả. "
                            f"Các trường được phép ở đây: {listed}."}
    required = node.get("required", [])
    node["errorMessage"] = ("Cần một bảng `khóa: giá trị`"
                            + (f" có đủ các trường bắt buộc: {', '.join(f'`{r}`' for r in required)}"
                               if required else "")
                            + (" (KH101, KH103)." if required else " (KH103)."))
    if isinstance(node.get("type"), str):
        node["type"] = [node["type"]]


def vietnamese(schema: dict, kind: str) -> None:
    """Write the messages into `schema` (draft-07, definitions resolved by name) in place; `kind`
    names the file in messages ("kế hoạch", "tệp tiến độ", "tệp báo cáo")."""
    definitions = schema.get("definitions", {})
    for table in (schema, *definitions.values()):
        if "properties" not in table:
            continue
        for name, prop in table["properties"].items():
            _stamp(prop, f"`{name}`", definitions)
        _object(table, kind)
    _unmark(schema)


def _unmark(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("x-kehoach", None)
        for value in node.values():
            _unmark(value)
    elif isinstance(node, list):
        for item in node:
            _unmark(item)
