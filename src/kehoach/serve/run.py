"""Running the page: the folder and the address chosen, the socket bound, uvicorn started, and a
clean stop on Ctrl-C or SIGTERM (open pages told to let go first, worker processes ended,
nothing left behind). uvicorn, because it is the reference ASGI server, small, and stops
gracefully on a signal.
"""

from __future__ import annotations

import contextlib
import errno
import signal
import socket
import sys
import threading
from pathlib import Path

from kehoach.diagnostics import KehoachError, os_reason

DEFAULT_PORT = 8000
TRIES = 20  # without --port: 8000, or the next free one up to 8019
GRACE_S = 3  # seconds open connections get to finish when stopping


def folder_to_serve(given: Path | None) -> Path:
    """FOLDER as given, else `plans/` of the current folder; refused unless it is a folder."""
    folder = given if given is not None else Path("plans")
    if not folder.exists():
        if given is None:
            raise KehoachError(
                "Thư mục hiện tại không có thư mục plans/.",
                "Chạy lệnh trong thư mục dự án, hoặc chỉ ra thư mục kế hoạch: kehoach serve THƯ_MỤC.",
            )
        raise KehoachError(f"Không có thư mục {folder}.", "Kiểm tra đường dẫn tới thư mục kế hoạch.")
    if not folder.is_dir():
        raise KehoachError(
            f"{folder} không phải thư mục.",
            "kehoach serve phục vụ một thư mục kế hoạch; để xem một tệp, chỉ ra thư mục chứa nó.",
        )
    return folder


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket: on `port` if given (refused if taken), else on 8000 or the next free."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    candidates = [port] if port is not None else list(range(DEFAULT_PORT, DEFAULT_PORT + TRIES))
    last: OSError | None = None
    for candidate in candidates:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
            sock.listen(128)
            sock.set_inheritable(True)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                break
    if port is not None and last is not None and last.errno == errno.EADDRINUSE:
        raise KehoachError(
            f"Cổng {port} đang được chương trình khác dùng.",
            "Chọn cổng khác với --port, hoặc bỏ --port để kehoach tự tìm cổng trống.",
        )
    where = (
        f"{host}:{port}" if port is not None else f"{host}, cổng {DEFAULT_PORT}–{DEFAULT_PORT + TRIES - 1}"
    )
    raise KehoachError(
        f"Không mở được địa chỉ {where}: {os_reason(last) if last else 'không rõ lý do'}.",
        "Kiểm tra --host (một địa chỉ của máy này) và --port.",
    )


def url_of(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
    return f"http://{shown}:{port}/"


def serve(
    folder: Path | None = None,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    read_only: bool = False,
    open_browser: bool = False,
    jobs: int | None = None,
    host_given: bool = False,
) -> None:
    """Serve the plans under `folder` until Ctrl-C or SIGTERM. Raises KehoachError for a folder
    or an address that cannot be used; KeyboardInterrupt when stopped by a signal (the command
    line turns it into `kehoach: đã dừng.`)."""
    import uvicorn

    from kehoach.serve.app import create_app

    folder = folder_to_serve(folder)
    sock = bind(host, port)
    app = create_app(folder, read_only=read_only, host=host, jobs=jobs)
    server_state = app.state.server  # type: ignore[attr-defined]

    stopped_by: list[int] = []

    class _Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self):
            """Ctrl-C and SIGTERM start a graceful stop (a second Ctrl-C forces it). Unlike
            uvicorn's own, the signal is not raised again afterwards: `serve` says how it ended,
            the same way whether or not SIGINT was ignored where kehoach was started."""
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            handled = [signal.SIGINT, *([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])]
            before = {sig: signal.signal(sig, self._stop) for sig in handled}
            try:
                yield
            finally:
                for sig, handler in before.items():
                    signal.signal(sig, handler)

        def _stop(self, sig: int, frame) -> None:
            stopped_by.append(sig)
            if self.should_exit and sig == signal.SIGINT:
                self.force_exit = True
            self.should_exit = True

        async def shutdown(self, sockets=None):
            # Open pages hold a live channel each: let them go first, or stopping would wait.
            server_state.hub.stopping.set()
            await super().shutdown(sockets=sockets)

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=GRACE_S,
        server_header=False,
    )
    url = url_of(sock, host)
    plans = len(server_state.site.plans())
    print(
        f"kehoach serve: {plans} kế hoạch trong {folder} tại {url}"
        + (" (chỉ đọc)" if read_only else "")
        + " — Ctrl-C để dừng.",
        flush=True,
    )
    if host_given and host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"kehoach: cảnh báo: --host {host}: máy khác trong mạng mở được các trang này"
            + ("" if read_only else " và ghi được tiến độ qua biểu mẫu")
            + "; không có mật khẩu. "
            "Chỉ dùng trong mạng tin cậy" + ("" if read_only else ", hoặc thêm --read-only") + ".",
            file=sys.stderr,
            flush=True,
        )
    if open_browser:
        import webbrowser

        with contextlib.suppress(Exception):
            webbrowser.open(url)
    server = _Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        with contextlib.suppress(OSError):
            sock.close()
    if stopped_by:
        from kehoach.console import Terminated

        raise Terminated() if stopped_by[0] != signal.SIGINT else KeyboardInterrupt()
