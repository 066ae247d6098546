"""Text checks: what a copied plan or YAML's own reading does to the prose, said as warnings with
the fix at the word's line and column — a stale year (the rule `kehoach new` uses too), and a
sentence that a `[ … ]` list split at its comma."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from kehoach import emphasis, years
from kehoach.diagnostics import Severity, Span
from kehoach.loader import DataPath, SourceMap
from kehoach.model import Plan
from kehoach.plantables import tables
from kehoach.rules.base import Context, Problem, rule

# Where a plan's prose is; fields under them that are not prose (codes, times, settings, tables).
_PROSE = ("opening", "bases", "purpose", "activities", "sections", "organization")
_NOT_PROSE = frozenset({"id", "lead", "partners", "project", "deadline", "use", "numbering", "table"})


def prose(plan: Plan) -> Iterator[tuple[DataPath, str]]:
    """Every text of the plan's prose, with its data path: the trích yếu, the opening and bases,
    the sections' titles, paragraphs and bullets, the sentence on funding sources. Read from the
    model, so a plan read the quick way (no positions) is checked too."""
    yield ("document", "summary"), plan.document.summary
    if plan.budget is not None and plan.budget.sources:
        yield ("budget", "sources"), plan.budget.sources
    for field in _PROSE:
        yield from _texts(getattr(plan, field), (field,))


def _texts(value: object, path: DataPath) -> Iterator[tuple[DataPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            yield from _texts(entry, (*path, i))
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield from _texts(entry, (*path, key))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _NOT_PROSE:
                yield from _texts(getattr(value, name), (*path, name))


def _find(source: SourceMap, path: DataPath, text: str, word: str, at: int) -> Span | None:
    """The span in the file of `word`, found at offset `at` of the value at `path`."""
    start = source.span(path)
    if start is None:
        return None
    found = years.locate(source.lines, start.line - 1, start.column - 1, text, word, at, start.end_line - 1)
    return None if found is None else Span(found[0] + 1, found[1] + 1, found[0] + 1, found[1] + 1 + len(word))


def _excerpt(text: str, start: int, end: int, around: int = 40) -> str:
    """The words around text[start:end], cut between words."""
    flat = " ".join(text.split())
    shift = len(text[:start]) - len(" ".join(text[:start].split()))
    a, b = max(0, start - shift - around), min(len(flat), end - shift + around)
    if a and flat[a - 1] != " ":
        a = flat.find(" ", a) + 1 or a
    if b < len(flat) and flat[b] != " ":
        b = flat.rfind(" ", a, b) if flat.rfind(" ", a, b) > a else b
    return ("…" if a else "") + flat[a:b].strip() + ("…" if b < len(flat) else "")


@rule("KH520", "stale-year", Severity.WARNING)
def years_of_the_plan(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Câu văn nhắc một năm trước năm (giai đoạn) của kế hoạch: thường là chữ còn sót khi chép kế
    hoạch năm trước. Không tính: một đầu của giai đoạn (“giai đoạn 2021-2025”, “từ năm 2021 đến
    năm 2025”), năm trong số, ký hiệu hay ngày của văn bản được trích dẫn (“Nghị định số
    30/2020/NĐ-CP”, “Kế hoạch số 52/KH-UBND ngày 06/3/2024”). Năm sau kế hoạch (“định hướng đến
    năm 2030”, “chính sách năm 2026”) không bao giờ là chữ sót khi chép. `kehoach new` dùng đúng
    quy tắc này.

    Sai:
        year: 2025
        document:
          summary: Tuyên truyền giảm nghèo năm 2024

    Đúng:
        year: 2025
        document:
          summary: Tuyên truyền giảm nghèo năm 2025
    """
    first, last = plan.first_year, plan.last_year
    own = f"năm {first}" if first == last else f"giai đoạn {first}-{last}"
    for path, text in prose(plan):
        for hit in years.stale(text, first):
            yield Problem(
                path, f"Câu nhắc năm {hit[1]}, trước {own} của kế hoạch: "
                f"“{_excerpt(text, hit.start(), hit.end())}”.",
                f"Nếu câu chép từ kế hoạch cũ, sửa thành năm của kế hoạch. Nếu đúng là năm khác, ghi "
                f"rõ văn bản được trích dẫn (số, ký hiệu, ngày: “Kế hoạch số …/KH-UBND ngày …/{hit[1]}”) "
                "hay giai đoạn (“giai đoạn 2021-2025”).",
                span=_find(ctx.source, path, text, hit[0], hit.start()))


