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
from kehoach.cli.shared import EXIT_PROBLEMS, EXIT_USAGE, output_file, parse_day
from kehoach.diagnostics import KehoachError

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

    from kehoach.output import write_atomic
    from kehoach.summary import text
    from kehoach.summary.collect import collect, plan_files
    from kehoach.summary.rows import build

    output = output_file(output_arg, f"tong-hop.{(output_format or SummaryFormat.xlsx).value}")
    chosen = output_format or _summary_format(output)
    if chosen is SummaryFormat.xlsx and output is None:
        raise KehoachError("Bảng tính Excel không in ra màn hình được.",
                           "Chỉ ra tệp kết quả: -o tong-hop.xlsx.")
    if output is not None and output.suffix.lower() in (".yaml", ".yml"):  # a plan, most likely
        raise KehoachError(f"Không ghi bảng tổng hợp vào tệp YAML {output}.",
                           "Ghi ra tệp .xlsx, .csv, .json hoặc .txt.")
    named = _summary_format(output)
    if output_format is not None and named is not SummaryFormat.table and named is not output_format:
        # `-f xlsx -o x.csv`: a workbook Excel would open as garbled text; refuse to guess which.
        raise KehoachError(f"--format {output_format.value} nhưng tệp {output} có đuôi .{named.value}.",
                           f"Đổi đuôi tệp thành .{output_format.value}, hoặc bỏ --format để theo đuôi tệp.")
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
            typer.echo(f"Đã ghi {output} ({len(rows)} kế hoạch).", err=True)
    if any(r.error is not None and r.error.code == "KH001" for r in rows):
        raise typer.Exit(EXIT_USAGE)
    if result.failed:
        raise typer.Exit(EXIT_PROBLEMS)


def _summary_format(output: Path | None) -> SummaryFormat:
    """The format an -o file's suffix names; the table when there is no -o or no known suffix."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return {"csv": SummaryFormat.csv, "json": SummaryFormat.json, "xlsx": SummaryFormat.xlsx}.get(
        suffix, SummaryFormat.table)
