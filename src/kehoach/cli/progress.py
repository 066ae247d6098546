"""`kehoach progress`: where each task and budget line stands as of a day.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption, StdinNameOption
from kehoach.cli.shared import EXIT_PROBLEMS, EXIT_USAGE, colour, open_plan, parse_day, plan_input, width
from kehoach.shown import shown

app = command_app()


class ProgressFormat(str, Enum):  # noqa: UP042 - typer's documented form
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"


class FailOn(str, Enum):  # noqa: UP042 - typer's documented form
    overdue = "overdue"
    due_soon = "due-soon"


@app.command("progress")
def progress(
    plan: Annotated[Path, typer.Argument(
        metavar="KẾ_HOẠCH", help="Tệp kế hoạch, ví dụ plans/2024.yaml.", readable=False)],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="NGÀY",
        help="Tính đến ngày này (2024-12-31 hoặc 31/12/2024); mặc định hôm nay.")] = None,
    progress_file: Annotated[Path | None, typer.Option(
        "--progress", "-p", metavar="TỆP",
        help="Tệp tiến độ; mặc định <kế hoạch>.progress.yaml cạnh kế hoạch.", readable=False)
    ] = None,
    due_soon_days: Annotated[int, typer.Option(
        "--due-soon-days", min=0, metavar="SỐ_NGÀY",
        help="Còn không quá bấy nhiêu ngày thì là sắp đến hạn.")] = 30,
    output_format: Annotated[ProgressFormat | None, typer.Option(
        "--format", "-f", help="table (mặc định), json, md, csv (bảng nhiệm vụ, mở bằng Excel, Calc) "
        "hoặc xlsx (bảng tính Excel: nhiệm vụ, kinh phí, nguồn vốn; cần -o).")] = None,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP",
        help="Ghi ra tệp thay vì in; không có --format thì theo đuôi tệp (.csv, .xlsx, .json, .md); tên "
        "kết thúc bằng / là thư mục.")] = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help="Mã thoát 1 khi có nhiệm vụ quá hạn (overdue), hoặc quá hạn hay sắp "
        "đến hạn (due-soon).")] = None,
    stdin_filename: StdinNameOption = None,
    color: ColorOption = None,
) -> None:
    """Tiến độ tính đến một ngày: tình trạng từng nhiệm vụ và số đã chi của từng dòng kinh phí.

    Tình trạng theo bản ghi mới nhất có ngày không sau ngày tính (bản ghi sau ngày đó bị bỏ
    qua). Hoàn thành: xong trước hoặc đúng hạn. Hoàn thành trễ hạn: xong sau hạn (số ngày trễ).
    Quá hạn: chưa xong và ngày tính đã qua hạn (chính ngày hạn chưa tính là quá hạn). Sắp đến
    hạn: chưa xong và còn từ 0 đến N ngày (--due-soon-days, mặc định 30). Trong hạn: đã báo
    đang làm hoặc vướng mắc, hạn còn xa. Chưa bắt đầu: chưa có báo cáo hoặc báo not-started,
    hạn còn xa. Hạn theo quý hoặc tháng là ngày cuối quý, tháng; khoảng thời gian hết hạn ở
    ngày cuối; sự kiện xong đúng ngày là đúng hạn; việc thường xuyên không bao giờ quá hạn.
    Thời hạn định kỳ: mỗi kỳ là một hạn; mỗi bản ghi done ứng với kỳ sớm nhất còn mở, nên một
    kỳ bị lỡ vẫn quá hạn dù kỳ sau đã gửi. `-` đọc kế hoạch từ đầu vào chuẩn (tệp tiến độ tìm
    cạnh --stdin-filename, hoặc chỉ ra bằng --progress).

    Mã thoát: 0 bình thường; 1 có lỗi trong kế hoạch hoặc tệp tiến độ, hoặc có nhiệm vụ ở tình
    trạng --fail-on (due-soon tính cả quá hạn); 2 không đọc được tệp.
    """
    from datetime import date

    from kehoach import diagnostics_text
    from kehoach import progress as prog
    from kehoach.companions import progress_path
    from kehoach.output import target_file
    from kehoach.progress.formats import choose_format

    plan, source = plan_input(plan, stdin_filename)
    given = output_format.value if output_format is not None else None
    output = target_file(output_arg, f"{plan.stem}-tien-do.{given or 'xlsx'}")
    chosen = choose_format(given, output)
    checked = open_plan(plan, source)
    day = parse_day(as_of) if as_of is not None else date.today()
    found = prog.progress_file(plan, progress_file)  # a --progress that is not there: refused
    path = found or progress_path(plan)
    records = None
    if found is not None:
        result = prog.check_progress(path, checked.plan, plan, checked.catalogue)
        if result.diagnostics:
            sources = {result.loaded.file: result.loaded.source.lines}
            text = diagnostics_text.human(result.diagnostics, sources, colour(sys.stderr), width(sys.stderr))
            typer.echo(text + "\n", err=True, color=True)
        if result.errors or result.progress is None:
            typer.echo(f"Tệp tiến độ {shown(str(path))} có {len(result.errors)} lỗi; sửa rồi chạy lại.",
                       err=True)
            raise typer.Exit(EXIT_USAGE if result.loaded.not_read else EXIT_PROBLEMS)
        records = result.progress
    else:
        typer.echo(f"Chưa có tệp tiến độ {shown(str(path))}: coi như chưa có báo cáo nào.", err=True)
    result_report = prog.compute(checked.plan, checked.catalogue, records, day, due_soon_days,
                                 str(plan), str(path) if records is not None else None)
    if chosen == "table":
        prog.print_table(result_report)
    else:
        _write(chosen, result_report, checked.plan.units, output, plan)
    if fail_on is not None and prog.failing(result_report, fail_on.value):
        raise typer.Exit(EXIT_PROBLEMS)


def _write(chosen: str, report, units: dict[str, str], output: Path | None, plan: Path) -> None:  # type: ignore[no-untyped-def]
    from kehoach import progress as prog

    if chosen == "xlsx":
        from kehoach.progress.xlsx import workbook_bytes

        data = workbook_bytes(report, units)
    else:
        from kehoach.progress.sheets import as_csv

        text = {"json": prog.as_json, "md": prog.as_markdown,
                "csv": lambda r: as_csv(r, units)}[chosen](report)
        if output is None:
            typer.echo(text.rstrip("\r\n"))
            return
        data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    from kehoach.output import write_atomic

    assert output is not None
    from kehoach.companions import progress_path

    write_atomic(output, data, (plan, progress_path(plan)))
    typer.echo(f"Đã ghi {output}")
