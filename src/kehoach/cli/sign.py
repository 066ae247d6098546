"""`kehoach sign`: the person's or the issuing body's digital signature on a PDF kehoach rendered.
"""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption
from kehoach.shown import shown

app = command_app()


class SignAs(str, Enum):  # noqa: UP042 - typer's documented form
    person = "person"
    body = "body"


class SignLevel(str, Enum):  # noqa: UP042 - typer's documented form
    auto = "auto"
    b_b = "b-b"
    b_t = "b-t"
    b_lt = "b-lt"


@app.command("sign")
def sign(
    pdf: Annotated[Path, typer.Argument(metavar="TỆP_PDF", help="Tệp PDF do kehoach kết xuất (không bị sửa).",
                                        readable=False)],
    role: Annotated[SignAs, typer.Option(
        "--as", metavar="person|body",
        help="person: người có thẩm quyền ký (ký trước); body: cơ quan ban hành ký số (sau khi văn bản "
        "có số, ngày).")],
    image: Annotated[Path | None, typer.Option(
        "--image", metavar="ẢNH.png", readable=False,
        help="person: ảnh chữ ký màu xanh; body: ảnh con dấu màu đỏ; PNG nền trong suốt.")] = None,
    seal_size: Annotated[float | None, typer.Option(
        "--seal-size", metavar="MM", help="Đường kính thật của con dấu (mm), khi ảnh không ghi DPI.")] = None,
    attachment_of: Annotated[Path | None, typer.Option(
        "--attachment-of", metavar="VĂN_BẢN_CHÍNH.pdf", readable=False,
        help="Ký TỆP_PDF là văn bản kèm theo của văn bản chính này (--as body, không có ảnh): số, ký "
        "hiệu và thời gian ký in ở góc trên bên phải trang đầu.")] = None,
    number: Annotated[int | None, typer.Option(
        "--number", metavar="SỐ", min=1,
        help="--as body: số văn thư cấp, điền vào ô để trống trên văn bản người có thẩm quyền đã "
        "ký.")] = None,
    issued: Annotated[str | None, typer.Option(
        "--date", metavar="NGÀY",
        help="--as body: ngày ban hành (29/3/2024 hoặc 2024-03-29), điền vào ô để trống.")] = None,
    p12: Annotated[Path | None, typer.Option(
        "--p12", metavar="TỆP.p12", readable=False,
        help="Khóa ký và chứng thư số trong tệp PKCS#12 (.p12, .pfx).")] = None,
    pkcs11: Annotated[Path | None, typer.Option(
        "--pkcs11", metavar="THƯ_VIỆN", readable=False,
        help="Thư viện PKCS#11 của token (USB token của nhà cung cấp chứng thư số).")] = None,
    token: Annotated[str | None, typer.Option(
        "--token", metavar="NHÃN", help="Nhãn token, khi có nhiều token.")] = None,
    key: Annotated[str | None, typer.Option(
        "--key", metavar="NHÃN", help="Nhãn khóa ký trong token, khi token có nhiều khóa.")] = None,
    tsa: Annotated[str | None, typer.Option(
        "--tsa", metavar="URL", help="Máy chủ dấu thời gian (RFC 3161): chữ ký mức B-T, B-LT.")] = None,
    level: Annotated[SignLevel, typer.Option(
        "--level", metavar="auto|b-b|b-t|b-lt",
        help="Mức PAdES. auto: B-B; có --tsa thì B-T, và B-LT khi lấy được dữ liệu thu hồi của chuỗi "
        "chứng thư.")] = SignLevel.auto,
    trust: Annotated[list[Path] | None, typer.Option(
        "--trust", metavar="GỐC.pem", readable=False,
        help="Chứng thư gốc của chuỗi (cho B-LT), nếu tệp khóa không kèm; nhắc lại được.")] = None,
    output_arg: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="TỆP",
        help="Tệp PDF đã ký (mặc định cạnh TỆP_PDF: <tên>.ky.pdf cho person, <tên>.ban-hanh.pdf cho "
        "body).")] = None,
    color: ColorOption = None,
) -> None:
    """Ký số PDF do kehoach kết xuất theo Nghị định 30/2020/NĐ-CP: chữ ký người có thẩm quyền, chữ ký cơ quan.

    Ảnh chữ ký đặt giữa chức vụ và họ tên người ký; ảnh con dấu đúng kích thước thật, trùm lên
    khoảng 1/3 ảnh chữ ký về bên trái; văn bản kèm theo (--attachment-of) có số, ký hiệu và thời
    gian ký ở góc trên bên phải trang đầu. Chữ ký PAdES thêm vào bằng cập nhật tăng dần, nên chữ ký
    trước vẫn hợp lệ. Mã PIN (hoặc mật khẩu .p12) lấy từ biến môi trường KEHOACH_PIN, không có thì
    hỏi trên cửa sổ dòng lệnh; không ghi ở đâu cả. Mã thoát: 0 đã ký; 1 văn bản chưa được ký lúc
    này (thứ tự ký, chưa có số/ngày, chứng thư hết hạn); 2 tệp không dùng được (không phải PDF của
    kehoach, PDF mã hóa/hỏng, ảnh sai, sai mã PIN).
    """
    from kehoach.diagnostics import KehoachError
    from kehoach.sign import require

    require()
    from kehoach.output import target_file
    from kehoach.sign.api import default_output, parse_issue_date, sign_file
    from kehoach.sign.keys import KeySpec
    from kehoach.sign.signing import Options

    if attachment_of is not None and role is not SignAs.body:
        raise KehoachError("Văn bản kèm theo chỉ được ký số bởi cơ quan: dùng --as body với --attachment-of.")
    if (p12 is None) == (pkcs11 is None):
        raise KehoachError("Cho đúng một nguồn khóa ký: --p12 TỆP.p12 hoặc --pkcs11 THƯ_VIỆN.",
                           "Tệp .p12/.pfx của chứng thư số, hoặc thư viện PKCS#11 của USB token.")
    if (token or key) and pkcs11 is None:
        raise KehoachError("--token và --key chỉ dùng với --pkcs11.")
    as_role = "attachment" if attachment_of is not None else role.value
    result = sign_file(
        pdf, as_role,
        KeySpec(p12=p12, pkcs11=pkcs11, token=token, key=key),
        image=image, seal_size_mm=seal_size, attachment_of=attachment_of, number=number,
        issued_on=parse_issue_date(issued) if issued is not None else None,
        options=Options(tsa=tsa, level=level.value, trust=tuple(trust or ())),
        output=target_file(output_arg, default_output(pdf, as_role).name),  # -o DIR/: the default name
    )
    with contextlib.suppress(OSError, ValueError):  # the file is written: say so if the console can
        for note in result.notes:
            typer.echo(f"kehoach: lưu ý: {note}", err=True)
        typer.echo(f"Đã ký ({result.level}, trang {result.page}): {shown(str(result.output))}")
        sys.stdout.flush()
