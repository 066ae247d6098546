"""`kehoach report`: the BÁO CÁO kết quả thực hiện kế hoạch, from the plan, its progress file and
its report file.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption, RenderFormat
from kehoach.cli.shared import EXIT_PROBLEMS, EXIT_USAGE, colour, output_target, parse_day
from kehoach.diagnostics import KehoachError

app = command_app()


@app.command("report")
def report_command(
    plan: Annotated[Path, typer.Argument(metavar="KẾ_HOẠCH", help="Tệp kế hoạch, ví dụ plans/2024.yaml.",
        readable=False)],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="NGÀY", help="Số liệu tính đến ngày này (2024-12-31 hoặc 31/12/2024); "
        "mặc định `as_of` hoặc `date` trong tệp báo cáo.")] = None,
    output_format: Annotated[RenderFormat, typer.Option(
        "--format", "-f", help="docx (mặc định), html, md, pdf (cần LibreOffice) hoặc all.",
    )] = RenderFormat.docx,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP", help="Tệp kết quả (mặc định build/<tên kế hoạch>-bao-cao."
        "<định dạng>); tên kết thúc bằng / là thư mục; với --format all là thư mục (mặc định build/).")
    ] = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", metavar="THƯ_MỤC",
        help="Thư mục mẫu riêng (docx/, html/, md/), được tìm trước mẫu có sẵn.", readable=False)] = None,
    draft: Annotated[bool, typer.Option(
        "--draft", help="Kết xuất cả khi còn thiếu phần do người viết (để chỗ trống) hoặc còn lỗi; "
        "văn bản ghi \"DỰ THẢO\".")] = False,
    color: ColorOption = None,
) -> None:
    """Báo cáo kết quả thực hiện kế hoạch (BÁO CÁO, ký hiệu BC-…) theo Nghị định 30/2020/NĐ-CP.

    Kết quả từng nhiệm vụ (theo số mục của kế hoạch) và kinh phí lấy từ kế hoạch và tệp tiến
    độ <kế hoạch>.progress.yaml; số, ngày, người ký, tồn tại, nguyên nhân, phương hướng, kiến
    nghị lấy từ tệp <kế hoạch>.report.yaml cạnh kế hoạch.

    Mã thoát: 0 đã ghi; 1 kế hoạch, tệp tiến độ hoặc tệp báo cáo có lỗi hay còn thiếu phần
    (trừ khi dùng --draft); 2 không đọc được tệp hoặc gọi lệnh sai.
    """
    from kehoach import diagnostics_text
    from kehoach.render.api import FORMATS
    from kehoach.report.api import as_of_day, read_companions, render_report
    from kehoach.report.check import report_path
    from kehoach.report.model import ReportFile
    from kehoach.validate import check_plan, progress_path

    if str(plan) == "-":  # the report is made of the files beside the plan, not of a stream
        raise KehoachError("Lệnh report không đọc kế hoạch từ đầu vào chuẩn (`-`).", "Chỉ ra tệp kế hoạch.")
    checked = check_plan(plan, progress=False)
    if checked.errors:
        typer.echo(diagnostics_text.human(checked.diagnostics, checked.sources, colour(sys.stderr)) + "\n",
                   err=True)
        if not draft or checked.plan is None:
            typer.echo(f"Kế hoạch có {len(checked.errors)} lỗi; sửa rồi chạy lại"
                       + ("." if checked.plan is None else ", hoặc dùng --draft."), err=True)
            raise typer.Exit(EXIT_USAGE if checked.unreadable else EXIT_PROBLEMS)
    companions = read_companions(checked, final=not draft)
    if companions.diagnostics:
        typer.echo(diagnostics_text.human(companions.diagnostics, companions.sources, colour(sys.stderr))
                   + "\n", err=True)
    if companions.unreadable:
        raise typer.Exit(EXIT_USAGE)
    parts_file = report_path(plan)
    if companions.missing_report and not draft:
        typer.echo(f"kehoach: lỗi: chưa có tệp báo cáo {parts_file}: số, ngày, người ký, tồn tại, "
                   "nguyên nhân, phương hướng và kiến nghị do người viết.", err=True)
        typer.echo(f"Cách sửa: tạo {parts_file} (xem plans/2024.report.yaml), hoặc dùng --draft để "
                   "in bản dự thảo có chỗ trống.", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    # A draft goes ahead past errors, but not past a file whose content could not be read at all.
    unusable = ((companions.report is None and not companions.missing_report)
                or (companions.progress is None and not companions.missing_progress))
    if companions.errors and (not draft or unusable):
        typer.echo(f"Có {len(companions.errors)} lỗi trong tệp tiến độ hoặc tệp báo cáo; sửa rồi chạy "
                   "lại" + (", hoặc dùng --draft." if not unusable else "."), err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    if companions.missing_progress:
        typer.echo(f"Chưa có tệp tiến độ {progress_path(plan)}: coi như chưa có báo cáo nào.", err=True)
    assert checked.plan is not None
    missing = [what for what, value in (("số (document.number)", checked.plan.document.number),
                                        ("ngày (document.date)", checked.plan.document.date))
               if value is None]
    if missing:
        typer.echo(f"kehoach: lưu ý: kế hoạch chưa có {' và '.join(missing)}: trích yếu của báo cáo "
                   "không nêu được phần này (ghi vào kế hoạch khi đã có).", err=True)
    parts = companions.report or ReportFile()
    given = parse_day(as_of) if as_of is not None else None
    # As KH703 says of the file's `as_of`: a signed report cannot give figures past its date. A
    # draft may (to see where things stand now): it is marked DỰ THẢO and names its date.
    if given is not None and parts.date is not None and given > parts.date and not draft:
        raise KehoachError(f"--as-of {given:%d/%m/%Y} sau ngày ký báo cáo {parts.date:%d/%m/%Y} "
                           f"(`date` trong {parts_file}): báo cáo không thể nêu số liệu sau ngày ký.",
                           "Bỏ --as-of (số liệu tính đến ngày ký), ghi một ngày không sau ngày ký, sửa "
                           "`date` của báo cáo, hoặc dùng --draft để xem bản dự thảo.")
    from kehoach.rules.deadlines import period_end

    day = as_of_day(given, parts, period_end(checked.plan))
    if output_format is RenderFormat.all:
        from kehoach.render.pdf import find_soffice

        formats = FORMATS if find_soffice() else tuple(f for f in FORMATS if f != "pdf")
        if "pdf" not in formats:
            typer.echo("kehoach: cảnh báo: không có LibreOffice (soffice), bỏ qua PDF.", err=True)
    else:
        formats = (output_format.value,)
    output, as_folder = output_target(output_arg) if output_arg is not None else (None, False)
    done = render_report(checked, parts, companions.progress, day, formats, output, templates, draft,
                         as_folder=as_folder)
    # The files are written: a console that cannot take the news must not turn that into a failure.
    with contextlib.suppress(OSError, ValueError):
        for written in done:
            typer.echo(f"Đã ghi {written.path}" + (" (DỰ THẢO)" if draft else ""))
        sys.stdout.flush()
