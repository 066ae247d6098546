"""Help pages in Vietnamese, whatever typer or click release renders them.

Click writes the frame of a help page ("Usage:", "Options", "[default: …]", "Show this message
and exit.") in English, some releases through gettext and some (typer's vendored click) not at
all. Every release, though, writes through one `HelpFormatter` made by the command's context: we
give the group and each command a context whose formatter says the frame in Vietnamese.
"""

from __future__ import annotations

import re
from typing import Any

USAGE = "Cách dùng: "
SECTIONS = {"Usage": "Cách dùng", "Options": "Tùy chọn", "Arguments": "Tham số", "Commands": "Lệnh"}
# The pieces click and typer put into a help line, before it is wrapped.
PHRASES = (
    ("Show this message and exit.", "In hướng dẫn này rồi thoát."),
    ("Show the version and exit.", "In phiên bản rồi thoát."),
    ("[OPTIONS]", "[TÙY_CHỌN]"),
    ("COMMAND [ARGS]...", "LỆNH [THAM_SỐ]..."),
)
_DEFAULT = re.compile(r"\bdefault: ")
_REQUIRED = re.compile(r"\brequired\]")
_ENV = re.compile(r"\benv var: ")
# Typer ≥ 0.2x shows a parameter's Python type beside its name (`<list[Path]>`, `<path>`, `<int
# range>`); a clerk needs the metavar (TỆP, KẾ_HOẠCH) and the choices (`<docx|html>`), not that.
_TYPE = re.compile(r" <[^|<>]*>")
# Older typer (and click) name a parameter without a metavar by its type, in capitals.
_TYPE_NAMES = {"INTEGER RANGE": "SỐ", "FLOAT RANGE": "SỐ", "INTEGER": "SỐ", "FLOAT": "SỐ",
               "PATH": "ĐƯỜNG_DẪN", "FILENAME": "TỆP", "FILE": "TỆP", "DIRECTORY": "THƯ_MỤC", "TEXT": "CHỮ",
               "BOOLEAN": "CÓ_KHÔNG", "DATETIME": "NGÀY"}
_TYPE_NAME = re.compile(r"\b(" + "|".join(_TYPE_NAMES) + r")\b")


def _type_names(text: str) -> str:
    return _TYPE_NAME.sub(lambda m: _TYPE_NAMES[m[1]], text)


_BRACES = re.compile(r"\{([^{}]+)\}")  # typer ≥ 0.2x: {KẾ_HOẠCH} for a required argument
# Click's range of a number option (`min=1`: "[x>=1]", "[mặc định: 30; x>=0]", "[1<=x<=9]").
_RANGE = re.compile(r"(?:(-?[\d.]+)(<=|<))?x(?:(>=|>|<=|<)(-?[\d.]+))?(?=[;\]])")
_BOUND = {">=": "từ {} trở lên", ">": "lớn hơn {}", "<=": "không quá {}", "<": "nhỏ hơn {}"}
_BELOW = {"<=": "từ {}", "<": "lớn hơn {}"}


def _range(m: re.Match[str]) -> str:
    """A range in words: "từ 1 trở lên", "từ 1 đến 9", "không quá 5"."""
    low, low_op, op, value = (v.replace(".", ",") if v else v for v in m.groups())  # 2,5
    if low is None and op is None:
        return m[0]  # a plain "x", not a range
    if low is not None and op in ("<=", "<"):
        upper = f"đến {value}" if op == "<=" else f"nhỏ hơn {value}"
        return f"{_BELOW[low_op].format(low)} {upper}"
    if low is not None:  # "1<=x": the bound written on the left
        return _BOUND[">=" if low_op == "<=" else ">"].format(low)
    return _BOUND[op].format(value)


def translate(text: str) -> str:
    for english, vietnamese in PHRASES:
        text = text.replace(english, vietnamese)
    text = _DEFAULT.sub("mặc định: ", text)
    text = _ENV.sub("biến môi trường: ", text)
    if "x" in text and "]" in text:
        text = re.sub(r"\[[^\[\]]*\]", lambda m: _RANGE.sub(_range, m[0]), text)
    return _REQUIRED.sub("bắt buộc]", text)


def _formatter_class(base: type) -> type:
    class VietnameseFormatter(base):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, _type_names(_BRACES.sub(r"\1", translate(args))), USAGE)

        def write_heading(self, heading: str) -> None:
            super().write_heading(SECTIONS.get(heading, heading))

        def section(self, name: str) -> Any:
            return super().section(SECTIONS.get(name, name))

        def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
            super().write_dl([(_type_names(_TYPE.sub("", term)), translate(text)) for term, text in rows],
                             *args, **kwargs)

    return VietnameseFormatter


def adopt(command: Any) -> None:
    """Give `command` the Vietnamese help formatter. A group's commands are given it as they are
    built (kehoach.cli.commands), so adopting the group imports none of them."""
    base = command.context_class
    if not getattr(base, "_kehoach_vietnamese", False):
        command.context_class = type("VietnameseContext", (base,), {
            "formatter_class": _formatter_class(base.formatter_class), "_kehoach_vietnamese": True})
