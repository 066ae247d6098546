"""Each page's content: the library's answers (validate, render, progress, summary, report) put
into the package's templates. What a page decides is asked of the library; the only thing
decided here is how it looks.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request

from kehoach.diagnostics import Diagnostic, KehoachError

if TYPE_CHECKING:
    from kehoach.serve.server import Server
    from kehoach.serve.site import PlanPage
    from kehoach.summary.overview import Overview

HERE = Path(__file__).resolve().parent


@cache
def _env() -> jinja2.Environment:
    from kehoach.money import format_money
    from kehoach.progress.states import STATES
    from kehoach.serve.charts import STATE_COLOURS

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["money"] = lambda v: "" if v is None else format_money(v)
    env.filters["day"] = lambda d: "" if d is None else f"{d:%d/%m/%Y}"
    env.filters["url"] = lambda s: jinja2.filters.do_urlencode(s).replace("%2F", "/")
    env.globals.update(STATES=STATES, STATE_COLOURS=STATE_COLOURS)
    return env


def render_page(template: str, **context: Any) -> str:
    return _env().get_template(template).render(**context)


def as_of(request: Request) -> date:
    """The day a page is computed for: `?ngay=2024-12-31` (or 31/12/2024), else today."""
    from kehoach.progress import parse_day

    given = request.query_params.get("ngay")
    if not given:
        return date.today()
    try:
        return parse_day(given)
    except ValueError:
        raise HTTPException(
            400, f"`{given}` không phải một ngày có thật: viết 2024-12-31 hoặc 31/12/2024."
        ) from None


def error_page(status: int, message: str, hint: str = "") -> str:
    titles = {
        400: "Yêu cầu không hợp lệ",
        403: "Không được phép",
        404: "Không tìm thấy",
        405: "Không dùng được cách gửi này",
        409: "Chưa làm được",
        413: "Nội dung quá lớn",
        415: "Sai kiểu nội dung",
        422: "Chưa ghi",
        500: "Lỗi không mong đợi",
    }
    if status == 405:
        message = "Trang này không nhận cách gửi yêu cầu đó."
    elif status == 404 and message in ("Not Found", ""):
        message = "Không có trang này."
    title = titles.get(status, "Lỗi")
    return render_page("error.html", status=status, title=title, message=message, hint=hint)


# ---- problems, as `kehoach validate` prints them --------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One diagnostic for a page: the block validate prints (excerpt, message, fix) and where."""

    severity: str
    code: str
    where: str
    text: str


def shown(diagnostics: list[Diagnostic], sources: dict[str, list[str]]) -> list[Shown]:
    from kehoach import diagnostics_text as report

    return [
        Shown(
            d.severity.value,
            d.code,
            d.file + (f":{d.line}:{d.column}" if d.span else ""),
            report.human([d], sources),
        )
        for d in diagnostics
    ]


def stopped_shown(stopped: tuple[str, str]) -> Shown:
    """Rule settings that cannot be read, said as `kehoach validate` says them when it stops."""
    message, hint = stopped
    where = message.split(": ", 1)[0] if ": " in message else ""
    return Shown("error", "", where, message + (f"\nCách sửa: {hint}" if hint else ""))


def problems_html(page: PlanPage) -> str:
    """The error overlay and the warnings list of a plan's page (also sent live)."""
    return render_page(
        "_problems.html",
        errors=([stopped_shown(page.stopped)] if page.stopped else []) + shown(page.errors, page.sources),
        warnings=shown(page.warnings, page.sources),
        has_doc=page.html is not None,
        stale=page.doc_version != page.version and page.html is not None,
    )


def summary_line(diagnostics: list[Diagnostic]) -> str:
    from kehoach import diagnostics_text as report

    return report.summary(diagnostics, 1)


# ---- the index -------------------------------------------------------------------------------


