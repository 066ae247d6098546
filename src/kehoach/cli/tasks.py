"""`kehoach tasks`: each unit's tasks, as a table, json, Markdown or csv.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption, StdinNameOption
from kehoach.cli.shared import open_plan, plan_input
from kehoach.shown import shown

app = command_app()


class TasksFormat(str, Enum):  # noqa: UP042 - typer's documented form
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"


def _unit_codes(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Tab after --unit: the unit codes of the plan named before it, each with its name."""
    from kehoach.units import listed

    # The plan parsed; or, while --unit still lacks its value (click then leaves the words it has
    # not placed in ctx.args), the first of them that is not an option.
    plan = ctx.params.get("plan") or next((a for a in ctx.args if not a.startswith("-")), None)
    if plan is None or str(plan) == "-":
        return []
    return [(code, name) for code, name in listed(plan) if code.startswith(incomplete)]


@app.command("tasks")
def tasks(
    plan: Annotated[Path, typer.Argument(
        metavar="KẾ_HOẠCH", help="Tệp kế hoạch, ví dụ plans/2024.yaml.", readable=False)],
    unit: Annotated[str | None, typer.Option(
        "--unit", "-u", metavar="ĐƠN_VỊ", autocompletion=_unit_codes,
        help="Chỉ một đơn vị: mã (vhxh) hoặc tên, có dấu hay không dấu "
        "(\"dai truyen thanh\").")] = None,
    output_format: Annotated[TasksFormat, typer.Option(
        "--format", "-f", help="table (mặc định), json, md hoặc csv (mở được bằng Excel).")
    ] = TasksFormat.table,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP",
        help="Ghi ra tệp (json, md, csv) thay vì in; CSV ghi UTF-8 có BOM để Excel đọc đúng; tên kết "
        "thúc bằng / là thư mục.")] = None,
    stdin_filename: StdinNameOption = None,
    color: ColorOption = None,
) -> None:
    """Nhiệm vụ của từng đơn vị: việc chủ trì, việc phối hợp và nhiệm vụ ở mục Tổ chức thực
    hiện, theo thứ tự trong văn bản, với số mục như trong văn bản, thời hạn (của mục hoặc mục
    cha) và dòng kinh phí.

    `-` đọc kế hoạch từ đầu vào chuẩn.

    Mã thoát: 0 bình thường; 1 kế hoạch có lỗi; 2 không đọc được tệp hoặc không có đơn vị.
    """
    from kehoach import tasks as task_list
    from kehoach.output import target_file
    from kehoach.units import match_unit

    plan, source = plan_input(plan, stdin_filename)
    output = target_file(output_arg, f"{plan.stem}-nhiem-vu.{output_format.value}")
    checked = open_plan(plan, source)
    only = match_unit(checked.plan.units, unit) if unit is not None else None
    groups = task_list.by_unit(checked.plan, checked.catalogue, only)
    output = task_list.output_for(output_format.value, output)
    if output_format is TasksFormat.table:
        task_list.print_table(checked.plan, groups)
        return
    text = {TasksFormat.json: task_list.as_json, TasksFormat.md: task_list.as_markdown,
            TasksFormat.csv: task_list.as_csv}[output_format](checked.plan, groups)
    if output is None:
        typer.echo(text.rstrip("\r\n"))
        return
    from kehoach.output import write_atomic

    # The file itself, so no shell redirection (PowerShell's UTF-16) can re-encode it.
    write_atomic(output, (text if text.endswith("\n") else text + "\n").encode("utf-8"), (plan,))
    typer.echo(f"Đã ghi {shown(str(output))}")
