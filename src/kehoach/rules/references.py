"""Reference rules: every unit, id and programme code named in the plan exists, once."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach import hints, outline
from kehoach.model import Plan
from kehoach.rules.base import Context, Problem, rule


def _unit_hint(plan: Plan) -> str:
    return "Các đơn vị đã khai trong `units`: " + hints.listing(plan.units) + "."


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
                          "Các mã có: " + hints.listing(ctx.catalogue.projects, quote=False, near_to=code)
                          + ".")


@rule("KH406", "project-without-programme")
def projects_need_programme(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mục gọi dự án bằng mã (`project:`) thì kế hoạch phải chọn danh mục chương trình
    (`programme`), nơi lấy tên dự án để in. Kế hoạch không thuộc chương trình nào thì đặt tiêu đề
    mục bằng `title:`.

    Sai:
        # không có programme
        activities:
          - project: DA6

    Đúng:
        programme: giam-ngheo-2021-2025     # hoặc bỏ `project`, đặt tiêu đề bằng `title:`
        activities:
          - project: DA6
    """
    if plan.programme is not None:
        return
    for node in outline.walk(plan):
        code = None if node.is_item else node.node.project
        if code is not None:
            yield Problem((*node.path, "project"),
                          f"Mục gọi dự án `{code}` nhưng kế hoạch không chọn danh mục chương trình "
                          "(`programme`), nên không có tên dự án để in.",
                          "Thêm `programme: giam-ngheo-2021-2025` (hoặc đường dẫn tệp danh mục của "
                          "mình), hoặc thay `project:` bằng `title:` cùng tiêu đề của mục.")


@rule("KH404", "project-parent", needs_catalogue=True)
def projects_under_parent(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Một tiểu dự án phải nằm trong mục của dự án chứa nó, và một mã chỉ xuất hiện một lần.

    Kế hoạch chỉ về một tiểu dự án (không có mục của dự án chứa nó) đặt tiểu dự án ở cấp ngoài
    cùng: mục đó được đánh số “1.”.

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
    nodes = [n for n in outline.walk(plan) if not n.is_item and n.node.project is not None]
    in_plan = {n.node.project for n in nodes}
    for node in nodes:
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
        if parent_code is None and entry.parent is not None and entry.parent not in in_plan:
            continue  # a plan about this sub-project alone: it stands at the top level
        if entry.parent != parent_code:
            where = f"mục của `{entry.parent}`" if entry.parent else "cấp ngoài cùng của activities"
            belongs = catalogue.projects[entry.parent].label(catalogue) if entry.parent else "cấp dự án"
            sits = f"trong mục `{parent_code}`" if parent_code else "ở cấp ngoài cùng"
            yield Problem((*node.path, "project"),
                          f"`{code}` thuộc {belongs}, nhưng đang nằm {sits}.",
                          f"Chuyển mục này vào {where}.")


@rule("KH405", "sections")
def sections_place_every_part(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Khi kế hoạch tự xếp các mục (`sections`), mỗi phần có nội dung (purpose, activities,
    budget, organization) phải được đặt đúng một lần bằng `use:`, và `use:` chỉ đặt phần có
    trong kế hoạch; nếu không, một phần sẽ mất khỏi văn bản hoặc bị in hai lần.

    Sai:
        sections:
          - title: Mục tiêu
            text: [Giảm tỷ lệ hộ nghèo …]
          - use: activities
        budget: {total: 13_000_000, lines: {…}}     # không có `use: budget`: mục Kinh phí mất

    Đúng:
        sections:
          - title: Mục tiêu
            text: [Giảm tỷ lệ hộ nghèo …]
          - use: activities
          - use: budget
          - use: organization
    """
    if plan.sections is None:
        return
    placed: dict[str, int] = {}
    for i, section in enumerate(plan.sections):
        use = section.use
        if use is None:
            continue
        if use in placed:
            yield Problem(("sections", i, "use"),
                          f"Phần `{use}` đã đặt ở mục thứ {placed[use] + 1} của `sections`.",
                          "Mỗi phần chỉ đặt một lần: bỏ một trong hai.")
            continue
        placed[use] = i
        if getattr(plan, use) in (None, [], {}):
            yield Problem(("sections", i, "use"),
                          f"`use: {use}` nhưng kế hoạch không có khóa `{use}`.",
                          f"Thêm `{use}:` vào kế hoạch, hoặc bỏ mục này khỏi `sections`.")
    for use in outline.DEFAULT_ORDER:
        if use not in placed and outline.has_content(plan, use):
            yield Problem(("sections",),
                          f"Kế hoạch có `{use}` nhưng `sections` không đặt nó ở mục nào: phần này "
                          "sẽ không được in.",
                          f"Thêm `- use: {use}` vào `sections` ở chỗ muốn in.", on_key=True)
