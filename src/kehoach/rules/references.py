"""Reference rules: every unit, id and programme code named in the plan exists, once."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach import outline
from kehoach.model import Plan
from kehoach.rules.base import Context, Problem, rule


def _unit_hint(plan: Plan) -> str:
    return "Các đơn vị đã khai trong `units`: " + ", ".join(f"`{u}`" for u in plan.units) + "."


@rule("KH401", "unknown-unit")
def units_exist(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mọi mã đơn vị ở `lead`, `partners` và các khóa của `organization` phải có trong `units`.

    Sai:
        units: {vhxh: Công chức Văn hóa - Xã hội}
        lead: vhhx

    Đúng:
        units: {vhxh: Công chức Văn hóa - Xã hội}
        lead: vhxh
    """
    for node in outline.walk(plan):
        if node.node.lead is not None and node.node.lead not in plan.units:
            yield Problem((*node.path, "lead"), f"Không có đơn vị `{node.node.lead}` trong `units`.",
                          _unit_hint(plan))
        for i, unit in enumerate(node.node.partners):
            if unit not in plan.units:
                yield Problem((*node.path, "partners", i), f"Không có đơn vị `{unit}` trong `units`.",
                              _unit_hint(plan))
    for unit in plan.organization:
        if unit not in plan.units:
            yield Problem(("organization", unit), f"Không có đơn vị `{unit}` trong `units`.",
                          _unit_hint(plan), on_key=True)


@rule("KH402", "duplicate-id")
def ids_unique(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi `id` chỉ dùng cho một mục, và không trùng mã một đơn vị.

    Sai:
        - id: viet-bai
          text: …
        - id: viet-bai
          text: …

    Đúng:
        - id: viet-bai
          text: …
        - id: viet-bai-bao-chi
          text: …
    """
    first: dict[str, outline.Node] = {}
    for node in outline.walk(plan):
        ident = node.node.id
        if ident is None:
            continue
        if ident in first:
            where = ctx.source.span((*first[ident].path, "id"))
            yield Problem((*node.path, "id"),
                          f"Mã `{ident}` đã dùng cho mục {first[ident].ref}"
                          + (f" (dòng {where.line})" if where else "") + ".",
                          "Đặt cho mỗi mục một mã riêng.")
        else:
            first[ident] = node
            if ident in plan.units:
                yield Problem((*node.path, "id"), f"Mã `{ident}` trùng với mã một đơn vị.",
                              "Đặt mã khác cho mục này để tiến độ và đơn vị không lẫn nhau.")


@rule("KH403", "unknown-project", needs_catalogue=True)
def projects_exist(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi mã `project` phải có trong danh mục chương trình mà kế hoạch chọn (`programme`).

    Sai:
        programme: giam-ngheo-2021-2025
        project: DA8

    Đúng:
        programme: giam-ngheo-2021-2025
        project: DA6
    """
    assert ctx.catalogue is not None
    for node in outline.walk(plan):
        code = None if node.is_item else node.node.project
        if code is not None and ctx.catalogue.get(code) is None:
            yield Problem((*node.path, "project"),
                          f"Mã `{code}` không có trong danh mục {ctx.catalogue.name}.",
                          "Các mã có: " + ", ".join(ctx.catalogue.projects) + ".")


@rule("KH404", "project-parent", needs_catalogue=True)
def projects_under_parent(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Một tiểu dự án phải nằm trong mục của dự án chứa nó, và một mã chỉ xuất hiện một lần.

    Sai:
        - project: DA6
          children:
            - project: DA7.TDA2

    Đúng:
        - project: DA7
          children:
            - project: DA7.TDA2
    """
    catalogue = ctx.catalogue
    assert catalogue is not None
    seen: dict[str, str] = {}
    for node in outline.walk(plan):
        if node.is_item or node.node.project is None:
            continue
        code = node.node.project
        entry = catalogue.get(code)
        if entry is None:
            continue
        if code in seen:
            yield Problem((*node.path, "project"), f"Mã `{code}` đã có ở mục {seen[code]}.",
                          "Gộp nội dung vào mục đã có.")
        seen.setdefault(code, node.ref)
        above = node.parent
        while above is not None and above.node.project is None:
            above = above.parent
        parent_code = above.node.project if above else None
        if entry.parent != parent_code:
            where = f"mục của `{entry.parent}`" if entry.parent else "cấp ngoài cùng của activities"
            belongs = catalogue.projects[entry.parent].label(catalogue) if entry.parent else "cấp dự án"
            sits = f"trong mục `{parent_code}`" if parent_code else "ở cấp ngoài cùng"
            yield Problem((*node.path, "project"),
                          f"`{code}` thuộc {belongs}, nhưng đang nằm {sits}.",
                          f"Chuyển mục này vào {where}.")
