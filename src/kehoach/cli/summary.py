"""`kehoach summary`: many plans in one table (a province's communes), as a table, csv, json
or an Excel workbook.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption
from kehoach.cli.shared import parse_day
from kehoach.diagnostics import KehoachError
from kehoach.shown import shown

app = command_app()


class SummaryFormat(str, Enum):  # noqa: UP042 - typer's documented form
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command("summary")
def summary(
    paths: Annotated[list[Path], typer.Argument(
        metavar="THƯ_MỤC_HOẶC_TỆP", help="Thư mục (hoặc tệp) chứa kế hoạch của các xã.", readable=False)],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="NGÀY",
        help="Tính đến ngày này (2024-12-31 hoặc 31/12/2024); mặc định hôm nay.")] = None,
    output_format: Annotated[SummaryFormat | None, typer.Option(
        "--format", "-f", help="table (mặc định), csv, json hoặc xlsx (Excel, cần -o); "
        "mặc định theo đuôi tệp -o.")] = None,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP", help="Ghi ra tệp thay vì in (bắt buộc với xlsx); tên kết thúc "
        "bằng / là thư mục.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N",
        help="Số tiến trình đọc song song; mặc định bằng số lõi máy.")] = None,
    color: ColorOption = None,
) -> None:
    """Tổng hợp nhiều kế hoạch trong một bảng: mỗi kế hoạch một dòng (cơ quan, năm, tổng kinh
    phí, kinh phí từng dự án, tiểu dự án, đã chi, số nhiệm vụ theo tình trạng), một dòng tổng.

    Đọc mọi kế hoạch (và tệp tiến độ cạnh nó) trong các thư mục. Kế hoạch có lỗi được liệt kê
    kèm lỗi đầu tiên và không tính vào tổng. Mã thoát: 0 mọi kế hoạch đều không có lỗi; 1 có kế
    hoạch có lỗi; 2 không đọc được tệp, không có kế hoạch nào, hoặc gọi lệnh sai.
    """
    from datetime import date

    from kehoach.output import target_file, write_atomic
    from kehoach.summary import text
    from kehoach.summary.choice import choose_format, default_name
    from kehoach.summary.collect import collect, plan_files
    from kehoach.summary.rows import build

    given = output_format.value if output_format is not None else None
    output = target_file(output_arg, default_name(given))
    chosen = SummaryFormat(choose_format(given, output))
    day = parse_day(as_of) if as_of is not None else date.today()
    # A mistyped folder is said before any table: a table of the other folders would read as
    # the province's whole picture.
    if missing := [p for p in paths if not p.exists() and not p.is_symlink()]:
        raise KehoachError("Không có " + ", ".join(f"`{p}`" for p in missing[:5])
                           + (f" và {len(missing) - 5} đường dẫn khác" if len(missing) > 5 else "") + ".",
                           "Kiểm tra đường dẫn tới thư mục hoặc tệp kế hoạch.")
    files = plan_files(paths)
    if not files:
        raise KehoachError("Không tìm thấy tệp kế hoạch .yaml nào.", "Chỉ ra thư mục chứa kế hoạch.")
    rows = collect(files, day, jobs, text.progress_bar)
    result = build(rows, day)
    if chosen is SummaryFormat.table and output is None:
        text.render_table(result, text.console())
    else:
        data = {SummaryFormat.csv: lambda: text.as_csv(result).encode("utf-8"),
                SummaryFormat.json: lambda: (text.as_json(result) + "\n").encode("utf-8"),
                SummaryFormat.table: lambda: text.as_text(result).encode("utf-8")}
        if chosen is SummaryFormat.xlsx:
            from kehoach.summary.xlsx import workbook_bytes

            payload = workbook_bytes(result)
        else:
            payload = data[chosen]()
        if output is None:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
        else:
            inputs = (*files, *(Path(r.progress_file) for r in rows if r.progress_file))
            write_atomic(output, payload, inputs)
            typer.echo(f"Đã ghi {shown(str(output))} ({len(rows)} kế hoạch).", err=True)
    if result.exit_code:
        raise typer.Exit(result.exit_code)