def index_page(
    server: Server,
    rows: list[tuple[str, Overview | None]],
    stale: list[str],
    day: date,
    version: int,
    fragment: bool = False,
) -> str:
    """The index (or its rows alone); `version` is the index's version read before `rows`."""
    checked = [o for _, o in rows if o is not None]
    context = dict(
        rows=rows,
        day=day,
        today=date.today(),
        pending=len(stale),
        total=len(rows),
        failing=sum(1 for o in checked if o.errors),
        folder=str(server.site.shown),
        index_version=version,
    )
    return render_page("_index_rows.html" if fragment else "index.html", **context)


# ---- a plan's page ---------------------------------------------------------------------------


def plan_page(server: Server, page: PlanPage) -> str:
    return render_page(
        "plan.html",
        page=page,
        rel=page.rel,
        problems=problems_html(page),
        title=page.title or page.rel,
        read_only=server.read_only,
    )


def no_document(page: PlanPage) -> str:
    return error_page(
        409,
        "Kế hoạch chưa có bản kết xuất nào không lỗi.",
        "Sửa các lỗi hiện trên trang kế hoạch; trang tự cập nhật khi tệp được lưu.",
    )


async def download(server: Server, path: Path, kind: str) -> tuple[bytes | None, str]:
    """The .docx (or .pdf through LibreOffice) exactly as `kehoach render` writes it; refused,
    as render refuses, while the plan has errors."""
    from kehoach.render.api import rendered
    from kehoach.validate import check_plan

    def docx() -> tuple[bytes | None, list[Diagnostic], dict]:
        checked = check_plan(path, progress=False)
        if checked.plan is None or checked.errors:
            return None, checked.errors, checked.sources
        return rendered(checked, ("docx",))["docx"], [], {}

    data, errors, sources = await asyncio.wrap_future(server.site.run(docx))
    if data is None:
        listing = "\n\n".join(s.text for s in shown(errors, sources))
        return None, render_page(
            "error.html",
            status=409,
            title="Chưa tải được",
            message=f"Kế hoạch có {len(errors)} lỗi: chưa kết xuất được (như `kehoach render`).",
            hint="Sửa các lỗi dưới đây rồi tải lại.",
            listing=listing,
        )
    if kind == "docx":
        return data, ""
    from kehoach.render import pdf

    if pdf.find_soffice() is None:
        return None, error_page(409, "Máy này không có LibreOffice (soffice) để tạo PDF.", pdf.INSTALL_HINT)
    try:
        return await asyncio.to_thread(pdf.docx_to_pdf, data, path.stem), ""
    except KehoachError as exc:
        return None, error_page(409, exc.message, exc.hint)


# ---- the report --------------------------------------------------------------------------------


def _report_data(path: Path, day_given: date | None) -> dict[str, Any]:
    from kehoach.companions import report_path
    from kehoach.report.api import missing_parts, read_companions, readiness, report_day, report_rendered
    from kehoach.report.model import ReportFile
    from kehoach.rules.deadlines import period_end
    from kehoach.validate import check_plan

    checked = check_plan(path, progress=False)
    out: dict[str, Any] = dict(
        html=None,
        report_file=str(report_path(path)),
        plan_errors=[],
        missing={},
        companion_problems=[],
        day=None,
    )
    if checked.plan is None or checked.errors:
        out["plan_errors"] = shown(checked.errors, checked.sources)
        return out
    companions = read_companions(checked, final=False)
    out["companion_problems"] = shown(companions.diagnostics, companions.sources)
    if readiness(companions, checked.plan, draft=True).stop is not None:  # as `report --draft` decides
        return out
    parts = companions.report or ReportFile()
    day = report_day(day_given, parts, period_end(checked.plan), draft=True, parts_file=report_path(path))
    out["day"] = day
    out["missing"] = missing_parts(companions.report)
    out["html"] = report_rendered(checked, parts, companions.progress, day, ("html",), draft=True)["html"]
    return out


