"""Option types more than one command takes, in one place: --color (every command, before or after
its name), --stdin-filename (the commands that read a plan from `-`), the render formats (render
and report). An option of one command lives in that command's module.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from kehoach import terminal


class ColorMode(str, Enum):  # noqa: UP042 - as the commands below
    auto = "auto"
    always = "always"
    never = "never"


def _set_colour(value: ColorMode | None) -> ColorMode | None:
    if value is not None:
        terminal.set_mode(value.value)
    return value


# Every command takes --color (before or after its name); the value is kept in kehoach.terminal.
ColorOption = Annotated[ColorMode | None, typer.Option(
    "--color", metavar="auto|always|never", callback=_set_colour, is_eager=True,
    help="Tô màu: auto (mặc định: chỉ khi in ra màn hình), always hoặc never. Không có --color thì "
    "theo biến môi trường NO_COLOR rồi FORCE_COLOR (như Python 3.13).")]


StdinNameOption = Annotated[str | None, typer.Option(
    "--stdin-filename", metavar="TÊN",
    help="Với `-` (đọc kế hoạch từ đầu vào chuẩn): tên tệp dùng trong thông báo lỗi; tệp tiến độ "
    "và danh mục được tìm cạnh tên này.")]


class RenderFormat(str, Enum):  # noqa: UP042 - typer's documented form
    docx = "docx"
    html = "html"
    md = "md"
    pdf = "pdf"
    all = "all"
