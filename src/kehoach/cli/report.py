"""`kehoach report`: the BÁO CÁO kết quả thực hiện kế hoạch, from the plan, its progress file and
its report file.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from kehoach import terminal
from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption, RenderFormat
from kehoach.cli.shared import colour, parse_day, say_error, width
from kehoach.diagnostics import KehoachError
from kehoach.shown import shown

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
    from kehoach.companions import progress_path, report_path
    from kehoach.output import parse_target
    from kehoach.render.api import chosen_formats
    from kehoach.report.api import read_companions, readiness, render_report, report_day
    from kehoach.report.model import ReportFile
    from kehoach.rules.deadlines import period_end
    from kehoach.validate import check_plan

    if str(plan) == "-":  # the report is made of the files beside the plan, not of a stream
        raise KehoachError("Lệnh report không đọc kế hoạch từ đầu vào chuẩn (`-`).", "Chỉ ra tệp kế hoạch.")
    checked = check_plan(plan, progress=False, positions=False)
    if checked.errors:
        typer.echo(diagnostics_text.human(checked.diagnostics, checked.sources, colour(sys.stderr),
                                          width(sys.stderr)) + "\n", err=True)
        if checked.refused(draft=draft):
            typer.echo(f"Kế hoạch có {len(checked.errors)} lỗi; sửa rồi chạy lại"
                       + ("." if checked.plan is None else ", hoặc dùng --draft."), err=True)
            raise typer.Exit(checked.failure_code)
    assert checked.plan is not None
    companions = read_companions(checked, final=not draft)
    if companions.diagnostics:
        typer.echo(diagnostics_text.human(companions.diagnostics, companions.sources, colour(sys.stderr),
                                          width(sys.stderr)) + "\n", err=True)
    ready = readiness(companions, checked.plan, draft=draft)
    parts_file = report_path(plan)
    if ready.stop == "missing-report":
        parts = shown(str(parts_file))
        typer.echo(f"kehoach: lỗi: chưa có tệp báo cáo {parts}: số, ngày, người ký, tồn tại, "
                   "nguyên nhân, phương hướng và kiến nghị do người viết.", err=True)
        typer.echo(f"Cách sửa: tạo {parts} (xem plans/2024.report.yaml), hoặc dùng --draft để "
                   "in bản dự thảo có chỗ trống.", err=True)
    elif ready.stop == "errors":
        typer.echo(f"Có {ready.errors} lỗi trong tệp tiến độ hoặc tệp báo cáo; sửa rồi chạy "
                   "lại" + (", hoặc dùng --draft." if ready.draft_helps else "."), err=True)
    if ready.stop:
        raise typer.Exit(ready.exit_code)
    if ready.no_progress:
        missing = shown(str(progress_path(plan)))
        typer.echo(f"Chưa có tệp tiến độ {missing}: coi như chưa có báo cáo nào.", err=True)
    if ready.plan_lacks:
        said = {"number": "số (document.number)", "date": "ngày (document.date)"}
        typer.echo(f"kehoach: lưu ý: kế hoạch chưa có {' và '.join(said[p] for p in ready.plan_lacks)}: "
                   "trích yếu của báo cáo không nêu được phần này (ghi vào kế hoạch khi đã có).", err=True)
    parts = companions.report or ReportFile()
    given = parse_day(as_of) if as_of is not None else None
    day = report_day(given, parts, period_end(checked.plan), draft=draft, parts_file=parts_file)
    formats, no_pdf = chosen_formats(output_format.value)
    if no_pdf:
        typer.echo("kehoach: cảnh báo: không có LibreOffice (soffice), bỏ qua PDF.", err=True)
    output, as_folder = parse_target(output_arg) if output_arg is not None else (None, False)
    with terminal.Busy("Đang kết xuất…" if "pdf" not in formats else "Đang tạo PDF bằng LibreOffice…",
                       sys.stderr):
        done = render_report(checked, parts, companions.progress, day, formats, output, templates, draft,
                             as_folder=as_folder)
    # The files are written: a console that cannot take the news must not turn that into a failure.
    with contextlib.suppress(OSError, ValueError):
        for written in done:
            typer.echo(f"Đã ghi {shown(str(written.path))}" + (" (DỰ THẢO)" if draft else ""))
        sys.stdout.flush()
        for written in done:
            for note in written.notes:
                say_error(f"{written.path}: {note}", label="cảnh báo")
