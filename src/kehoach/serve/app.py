"""The web application: routes and the error pages, over `Server` (server.py: the plans, the
pages' live channels) and the library. Starlette, because it is a small, well-kept ASGI toolkit
that gives routing, streaming responses (the page's live channel) and static files without a
framework's weight.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kehoach.diagnostics import KehoachError
from kehoach.serve import pages, progress_page
from kehoach.serve.safety import Guard, plan_name_ok
from kehoach.serve.server import Server

HERE = Path(__file__).resolve().parent
MAX_FORM = 64 * 1024  # a progress record's form is a few hundred bytes
log = logging.getLogger("kehoach.serve")


def _rel(request: Request) -> str:
    rel = request.path_params["rel"]
    if not plan_name_ok(rel):
        raise HTTPException(404, "Không có kế hoạch này.")
    return rel


def _plan(server: Server, rel: str) -> Path:
    path = server.site.plan_path(rel)
    if path is None:
        if server.site.outside(rel):
            raise HTTPException(
                403,
                "Tệp này là liên kết dẫn ra ngoài thư mục đang phục vụ: "
                "kehoach serve không đọc và không ghi nó.",
            )
        raise HTTPException(404, f"Không có kế hoạch `{rel}` trong thư mục này.")
    return path


def create_app(
    folder: Path,
    *,
    read_only: bool = False,
    host: str = "127.0.0.1",
    jobs: int | None = None,
    watch: bool = True,
) -> Starlette:
    """The application serving the plans under `folder` (as typed: messages name files the way
    `kehoach validate FOLDER` does)."""
    guard = Guard(host)
    server = Server(folder, read_only=read_only, guard=guard, jobs=jobs)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        server.hub.loop = asyncio.get_running_loop()
        server.hub.stopping = asyncio.Event()
        server.start_scan()
        task = None
        if watch:
            from kehoach.serve.watch import watch_folder

            task = asyncio.create_task(watch_folder(server, server.hub.stopping))
        try:
            yield
        finally:
            server.hub.stopping.set()
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            await asyncio.to_thread(server.site.close)

    async def index(request: Request) -> Response:
        day = pages.as_of(request)
        began = time.perf_counter()
        # The version is read before the rows: a scan that ends in between then makes the page
        # catch up (its last event names a newer version), never leaves it showing old rows as new.
        version = server.index_version
        rows, stale = server.site.index(day)
        if stale:
            server.start_scan(day)
        body = pages.index_page(
            server, rows, stale, day, version, fragment=request.query_params.get("phan") == "bang"
        )
        server.index_cost = time.perf_counter() - began
        return HTMLResponse(body)

    async def plan_page(request: Request) -> Response:
        rel = _rel(request)
        _plan(server, rel)
        page = await server.page(rel)
        return HTMLResponse(pages.plan_page(server, page))

    async def document(request: Request) -> Response:
        """The document exactly as `kehoach render --format html` writes it (last good state)."""
        rel = _rel(request)
        _plan(server, rel)
        page = await server.page(rel)
        if page.html is None:
            return HTMLResponse(pages.no_document(page), status_code=409)
        return Response(
            page.html, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"}
        )

    async def download(request: Request) -> Response:
        rel, kind = _rel(request), request.path_params["kind"]
        if kind not in ("docx", "pdf"):
            raise HTTPException(404, "Chỉ tải được .docx hoặc .pdf.")
        path = _plan(server, rel)
        data, problem = await pages.download(server, path, kind)
        if data is None:
            return HTMLResponse(problem, status_code=409)
        media = {
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "pdf": "application/pdf",
        }[kind]
        name = f"{Path(rel).stem}.{kind}"
        return Response(
            data,
            media_type=media,
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        )

    async def progress(request: Request) -> Response:
        rel = _rel(request)
        path = _plan(server, rel)
        if request.method == "POST":
            return await record(request, rel, path)
        body = await progress_page.progress_page(server, rel, path, request)
        return HTMLResponse(body)

    async def record(request: Request, rel: str, path: Path) -> Response:
        if server.read_only:
            raise HTTPException(403, "Máy chủ đang chạy ở chế độ chỉ đọc (--read-only): không ghi tiến độ.")
        headers = request.headers
        if not guard.same_origin(
            headers.get("origin"), headers.get("referer"), headers.get("host"), headers.get("sec-fetch-site")
        ):
            raise HTTPException(
                403,
                "Yêu cầu ghi không đến từ trang của kehoach serve (khác nguồn gốc): "
                "đã từ chối, không ghi gì.",
            )
        if "application/x-www-form-urlencoded" not in headers.get("content-type", ""):
            raise HTTPException(415, "Biểu mẫu phải gửi dạng application/x-www-form-urlencoded.")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM:
                raise HTTPException(413, "Nội dung gửi lên quá lớn cho một bản ghi tiến độ.")
        try:
            form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
        except UnicodeDecodeError:
            raise HTTPException(400, "Biểu mẫu không phải văn bản UTF-8.") from None
        if not guard.token_ok(form.get("token")):
            raise HTTPException(
                403,
                "Biểu mẫu đã cũ hoặc không đến từ trang này (mã xác nhận không khớp): "
                "tải lại trang rồi ghi lại.",
            )
        outcome = await progress_page.record(server, rel, path, form)
        if outcome.written:
            anchor = quote(form.get("task", ""))
            return RedirectResponse(
                f"/progress/{quote(rel)}?da_ghi={outcome.line}#nv-{anchor}", status_code=303
            )
        body_html = await progress_page.progress_page(server, rel, path, request, outcome=outcome, form=form)
        return HTMLResponse(body_html, status_code=422)

    async def report(request: Request) -> Response:
        rel = _rel(request)
        path = _plan(server, rel)
        return HTMLResponse(await pages.report_page(server, rel, path, request))

    async def report_document(request: Request) -> Response:
        rel = _rel(request)
        path = _plan(server, rel)
        data = await pages.report_document(server, path, request)
        if data is None:
            return HTMLResponse(
                pages.error_page(409, "Chưa lập được dự thảo báo cáo: kế hoạch còn lỗi."), status_code=409
            )
        return Response(data, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})

    async def province(request: Request) -> Response:
        day = pages.as_of(request)
        return HTMLResponse(pages.province_page(server, day))

    async def province_xlsx(request: Request) -> Response:
        day = pages.as_of(request)
        data = await asyncio.to_thread(pages.province_xlsx, server, day)
        if data is None:
            return HTMLResponse(
                pages.error_page(409, "Chưa kiểm tra xong mọi kế hoạch: thử lại sau ít giây."),
                status_code=409,
            )
        return Response(
            data,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="tong-hop-{day.isoformat()}.xlsx"'},
        )

    async def events(request: Request) -> Response:
        plan = request.query_params.get("plan")
        kind = request.query_params.get("kenh", "plan")
        first = None
        if plan is not None:
            if not plan_name_ok(plan):
                raise HTTPException(404, "Không có kế hoạch này.")
            _plan(server, plan)
            if kind == "plan":

                async def first() -> str:
                    page = await server.page(plan)
                    return f"event: plan\ndata: {json.dumps(server.page_event(page), ensure_ascii=False)}\n\n"

                topic = f"plan:{plan}"
            elif kind in ("progress", "report"):
                topic = f"{kind}:{plan}"
            else:
                raise HTTPException(404, "Không có kênh này.")
        else:
            topic = "index"  # the state now: a page drawn before the last change catches up at once

            async def first() -> str:
                state = {"version": server.index_version, "done": server.scan_done,
                         "total": server.scan_total}
                return f"event: index\ndata: {json.dumps(state)}\n\n"

        return StreamingResponse(
            server.hub.stream(topic, first),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return HTMLResponse(
            pages.error_page(exc.status_code, exc.detail),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    async def kehoach_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, KehoachError)
        return HTMLResponse(pages.error_page(409, exc.message, exc.hint), status_code=409)

    async def unexpected(request: Request, exc: Exception) -> Response:
        # Said on the console in one line (KEHOACH_DEBUG=1: the traceback), never on the page.
        import os

        if os.environ.get("KEHOACH_DEBUG"):
            log.exception("kehoach serve: lỗi không mong đợi")
        else:
            print(
                f"kehoach serve: lỗi không mong đợi ở {request.url.path}: {type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
        return HTMLResponse(
            pages.error_page(
                500,
                "kehoach gặp lỗi không mong đợi khi tạo trang này.",
                "Hãy báo lỗi này kèm tệp kế hoạch; chạy lại với KEHOACH_DEBUG=1 "
                "để xem chi tiết trên màn hình dòng lệnh.",
            ),
            status_code=500,
        )

    routes = [
        Route("/", index),
        Route("/plan/{rel:path}", plan_page),
        Route("/doc/{rel:path}", document),
        Route("/download/{kind}/{rel:path}", download),
        Route("/progress/{rel:path}", progress, methods=["GET", "POST"]),
        Route("/report/{rel:path}", report),
        Route("/report-doc/{rel:path}", report_document),
        Route("/province", province),
        Route("/province.xlsx", province_xlsx),
        Route("/events", events),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: http_error, KehoachError: kehoach_error, Exception: unexpected},
    )
    app.state.server = server
    return guard_hosts(app, guard)


def guard_hosts(app: Starlette, guard: Guard):  # -> ASGI app
    """Refuse a request whose Host is not ours (a page elsewhere reaching 127.0.0.1 through a
    DNS name of its own) before any route sees it."""

    async def guarded(scope, receive, send):
        if scope["type"] == "http":
            host = dict(scope.get("headers") or ()).get(b"host")
            if not guard.host_allowed(host.decode("latin-1") if host else None):
                body = pages.error_page(
                    400,
                    "Tên máy (Host) trong yêu cầu không phải của máy chủ này: đã từ chối.",
                    "Mở trang bằng địa chỉ kehoach serve in ra, ví dụ http://127.0.0.1:8000/.",
                )
                response = HTMLResponse(body, status_code=400)
                await response(scope, receive, send)
                return
        await app(scope, receive, send)

    guarded.state = app.state  # type: ignore[attr-defined]
    guarded.app = app  # type: ignore[attr-defined]
    return guarded
