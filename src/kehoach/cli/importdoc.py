"""`kehoach import`: a plan kept in Word becomes a plan file (the module is not named `import`,
a Python keyword). The work is kehoach.docximport's; this only prints and picks the exit code.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption
from kehoach.cli.shared import colour, width
from kehoach.shown import shown

app = command_app()


@app.command("import")
def import_document(
    document: Annotated[
        Path,
        typer.Argument(
            metavar="VĂN_BẢN",
            help="Văn bản Word của kế hoạch: .docx (.doc, .odt, .rtf khi máy có LibreOffice).",
            readable=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="TỆP",
            help="Tệp kế hoạch sẽ ghi, mặc định cạnh văn bản: ke-hoach.docx → ke-hoach.yaml.",
            readable=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp kế hoạch nếu đã có.")] = False,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft", help="Ghi cả khi kế hoạch nhập được còn thiếu hoặc còn lỗi (mã thoát 1), để sửa tiếp."
        ),
    ] = False,
    color: ColorOption = None,
) -> None:
    """Nhập kế hoạch từ văn bản Word thành tệp kế hoạch: tiêu đề, số, ngày, trích yếu, căn cứ,
    các mục và số thứ tự, thời hạn, đơn vị, kinh phí, nơi nhận, người ký, phụ lục phân công; rồi
    kiểm tra tệp và liệt kê những chỗ cần người xem lại (mỗi chỗ ghi `# XEM LẠI` trong tệp).

    Mã thoát: 0 đã ghi, kế hoạch không có lỗi; 1 đã ghi bản nháp (--draft) còn thiếu hoặc còn lỗi;
    2 không đọc được văn bản (không phải Word, hỏng, có mật khẩu, quá lớn), không có kế hoạch trong
    văn bản, kế hoạch còn lỗi mà không có --draft (không ghi), tệp kết quả đã có (cần --force).
    """
    from kehoach import diagnostics_text
    from kehoach.docximport import api

    target = output or api.default_output(document)
    api.refuse_target(target, document, force)  # before the (slower) reading: a name that cannot be used
    imported = api.import_file(document, target, draft=draft)
    write, code = api.outcome(imported, draft)
    checked = imported.checked
    if checked is not None and checked.diagnostics:
        sources = {checked.loaded.file: checked.loaded.source.lines}
        typer.echo(diagnostics_text.human(checked.diagnostics, sources, colour(), width()) + "\n", color=True)
    if write:
        api.write(imported, target, document, force)
    with contextlib.suppress(OSError, ValueError):  # the file is written: printing is the extra
        typer.echo(api.summary_text(imported, str(target), write))
        if not write:
            typer.echo(
                f"Chưa ghi {target}: kế hoạch nhập được còn {len(imported.errors) or 'chỗ'} lỗi (xem trên). "
                "Thêm --draft để ghi bản nháp rồi sửa tiếp."
            )
        elif code:
            again = shown(str(target))
            typer.echo(f"Bản nháp còn lỗi: sửa những chỗ trên rồi chạy `kehoach validate {again}`.")
        sys.stdout.flush()
    if code:
        raise typer.Exit(code)
