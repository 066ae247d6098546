"""Budget rules: the money adds up and the words say the figure."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach import outline
from kehoach.model import Plan
from kehoach.money import amount_in_words, format_money_vnd, normalise_words, words_match
from kehoach.rules.base import Context, Problem, rule


@rule("KH201", "budget-sum")
def lines_sum_to_total(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Các dòng kinh phí phải cộng đúng bằng tổng số tiền.

    Báo số mong đợi (tổng), số thực có (tổng các dòng) và phần chênh lệch ("thiếu" hay "thừa"),
    chỉ vào `budget.total` và liệt kê từng dòng.

    Sai:
        budget:
          total: 13_000_000
          lines:
            DA6.TDA1: 5_000_000
            DA6.TDA2: 2_000_000
            DA7.TDA2: 5_500_000   # cộng 12.500.000: thiếu 500.000 đồng

    Đúng:
        budget:
          total: 13_000_000
          lines:
            DA6.TDA1: 5_000_000
            DA6.TDA2: 2_000_000
            DA7.TDA2: 6_000_000
    """
    budget = plan.budget
    if budget is None or not budget.lines:
        return
    actual = sum(line.amount for line in budget.lines.values())
    if actual == budget.total:
        return
    diff = actual - budget.total
    word = "thừa" if diff > 0 else "thiếu"
    notes = (
        *(f"dòng {ctx.source.span(('budget', 'lines', code)).line}: {code} = "
          f"{format_money_vnd(line.amount)}" for code, line in budget.lines.items()),
        f"cộng các dòng = {format_money_vnd(actual)}",
    )
    yield Problem(
        ("budget", "total"),
        f"Các dòng kinh phí cộng lại {format_money_vnd(actual)}, tổng ghi "
        f"{format_money_vnd(budget.total)}: {word} {format_money_vnd(abs(diff))}.",
        "Sửa số tiền của một dòng hoặc sửa tổng cho khớp.",
        notes,
    )


@rule("KH202", "budget-line-sources")
def line_sources_sum_to_line(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Số tiền chia theo nguồn của một dòng phải cộng đúng bằng số tiền của dòng đó.

    Sai:
        lines:
          DA7.TDA2:
            amount: 6_000_000
            sources: {ngan-sach-trung-uong: 4_000_000, ngan-sach-dia-phuong: 1_000_000}

    Đúng:
        lines:
          DA7.TDA2:
            amount: 6_000_000
            sources: {ngan-sach-trung-uong: 5_000_000, ngan-sach-dia-phuong: 1_000_000}
    """
    if plan.budget is None:
        return
    for code, line in plan.budget.lines.items():
        if not line.sources:
            continue
        actual = sum(line.sources.values())
        if actual != line.amount:
            diff = actual - line.amount
            yield Problem(
                ("budget", "lines", code, "sources"),
                f"Các nguồn của dòng {code} cộng lại {format_money_vnd(actual)}, dòng ghi "
                f"{format_money_vnd(line.amount)}: {'thừa' if diff > 0 else 'thiếu'} "
                f"{format_money_vnd(abs(diff))}.",
                "Sửa số tiền từng nguồn hoặc số tiền của dòng cho khớp.",
            )


@rule("KH203", "total-in-words")
def words_match_total(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Số tiền bằng chữ (`total_in_words`), khi có, phải đọc đúng con số của tổng.

    Các cách viết đều được chấp nhận: lẻ/linh, ngàn/nghìn, tỉ/tỷ, "hai mươi bốn"/"hai mươi tư",
    chữ "chẵn" ở cuối, chữ hoa/thường và khoảng trắng.

    Sai:
        total: 13_000_000
        total_in_words: Mười hai triệu đồng

    Đúng:
        total: 13_000_000
        total_in_words: Mười ba triệu đồng chẵn
    """
    budget = plan.budget
    if budget is None or budget.total_in_words is None:
        return
    if not words_match(budget.total_in_words, budget.total):
        yield Problem(
            ("budget", "total_in_words"),
            f"Số tiền bằng chữ không khớp con số: {format_money_vnd(budget.total)} đọc là "
            f"“{amount_in_words(budget.total)}”.",
            "Sửa phần chữ cho đúng, hoặc bỏ hẳn `total_in_words`: kehoach tự viết số tiền bằng chữ.",
            (f"đang viết: “{budget.total_in_words}” ({normalise_words(budget.total_in_words)})",),
        )


@rule("KH204", "budget-line-reference", needs_catalogue=True)
def lines_refer_to_plan(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi dòng kinh phí phải mang mã một dự án/tiểu dự án hoặc mã một hoạt động có trong kế hoạch.

    Sai:
        lines:
          DA5: 2_000_000     # kế hoạch không có mục Dự án 5

    Đúng:
        lines:
          DA6.TDA1: 5_000_000   # có mục `project: DA6.TDA1` trong activities
    """
    if plan.budget is None:
        return
    present = {n.node.project for n in outline.walk(plan) if not n.is_item and n.node.project}
    present |= set(outline.ids(plan))
    for code in plan.budget.lines:
        if code in present:
            continue
        known = ctx.catalogue is not None and ctx.catalogue.get(code) is not None
        what = "có trong danh mục nhưng kế hoạch không có mục này" if known else "không có"
        yield Problem(
            ("budget", "lines", code),
            f"Dòng kinh phí `{code}`: mã {what}.",
            "Dùng mã một mục trong activities (`project:` hoặc `id:`): "
            + ", ".join(sorted(present)) + ".",
            on_key=True,
        )


@rule("KH205", "budget-positive")
def amounts_positive(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Tổng và từng dòng kinh phí phải lớn hơn 0 đồng.

    Sai:
        lines:
          DA6.TDA1: 0

    Đúng:
        lines:
          DA6.TDA1: 5_000_000
    """
    if plan.budget is None:
        return
    if plan.budget.total <= 0:
        yield Problem(("budget", "total"), "Tổng kinh phí phải lớn hơn 0 đồng.",
                      "Nếu kế hoạch không dùng kinh phí, bỏ hẳn mục `budget`.")
    for code, line in plan.budget.lines.items():
        if line.amount <= 0:
            yield Problem(("budget", "lines", code), f"Dòng kinh phí {code} phải lớn hơn 0 đồng.",
                          "Ghi số tiền của dòng, hoặc bỏ dòng này.")
