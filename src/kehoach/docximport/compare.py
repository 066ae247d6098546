"""What a rendered plan's document carries, field by field: the measure of a round trip.

`printed(plan)` is the validated model seen through its document: every field the document
prints, in the form it prints it, and nothing the document does not show. Two plans whose
`printed` are equal say the same thing in the same structure, so `render → import` must give
back a plan with the same `printed` as the original (the round-trip test and benchmark).

What a document cannot carry, and so is left out (the README lists it): ids (units, activities,
funding sources are named in words), `lead`/`partners` where nothing prints them (no task
appendix), `start`, `total_in_words` (always printed from the figure), the letter case of what is
printed only in capitals (section, signer and appendix titles), which of two spellings of the
same time (`Q4/2024`, `quý IV/2024`) or the same list (`[a]` written inline) the file used, and
whether the last sentence ended with a full stop (the document ends it with "./.").
"""

from __future__ import annotations

from typing import Any

from kehoach.catalogue import Catalogue
from kehoach.deadlines import Deadline
from kehoach.model import Activity, Item, Plan, Table


def _clean(text: str | None) -> str:
    from kehoach.render.views import clean

    return clean(text or "")


def _shown(text: str | None) -> str:
    """A text printed with its bold and italic words (`**…**`, `*…*`): one spelling of them."""
    from kehoach.docximport.marks import canonical

    return canonical(_clean(text))


def _paragraphs(value: list[str] | str | None) -> list[str]:
    from kehoach.render.views import paragraphs

    return [_shown(p) for p in paragraphs(value)]


def _table(table: Table | None) -> Any:
    """A table as the document prints it: each column's header and alignment (money right), each
    row's cells in their printed form (amounts formatted in the table's unit) and weight (the
    total row bold). The unit itself prints only where the header says it."""
    if table is None:
        return None
    from kehoach.render.views import text_table

    view = text_table(table)
    return {
        "columns": [(c.title, c.align) for c in view.columns],
        "rows": [[(cell, r.bold) for cell in r.cells] for r in view.rows],
    }


def _time(deadline: Deadline | None) -> tuple | None:
    if deadline is None:
        return None
    return (deadline.kind, deadline.start, deadline.end, deadline.phrase())


def _prose(value: list[Any] | str) -> tuple[str, list[Any]]:
    if isinstance(value, list):
        return "bullets", [_bullet(x) for x in value]
    return "text", _paragraphs(value)


def _bullet(value: Any) -> Any:
    """A bullet as printed: its text, or its text and its own bullets under it."""
    if isinstance(value, str):
        return _shown(value)
    return [_shown(value.text), [_bullet(x) for x in value.items]]


def _names_projects(plan: Plan) -> bool:
    from kehoach.outline import walk

    return any(getattr(n.node, "project", None) for n in walk(plan)) or bool(
        plan.budget and any("." in k or k.upper() == k for k in plan.budget.lines)
    )


def _sources(budget: Any) -> str | None:
    """The sources sentence as printed: alone (no figures), it ends with a full stop."""
    text = _shown(budget.sources)
    if text and budget.total is None and not text.endswith((".", ";", ":", "!", "?")):
        text += "."
    return text or None


def _agency_lines(plan: Plan) -> tuple[list[str], list[str]]:
    from kehoach import agency
    from kehoach.render.views import agency_lines

    doc = plan.document
    issuer = list(agency.given_lines(doc.issuer_lines) if doc.issuer_lines else agency_lines(doc.issuer))
    parent: list[str] = []
    if doc.parent_lines:
        parent = list(agency.given_lines(doc.parent_lines))
    elif doc.parent:
        from kehoach.metrics import AGENCY_SIZE_PT, HEADER_LEFT

        parent = list(agency.parent_lines(_clean(doc.parent), HEADER_LEFT / 20, AGENCY_SIZE_PT))
    return [x.casefold() for x in issuer], [x.casefold() for x in parent]


