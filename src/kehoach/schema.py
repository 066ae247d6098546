"""Schema stage: loaded data → Plan, with every pydantic error placed at its file:line:col.

The recipe is dagster's: a pydantic error location is a data path; the source map built at load
time gives the span of the deepest node on that path. Messages are translated here, so users
never see pydantic's English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from kehoach.diagnostics import Diagnostic, Severity
from kehoach.loader import COLON_HINT, DataPath, Loaded

# code, message template by pydantic error type; {field} is the key, {expected} from the context.
_TYPES: dict[str, tuple[str, str]] = {
    "missing": ("KH101", "Thiếu trường bắt buộc `{field}`."),
    "extra_forbidden": ("KH102", "Trường `{field}` không có trong định dạng kế hoạch."),
    "string_type": ("KH103", "`{field}` phải là chữ{got}."),
    "string_too_short": ("KH103", "`{field}` không được để trống."),
    "int_type": ("KH103", "`{field}` phải là số nguyên{got}."),
    "int_parsing": ("KH103", "`{field}` phải là số nguyên{got}."),
    "int_from_float": ("KH103", "`{field}` phải là số nguyên{got}."),
    "greater_than_equal": ("KH103", "`{field}` phải từ {ge} trở lên{got}."),
    "less_than_equal": ("KH103", "`{field}` phải không quá {le}{got}."),
    "list_type": ("KH103", "`{field}` phải là danh sách (mỗi mục một dòng bắt đầu bằng `- `){got}."),
    "dict_type": ("KH103", "`{field}` phải là bảng `khóa: giá trị`{got}."),
    "model_type": ("KH103", "`{field}` phải là bảng `khóa: giá trị`{got}."),
    "model_attributes_type": ("KH103", "`{field}` phải là bảng `khóa: giá trị`{got}."),
    "literal_error": ("KH104", "`{field}` phải là một trong: {expected}{got}."),
    "money": ("KH105", "`{field}`: {msg}."),
    "money_float": ("KH105", "`{field}`: {msg}."),
    "date": ("KH106", "`{field}`: {msg}{got}."),
    "deadline": ("KH106", "`{field}`: {msg}."),
    "period": ("KH106", "`{field}`: {msg}."),
    "year_and_period": ("KH106", "`{field}`: {msg}."),
    "year_or_period": ("KH101", "Kế hoạch {msg}."),
    "identifier": ("KH107", "`{field}`: {msg}."),
    "code": ("KH107", "`{field}`: {msg}."),
    "activity_heading": ("KH108", "Mục nội dung: {msg}."),
    "activity_empty": ("KH108", "Mục nội dung: {msg}."),
    "cell": ("KH103", "`{field}`: {msg}{got}."),
}
_HINTS = {
    "KH101": "Thêm `{field}:` vào đây; chạy `kehoach schema` để xem các trường của kế hoạch.",
    "KH102": "Kiểm tra lỗi chính tả của tên trường. Các trường được phép ở đây: {allowed}.",
    "KH105": "Ghi số tiền là số nguyên đồng: 5000000, 5_000_000 hoặc \"5.000.000\".",
    "KH107": "Gõ lại mã bằng tay (ký tự ẩn thường đến khi dán từ Word hay trang web); mã chỉ gồm "
    "a-z, 0-9 và dấu `-`.",
}


def _describe(value: Any) -> str:
    if value is None:
        return "để trống"
    if isinstance(value, bool):
        return f"giá trị đúng/sai `{str(value).lower()}`"
    if isinstance(value, dict):
        return "một bảng"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, float):
        return f"số thực `{value}`"
    return f"`{value}`"


def _allowed(model: type[BaseModel], loc: tuple) -> str:
    """Field names allowed at the mapping that holds `loc[-1]`, for the unknown-key hint."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:  # a key of a dict of models (a budget line's code): same model
                continue
            current = _inner_model(field.annotation)
        elif isinstance(part, int):
            continue
    if isinstance(current, type) and issubclass(current, BaseModel):
        return ", ".join(f"`{name}`" for name in current.model_fields)
    return ""


def _inner_model(annotation: Any) -> Any:
    """The model class inside list[X], X | None, Annotated[X, …]."""
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        stack.extend(getattr(item, "__args__", ()) or ())
        origin = getattr(item, "__origin__", None)
        if origin is not None:
            stack.append(origin)
    return None


