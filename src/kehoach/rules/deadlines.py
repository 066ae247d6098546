"""Deadline rules: every deadline, own or inherited, of every kind, fits the plan's period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from kehoach import outline
from kehoach.deadlines import Deadline
from kehoach.diagnostics import Severity
from kehoach.model import Plan
from kehoach.rules.base import Context, Problem, rule


def _own_deadlines(plan: Plan) -> Iterator[tuple[outline.Node, Deadline]]:
    """Each written deadline once: inherited ones are checked where they are written."""
    for node in outline.walk(plan):
        if node.node.deadline is not None:
            yield node, node.node.deadline


def work_begins(plan: Plan) -> date:
    """The first day work is due: the plan's `start` when it says the work began earlier, else its
    date (the first day of its first year while it is undated). A recurring deadline's
    occurrences before this day were never due."""
    return plan.start or plan.document.earliest or date(plan.first_year, 1, 1)


def period_end(plan: Plan) -> date:
    """The end of Q4 of the plan's last year: no deadline may fall after it."""
    return date(plan.last_year, 12, 31)


@rule("KH301", "deadline-in-year")
def deadline_within_year(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi thời hạn phải nằm trong năm hoặc giai đoạn kế hoạch, chậm nhất là hết quý IV của năm cuối.

    Áp dụng cho mọi dạng: ngày, tháng, quý, nửa năm, năm, sự kiện, khoảng thời gian (cả ngày bắt
    đầu và ngày kết thúc). Thời hạn định kỳ phải có ít nhất một lần đến hạn trong kỳ kế hoạch
    (các lần trước ngày ban hành, hoặc trước `start`, không tính).

    Sai:
        year: 2024
        deadline: Q1/2025
        deadline: từ tháng 10/2024 đến tháng 3/2025

    Đúng:
        year: 2024
        deadline: Q4/2024
        deadline: định kỳ 6 tháng, hằng năm
    """
    first, last = date(plan.first_year, 1, 1), period_end(plan)
    label = f"năm kế hoạch {plan.year}" if plan.year else f"giai đoạn kế hoạch {plan.period}"
    if plan.start is not None and plan.start < first:
        yield Problem(("start",), f"Ngày bắt đầu `start` {plan.start:%d/%m/%Y} ở trước {label}.",
                      f"Ghi ngày bắt đầu từ 01/01/{plan.first_year} trở đi.")
    for node, deadline in _own_deadlines(plan):
        where = (*node.path, "deadline")
        if deadline.kind == "recurring":
            if not deadline.occurrences(max(first, work_begins(plan)), last):
                yield Problem(where, f"Thời hạn `{deadline.text}` (mục {node.ref}) không có lần nào "
                              f"đến hạn từ ngày bắt đầu thực hiện đến hết {label}.",
                              "Sửa thời hạn, hoặc sửa ngày ban hành (`document.date`).")
            continue
        if deadline.end is None:  # continuous work has no due date
            continue
        if deadline.end > last:
            yield Problem(where, f"Thời hạn `{deadline.text}` (mục {node.ref}) quá hạn cuối {label}: "
                          f"muộn nhất là hết quý IV/{plan.last_year} ({last:%d/%m/%Y}).",
                          f"Ghi thời hạn trong {plan.years_label}, ví dụ Q4/{plan.last_year}.")
        elif (deadline.start or deadline.end) < first:
            yield Problem(where, f"Thời hạn `{deadline.text}` (mục {node.ref}) ở trước {label}.",
                          f"Ghi thời hạn trong {plan.years_label}, ví dụ Q4/{plan.last_year}.")


@rule("KH302", "deadline-after-plan-date")
def deadline_not_before_issue(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Không thời hạn nào được trước ngày ban hành kế hoạch.

    Một sự kiện hay khoảng thời gian cũng không bắt đầu trước ngày đó (khoảng “từ tháng 3” hợp
    với kế hoạch ban hành trong tháng 3), trừ khi kế hoạch ghi `start:` (ngày công việc đã bắt
    đầu, trước ngày ban hành).

    Sai:
        document: {date: 2024-03-29, …}
        deadline: 2024-03-15
        deadline: từ tháng 1 đến tháng 12/2024    # không có start

    Đúng:
        document: {date: 2024-03-29, …}
        start: 2024-01-01                         # công việc bắt đầu từ đầu năm
        deadline: 2024-06-30
        deadline: từ tháng 1 đến tháng 12/2024
    """
    issued = plan.document.earliest
    if issued is None:  # not yet dated: KH505 reminds
        return
    begins = work_begins(plan)
    latest = plan.document.latest
    if plan.start is not None and latest is not None and plan.start > latest:
        yield Problem(("start",), f"Ngày bắt đầu `start` {plan.start:%d/%m/%Y} sau ngày ban hành "
                      f"{plan.document.date_words}.",
                      "`start` chỉ ghi khi công việc bắt đầu trước ngày ban hành; nếu không, bỏ `start`.")
    since = (f"ngày bắt đầu thực hiện {begins:%d/%m/%Y}" if plan.start
             else f"ngày ban hành kế hoạch {plan.document.date_words}")
    hint = ("Sửa thời hạn, hoặc sửa `start`." if plan.start else
            "Sửa thời hạn, hoặc sửa ngày ban hành (`document.date`); nếu công việc đã bắt đầu "
            "trước ngày ban hành, ghi ngày đó vào `start:` của kế hoạch.")
    for node, deadline in _own_deadlines(plan):
        if deadline.end is None:  # recurring: occurrences before the start were never due
            continue
        if deadline.end < begins:
            yield Problem((*node.path, "deadline"),
                          f"Thời hạn `{deadline.text}` (mục {node.ref}) trước {since}.", hint)
        elif deadline.start_last is not None and deadline.start_last < begins:
            yield Problem((*node.path, "deadline"),
                          f"Thời gian `{deadline.text}` (mục {node.ref}) bắt đầu trước {since}.", hint)


def _covered(plan: Plan) -> set[int]:
    """Nodes (by id) that have a deadline, own or inherited, or whose children all have one."""
    below: dict[int, list[outline.Node]] = {}
    nodes = outline.walk(plan)
    for node in nodes:
        if node.parent is not None:
            below.setdefault(id(node.parent), []).append(node)
    covered: set[int] = set()
    for node in reversed(nodes):  # children come after their parents
        children = below.get(id(node), [])
        if node.deadline is not None or (children and all(id(c) in covered for c in children)):
            covered.add(id(node))
    return covered


@rule("KH303", "deadline-missing", Severity.WARNING)
def tracked_work_has_deadline(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Việc có người chịu trách nhiệm (có `id` hoặc `lead`) cần có thời hạn, của riêng nó, của
    mục cha, hoặc ở từng mục con của nó; nếu không, không ai biết khi nào phải xong.

    Sai:
        - id: viet-bai
          text: Viết bài tuyên truyền …
          lead: vhxh            # cả mục cha cũng không có deadline

    Đúng:
        - project: DA6.TDA2
          deadline: Q4/2024
          items:
            - id: viet-bai
              text: Viết bài tuyên truyền …
              lead: vhxh
    """
    covered: set[int] | None = None
    for node in outline.walk(plan):
        if (node.node.id or node.node.lead) and node.deadline is None:
            covered = _covered(plan) if covered is None else covered
            if id(node) in covered:
                continue
            yield Problem(
                node.path,
                f"Mục {node.ref} có người chịu trách nhiệm nhưng không có thời hạn.",
                f"Thêm `deadline:` (ví dụ Q4/{plan.last_year}) cho mục này, cho mục cha của nó, "
                "hoặc cho từng mục con.",
            )
