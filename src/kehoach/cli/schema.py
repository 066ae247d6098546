"""`kehoach schema`: the JSON Schema of a plan, a progress file or a report file, for editors.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption

app = command_app()


@app.command("schema")
def schema(
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP", help="Ghi ra tệp thay vì in (tên kết thúc bằng / là thư mục).")
    ] = None,
    for_report: Annotated[bool, typer.Option(
        "--report", help="Schema của tệp báo cáo <kế hoạch>.report.yaml (kehoach report).")] = False,
    for_progress: Annotated[bool, typer.Option(
        "--progress", help="Schema của tệp tiến độ <kế hoạch>.progress.yaml.")] = False,
    color: ColorOption = None,
) -> None:
    """In JSON Schema của tệp kế hoạch (cho trình soạn thảo: gợi ý và kiểm tra khi gõ)."""
    from kehoach.jsonschema import schema_target, schema_text
    from kehoach.output import write_atomic

    text = schema_text(report=for_report, progress=for_progress and not for_report)
    if output_arg is None:
        typer.echo(text, nl=False)
        return
    write_atomic(schema_target(output_arg), text.encode("utf-8"))