def _field_name(loc: DataPath) -> str:
    named = [str(p) for p in loc if isinstance(p, str)]
    return ".".join(named[-2:]) if len(named) > 1 and isinstance(loc[-1], int) else (
        named[-1] if named else "kế hoạch")


def _clean_loc(loc: tuple, data: Any) -> DataPath:
    """Drop pydantic's union/validator tags (e.g. 'list[str]', 'function-plain') from a location."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and part < len(current)
        ):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and not any(
            ch in part for ch in "[]-"
        ):
            path.append(part)  # a missing or unknown key
            current = None
        elif isinstance(current, list) and isinstance(part, str):
            continue  # a union's tag ('list[constrained-str]') before the index: keep going
        else:
            current = None
    return tuple(path)


def _key_by_colon(value: Any) -> bool:
    """`- Ban hành Kế hoạch như sau:` read by YAML as a one-key mapping with an empty value."""
    return isinstance(value, dict) and len(value) == 1 and next(iter(value.values())) is None


def _sentence_key(value: Any) -> bool:
    """A bullet that YAML read as a one-key mapping because of its colon: the key is a sentence
    (spaces, Vietnamese letters), never a field name. `- Phòng Kinh tế: chủ trì …`, `- Văn phòng
    chủ trì tham mưu:` followed by sub-bullets, `- Ban hành như sau:`."""
    if not (isinstance(value, dict) and len(value) == 1):
        return False
    key = next(iter(value))
    return isinstance(key, str) and (not key.isascii() or any(ch.isspace() for ch in key))


def _value_at(data: Any, path: DataPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _bullet_by_colon(loc: DataPath, data: Any) -> DataPath | None:
    """The list element at or above `loc` that is such a bullet, if any."""
    for n in range(len(loc), 0, -1):
        if isinstance(loc[n - 1], int) and _sentence_key(_value_at(data, loc[:n])):
            return loc[:n]
    return None


def _colon_message(field: str, value: Any) -> tuple[str, str]:
    """What a colon did to a line meant as text, and how to write it (KH103)."""
    key, rest = next(iter(value.items()))
    if rest is None:
        return (f"`{field}` phải là chữ, nhưng dòng này kết thúc bằng dấu `:` nên YAML đọc nó thành "
                "một khóa.", COLON_HINT)
    if isinstance(rest, list):
        return (f"`{field}` phải là chữ, nhưng dòng “{key}:” kết thúc bằng dấu `:` và có các ý nhỏ "
                "hơn bên dưới, nên YAML đọc nó thành một khóa.",
                f"Ý có ý nhỏ hơn viết thành bảng: `- text: \"{key}:\"`, rồi `items:` (thẳng cột với "
                "`text`) chứa các ý nhỏ hơn, mỗi ý một dòng `- …`.")
    return (f"`{field}` phải là chữ, nhưng dòng “{key}: …” có dấu `:` theo sau là dấu cách nên YAML "
            "đọc phần trước dấu `:` thành một khóa.",
            f"Đặt cả câu trong ngoặc kép: `- \"{key}: …\"`, hoặc viết dạng khối `>-` (dấu `:` khi đó "
            "chỉ là chữ).")


def diagnostics_from(error: ValidationError, loaded: Loaded, model: type[BaseModel]) -> Iterable[Diagnostic]:
    seen: set[tuple[DataPath, str]] = set()
    errors = error.errors(include_url=False)
    # Where text was expected and a colon made a sentence a key, that is the one message: the
    # other alternatives of a union (a list where a string was expected…), the "missing `text`"
    # of a bullet read as a mapping, only confuse.
    colons = {loc for err in errors if err["type"] == "string_type" and _key_by_colon(err.get("input"))
              for loc in [_clean_loc(err["loc"], loaded.data)]}
    colons |= {found for err in errors
               if (found := _bullet_by_colon(_clean_loc(err["loc"], loaded.data), loaded.data))}
    for err in errors:
        loc = _clean_loc(err["loc"], loaded.data)
        if any(loc[:n] in loaded.reported for n in range(len(loc) + 1)):
            continue
        if any(loc != c and loc == c[: len(loc)] for c in colons):
            continue
        trap = loc if loc in colons else next((c for c in colons if loc[: len(c)] == c), None)
        if trap is not None:
            if (trap, "KH103") not in seen:
                seen.add((trap, "KH103"))
                message, hint = _colon_message(_field_name(trap), _value_at(loaded.data, trap))
                yield Diagnostic("KH103", Severity.ERROR, message, loaded.file,
                                 loaded.source.span(trap), hint)
            continue
        kind = err["type"]
        code, template = _TYPES.get(kind, ("KH103", "`{field}`: giá trị không hợp lệ ({msg})."))
        key = (loc, code)
        if key in seen:  # a union reports each alternative; one message per place is enough
            continue
        seen.add(key)
        ctx = err.get("ctx") or {}
        present = kind != "missing"
        got = f", nhưng đang là {_describe(err.get('input'))}" if present else ""
        msg = str(ctx.get("error", "")) or err["msg"]
        if kind.startswith(("money", "date", "deadline", "identifier", "code", "activity", "cell")):
            msg = err["msg"]
        # Our own messages end in a full stop; the templates add one.
        fields = {
            "field": _field_name(loc), "got": got, "msg": msg.rstrip("."),
            "expected": str(ctx.get("expected", "")).replace(" or ", " hoặc "),
            "ge": ctx.get("ge", ""), "le": ctx.get("le", ""),
        }
        message = template.format(**fields)
        raw = loaded.source.raw.get(loc)
        if kind == "money_float" and raw is not None and ctx.get("unit", "đồng") != "đồng":
            from kehoach.money import float_in_unit_message  # the readings of `1.120` as typed

            fields["msg"] = float_in_unit_message(raw, ctx["unit"]).rstrip(".")
        if kind == "money_float" and raw is not None:  # say what was typed: `5.000`, not 5.0
            message = f"`{fields['field']}` (trong tệp viết `{raw}`): {fields['msg']}."
        allowed = _allowed(model, loc) if code == "KH102" else ""
        hint = _HINTS.get(code, "").format(field=fields["field"], allowed=allowed)
        if code == "KH105" and ctx.get("unit", "đồng") != "đồng":  # amounts in triệu đồng…
            hint = (f"Ghi số tiền bằng {ctx['unit']} (đơn vị của mục kinh phí), số lẻ sau dấu phẩy "
                    'trong ngoặc kép: "1.234,5".')
        if kind == "year_or_period":
            hint = "Thêm `year: 2024` (kế hoạch một năm) hoặc `period: 2021-2025` (kế hoạch nhiều năm)."
        if code == "KH102" and not allowed:
            hint = hint.split(" Các trường", 1)[0]
        on_key = err["loc"][-1:] == ("[key]",)  # a dict key that is not a valid id
        if kind == "missing":
            span = loaded.source.key_span(loc[:-1]) if loc[:-1] else loaded.source.span(())
        elif kind == "extra_forbidden" or on_key:
            span = loaded.source.key_span(loc)
        else:
            span = loaded.source.span(loc)
        yield Diagnostic(code, Severity.ERROR, message, loaded.file, span, hint)


# What each model's file is called in a message, and how such a file begins.
_KINDS = {
    "Plan": ("kế hoạch", "các khóa `kehoach: 1`, `document:`, … như plans/2024.yaml"),
    "ProgressFile": ("tệp tiến độ", "`plan: 2024.yaml` rồi `records:`, như plans/2024.progress.yaml"),
    "ReportFile": ("tệp báo cáo", "các khóa của phần người viết, như plans/2024.report.yaml"),
}


def validate_model(loaded: Loaded, model: type[BaseModel],
                   context: dict[str, Any] | None = None) -> tuple[Any, list[Diagnostic]]:
    """Validate loaded data against a model; (instance or None, diagnostics). `context` reaches
    the model's validators (a progress file gets its plan's money unit)."""
    kind, example = _KINDS.get(model.__name__, _KINDS["Plan"])
    if not isinstance(loaded.data, dict):
        return None, [Diagnostic(  # KH003, as documented: the file is not a plan's shape at all
            "KH003", Severity.ERROR,
            f"Tệp phải là một bảng `khóa: giá trị` ở cấp ngoài cùng, nhưng đang là {_describe(loaded.data)}.",
            loaded.file, loaded.source.span(()), f"Bắt đầu tệp bằng {example}.")]
    try:
        return model.model_validate(loaded.data, context=context), []
    except ValidationError as exc:
        found = list(diagnostics_from(exc, loaded, model))
        if kind != "kế hoạch":  # the same messages serve the progress and report files: say which
            found = [replace(d, message=d.message.replace("định dạng kế hoạch", f"định dạng {kind}"))
                     for d in found]
        return None, found
