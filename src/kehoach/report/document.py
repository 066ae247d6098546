"""The BÁO CÁO as a Decree 30 document: the plan's own header, date line, signature and "Nơi
nhận" helpers (kehoach.render.views), a body computed from `view.Results` and the report file,
rendered by the same templates as the plan. Every string is final here, as in views.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kehoach.catalogue import Catalogue
from kehoach.metrics import text_width_pt
from kehoach.model import Plan
from kehoach.money import amount_in_words, format_amount
from kehoach.outline import ROMAN
from kehoach.phrases import tie
from kehoach.render.views import (
    TEXT_WIDTH,
    TITLE_SIZE_PT,
    DocumentView,
    Para,
    Signature,
    Table,
    build_view,
    centred_rule,
    clean,
    close,
    date_line,
    number_line,
    recipient_lines,
    sentence_case,
    short_date,
    signer_lines,
    summary_lines,
)
from kehoach.report.model import REQUIRED_PARTS, ReportFile
from kehoach.report.tables import caption, money_table, percent, source_table, task_table, unit_line
from kehoach.report.view import Results, TaskResult

DOCUMENT_KIND = "BÁO CÁO"
KIND_CODE = "BC"  # Phụ lục III: the abbreviation of Báo cáo in the ký hiệu
PLAN_CODE = "KH"


def _lower_first(text: str) -> str:
    """`Thực hiện …` → `thực hiện …`, but `UBND …` stays: a word in capitals is a name."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def plan_reference(plan: Plan) -> str:
    """`Kế hoạch số 05/KH-UBND ngày 29/3/2024 của Ủy ban nhân dân xã An Dương về thực hiện …`.
    A plan not numbered yet is cited by its date alone, an undated one by what it is about."""
    doc = plan.document
    number = f" số {doc.number:02d}/{PLAN_CODE}-{clean(doc.issuer_code)}" if doc.number else ""
    day = (f" ngày {short_date(doc.date)}" if doc.issued is not None
           else f" {doc.date}" if doc.date is not None else "")  # … tháng 4/2022 của …
    return f"Kế hoạch{number}{day} của {clean(doc.issuer)} về {_lower_first(clean(doc.summary))}"


def summary(plan: Plan) -> str:
    """The trích yếu: `Kết quả thực hiện Kế hoạch số …/KH-… ngày … của … về …`."""
    return f"Kết quả thực hiện {plan_reference(plan)}"




def state_sentence(t: TaskResult) -> str:
    """`Hoàn thành ngày 20/12/2024.`; `Quá hạn 5 ngày (hạn 31/12/2024).`"""
    due = f"hạn {short_date(t.deadline)}" if t.deadline else ""
    if t.state == "done":
        when = f" ngày {short_date(t.done_on)}" if t.done_on else ""
        return f"Hoàn thành{when}" + (f" ({due})." if due else ".")
    if t.state == "done-late":
        when = f"ngày {short_date(t.done_on)}, " if t.done_on else ""
        return f"Hoàn thành trễ hạn {t.days} ngày ({when}{due})."
    stuck = ", đang vướng mắc" if t.blocked else ""
    if t.state == "overdue":
        return f"Quá hạn {t.days} ngày" + (f" ({due})" if due else "") + f", chưa hoàn thành{stuck}."
    return t.state_label + stuck + (f" ({due})." if due else ".")


def _sentences(notes: tuple[str, ...]) -> str:
    return " ".join(clean(n).rstrip(" .;,") + "." for n in notes)


# What a draft prints where the office has still to write, in plain words (no file or key name:
# `kehoach report` lists those on the terminal). kehoach serve marks "[Chưa viết: …]" for the eye.
PLACEHOLDER = "[Chưa viết: {label} — bổ sung trước khi trình ký]"


