"""`kehoach new`: next year's plan from this one, comments and order kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption
from kehoach.cli.shared import EXIT_PROBLEMS, colour, open_plan, width
from kehoach.shown import shown

app = command_app()


@app.command("new")
def new_plan(
    plan: Annotated[Path, typer.Argument(metavar="KẾ_HOẠCH", help="Tệp kế hoạch cũ, ví dụ plans/2024.yaml.",
        readable=False)],
    year: Annotated[str, typer.Option(
        "--year", metavar="NĂM", help="Năm của kế hoạch mới (kế hoạch giai đoạn: năm đầu giai đoạn mới).")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="TỆP_MỚI", help="Tệp kế hoạch mới, ví dụ plans/2025.yaml.",
        readable=False)],
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp mới nếu đã có.")] = False,
    color: ColorOption = None,
) -> None:
    """Tạo kế hoạch năm sau từ kế hoạch này: đổi năm, dời mọi thời hạn sang năm mới (giữ cách
    ghi), để trống số và ngày văn bản, giữ nguyên chú thích và thứ tự trong tệp; rồi kiểm tra
    kế hoạch mới và liệt kê những chỗ cần người xem lại (căn cứ, câu nhắc năm cũ, kinh phí,
    chương trình đã hết giai đoạn).

    Mã thoát: 0 đã ghi, kế hoạch mới không có lỗi (có thể có cảnh báo); 1 đã ghi nhưng kế hoạch
    mới còn lỗi, hoặc kế hoạch cũ có lỗi (không ghi); 2 không đọc được tệp, tệp mới đã có (cần
    --force), tệp mới trùng tệp đầu vào, hoặc gọi lệnh sai.
    """
    from kehoach import diagnostics_text, nextyear
    from kehoach.companions import progress_path, report_path
    from kehoach.output import write_atomic
    from kehoach.validate import check_plan

    new_year = nextyear.parse_year(year)
    inputs = nextyear.protected(plan)
    nextyear.refuse_target(output, inputs, force)
    checked = open_plan(plan)
    result = nextyear.next_year(plan, checked.plan, checked.catalogue, new_year)
    write_atomic(output, result.text.encode("utf-8"), inputs=inputs, yaml_ok=True)  # a plan, by intent
    fresh = check_plan(output, progress=False)
    if said := nextyear.not_in_review(fresh.diagnostics):
        typer.echo(diagnostics_text.human(said, fresh.sources, colour(), width()) + "\n", color=True)
    typer.echo(nextyear.as_text(result, str(output), str(plan)))
    for companion in (progress_path(output), report_path(output)):
        if companion.exists():  # not ours: a left-over would be read as the new plan's
            typer.echo(f"Lưu ý: đã có {shown(str(companion))} cạnh kế hoạch mới; kiểm tra tệp đó thuộc "
                       "kế hoạch mới.")
    if fresh.errors or fresh.plan is None:
        typer.echo(f"Kế hoạch mới có {len(fresh.errors)} lỗi (xem trên); sửa rồi chạy "
                   f"`kehoach validate {output}`.")
        raise typer.Exit(EXIT_PROBLEMS)
