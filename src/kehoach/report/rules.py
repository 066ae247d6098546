"""Report-file rules (KH7xx), in the shape of the plan's rules (kehoach.rules.base).

KH702 and KH703 run wherever the report file is checked (`validate`, `report`); KH701 — the
parts a final report cannot do without — only when a final report is rendered, so an office can
commit a half-written report file during the year and `--draft` can print placeholders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kehoach.diagnostics import Severity
from kehoach.model import Plan
from kehoach.report.model import REQUIRED_PARTS, ReportFile
from kehoach.rules.base import Context, Problem, rule


@dataclass(frozen=True)
class ReportContext(Context):
    plan: Plan | None = None
    plan_path: Path | None = None


_SKELETON = {
    "date": "date: 2025-01-15",
    "signer": "signer: {authority: TM, title: Chủ tịch, name: Nguyễn Văn A}",
    "shortcomings": "shortcomings:\n  - Một số nhiệm vụ hoàn thành chậm so với kế hoạch …",
    "causes": "causes:\n  - …",
    "directions": "directions:\n  - …",
    "recommendations": "recommendations:\n  - …",
}


@rule("KH701", "report-missing-part")
def has_every_part(report: ReportFile, ctx: ReportContext) -> Iterator[Problem]:
    """Báo cáo chính thức cần đủ các phần chỉ người viết được: ngày ký (`date`), người ký
    (`signer`), tồn tại, hạn chế (`shortcomings`), nguyên nhân (`causes`), phương hướng
    (`directions`) và kiến nghị (`recommendations`). Khi còn thiếu, `kehoach report --draft`
    vẫn in bản dự thảo với chỗ trống đánh dấu để điền.

    Sai:
        # plans/2024.report.yaml
        date: 2025-01-15
        signer: {authority: TM, title: Chủ tịch, name: Nguyễn Tuấn Anh}

    Đúng:
        date: 2025-01-15
        signer: {authority: TM, title: Chủ tịch, name: Nguyễn Tuấn Anh}
        shortcomings: [Cuộc thi báo chí chưa tổ chức được do chưa có thể lệ.]
        causes: [Huyện chưa ban hành hướng dẫn.]
        directions: [Tổ chức cuộc thi trong quý I năm 2025.]
        recommendations: [Đề nghị huyện sớm ban hành thể lệ cuộc thi.]
    """
    for key, label in REQUIRED_PARTS.items():
        if not getattr(report, key):
            written = key in report.model_fields_set
            yield Problem(
                (key,) if written else (),
                f"Báo cáo chưa có phần {label} (`{key}`)" + (" — đang để trống." if written else "."),
                "Thêm vào tệp báo cáo: " + _SKELETON[key].replace("\n", " ") +
                " — hoặc dùng --draft để in bản dự thảo có chỗ trống.",
                on_key=written,
            )


@rule("KH702", "report-plan", Severity.WARNING)
def names_its_plan(report: ReportFile, ctx: ReportContext) -> Iterator[Problem]:
    """Khóa `plan:` của tệp báo cáo (nếu có) phải ghi đúng tệp kế hoạch mà nó báo cáo (tính từ
    thư mục của tệp báo cáo), để không ai nhầm báo cáo năm này với kế hoạch năm khác.

    Sai:
        # plans/2024.report.yaml
        plan: 2023.yaml

    Đúng:
        plan: 2024.yaml
    """
    if report.plan is None or ctx.plan_path is None:
        return
    here = Path(ctx.file).parent
    if (here / report.plan).resolve() != ctx.plan_path.resolve():
        yield Problem(("plan",), f"Tệp báo cáo ghi `plan: {report.plan}`, nhưng đang được dùng cho "
                      f"kế hoạch {ctx.plan_path}.",
                      f"Sửa thành `plan: {ctx.plan_path.name}`, hoặc đặt tệp báo cáo cạnh đúng kế hoạch.")


@rule("KH703", "report-date")
def dated_after_plan(report: ReportFile, ctx: ReportContext) -> Iterator[Problem]:
    """Ngày của báo cáo (`date`) và ngày tính số liệu (`as_of`) không được trước ngày ban hành
    kế hoạch; số liệu không tính đến sau ngày ký báo cáo.

    Sai:
        # kế hoạch ban hành ngày 29/3/2024
        date: 2023-12-31

    Đúng:
        date: 2025-01-15
        as_of: 2024-12-31
    """
    assert ctx.plan is not None
    issued = ctx.plan.document.earliest
    for key in ("date", "as_of") if issued is not None else ():
        day = getattr(report, key)
        if day is not None and day < issued:
            yield Problem((key,), f"Ngày {day:%d/%m/%Y} ở trước ngày ban hành kế hoạch "
                          f"({ctx.plan.document.date_words}).", "Kiểm tra lại năm, tháng của ngày này.")
    if report.date and report.as_of and report.as_of > report.date:
        yield Problem(("as_of",), f"Số liệu tính đến ngày {report.as_of:%d/%m/%Y}, sau ngày ký báo "
                      f"cáo ({report.date:%d/%m/%Y}).",
                      "Ngày tính số liệu (`as_of`) là ngày ký báo cáo hoặc trước đó.")


CHECK_RULES = (names_its_plan, dated_after_plan)  # with the plan, wherever the file is checked
REPORT_RULES = (has_every_part, *CHECK_RULES)  # every code, for `kehoach rules`