@rule("KH521", "flow-list-split", Severity.WARNING)
def sentences_kept_whole(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Trong danh sách viết trên một dòng `[ … ]`, YAML tách ở mọi dấu phẩy: một ý bắt đầu bằng chữ
    thường ngay sau dấu phẩy là nửa sau của một câu bị cắt đôi, in thành hai đoạn.

    Sai:
        text: [Rà soát hộ nghèo, hộ cận nghèo trên địa bàn xã]   # thành hai đoạn

    Đúng:
        text: ["Rà soát hộ nghèo, hộ cận nghèo trên địa bàn xã"]
    """
    source = ctx.source
    quick = not source.values  # read without positions: say "maybe", the full reading decides
    texts = [*prose(plan), *_headers(plan)]  # a table's header is a flow list too
    for path, text in texts:
        if path[-1] == "text" and isinstance(path[-2], int):  # an item written as a plain string
            path = path[:-1]
        index = path[-1]
        first = text[:1]
        if not isinstance(index, int) or index == 0 or not (first.isalpha() and first.islower()):
            continue
        written = source.values.get(path)
        if not quick and (written is None or not _in_flow(source, path[:-1]) or _quoted(source, written)):
            continue
        before = next((t for p, t in texts if p[: len(path)] == (*path[:-1], index - 1)), "")
        split = f"{_excerpt(before, len(before), len(before), 30)}, {_excerpt(text, 0, 0, 30)}"
        yield Problem(
            path, f"Ý “{_excerpt(text, 0, 0)}” bắt đầu bằng chữ thường ngay sau dấu phẩy: YAML đã cắt "
            f"câu “{split}” thành hai ý.",
            "Đặt câu có dấu phẩy trong ngoặc kép: [\"…, …\"], hoặc viết mỗi ý một dòng `- …`.")


@rule("KH522", "emphasis-unclosed", Severity.WARNING)
def emphasis_closed(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Chữ đậm `**…**`, nghiêng `*…*` phải có dấu đóng; dấu mở không có dấu đóng được in thành dấu
    sao. Muốn in dấu sao thì viết `\\*`.

    Sai:
        text: [Đạt **100% hồ sơ trực tuyến toàn trình.]

    Đúng:
        text: [Đạt **100%** hồ sơ trực tuyến toàn trình.]
    """
    for path, text in prose(plan):
        for at in emphasis.unclosed(text):
            marker = "***" if text.startswith("***", at) else "**" if text.startswith("**", at) else "*"
            what = {"***": "đậm nghiêng", "**": "đậm", "*": "nghiêng"}[marker]
            yield Problem(path, f"Dấu `{marker}` (chữ {what}) mở ở “{_excerpt(text, at, at + 1, 30)}” "
                          "nhưng không có dấu đóng: văn bản in dấu sao.",
                          f"Thêm `{marker}` ngay sau chữ cuối cần in {what} (không có dấu cách trước "
                          "nó), hoặc viết `\\*` nếu là dấu sao.",
                          span=_find(ctx.source, path, text, marker, at))


def _headers(plan: Plan) -> Iterator[tuple[DataPath, str]]:
    for path, table in tables(plan):
        for i, header in enumerate(table.header):
            yield (*path, "header", i), header


def _in_flow(source: SourceMap, path: DataPath) -> bool:
    """Whether the list at `path` is written on the line as `[ … ]`."""
    span = source.values.get(path)
    if span is None or span.line > len(source.lines):
        return False
    return source.lines[span.line - 1][span.column - 1:span.column] == "["


def _quoted(source: SourceMap, span: Span) -> bool:
    return source.lines[span.line - 1][span.column - 1:span.column] in ("'", '"')
