"""`kehoach rules`: every diagnostic code of `kehoach validate`, as text or as docs/rules.md.
"""

from __future__ import annotations

from enum import Enum
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
    output_format: Annotated[RulesFormat, typer.Option(
        "--format", "-f", help="text (mặc định) hoặc md (trang tài liệu docs/rules.md).")] = RulesFormat.text,
    color: ColorOption = None,
) -> None:
    """Liệt kê mọi mã lỗi của `kehoach validate` với giải thích và ví dụ."""
    from kehoach.codes import all_codes, markdown

    if output_format is RulesFormat.md:
        typer.echo(markdown(), nl=False)
        return
    for c in all_codes():
        typer.echo(f"{c.code}  {c.name:<26} {c.severity.label:<9} {c.summary}")
