"""Every command takes every plan `validate` takes (issue 28, class 12): plans generated from the
real one with each optional part left out in turn, crossed with every shape of `sections`, run
through validate, render (md, html, docx), tasks, progress, report, new and summary. None may end
in "lỗi không mong đợi" or a traceback; a plan validate accepts is accepted by every command.

The optional parts are read from the models (a field with a default), so a part added to the
plan's format is left out here too without editing this test.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import PLAN_2024
from kehoach.cli import app
from kehoach.model import Document, Plan, Purpose

SEED = yaml.safe_load(PLAN_2024.read_text(encoding="utf-8"))
# Optional parts the real plan does not use, so that each can be left out too.
SEED["bases"] = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"]
SEED["appendices"] = [{"use": "tasks"}]
USES = ("purpose", "activities", "budget", "organization")
GENERIC = {"title": "Chế độ thông tin, báo cáo",
           "text": ["Các đơn vị báo cáo kết quả hằng quý."],
           "items": [{"text": "Báo cáo quý gửi Ủy ban nhân dân xã.", "lead": "vhxh"}]}


def _optional(model, data: dict) -> list[str]:
    return [name for name, field in model.model_fields.items() if not field.is_required() and name in data]


# Each optional part of the plan (and of its document and purpose) left out in turn.
DROPS: list[tuple[str, ...]] = [()]
DROPS += [(name,) for name in _optional(Plan, SEED) if name != "sections"]
DROPS += [("document", name) for name in _optional(Document, SEED["document"])]
DROPS += [("purpose", name) for name in _optional(Purpose, SEED.get("purpose") or {})]
DROPS += [("budget", "lines"), ("organization",), ("activities",)]  # emptied when not optional
DROPS = list(dict.fromkeys(DROPS))


def _shapes(data: dict) -> dict[str, list | None]:
    """Every shape of `sections` over the parts this plan has."""
    have = [use for use in USES if data.get(use)]
    shapes: dict[str, list | None] = {
        "none": None,
        "in-order": [{"use": u} for u in have],
        "reversed": [{"use": u} for u in reversed(have)],
        "generic-first": [GENERIC, *({"use": u} for u in have)],
        "generic-last": [*({"use": u} for u in have), GENERIC],
        "own-titles": [{"use": u, "title": f"Phần {u}"} for u in have],
        "generic-only": [GENERIC],
    }
    for use in have:  # a part the sections leave out (the plan must not have it, else KH405)
        shapes[f"without-{use}"] = [{"use": u} for u in have if u != use]
    return shapes


def _drop(data: dict, path: tuple[str, ...]) -> dict:
    data = copy.deepcopy(data)
    if not path:
        return data
    *parents, last = path
    node = data
    for key in parents:
        node = node.get(key) or {}
    if last in node:
        if last in ("activities", "organization") and not parents:
            node[last] = [] if last == "activities" else {}
        elif last == "lines" and parents == ["budget"]:
            node[last] = {}
        else:
            del node[last]
    return data


# The parts a section prints (and what names its title) meet every shape of `sections`; the
# other parts (document number, year, archive, …) are independent of it: three shapes suffice.
PRINTED = ((), *((use,) for use in USES), ("purpose", "goals"), ("purpose", "requirements"),
           ("budget", "lines"))
VARIANTS: list[tuple[str, dict]] = []
for drop in DROPS:
    base = _drop(SEED, drop)
    for shape, sections in _shapes(base).items():
        if drop not in PRINTED and shape not in ("none", "in-order", "generic-first"):
            continue
        plan = copy.deepcopy(base)
        if sections is not None:
            plan["sections"] = sections
        # A part the shape leaves out is taken out of the plan too: a valid plan of that shape.
        if shape.startswith("without-"):
            plan = _drop(plan, (shape.removeprefix("without-"),))
        VARIANTS.append((f"{'.'.join(drop) or 'whole'}-{shape}", plan))


def _write(folder: Path, data: dict) -> Path:
    folder.mkdir()
    plan = folder / "2024.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for companion in ("2024.progress.yaml", "2024.report.yaml"):
        shutil.copy(PLAN_2024.with_name(companion), folder / companion)
    return plan


def _run(*args: str):
    result = CliRunner().invoke(app, [str(a) for a in args])
    said = result.output
    assert "lỗi không mong đợi" not in said and "Traceback" not in said, said
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), said
    return result


@pytest.mark.parametrize(("name", "data"), VARIANTS, ids=[name for name, _ in VARIANTS])
def test_every_command_takes_every_plan_validate_takes(tmp_path, name, data):
    plan = _write(tmp_path / "plans", data)
    out = tmp_path / "out"
    valid = _run("validate", "-q", plan).exit_code == 0  # with its progress and report files
    results = {
        "render md": _run("render", plan, "-f", "md", "-o", out / "k.md"),
        "render html": _run("render", plan, "-f", "html", "-o", out / "k.html"),
        "render docx": _run("render", plan, "-f", "docx", "-o", out / "k.docx"),
        "tasks": _run("tasks", plan, "-f", "json"),
        "progress": _run("progress", plan, "--as-of", "2024-12-31", "-f", "json"),
        "report": _run("report", plan, "-f", "md", "-o", out / "r.md"),
        "report --draft": _run("report", plan, "-f", "md", "--draft", "-o", out / "rd.md"),
        "new": _run("new", plan, "--year", "2025", "-o", out / "2025.yaml"),
        "summary": _run("summary", plan, "-f", "json", "--as-of", "2024-12-31"),
    }
    if valid:  # a clean plan (and progress file): every command does its work
        failed = {command: r.output for command, r in results.items() if r.exit_code != 0}
        assert not failed, failed


def test_the_variants_cover_the_named_case():
    # Issue 28, class 12: a plan whose own sections leave out the organization part.
    names = [name for name, _ in VARIANTS]
    assert "whole-without-organization" in names and "organization-none" in names
    assert len(VARIANTS) > 80, len(VARIANTS)