class _Body:
    def __init__(self, plan: Plan, results: Results, parts: ReportFile, report_file: str) -> None:
        self.plan, self.results, self.parts, self.file = plan, results, parts, report_file
        self.items: list[Para | Table] = []
        self.sections = 0
        self.tables = 0

    def add(self, style: str, text: str) -> None:
        self.items.append(Para(style, tie(clean(text))))

    def section(self, title: str) -> None:
        self.add("KHMucI", f"{ROMAN[self.sections]}. {title}")
        self.sections += 1

    def part(self, key: str) -> None:
        """The bullets the office wrote, or (a draft) a placeholder saying where to write them."""
        entries = getattr(self.parts, key) or [
            PLACEHOLDER.format(label=REQUIRED_PARTS.get(key, key))]
        for entry in entries:
            self.add("KHGachDauDong", f"- {entry}")

    def build(self) -> list[Para | Table]:
        plan, results = self.plan, self.results
        opening = self.parts.opening or [
            f"Thực hiện {plan_reference(plan)}, {clean(plan.document.issuer)} báo cáo kết quả "
            f"thực hiện tính đến ngày {short_date(results.as_of)} như sau:"]
        for paragraph in opening:
            self.add("KHNoiDung", paragraph)

        self.section("KẾT QUẢ THỰC HIỆN")
        # Sub-headings numbered over the parts present: a plan without figures has no money part.
        subs = ["Kết quả thực hiện các nhiệm vụ"]
        self.add("KHMuc1", f"{len(subs)}. {subs[-1]}")
        self.tasks()
        if plan.budget is not None and (results.lines or results.total is not None):
            subs.append("Kết quả sử dụng kinh phí")
            self.add("KHMuc1", f"{len(subs)}. {subs[-1]}")
            self.money()
        if self.parts.assessment:
            subs.append("Đánh giá chung")
            self.add("KHMuc1", f"{len(subs)}. {subs[-1]}")
            for paragraph in self.parts.assessment:
                self.add("KHNoiDung", paragraph)

        self.section("TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
        self.add("KHMuc1", "1. Tồn tại, hạn chế")
        self.part("shortcomings")
        self.add("KHMuc1", "2. Nguyên nhân")
        self.part("causes")
        self.section("PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
        self.part("directions")
        self.section("KIẾN NGHỊ, ĐỀ XUẤT")
        self.part("recommendations")

        last = max(i for i, p in enumerate(self.items) if isinstance(p, Para))
        para = self.items[last]
        assert isinstance(para, Para)
        self.items[last] = Para(para.style, close(para.text))
        return self.items

    def tasks(self) -> None:
        results = self.results
        if not results.tasks:
            self.add("KHNoiDung", "Kế hoạch không có nhiệm vụ nào được theo dõi tiến độ.")
            return
        counts = [f"{label.lower()} {results.count(state)}"
                  for state, label in _STATE_ORDER if results.count(state)]
        self.add("KHNoiDung", f"Tính đến ngày {short_date(results.as_of)}, trong "
                 f"{len(results.tasks)} nhiệm vụ được theo dõi: " + ", ".join(counts) + ".")
        if not results.has_progress:
            self.add("KHNoiDung", "Chưa có tệp tiến độ: chưa nhiệm vụ nào được báo cáo kết quả.")
        for i, t in enumerate(results.tasks):
            below = i + 1 < len(results.tasks) and results.tasks[i + 1].nested and not t.nested
            done = (_sentences(t.notes) if t.notes
                    else "Kết quả từng nội dung như sau." if below
                    else "" if t.reported else "Chưa có báo cáo kết quả.")
            # An activity by the number the plan prints ("1.2."), an item by its text alone, as
            # a bullet under its activity: never a number the plan does not print.
            name = t.heading if t.is_item else f"{t.number} {t.heading}"
            text = f"{name}: {done} {state_sentence(t)}" if done else \
                f"{name}: {_lower_first(state_sentence(t))}"
            if t.nested:
                self.add("KHDauCong", f"+ {text}")
            else:
                self.add("KHGachDauDong", f"- {text}")
        self.table("Tình hình thực hiện các nhiệm vụ", task_table(results))

    def table(self, title: str, table: Table, unit: str | None = None) -> None:
        """A table under its caption ("Bảng 2. …") and, for money, its unit."""
        self.tables += 1
        lines = (caption(self.tables, title), *((unit_line(unit),) if unit is not None else ()))
        self.items.append(replace(table, caption=lines))

    def money(self) -> None:
        """The figures in the plan's own unit ("7.530,5 triệu đồng"), in words in đồng."""
        r = self.results
        unit = self.plan.budget.unit if self.plan.budget is not None else "đồng"

        def amount(value: int) -> str:
            return f"{format_amount(value, unit)} ({amount_in_words(value)})"

        self.add("KHGachDauDong", f"- Tổng kinh phí được giao: {amount(r.allocated)}.")
        self.add("KHGachDauDong", f"- Đã chi đến ngày {short_date(r.as_of)}: {amount(r.spent)}, "
                 f"đạt {percent(r.percent)} dự toán.")
        if r.remaining >= 0:
            self.add("KHGachDauDong", f"- Còn lại: {amount(r.remaining)}.")
        else:
            self.add("KHGachDauDong", f"- Chi vượt dự toán: {amount(-r.remaining)}.")
        if r.lines:
            by_source = any(line.sources for line in r.lines)
            self.table("Kinh phí theo từng nội dung" + (" và nguồn vốn" if by_source else ""),
                       money_table(r, unit), unit)
        if r.by_source:
            self.table("Kinh phí theo nguồn vốn", source_table(r, unit), unit)



_STATE_ORDER = (("done", "Hoàn thành"), ("done-late", "Hoàn thành trễ hạn"),
                ("in-progress", "Đang thực hiện"), ("overdue", "Quá hạn"),
                ("not-started", "Chưa thực hiện"))


def _signature(plan: Plan, parts: ReportFile, draft: bool) -> Signature:
    recipients = parts.recipients if parts.recipients is not None else plan.recipients
    archive = parts.archive if parts.archive is not None else plan.archive
    if parts.signer is not None:
        authority, name = signer_lines(parts.signer, plan.document.issuer), clean(parts.signer.name)
    else:
        assert draft, "a final report has a signer (KH701)"
        authority, name = ("[CHỨC VỤ NGƯỜI KÝ]",), "[Họ và tên người ký]"
    return Signature("Nơi nhận:", recipient_lines(recipients, archive), authority, name)


def build_report_view(plan: Plan, catalogue: Catalogue | None, results: Results, parts: ReportFile,
                      report_file: str, draft: bool = False) -> DocumentView:
    """The report's document: the plan's header, the report's number and date, its body."""
    base = build_view(plan, catalogue, draft=draft)
    doc = plan.document
    day: date | None = parts.date
    when = (date_line(clean(doc.place), day) if day is not None
            else f"{clean(doc.place)}, ngày     tháng     năm {results.as_of.year}")
    header = replace(base.header, number_line=number_line(parts.number, clean(doc.issuer_code), KIND_CODE),
                     date_line=when)
    title = sentence_case(summary(plan))
    lines = summary_lines(title)
    title_len = min(max(text_width_pt(line, TITLE_SIZE_PT, bold=True) for line in lines) * 20, TEXT_WIDTH)
    return replace(
        base,
        header=header,
        kind=DOCUMENT_KIND,
        summary=title,
        summary_lines=lines,
        summary_rule=centred_rule(title_len / 3, TEXT_WIDTH),
        body=tuple(_Body(plan, results, parts, report_file).build()),
        signature=_signature(plan, parts, draft),
        title=f"Báo cáo {_lower_first(title)}",
        created=f"{(day or results.as_of).isoformat()}T00:00:00Z",
        appendices=(),  # the plan's Phụ lục belong to the plan, not to its report
    )
