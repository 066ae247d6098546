"""`kehoach render`: the plan as the official document (Word, HTML, Markdown, PDF).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from kehoach import terminal
from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption, RenderFormat, StdinNameOption
from kehoach.cli.shared import colour, plan_input, say_error, width
from kehoach.shown import shown

app = command_app()


@app.command("render")
def render(
    plan: Annotated[Path, typer.Argument(metavar="KẾ_HOẠCH", help="Tệp kế hoạch .yaml.", readable=False)],
    output_format: Annotated[RenderFormat, typer.Option(
        "--format", "-f", help="docx (mặc định), html, md, pdf (cần LibreOffice) hoặc all.",
    )] = RenderFormat.docx,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP", help="Tệp kết quả (mặc định build/<tên kế hoạch>.<định dạng>); "
        "tên kết thúc bằng / là thư mục; với --format all là thư mục (mặc định build/).")] = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", metavar="THƯ_MỤC",
        help="Thư mục mẫu riêng (docx/, html/, md/), được tìm trước mẫu có sẵn.", readable=False)] = None,
    draft: Annotated[bool, typer.Option(
        "--draft", help="Kết xuất cả khi kế hoạch còn lỗi; văn bản ghi \"DỰ THẢO\".")] = False,
    stdin_filename: StdinNameOption = None,
    color: ColorOption = None,
) -> None:
    """Kết xuất văn bản kế hoạch theo Nghị định 30/2020/NĐ-CP: Word (.docx), HTML, Markdown, PDF.

    Kế hoạch còn lỗi thì không kết xuất (mã thoát 1), trừ khi dùng --draft. Với --format all, PDF
    được bỏ qua (kèm cảnh báo) nếu máy không có LibreOffice. `-` đọc kế hoạch từ đầu vào chuẩn
    (cần -o hoặc --stdin-filename).
    """
    from kehoach import diagnostics_text
    from kehoach.output import parse_target
    from kehoach.render.api import chosen_formats, render_checked, unprinted_units
    from kehoach.validate import check_plan

    plan, source = plan_input(plan, stdin_filename, names_output=output_arg is None)
    # The document comes from the plan alone: a slip in a progress record must not stop printing it.
    checked = check_plan(plan, progress=False, source=source, positions=False)
    if checked.errors:  # the same report as `kehoach validate` gives for the plan
        sources = {checked.loaded.file: checked.loaded.source.lines}
        typer.echo(diagnostics_text.human(checked.diagnostics, sources, colour(), width()), color=True)
        typer.echo("")
        typer.echo(diagnostics_text.summary(checked.diagnostics, 1))
        if checked.refused(draft=draft):
            if not draft:
                typer.echo("Sửa các lỗi trên rồi kết xuất lại, hoặc dùng --draft để in bản dự thảo.")
            raise typer.Exit(checked.failure_code)
        typer.echo("Kế hoạch còn lỗi: chỉ kết xuất bản DỰ THẢO.")
    formats, no_pdf = chosen_formats(output_format.value)
    if no_pdf:
        typer.echo("kehoach: cảnh báo: không có LibreOffice (soffice), bỏ qua PDF.", err=True)
    output, as_folder = parse_target(output_arg) if output_arg is not None else (None, False)
    with terminal.Busy("Đang kết xuất…" if "pdf" not in formats else "Đang tạo PDF bằng LibreOffice…",
                       sys.stderr):
        done = render_checked(checked, formats, output, templates, draft=draft, as_folder=as_folder)
    # The files are written: a console that cannot take the news must not turn that into a failure.
    with contextlib.suppress(OSError, ValueError):
        for written in done:
            typer.echo(f"Đã ghi {shown(str(written.path))}" + (" (DỰ THẢO)" if draft else ""))
        if (note := unprinted_units(checked.plan)) is not None:
            typer.echo(terminal.wrap(note, width(), indent="  "))
        sys.stdout.flush()
        for written in done:
            for note in written.notes:
                say_error(f"{written.path}: {note}", label="cảnh báo")
