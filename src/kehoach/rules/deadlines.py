"""Deadline rules: every deadline, own or inherited, fits the plan's year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from kehoach import outline
from kehoach.deadlines import quarter_end
from kehoach.diagnostics import Severity
from kehoach.model import Plan
from kehoach.rules.base import Context, Problem, rule


def _own_deadlines(plan: Plan) -> Iterator[outline.Node]:
    """Each written deadline once: inherited ones are checked where they are written."""
    for node in outline.walk(plan):
        if node.node.deadline is not None:
            yield node


@rule("KH301", "deadline-in-year")
def deadline_within_year(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi thời hạn phải nằm trong năm kế hoạch, chậm nhất là hết quý IV của năm đó.

    Sai:
        year: 2024
        deadline: Q1/2025

    Đúng:
        year: 2024
        deadline: Q4/2024
    """
    end = quarter_end(plan.year, 4)
    start = date(plan.year, 1, 1)
    for node in _own_deadlines(plan):
        deadline = node.node.deadline
        assert deadline is not None
        if not start <= deadline.end <= end:
            after = deadline.end > end
            yield Problem(
                (*node.path, "deadline"),
                f"Thời hạn `{deadline.text}` (mục {node.ref}) "
                + (f"quá hạn cuối năm kế hoạch: muộn nhất là hết quý IV/{plan.year} (31/12/{plan.year})."
                   if after else f"ở trước năm kế hoạch {plan.year}."),
                f"Ghi thời hạn trong năm {plan.year}, ví dụ Q4/{plan.year}.",
            )


@rule("KH302", "deadline-after-plan-date")
def deadline_not_before_issue(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Không thời hạn nào được trước ngày ban hành kế hoạch.

    Sai:
        document: {date: 2024-03-29, …}
        deadline: 2024-03-15

    Đúng:
        document: {date: 2024-03-29, …}
        deadline: 2024-06-30
    """
    issued = plan.document.date
    if issued is None:  # not yet dated: KH505 reminds
        return
    for node in _own_deadlines(plan):
        deadline = node.node.deadline
        assert deadline is not None
        if deadline.end < issued:
            yield Problem(
                (*node.path, "deadline"),
                f"Thời hạn `{deadline.text}` (mục {node.ref}) trước ngày ban hành kế hoạch "
                f"{issued:%d/%m/%Y}.",
                "Sửa thời hạn, hoặc sửa ngày ban hành (`document.date`).",
            )


@rule("KH303", "deadline-missing", Severity.WARNING)
def tracked_work_has_deadline(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Việc có người chịu trách nhiệm (có `id` hoặc `lead`) cần có thời hạn, của riêng nó hoặc
    của mục cha; nếu không, không ai biết khi nào phải xong.

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
    for node in outline.walk(plan):
        if (node.node.id or node.node.lead) and node.deadline is None:
            yield Problem(
                node.path,
                f"Mục {node.ref} có người chịu trách nhiệm nhưng không có thời hạn.",
                f"Thêm `deadline:` (ví dụ Q4/{plan.year}) cho mục này hoặc cho mục cha của nó.",
            )