def printed(plan: Plan, catalogue: Catalogue | None) -> dict[str, Any]:
    from kehoach import funding
    from kehoach.outline import has_points, of
    from kehoach.render.views import recipient_lines, signer_lines

    doc = plan.document
    issuer_lines, parent_lines = _agency_lines(plan)
    out: dict[str, Any] = {
        "document": {
            "issuer": _clean(doc.issuer),
            "parent": _clean(doc.parent) or None,
            "issuer_lines": issuer_lines,
            "parent_lines": parent_lines,
            "issuer_code": _clean(doc.issuer_code),
            "number": doc.number,
            "place": _clean(doc.place),
            # as the date line prints it: a blank date shows the plan's first year
            "date": doc.date if doc.date is not None else f"năm {plan.first_year}",
            "summary": _clean(doc.summary)[:1].upper() + _clean(doc.summary)[1:],
        },
        "year": plan.year,
        "period": plan.period,
        # the programme shows only through the projects it names
        "programme": plan.programme if _names_projects(plan) else None,
        "bases": [_shown(b).rstrip(";.,") for b in plan.bases],
        "opening": _paragraphs(plan.opening),
    }
    outline = of(plan)
    # the numeral, and the first level's style (purpose's "1. Mục đích", organization's units);
    # deeper levels show in the nodes' numbers
    out["sections"] = [(e.use or "generic", _shown(e.title).casefold(), e.numeral,
                        e.levels[0] if e.use in ("purpose", "organization") else None)
                       for e in outline.sections]
    purpose = plan.purpose
    out["purpose"] = (
        None
        if purpose is None
        else {
            "goals": _prose(purpose.goals) if purpose.goals else None,
            "requirements": _prose(purpose.requirements) if purpose.requirements else None,
        }
    )
    shown = getattr(plan, "show_units", None)
    in_body = shown is not None and shown.where in ("body", "both")
    tasks_printed = any(a.use == "tasks" for a in plan.appendices) and not (shown and shown.where == "body")
    appendix = any(a.use == "tasks" for a in plan.appendices)
    # "both" without a task appendix prints as "body"
    out["show_units"] = (shown.where if appendix else "body", shown.form) if in_body else None

    def name(unit: str | None) -> str | None:
        return _clean(plan.units.get(unit, unit)) if unit else None

    def heading(activity: Activity) -> str:
        from kehoach.outline import heading as outline_heading

        return _shown(outline_heading(activity, catalogue))

    nodes = []
    section_texts = {}
    section_tables = {}
    for entry in outline.sections:
        if entry.section is not None:
            section_texts[entry.numeral] = [_shown(t) for t in entry.section.text]
            if entry.section.table is not None:
                section_tables[entry.numeral] = _table(entry.section.table)
    for node in outline.nodes:
        work = node.node
        row: dict[str, Any] = {"ref": node.ref, "number": node.number, "time": _time(work.deadline)}
        if isinstance(work, Item):
            from kehoach.render.appendix import tracked

            row["item"] = _shown(work.text)
            listed = tasks_printed and tracked(work)
        else:
            row["heading"] = heading(work) if getattr(work, "headed", True) else None
            row["text"] = [_shown(t) for t in work.text]
            row["table"] = _table(work.table)
            row["items_title"] = (
                (_shown(work.items_title) or "Nội dung thực hiện") if has_points(work) else None
            )
            listed = tasks_printed
        if listed:
            row["lead"] = name(node.lead)
            row["partners"] = [name(p) for p in node.partners]
        if in_body:  # printed under the task: its own units
            row["own_units"] = (name(work.lead), [name(p) for p in work.partners])
        nodes.append(row)
    out["section_texts"] = section_texts
    out["section_tables"] = section_tables
    out["nodes"] = nodes
    budget = plan.budget
    if budget is None:
        out["budget"] = None
    else:
        refs = {n.node.id: n.ref for n in outline.nodes if n.node.id}

        def source(code: str) -> str:
            text = _clean(funding.name(plan, code))
            return text[:1].lower() + text[1:]

        out["budget"] = {
            "unit": budget.unit,
            "sources": _sources(budget),
            "total": budget.total,
            "by_source": {source(k): v for k, v in budget.by_source.items()},
            "lines": {
                refs.get(k, k): (
                    line.amount,
                    {source(s): v for s, v in line.sources.items()},
                    {source(s): v for s, v in line.of_which.items()},
                )
                for k, line in budget.lines.items()
            },
        }
    out["organization"] = [(name(uid), _prose(duties)) for uid, duties in plan.organization.items()]
    out["recipients"] = list(recipient_lines(plan.recipients, plan.archive))
    out["signer"] = {
        "lines": [x.casefold() for x in signer_lines(plan.signer, doc.issuer)],
        "name": _clean(plan.signer.name),
    }
    from kehoach.render.appendix import DEFAULT_TITLE

    out["appendices"] = [(a.use, _clean(a.title or DEFAULT_TITLE).casefold()) for a in plan.appendices]
    last = outline.sections[-1] if outline.sections else None
    _unclose_last(out, (last.use or "generic", last.numeral) if last else None)
    return out


def _unclose_last(out: dict[str, Any], last: tuple[str, str] | None) -> None:
    """The body's last sentence is printed with "./." whether or not it ended with a full stop:
    its final "." is not compared. `last`: the last section's (use, numeral)."""

    def strip(values: list[Any]) -> None:
        if not values:
            return
        last = values[-1]
        if isinstance(last, list):  # a bullet over bullets: the last line is its last bullet's
            if last[1]:
                strip(last[1])
            else:
                last[0] = last[0].rstrip().rstrip(".")
        else:
            values[-1] = last.rstrip().rstrip(".")

    if last is None:
        return
    use, numeral = last
    if use == "organization" and out["organization"]:
        strip(out["organization"][-1][1][1])
    elif use == "purpose" and out["purpose"]:
        part = out["purpose"]["requirements"] or out["purpose"]["goals"]
        if part:
            strip(part[1])
    elif use in ("activities", "generic"):
        rows = [r for r in out["nodes"] if r["ref"].split(".")[0].split("-")[0] == numeral]
        if rows and "item" in rows[-1] and not rows[-1].get("time"):
            rows[-1]["item"] = rows[-1]["item"].rstrip().rstrip(".")
        elif rows and rows[-1].get("text") and not rows[-1].get("time") and not rows[-1].get("items_title"):
            strip(rows[-1]["text"])
        elif not rows and numeral in out["section_texts"]:
            strip(out["section_texts"][numeral])


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two `printed` values differ, as readable paths (empty when equal)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in dict.fromkeys([*a, *b]):
            out += differences(a.get(key), b.get(key), f"{path}.{key}" if path else str(key))
        return out
    if isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += differences(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {a!r} ≠ {b!r}"]
