"""`kehoach serve`: the plans of a folder as local web pages (kehoach.serve), until Ctrl-C."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption
from kehoach.diagnostics import KehoachError

app = command_app()


@app.command("serve")
def serve(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="THƯ_MỤC", help="Thư mục kế hoạch; mặc định plans/ của thư mục hiện tại.", readable=False
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            "-p",
            min=0,
            max=65535,
            metavar="CỔNG",
            help="Cổng; mặc định 8000 hoặc cổng trống kế tiếp (0: cổng trống bất kỳ).",
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            metavar="ĐỊA_CHỈ",
            help="Địa chỉ nghe; mặc định 127.0.0.1 (chỉ máy này). Địa chỉ khác (0.0.0.0: mọi máy trong "
            "mạng) kèm cảnh báo.",
        ),
    ] = None,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Chỉ xem: tắt biểu mẫu ghi tiến độ.")
    ] = False,
    open_browser: Annotated[bool, typer.Option("--open", help="Mở trang trong trình duyệt.")] = False,
    color: ColorOption = None,
) -> None:
    """Trang web trên máy mình cho các kế hoạch trong một thư mục: danh sách, văn bản tự cập nhật
    khi lưu tệp (lỗi hiện trên trang), tiến độ, ghi tiến độ, tổng hợp, dự thảo báo cáo.

    Không tải gì từ Internet. Chỉ ghi vào tệp tiến độ qua biểu mẫu (tắt bằng --read-only). Dừng
    bằng Ctrl-C. Cần cài thêm: pip install 'kehoach[serve]'.

    Mã thoát: 130 khi dừng bằng Ctrl-C (143: SIGTERM); 2 thư mục hoặc địa chỉ không dùng được,
    hoặc thiếu gói cho lệnh này.
    """
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
        import watchfiles  # noqa: F401
    except ImportError as exc:
        raise KehoachError(
            f"Lệnh serve cần gói {exc.name or 'starlette, uvicorn, watchfiles'} chưa được cài.",
            "Cài thêm: pip install 'kehoach[serve]' (trong thư mục dự án: "
            ".venv/bin/pip install -e '.[serve]').",
        ) from None
    from kehoach.serve.run import serve as run

    run(
        folder,
        host=host or "127.0.0.1",
        port=port,
        read_only=read_only,
        open_browser=open_browser,
        host_given=host is not None,
    )
