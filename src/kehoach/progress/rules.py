"""Progress rules (KH6xx): records name real tasks, say a known status on a real date, and the
money they report fits the plan's budget lines.

They have the shape of the plan rules (kehoach.rules.base): pure functions yielding a Problem
with a data path into the progress file; `run_rules` stamps code, file and span. They run only
on a progress file that passed its schema, against a plan that passed its own.

Long because the fourteen rules share what they are checked against, built once per file: the
plan's tasks by key, the budget lines and their units, a recurring task's rounds; the registry
and `docs/rules.md` read them as one list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kehoach import funding, hints, outline, tasks
from kehoach.diagnostics import Severity
from kehoach.model import Plan
from kehoach.money import format_in_unit, format_money_vnd
from kehoach.progress.model import STATUSES, ProgressFile, Record
from kehoach.progress.recurring import named_round, owner
from kehoach.rules.base import Context, Problem, rule
from kehoach.rules.budget import SHOWN_SOURCES
from kehoach.rules.deadlines import period_end, work_begins
from kehoach.units import fold


@dataclass(frozen=True)
class ProgressContext(Context):
    """Where the progress file is (file, source), plus the plan it reports on."""

    plan: Plan | None = None
    plan_path: Path | None = None
    today: date = field(default_factory=date.today)


def _resolved(progress: ProgressFile, ctx: ProgressContext) -> Iterator[tuple[int, Record, outline.Node]]:
    """Records whose task exists in the plan, with its node (the others are KH601's)."""
    assert ctx.plan is not None
    found = tasks.index(ctx.plan)
    for i, record in enumerate(progress.records):
        if record.task in found:
            yield i, record, found[record.task]


def _line(ctx: ProgressContext, i: int) -> int:
    span = ctx.source.span(("records", i))
    return span.line if span else 0


def _dated(progress: ProgressFile) -> list[tuple[int, Record]]:
    """Records in time order; on the same day, the order of the file."""
    return sorted(enumerate(progress.records), key=lambda pair: (pair[1].date, pair[0]))


@rule("KH601", "progress-task")
def task_exists(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Mỗi bản ghi tiến độ phải nêu một nhiệm vụ có trong kế hoạch: `id` của một mục, hoặc mã
    dự án/tiểu dự án của một mục trong `activities`.

    Sai:
        records:
          - date: 2024-06-30
            task: viet-bai-tuyen-truyen   # kế hoạch không có mục nào mang mã này
            status: in-progress

    Đúng:
        records:
          - date: 2024-06-30
            task: viet-bai
            status: in-progress
    """
    plan = ctx.plan
    assert plan is not None
    found = tasks.index(plan)
    names = sorted(found, key=lambda name: (not name.islower(), name))
    for i, record in enumerate(progress.records):
        if record.task in found:
            continue
        known = ctx.catalogue is not None and ctx.catalogue.get(record.task) is not None
        near = hints.near(record.task, names, n=3, cutoff=0.75)
        what = ("có trong danh mục nhưng kế hoạch không có mục này" if known
                else "không có trong kế hoạch")
        yield Problem(
            ("records", i, "task"),
            f"Nhiệm vụ `{record.task}` {what}.",
            (f"Có phải ý là {', '.join(f'`{n}`' for n in near)}? " if near else "")
            + "Các mã dùng được: " + hints.listing(names, quote=False, near_to=record.task)
            + ". Việc chưa có mã thì thêm `id:` cho mục đó trong kế hoạch.",
        )


# Vietnamese words an officer may write for a status, folded (see kehoach.units.fold).
_STATUS_WORDS = {
    "chua bat dau": "not-started", "chua thuc hien": "not-started", "chua lam": "not-started",
    "dang thuc hien": "in-progress", "dang lam": "in-progress", "dang trien khai": "in-progress",
    "hoan thanh": "done", "xong": "done", "da xong": "done", "da hoan thanh": "done",
    "vuong mac": "blocked", "tam dung": "blocked", "bi chan": "blocked",
}


@rule("KH602", "progress-status")
def status_known(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Trạng thái viết bằng tiếng Việt có dấu hoặc bằng mã: `hoàn thành` (`done`), `đang thực
    hiện` (`in-progress`), `chưa bắt đầu` hay `chưa thực hiện` (`not-started`), `vướng mắc`
    (`blocked`); viết hoa chữ đầu cũng được.

    Sai:
        - date: 2024-11-15
          task: ra-soat-ho-ngheo
          status: xong

    Đúng:
        - date: 2024-11-15
          task: ra-soat-ho-ngheo
          status: hoàn thành
    """
    for i, record in enumerate(progress.records):
        if record.status in STATUSES:
            continue
        folded = fold(record.status)
        guess = _STATUS_WORDS.get(folded) or next(
            (s for s in STATUSES if fold(s) == folded), None)
        yield Problem(
            ("records", i, "status"),
            f"Trạng thái `{record.status}` không có.",
            (f"Viết `{STATUSES[guess]}` (hoặc `{guess}`). " if guess else "")
            + "Dùng một trong: " + ", ".join(f"{label} ({s})" for s, label in STATUSES.items()) + ".",
        )


@rule("KH603", "progress-date")
def date_not_before_plan(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Ngày của bản ghi không được trước ngày ban hành kế hoạch: chưa có kế hoạch thì chưa có
    tiến độ (thường là gõ nhầm năm).

    Sai:
        document: {date: 2024-03-29, …}     # trong kế hoạch
        - date: 2023-06-30                  # trong tệp tiến độ
          task: viet-bai
          status: in-progress

    Đúng:
        - date: 2024-06-30
          task: viet-bai
          status: in-progress
    """
    assert ctx.plan is not None
    issued = ctx.plan.document.earliest
    if issued is None:
        return
    for i, record in enumerate(progress.records):
        if record.date < issued:
            yield Problem(
                ("records", i, "date"),
                f"Ngày {record.date:%d/%m/%Y} trước ngày ban hành kế hoạch {ctx.plan.document.date_words}.",
                "Kiểm tra lại năm, tháng của ngày báo cáo.",
            )


@rule("KH604", "progress-overspent")
def spending_within_line(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Tổng số đã chi cho một dòng kinh phí không được vượt số tiền của dòng đó.

    Báo tổng đã chi, số được giao và phần vượt, chỉ vào bản ghi làm tổng vượt lần đầu và liệt
    kê các bản ghi đã chi vào dòng đó. Mỗi nhiệm vụ chi vào dòng kinh phí gần nhất bao nó: dòng
    mang mã của chính nó, của mục cha, hoặc mã dự án/tiểu dự án chứa nó.

    Sai:
        # kế hoạch: DA6.TDA2: 2_000_000
        - {date: 2024-06-30, task: viet-bai, status: in-progress, spent: 1_500_000}
        - {date: 2024-11-28, task: pano-to-roi, status: done, spent: 800_000}   # vượt 300.000 đồng

    Đúng:
        - {date: 2024-06-30, task: viet-bai, status: in-progress, spent: 1_500_000}
        - {date: 2024-11-28, task: pano-to-roi, status: done, spent: 500_000}
    """
    plan = ctx.plan
    assert plan is not None
    if plan.budget is None:
        return
    resolved = {i: node for i, _, node in _resolved(progress, ctx)}
    by_line: dict[str, list[tuple[int, Record]]] = {}
    for i, record in _dated(progress):
        if record.spent_total and i in resolved:
            line = tasks.spending_line(resolved[i], plan, ctx.catalogue)
            if line is not None:
                by_line.setdefault(line, []).append((i, record))
    for line, spending in by_line.items():
        amount = plan.budget.lines[line].amount if line != tasks.WHOLE_BUDGET else plan.budget.total or 0
        total = sum(record.spent_total for _, record in spending)
        if total <= amount:
            continue
        running, crossing = 0, spending[-1][0]
        for i, record in spending:
            running += record.spent_total
            if running > amount:
                crossing = i
                break
        notes = tuple(
            f"dòng {_line(ctx, i)}: {r.date:%d/%m/%Y} {r.task} {format_money_vnd(r.spent_total)}"
            for i, r in spending
        )
        yield Problem(
            ("records", crossing, "spent"),
            f"Đã chi cho {f'dòng kinh phí {line}' if line else 'kế hoạch'} tổng cộng "
            f"{format_money_vnd(total)}, vượt số được "
            f"giao {format_money_vnd(amount)}: vượt {format_money_vnd(total - amount)}.",
            "Kiểm tra số tiền từng bản ghi (chép trùng, gõ thừa số 0), hoặc điều chỉnh kinh phí "
            "trong kế hoạch bằng văn bản.",
            notes,
        )


@rule("KH605", "progress-spent-no-line")
def spending_has_line(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Chỉ ghi số chi cho nhiệm vụ có dòng kinh phí (của chính nó, của mục cha hoặc của dự án
    chứa nó); nếu không, số tiền không biết tính vào đâu.

    Sai:
        # kế hoạch có dòng DA6.TDA1, DA6.TDA2, không có dòng DA6
        - {date: 2024-06-30, task: DA6, status: in-progress, spent: 500_000}

    Đúng:
        - {date: 2024-06-30, task: DA6.TDA2, status: in-progress, spent: 500_000}
    """
    plan = ctx.plan
    assert plan is not None
    lines = list(plan.budget.lines) if plan.budget else []
    for i, record, node in _resolved(progress, ctx):
        if record.spent and tasks.spending_line(node, plan, ctx.catalogue) is None:
            yield Problem(
                ("records", i, "spent"),
                f"Nhiệm vụ `{record.task}` (mục {node.ref}) không thuộc dòng kinh phí nào của kế "
                "hoạch, nên không biết tính số chi này vào đâu.",
                ("Ghi số chi cho nhiệm vụ nằm dưới một dòng kinh phí: " + ", ".join(lines) + "."
                 if lines else "Mục kinh phí của kế hoạch không có số tiền (chỉ nêu nguồn bằng lời); "
                 "bỏ `spent`, hoặc ghi tổng kinh phí (`total`) trong kế hoạch."
                 if plan.budget is not None else "Kế hoạch không có mục kinh phí (`budget`); bỏ `spent`."),
            )


@rule("KH606", "progress-plan", Severity.WARNING)
def names_its_plan(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Khóa `plan:` của tệp tiến độ phải ghi đúng tệp kế hoạch mà nó báo cáo (đường dẫn tính từ
    thư mục của tệp tiến độ), để không ai nhầm tiến độ năm này với kế hoạch năm khác.

    Sai:
        # plans/2024.progress.yaml
        plan: 2023.yaml

    Đúng:
        plan: 2024.yaml
    """
    if ctx.plan_path is None:
        return
    here = Path(ctx.file).parent
    expected = ctx.plan_path.resolve()
    try:
        relative = expected.relative_to(here.resolve()).as_posix()
    except ValueError:
        relative = str(expected)
    if progress.plan is None:
        yield Problem((), "Tệp tiến độ chưa ghi nó thuộc kế hoạch nào.",
                      f"Thêm dòng `plan: {relative}` ở đầu tệp.")
    elif (here / progress.plan).resolve() != expected:
        yield Problem(("plan",), f"Tệp tiến độ ghi `plan: {progress.plan}`, nhưng đang được dùng "
                      f"cho kế hoạch {ctx.plan_path}.",
                      f"Sửa thành `plan: {relative}`, hoặc chọn đúng tệp tiến độ (--progress).")


@rule("KH607", "progress-future", Severity.WARNING)
def not_in_future(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Ngày của bản ghi không được sau hôm nay: tiến độ chỉ ghi việc đã xảy ra (thường là gõ
    nhầm năm hoặc tháng).

    Sai:
        - date: 2042-06-30    # gõ nhầm 2024
          task: viet-bai
          status: in-progress

    Đúng:
        - date: 2024-06-30
          task: viet-bai
          status: in-progress
    """
    for i, record in enumerate(progress.records):
        if record.date > ctx.today:
            yield Problem(("records", i, "date"),
                          f"Ngày {record.date:%d/%m/%Y} ở sau hôm nay ({ctx.today:%d/%m/%Y}).",
                          "Kiểm tra lại ngày; chỉ ghi tiến độ khi việc đã diễn ra.")


@rule("KH608", "progress-duplicate", Severity.WARNING)
def no_duplicate_records(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Hai bản ghi giống hệt nhau (cùng ngày, nhiệm vụ, trạng thái, số chi, ghi chú) thường là
    chép hai lần: số chi sẽ bị cộng hai lần.

    Sai:
        - {date: 2024-06-30, task: viet-bai, status: in-progress, spent: 500_000}
        - {date: 2024-06-30, task: viet-bai, status: in-progress, spent: 500_000}

    Đúng:
        - {date: 2024-06-30, task: viet-bai, status: in-progress, spent: 500_000}
    """
    first: dict[tuple, int] = {}
    for i, r in enumerate(progress.records):
        spent = tuple(r.spent.items()) if isinstance(r.spent, dict) else r.spent
        key = (r.date, r.task, r.status, spent, r.note)
        if key in first:
            yield Problem(("records", i),
                          f"Bản ghi này giống hệt bản ghi ở dòng {_line(ctx, first[key])}.",
                          "Xóa bản ghi chép trùng; nếu thật sự chi hai lần, ghi rõ trong `note`.")
        else:
            first[key] = i


@rule("KH609", "progress-after-done", Severity.WARNING)
def not_reopened(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Nhiệm vụ đã báo hoàn thành mà bản ghi sau lại báo chưa xong: nhiệm vụ sẽ bị tính là chưa
    xong. Nếu đúng là phải làm lại, ghi lý do vào `note`; nếu nhầm, sửa trạng thái. (Bản ghi
    `done` sau đó để ghi thêm số chi, như khi quyết toán, là bình thường.)

    Sai:
        - {date: 2024-11-15, task: ra-soat-ho-ngheo, status: done}
        - {date: 2024-12-10, task: ra-soat-ho-ngheo, status: in-progress}

    Đúng:
        - {date: 2024-11-15, task: ra-soat-ho-ngheo, status: done}
        - {date: 2024-12-10, task: ra-soat-ho-ngheo, status: done, spent: 300_000,
           note: Thanh toán tiền in biểu mẫu}
    """
    assert ctx.plan is not None
    found = tasks.index(ctx.plan)
    done_at: dict[object, int] = {}
    for i, record in _dated(progress):
        # `viet-bai` and its project code name one task: key by the node when it exists.
        key = found[record.task].path if record.task in found else record.task
        if record.status == "done":
            done_at.setdefault(key, i)
        elif key in done_at and record.note is None:
            j = done_at[key]
            yield Problem(
                ("records", i, "status"),
                f"Nhiệm vụ `{record.task}` đã báo hoàn thành ngày "
                f"{progress.records[j].date:%d/%m/%Y} (dòng {_line(ctx, j)}), bản ghi này lại báo "
                f"`{record.status}`.",
                "Nếu phải làm lại, ghi lý do vào `note`; nếu nhầm, sửa trạng thái thành `done`.",
            )


@rule("KH610", "progress-blocked-note", Severity.WARNING)
def blocked_says_why(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Bản ghi `blocked` (vướng mắc) cần `note` nói vướng ở đâu, để báo cáo quý nêu được khó
    khăn và kiến nghị.

    Sai:
        - {date: 2024-08-20, task: trang-thong-tin, status: blocked}

    Đúng:
        - date: 2024-08-20
          task: trang-thong-tin
          status: blocked
          note: Trang thông tin điện tử xã tạm dừng để nâng cấp
    """
    for i, record in enumerate(progress.records):
        if record.status == "blocked" and record.note is None:
            yield Problem(("records", i, "status"), "Báo vướng mắc nhưng chưa ghi vướng ở đâu.",
                          "Thêm `note:` nêu khó khăn và việc cần cấp trên giải quyết.")


def _line_sources(plan: Plan, line: str) -> dict[str, int] | None:
    """The sources a budget line may spend from, with the amount each is given there (None: not
    stated). A full split gives its own; a partial one (`of_which`) any known source, its named
    parts bounded; a line with no split, the budget's `by_source`. {} when no source applies."""
    budget = plan.budget
    assert budget is not None
    if line == tasks.WHOLE_BUDGET:
        return {code: 0 for code in budget.by_source}
    entry = budget.lines[line]
    if entry.sources:
        return dict(entry.sources)
    if entry.of_which:
        return None
    return {code: 0 for code in budget.by_source}


@rule("KH611", "progress-spent-source")
def spending_source_known(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Số chi ghi theo nguồn (`spent: {nguồn: số tiền}`) phải dùng nguồn mà dòng kinh phí của
    nhiệm vụ có: nguồn chia của dòng (`sources`), hoặc nguồn của cả mục kinh phí (`by_source`) khi
    dòng không chia; dòng chỉ nêu “trong đó” (`of_which`) nhận mọi nguồn có trong danh sách. Kinh
    phí không ghi nguồn thì ghi `spent` là một số tiền.

    Sai:
        # kế hoạch: DA6.TDA1: {amount: 5_000_000, sources: {ngan-sach-trung-uong: 5_000_000}}
        - {date: 2024-06-30, task: thong-tin, status: in-progress, spent: {ngan-sach-xa: 500_000}}

    Đúng:
        - {date: 2024-06-30, task: thong-tin, status: in-progress,
           spent: {ngan-sach-trung-uong: 500_000}}
    """
    plan = ctx.plan
    assert plan is not None
    if plan.budget is None:
        return
    names = None
    unit = progress.unit or plan.budget.unit
    for i, record, node in _resolved(progress, ctx):
        if not record.spent_by_source:
            continue
        line = tasks.spending_line(node, plan, ctx.catalogue)
        if line is None:
            continue  # KH605's
        allowed = _line_sources(plan, line)
        names = names or funding.known(plan)
        for code in record.spent_by_source:
            if code in (names if allowed is None else allowed):
                continue
            if allowed == {}:
                yield Problem(("records", i, "spent"),
                              f"Dòng kinh phí {line} không chia theo nguồn vốn, nên số chi không ghi "
                              "theo nguồn được.",
                              f"Ghi `spent: {format_in_unit(record.spent_total, unit)}` "
                              "(một số tiền), hoặc chia dòng theo nguồn trong kế hoạch.")
                break
            choices = list(allowed) if allowed else list(names)
            shown = ", ".join(f"`{c}` ({names.get(c, c)})" for c in choices[:SHOWN_SOURCES])
            more = len(choices) - SHOWN_SOURCES
            where = f"dòng kinh phí {line}" if line else "kinh phí của kế hoạch (`by_source`)"
            yield Problem(
                ("records", i, "spent", code),
                f"Nguồn `{code}` " + ("không có trong danh sách nguồn vốn." if code not in names
                                      else f"không phải nguồn của {where}."),
                f"Các nguồn dùng được cho {where}: {shown}"
                + (f" (và {more} nguồn khác)." if more > 0 else "."),
                on_key=True,
            )


@rule("KH612", "progress-overspent-source")
def spending_within_source(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Tổng đã chi theo một nguồn không được vượt số tiền của nguồn đó: ở từng dòng kinh phí
    (`sources` hoặc `of_which` của dòng) và trên cả mục kinh phí (`by_source`). Chỉ vào bản ghi
    làm tổng vượt lần đầu.

    Sai:
        # kế hoạch: DA6.TDA1: {amount: 5_000_000, sources: {ngan-sach-trung-uong: 4_000_000,
        #                                                  ngan-sach-xa: 1_000_000}}
        - {date: 2024-06-30, task: thong-tin, status: in-progress, spent: {ngan-sach-xa: 800_000}}
        - {date: 2024-09-30, task: thong-tin, status: done, spent: {ngan-sach-xa: 400_000}}

    Đúng:
        - {date: 2024-06-30, task: thong-tin, status: in-progress, spent: {ngan-sach-xa: 800_000}}
        - {date: 2024-09-30, task: thong-tin, status: done, spent: {ngan-sach-xa: 200_000,
                                                                     ngan-sach-trung-uong: 200_000}}
    """
    plan = ctx.plan
    assert plan is not None
    budget = plan.budget
    if budget is None:
        return
    resolved = {i: node for i, _, node in _resolved(progress, ctx)}
    # (line or None for the whole budget, source) → the dated records spending from it
    spending: dict[tuple[str | None, str], list[tuple[int, int]]] = {}
    for i, record in _dated(progress):
        if not record.spent_by_source or i not in resolved:
            continue
        line = tasks.spending_line(resolved[i], plan, ctx.catalogue)
        if line is None:
            continue
        for code, value in record.spent_by_source.items():
            if line != tasks.WHOLE_BUDGET:  # the whole budget is the (None, code) entry below
                spending.setdefault((line, code), []).append((i, value))
            spending.setdefault((None, code), []).append((i, value))
    for (line, code), parts in spending.items():
        if line is None:
            limit = budget.by_source.get(code)
        else:
            entry = budget.lines[line]
            limit = (entry.sources or entry.of_which).get(code)
        total = sum(value for _, value in parts)
        if limit is None or total <= limit:
            continue
        running, crossing = 0, parts[-1][0]
        for i, value in parts:
            running += value
            if running > limit:
                crossing = i
                break
        where = f"dòng kinh phí {line}" if line else "cả mục kinh phí (`by_source`)"
        yield Problem(
            ("records", crossing, "spent", code),
            f"Đã chi từ {funding.name(plan, code)} cho {where} tổng cộng {format_money_vnd(total)}, "
            f"vượt số được giao {format_money_vnd(limit)}: vượt {format_money_vnd(total - limit)}.",
            "Kiểm tra số tiền và nguồn của từng bản ghi, hoặc điều chỉnh kinh phí trong kế hoạch bằng "
            "văn bản.",
            tuple(f"dòng {_line(ctx, i)}: {progress.records[i].date:%d/%m/%Y} "
                  f"{progress.records[i].task} {format_money_vnd(value)}" for i, value in parts),
        )


def _rounds(progress: ProgressFile, ctx: ProgressContext,
            ) -> Iterator[tuple[int, Record, outline.Node, list[date]]]:
    """Records of recurring tasks, in time order, with their task and the due dates of its rounds."""
    plan = ctx.plan
    assert plan is not None
    resolved = {i: node for i, _, node in _resolved(progress, ctx)}
    first, last = work_begins(plan), period_end(plan)
    for i, record in _dated(progress):
        node = resolved.get(i)
        if node is not None and node.deadline is not None and node.deadline.kind == "recurring":
            yield i, record, node, node.deadline.occurrences(first, last)


@rule("KH613", "progress-round-ambiguous", Severity.WARNING)
def round_when_one_is_missed(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """Bản ghi hoàn thành của nhiệm vụ định kỳ, không ghi `round`, được tính cho kỳ chứa ngày của
    nó; nếu khi đó một kỳ trước vẫn chưa xong, có thể đây là báo cáo bù của kỳ đó. Ghi `round`
    để nói rõ bản ghi thuộc kỳ nào (kỳ bị lỡ vẫn là quá hạn cho tới khi có bản ghi của nó).

    Sai:
        # thời hạn: định kỳ hằng quý; quý II chưa báo cáo
        - {date: 2024-07-10, task: bao-cao-quy, status: done}

    Đúng:
        - {date: 2024-07-10, task: bao-cao-quy, status: done, round: quý II/2024}
    """
    covered: dict[tuple, set[date]] = {}  # by task: the due dates covered so far
    for i, record, node, due in _rounds(progress, ctx):
        if record.status != "done" or not due:
            continue
        done = covered.setdefault(node.path, set())
        if record.round:
            named, _ = named_round(record.round, due)
            if named is not None:
                done.add(named)
            continue
        own = due[owner(due, record.date)]
        open_before = [d for d in due if d < own and d < record.date and d not in done]
        if open_before:
            missed = open_before[0]
            counted = (f"được tính cho kỳ {own:%d/%m/%Y}" if own not in done
                       else f"không được tính thêm kỳ nào (kỳ {own:%d/%m/%Y} đã có bản ghi)")
            yield Problem(
                ("records", i, "date"),
                f"Bản ghi ngày {record.date:%d/%m/%Y} của `{record.task}` {counted}; kỳ "
                f"{missed:%d/%m/%Y} vẫn chưa có bản ghi hoàn thành.",
                f"Nếu đây là báo cáo bù của kỳ đó, ghi `round: {missed:%d/%m/%Y}`; nếu là báo cáo của "
                f"kỳ {own:%d/%m/%Y}, ghi `round: {own:%d/%m/%Y}`.",
            )
        done.add(own)


@rule("KH614", "progress-round")
def round_is_a_round(progress: ProgressFile, ctx: ProgressContext) -> Iterator[Problem]:
    """`round` chỉ ghi cho nhiệm vụ định kỳ, và phải chỉ đúng một kỳ của thời hạn đó trong kỳ kế
    hoạch, ghi như một thời hạn: quý II/2024, tháng 9/2023, 6 tháng đầu năm 2024, 30/06/2024.

    Sai:
        # thời hạn: định kỳ hằng quý
        - {date: 2024-07-10, task: bao-cao-quy, status: done, round: năm 2024}

    Đúng:
        - {date: 2024-07-10, task: bao-cao-quy, status: done, round: quý II/2024}
    """
    rounds = list(_rounds(progress, ctx))
    recurring = {i for i, *_ in rounds}
    for i, record, _node, due in rounds:
        if record.round:
            named, why = named_round(record.round, due)
            if named is None:
                yield Problem(("records", i, "round"), f"Kỳ `{record.round}` không dùng được: {why}.",
                              "Ghi kỳ mà bản ghi báo cáo, như một thời hạn: quý II/2024, tháng 9/2023, "
                              "30/06/2024.")
    for i, record, _node in _resolved(progress, ctx):
        if record.round and i not in recurring:
            yield Problem(("records", i, "round"),
                          f"Nhiệm vụ `{record.task}` không có thời hạn định kỳ; `round` chỉ dùng cho "
                          "nhiệm vụ định kỳ.", "Bỏ `round`.", on_key=True)


PROGRESS_RULES = (
    task_exists,
    status_known,
    date_not_before_plan,
    spending_within_line,
    spending_has_line,
    names_its_plan,
    not_in_future,
    no_duplicate_records,
    not_reopened,
    blocked_says_why,
    spending_source_known,
    spending_within_source,
    round_when_one_is_missed,
    round_is_a_round,
)