async def report_page(server: Server, rel: str, path: Path, request: Request) -> str:
    given = as_of(request) if request.query_params.get("ngay") else None
    data = await asyncio.wrap_future(server.site.run(_report_data, path, given))
    query = f"?ngay={given.isoformat()}" if given else ""
    return render_page(
        "report.html",
        rel=rel,
        query=query,
        **{k: v for k, v in data.items() if k != "html"},
        has_draft=data["html"] is not None,
    )


async def report_document(server: Server, path: Path, request: Request) -> bytes | None:
    """The BÁO CÁO draft as `kehoach report --draft --format html` writes it, the parts a person
    must write marked (highlighted) for the screen."""
    given = as_of(request) if request.query_params.get("ngay") else None
    data = await asyncio.wrap_future(server.site.run(_report_data, path, given))
    html = data["html"]
    if html is None:
        return None
    return mark_blanks(html)


_MARK_STYLE = b"<style>mark.kh-viet{background:#fff59d;outline:1px dashed #f57f17;}</style>"


def mark_blanks(html: bytes) -> bytes:
    """Highlight the placeholders a draft leaves where a person must write ([Chưa viết: …],
    [Họ và tên người ký], [CHỨC VỤ NGƯỜI KÝ])."""
    import re

    text = html.decode("utf-8")
    marked = re.sub(
        r"\[(Chưa viết:[^\]<]*|Họ và tên người ký|CHỨC VỤ NGƯỜI KÝ)\]",
        lambda m: f'<mark class="kh-viet">{m[0]}</mark>',
        text,
    )
    return marked.replace("</head>", _MARK_STYLE.decode() + "</head>", 1).encode("utf-8")


# ---- the province --------------------------------------------------------------------------------


def province_page(server: Server, day: date) -> str:
    from kehoach.progress.states import STATES
    from kehoach.serve import charts
    from kehoach.summary.rows import build, column_code
    from kehoach.summary.text import sentences

    version = server.index_version  # before the rows (see app.index)
    rows, stale = server.site.index(day)
    if stale:
        server.start_scan(day)
    overviews = [o for _, o in rows if o is not None]
    result = build([o.row for o in overviews], day)
    t = result.totals
    column_bars = [
        charts.Bar(column_code(c.key), c.heading, t.columns[c.key].amount, t.columns[c.key].spent)
        for c in result.columns
        if c.key in t.columns
    ]
    source_bars = [
        charts.Bar(
            c.heading[:1].upper() + c.heading[1:], c.heading, t.sources[c.key].amount, t.sources[c.key].spent
        )
        for c in result.sources
        if c.key in t.sources
    ]
    return render_page(
        "province.html",
        day=day,
        result=result,
        items=[(r, o) for r, o in rows if o is not None],
        pending=len(stale),
        total=len(rows),
        sentences=sentences(result) if overviews else [],
        state_chart=charts.state_bar(dict(t.tasks), STATES, "Nhiệm vụ của mọi kế hoạch theo tình trạng"),
        column_chart=charts.money_bars(column_bars, "Kinh phí theo dự án: dự toán và đã chi"),
        source_chart=charts.money_bars(source_bars, "Kinh phí theo nguồn vốn: dự toán và đã chi"),
        index_version=version,
    )


def province_xlsx(server: Server, day: date) -> bytes | None:
    """The workbook `kehoach summary -o tong-hop.xlsx` writes, from the rows the page shows."""
    from kehoach.summary.rows import build
    from kehoach.summary.xlsx import workbook_bytes

    rows, stale = server.site.index(day)
    if stale:
        server.start_scan(day)
        return None
    stopped = next((o.stopped for _, o in rows if o is not None and o.stopped), None)
    if stopped is not None:  # `kehoach summary` stops on these settings too
        raise KehoachError(*stopped)
    return workbook_bytes(build([o.row for _, o in rows if o is not None], day))
