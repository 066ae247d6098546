"""`kehoach rules`: every diagnostic code of `kehoach validate`, as text or as docs/rules.md, and
the rule settings (kehoach.toml) that apply where it is asked.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption

app = command_app()


class RulesFormat(str, Enum):  # noqa: UP042 - typer's documented form
    text = "text"
    md = "md"


@app.command("rules")
def rules(
    where: Annotated[Path | None, typer.Argument(
        metavar="[KẾ_HOẠCH_HOẶC_THƯ_MỤC]", show_default=False,
        help="Xem cấu hình quy tắc (kehoach.toml) áp dụng cho tệp hay thư mục này; mặc định thư "
        "mục đang đứng.")] = None,
    output_format: Annotated[RulesFormat, typer.Option(
        "--format", "-f", help="text (mặc định) hoặc md (trang tài liệu docs/rules.md).")] = RulesFormat.text,
    color: ColorOption = None,
) -> None:
    """Liệt kê mọi mã lỗi của `kehoach validate` với giải thích và ví dụ.

    Khi có tệp cấu hình quy tắc (kehoach.toml, hoặc [tool.kehoach] trong pyproject.toml, ở thư
    mục của kế hoạch hay thư mục cha), in thêm các thiết lập của nó và mức của từng mã sau khi
    áp dụng: `cảnh báo → tắt`.
    """
    from kehoach import config
    from kehoach.codes import all_codes, markdown

    if output_format is RulesFormat.md:
        typer.echo(markdown(), nl=False)
        return
    target = where or Path(".")
    settings = config.for_file(target / "_" if target.is_dir() else target)
    if settings.path is not None:
        for line in config.describe(settings, target):
            typer.echo(line)
        typer.echo("")
    codes = all_codes()
    shown = {c.code: c.severity.label if (level := config.level_at(settings, c.code, target, c.severity))
             is c.severity else f"{c.severity.label} → {config.label(level)}" for c in codes}
    width = max(9, *(len(s) for s in shown.values()))
    for c in codes:
        typer.echo(f"{c.code}  {c.name:<26} {shown[c.code]:<{width}} {c.summary}")
