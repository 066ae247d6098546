"""Budget rules: the money adds up (by line and by source), the words say the figure, every
funding source is known."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach import funding, hints, outline
from kehoach.diagnostics import Severity
from kehoach.model import Budget, Plan
from kehoach.money import amount_in_words, format_amount, format_in_unit, normalise_words, words_match
from kehoach.rules.base import Context, Problem, rule

SHOWN_SOURCES = 8  # known codes listed in a hint; the rest are counted


def _source_title(name: str) -> str:
    """A source's name at the start of a sentence: "Nguồn huy động…" as it stands, else "Nguồn …"."""
    return name[:1].upper() + name[1:] if name.lower().startswith("nguồn") else f"Nguồn {name}"


def _money(budget: Budget, value: int) -> str:
    """An amount in the unit the plan writes (13.000.000 đồng, 1.234,5 triệu đồng)."""
    return format_amount(value, budget.unit)


def _gap(budget: Budget, actual: int, expected: int) -> str:
    """ "thiếu 500.000 đồng" / "thừa 250.000 đồng"."""
    return f"{'thừa' if actual > expected else 'thiếu'} {_money(budget, abs(actual - expected))}"


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
    if budget is None or not budget.lines or budget.total is None:
        return
    actual = sum(line.amount for line in budget.lines.values())
    if actual == budget.total:
        return
    notes = (
        *(f"dòng {ctx.source.span(('budget', 'lines', code)).line}: {code} = "
          f"{_money(budget, line.amount)}" for code, line in budget.lines.items()),
        f"cộng các dòng = {_money(budget, actual)}",
    )
    yield Problem(
        ("budget", "total"),
        f"Các dòng kinh phí cộng lại {_money(budget, actual)}, tổng ghi "
        f"{_money(budget, budget.total)}: {_gap(budget, actual, budget.total)}.",
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
    budget = plan.budget
    if budget is None:
        return
    for code, line in budget.lines.items():
        if not line.sources:
            continue
        actual = sum(line.sources.values())
        if actual != line.amount:
            yield Problem(
                ("budget", "lines", code, "sources"),
                f"Các nguồn của dòng {code} cộng lại {_money(budget, actual)}, dòng ghi "
                f"{_money(budget, line.amount)}: {_gap(budget, actual, line.amount)}.",
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
    if budget is None or budget.total_in_words is None or budget.total is None:
        return
    if not words_match(budget.total_in_words, budget.total):
        yield Problem(
            ("budget", "total_in_words"),
            f"Số tiền bằng chữ không khớp con số: {_money(budget, budget.total)} đọc là "
            f"“{amount_in_words(budget.total)}”.",
            "Sửa phần chữ cho đúng, hoặc bỏ hẳn `total_in_words`: kehoach tự viết số tiền bằng chữ.",
            (f"đang viết: “{budget.total_in_words}” ({normalise_words(budget.total_in_words)})",),
        )


@rule("KH204", "budget-line-reference")
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
            + hints.listing(sorted(present), quote=False, near_to=code) + ".",
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
    if plan.budget.total is not None and plan.budget.total <= 0:
        yield Problem(("budget", "total"), "Tổng kinh phí phải lớn hơn 0 đồng.",
                      "Nếu kế hoạch không dùng kinh phí, bỏ hẳn mục `budget`.")
    for code, line in plan.budget.lines.items():
        if line.amount <= 0:
            yield Problem(("budget", "lines", code), f"Dòng kinh phí {code} phải lớn hơn 0 đồng.",
                          "Ghi số tiền của dòng, hoặc bỏ dòng này.")


def _source_paths(budget: Budget) -> Iterator[tuple[tuple, str]]:
    """(data path, code) of every funding source the budget names, in file order."""
    for code in budget.by_source:
        yield ("budget", "by_source", code), code
    for key, line in budget.lines.items():
        for part in ("sources", "of_which"):
            for code in getattr(line, part):
                yield ("budget", "lines", key, part, code), code


@rule("KH206", "funding-source")
def sources_known(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi mã nguồn vốn (trong `by_source`, `sources`, `of_which`) phải có trong danh sách có sẵn
    hoặc được kế hoạch khai báo trong `funding_sources` cùng tên in ra; văn bản không bao giờ in
    mã.

    Sai:
        budget:
          by_source: {quy-vi-nguoi-ngheo: 2_000_000}   # chưa khai báo

    Đúng:
        funding_sources: {quy-vi-nguoi-ngheo: Quỹ Vì người nghèo xã}
        budget:
          by_source: {quy-vi-nguoi-ngheo: 2_000_000}
    """
    if plan.budget is None:
        return
    used = list(_source_paths(plan.budget))
    if not used:
        return
    names = funding.known(plan)
    # Every built-in code (a short, fixed list, so a clerk need not look it up anywhere), and the
    # plan's own codes up to a bound: a plan may declare any number of them.
    builtin = list(funding.builtin())
    own = [code for code in names if code not in funding.builtin()]
    listed = ", ".join([*builtin, *own[:SHOWN_SOURCES]])
    more = len(own) - SHOWN_SOURCES
    listed += f" (và {more} mã riêng khác trong `funding_sources`)" if more > 0 else ""
    for path, code in used:
        if code in names:
            continue
        near = hints.near(code, list(names), n=2, cutoff=0.7)
        yield Problem(
            path,
            f"Nguồn vốn `{code}` không có trong danh sách nguồn vốn.",
            (f"Có phải ý là {' hoặc '.join(f'`{n}`' for n in near)}? " if near else "")
            + f"Các mã có sẵn: {listed}. Nguồn riêng của kế hoạch thì khai báo "
            f"`funding_sources: {{{code}: tên in ra}}`.",
            on_key=True,
        )


@rule("KH207", "budget-by-source-sum")
def by_source_sums_to_total(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Tổng chia theo nguồn (`by_source`) phải cộng đúng bằng tổng số tiền.

    Sai:
        total: 13_000_000
        by_source: {ngan-sach-trung-uong: 10_000_000, ngan-sach-dia-phuong: 2_000_000}

    Đúng:
        total: 13_000_000
        by_source: {ngan-sach-trung-uong: 10_000_000, ngan-sach-dia-phuong: 3_000_000}
    """
    budget = plan.budget
    if budget is None or not budget.by_source or budget.total is None:
        return
    actual = sum(budget.by_source.values())
    if actual != budget.total:
        yield Problem(
            ("budget", "by_source"),
            f"Các nguồn vốn (`by_source`) cộng lại {_money(budget, actual)}, tổng ghi "
            f"{_money(budget, budget.total)}: {_gap(budget, actual, budget.total)}.",
            "Sửa số tiền từng nguồn hoặc tổng cho khớp.",
        )


@rule("KH208", "budget-source-column")
def source_columns_sum_to_by_source(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Khi có cả `by_source` và các dòng chia theo nguồn, số tiền của mỗi nguồn cộng theo các dòng
    phải bằng số của nguồn đó trong `by_source` (cộng theo cột của bảng dòng × nguồn). Khi có
    dòng chưa chia đủ theo nguồn, cột chỉ không được vượt số trong `by_source`.

    Sai:
        by_source: {ngan-sach-trung-uong: 10_000_000, ngan-sach-dia-phuong: 3_000_000}
        lines:
          DA6.TDA1: {amount: 7_000_000, sources: {ngan-sach-trung-uong: 7_000_000}}
          DA7.TDA2:
            amount: 6_000_000
            sources: {ngan-sach-trung-uong: 4_000_000, ngan-sach-dia-phuong: 2_000_000}
          # cột ngân sách trung ương cộng 11.000.000: thừa 1.000.000 đồng

    Đúng:
        by_source: {ngan-sach-trung-uong: 10_000_000, ngan-sach-dia-phuong: 3_000_000}
        lines:
          DA6.TDA1: {amount: 7_000_000, sources: {ngan-sach-trung-uong: 7_000_000}}
          DA7.TDA2:
            amount: 6_000_000
            sources: {ngan-sach-trung-uong: 3_000_000, ngan-sach-dia-phuong: 3_000_000}
    """
    budget = plan.budget
    if budget is None or not budget.by_source or not budget.lines:
        return
    full = all(line.sources for line in budget.lines.values())
    columns: dict[str, list[tuple[str, int]]] = {}
    for key, line in budget.lines.items():
        for code, value in (line.sources or line.of_which).items():
            columns.setdefault(code, []).append((key, value))
    if not columns:
        return
    for code in dict.fromkeys([*budget.by_source, *columns]):
        parts = columns.get(code, [])
        actual = sum(value for _, value in parts)
        expected = budget.by_source.get(code, 0)
        if actual == expected or (not full and actual < expected):
            continue
        shown = funding.name(plan, code)
        notes = (*(f"dòng {ctx.source.span(('budget', 'lines', key)).line}: {key} = "
                   f"{_money(budget, value)}" for key, value in parts),
                 f"cộng cột {shown} = {_money(budget, actual)}")
        if code not in budget.by_source:
            yield Problem(
                ("budget", "by_source"),
                f"Các dòng dùng nguồn {shown} ({_money(budget, actual)}) nhưng `by_source` không "
                "có nguồn này.",
                f"Thêm `{code}: {format_in_unit(actual, budget.unit)}` vào "
                "`by_source`, hoặc sửa nguồn của các dòng.",
                notes, on_key=True,
            )
            continue
        yield Problem(
            ("budget", "by_source", code),
            f"{_source_title(shown)}: các dòng cộng lại {_money(budget, actual)}, `by_source` ghi "
            f"{_money(budget, expected)}: {_gap(budget, actual, expected)}.",
            "Sửa số tiền của nguồn này ở các dòng hoặc trong `by_source` cho khớp.",
            notes,
        )


@rule("KH209", "budget-of-which")
def of_which_is_partial(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """`of_which` nêu một phần số tiền của dòng theo nguồn (“230.000.000 đồng, trong đó ngân sách
    trung ương 223.000.000 đồng”): các phần cộng lại không được vượt số tiền của dòng, và một dòng
    không ghi cùng lúc `sources` (chia đủ) và `of_which` (một phần).

    Sai:
        DA4: {amount: 230_000_000, of_which: {ngan-sach-trung-uong: 232_000_000}}

    Đúng:
        DA4: {amount: 230_000_000, of_which: {ngan-sach-trung-uong: 223_000_000}}
    """
    budget = plan.budget
    if budget is None:
        return
    for key, line in budget.lines.items():
        if not line.of_which:
            continue
        if line.sources:
            yield Problem(
                ("budget", "lines", key, "of_which"),
                f"Dòng {key} ghi cả `sources` (chia đủ theo nguồn) và `of_which` (chỉ nêu một phần).",
                "Giữ `sources` nếu văn bản chia đủ số tiền theo nguồn; giữ `of_which` nếu văn bản "
                "chỉ nói “trong đó …”.",
                on_key=True,
            )
            continue
        actual = sum(line.of_which.values())
        if actual > line.amount:
            yield Problem(
                ("budget", "lines", key, "of_which"),
                f"Phần “trong đó” của dòng {key} cộng lại {_money(budget, actual)}, vượt số tiền "
                f"của dòng {_money(budget, line.amount)}: thừa {_money(budget, actual - line.amount)}.",
                "Sửa số tiền các phần hoặc số tiền của dòng.",
            )


@rule("KH211", "budget-of-which-whole", Severity.WARNING)
def of_which_is_not_the_whole(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Phần “trong đó” (`of_which`) cộng lại đúng bằng số tiền của dòng là chia đủ theo nguồn:
    ghi bằng `sources`, để số tiền từng nguồn được kiểm tra như một cách chia đủ (KH202, KH208).

    Sai:
        DA4: {amount: 230_000_000, of_which: {ngan-sach-trung-uong: 230_000_000}}

    Đúng:
        DA4: {amount: 230_000_000, sources: {ngan-sach-trung-uong: 230_000_000}}
    """
    budget = plan.budget
    if budget is None:
        return
    for key, line in budget.lines.items():
        if line.of_which and not line.sources and sum(line.of_which.values()) == line.amount:
            yield Problem(
                ("budget", "lines", key, "of_which"),
                f"Phần “trong đó” của dòng {key} cộng lại đúng bằng số tiền của dòng "
                f"({_money(budget, line.amount)}): đó là chia đủ theo nguồn, không phải một phần.",
                "Đổi `of_which` thành `sources`; chỉ dùng `of_which` khi văn bản nêu một phần số tiền.",
                on_key=True,
            )


@rule("KH210", "budget-shape")
def budget_has_shape(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mục kinh phí phải có một trong các dạng: chỉ câu nêu nguồn (`sources`, không có con số);
    hoặc tổng số tiền (`total`) cùng cách chia: theo nguồn (`by_source`), theo dòng (`lines`), hay
    cả hai. Tổng mà không chia là thiếu; có dòng hay nguồn mà không có tổng cũng là thiếu.

    Sai:
        budget:
          total: 13_000_000        # không có `lines` hay `by_source`

    Đúng:
        budget:
          total: 13_000_000
          by_source: {ngan-sach-trung-uong: 10_000_000, ngan-sach-dia-phuong: 3_000_000}
    """
    budget = plan.budget
    if budget is None:
        return
    split = bool(budget.lines or budget.by_source)
    if budget.total is None:
        if split:
            parts = [budget.lines, budget.by_source]
            figure = max(sum(line.amount for line in budget.lines.values()),
                         sum(budget.by_source.values()))
            yield Problem(
                ("budget",),
                "Mục kinh phí có " + " và ".join(
                    f"`{name}`" for name, part in zip(("lines", "by_source"), parts, strict=True)
                    if part) + " nhưng thiếu tổng số tiền `total`.",
                f"Thêm `total: {format_in_unit(figure, budget.unit)}` "
                "(tổng các dòng, hoặc các nguồn).",
                on_key=True,
            )
        elif budget.total_in_words is not None:
            yield Problem(("budget", "total_in_words"), "Có số tiền bằng chữ nhưng không có `total`.",
                          "Thêm `total:` bằng con số, hoặc bỏ `total_in_words`.", on_key=True)
        elif budget.sources is None:
            yield Problem(("budget",), "Mục kinh phí trống.",
                          "Ghi `sources:` (câu nêu nguồn kinh phí), hoặc `total:` với `lines:` / "
                          "`by_source:`; nếu kế hoạch không dùng kinh phí, bỏ hẳn `budget`.",
                          on_key=True)
    elif not split:
        yield Problem(
            ("budget", "total"),
            "Có tổng số tiền nhưng không chia theo dòng (`lines`) hay theo nguồn (`by_source`).",
            "Ghi các dòng kinh phí (`lines:`) hoặc các nguồn (`by_source:`) cộng đúng bằng tổng; "
            "nếu văn bản chỉ nêu nguồn bằng lời, bỏ `total` và chỉ ghi `sources:`.",
        )
