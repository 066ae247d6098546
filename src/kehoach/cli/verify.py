"""`kehoach verify`: every digital signature of a PDF checked, said in Vietnamese.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption

app = command_app()


@app.command("verify")
def verify(
    pdfs: Annotated[list[Path], typer.Argument(
        metavar="TỆP_PDF", help="Tệp PDF đã ký (một hoặc nhiều).", readable=False)],
    trust: Annotated[list[Path] | None, typer.Option(
        "--trust", metavar="GỐC.pem",
        help="Chứng thư gốc tin cậy (PEM hoặc DER), ví dụ của Tổ chức cung cấp dịch vụ chứng thực chữ ký "
        "số quốc gia; nhắc lại được.", readable=False)] = None,
    online: Annotated[bool, typer.Option(
        "--online",
        help="Tải dữ liệu thu hồi (CRL, OCSP) qua mạng, thêm vào dữ liệu có sẵn trong tệp.")] = False,
    color: ColorOption = None,
) -> None:
    """Kiểm tra chữ ký số trong PDF: ai ký, khi nào, văn bản có bị sửa sau khi ký, chuỗi chứng thư
    có tới gốc tin cậy.

    Chỉ tin các chứng thư gốc cho bằng --trust. Mã thoát: 0 mọi chữ ký hợp lệ và tin cậy; 1 có chữ
    ký không hợp lệ, không tin cậy, hoặc tệp chưa ký; 2 không đọc được tệp.
    """
    from kehoach.sign import require

    require()
    from kehoach.sign.api import verify_file
    from kehoach.sign.verification import describe, exit_code

    worst = 0
    for index, pdf in enumerate(pdfs):
        reports = verify_file(pdf, tuple(trust or ()), online)
        if index:
            typer.echo("")
        for line in describe(reports, str(pdf)):
            typer.echo(line)
        worst = max(worst, exit_code(reports))
    raise typer.Exit(worst)
