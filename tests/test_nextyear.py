"""`kehoach new`: next year's plan re-validates, keeps the file's comments and order, moves every
kind of time, lists what to review, and never writes over a file it was not told to."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import PLAN_2024, ROOT, mini
from kehoach.cli import app
from kehoach.deadlines import parse_deadline
from kehoach.nextyear import REVIEW_MARK, catalogue_last_year, next_year, shift_deadline
from kehoach.validate import check_plan
from test_render_properties import plans

runner = CliRunner()
EXAMPLES = sorted((ROOT / "plans" / "examples").glob("*.yaml"))
EXAMPLES = [p for p in EXAMPLES
            if not p.name.endswith((".progress.yaml", ".report.yaml", ".catalogue.yaml"))]


def new(*args: str):
    return runner.invoke(app, ["new", *map(str, args)])


def write(folder: Path, text: str, name: str = "2024.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def changed_lines(old: str, new_text: str) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(replaced line pairs, lines only in the new text, lines only in the old text)."""
    replaced, removed = [], []
    # Our review marks first, so a mark right under a changed line is not read as a changed block.
    marks = [line for line in new_text.splitlines() if line.startswith(f"# {REVIEW_MARK}:")]
    added = list(marks)
    rest = [line for line in new_text.splitlines() if line not in marks]
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=rest, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = old.splitlines()[i1:i2], rest[j1:j2]
        if tag == "replace" and len(a) == len(b):
            replaced += list(zip(a, b, strict=True))
        elif tag != "equal":
            removed += a
            added += b
    return replaced, added, removed


# ---- the real plan --------------------------------------------------------------------------


def test_next_year_of_the_real_plan(tmp_path: Path) -> None:
    out = tmp_path / "2025.yaml"
    result = new(PLAN_2024, "--year", 2025, "-o", out)
    assert result.exit_code == 0, result.output
    checked = check_plan(out)
    assert checked.errors == [] and checked.plan is not None
    # The date left to fill, and every sentence that still names 2024 (KH520, issue 24 item 5).
    assert {d.code for d in checked.diagnostics} == {"KH505", "KH520"}
    stale = {d.line for d in checked.diagnostics if d.code == "KH520"}
    review = next_year(PLAN_2024, check_plan(PLAN_2024).plan, checked.catalogue, 2025).review
    assert stale == {r.line for r in review if r.topic == "old-year"}
    assert "KH520" not in result.output  # said once, in the review list
    plan = checked.plan
    assert plan.year == 2025 and plan.document.date is None and plan.document.number is None
    assert {n.deadline.text for n in _deadlined(plan.activities)} == {"Q4/2025"}

    old, text = PLAN_2024.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    replaced, added, removed = changed_lines(old, text)
    # Only the facts tied to the year change, each on its own line, in place: comments, key
    # order, quoting and folded paragraphs are the old file's.
    assert replaced == [("  date: 2024-03-29", "  date:"), ("year: 2024", "year: 2025")] + [
        (line, line.replace("Q4/2024", "Q4/2025")) for line in old.splitlines() if "deadline:" in line]
    assert removed == []
    assert added == [f"# {REVIEW_MARK}: kinh phí chép từ kế hoạch năm 2024; xác nhận dự toán năm 2025."]
    assert text.splitlines()[added_at(text, added[0]) + 1] == "budget:"
    assert unicodedata.is_normalized("NFC", text)


def added_at(text: str, line: str) -> int:
    return text.splitlines().index(line)


def _deadlined(activities):
    for a in activities:
        if a.deadline is not None:
            yield a
        yield from _deadlined(a.children)


def test_review_list_names_every_line_that_mentions_the_old_year(tmp_path: Path) -> None:
    checked = check_plan(PLAN_2024)
    result = next_year(PLAN_2024, checked.plan, checked.catalogue, 2025)
    lines = result.text.splitlines()
    prose = {r.line for r in result.review if r.topic == "old-year"}
    # Independently: every non-comment line of the new file that still says 2024, other than as
    # the date of the document it cites (“Kế hoạch số 52/KH-UBND ngày 06/3/2024”).
    expected = {n for n, line in enumerate(lines, 1)
                if re.search(r"(?<![\d/])2024(?!\d)", line.split(" #")[0])
                and not line.lstrip().startswith("#")}
    assert prose == expected and prose
    for r in result.review:
        if r.topic == "old-year":
            assert "2024" in r.message and "2024" in lines[r.line - 1]
    comments = [r for r in result.review if r.topic == "comment"]
    assert len(comments) == 1 and "dòng 3, 4" in comments[0].message  # the file's header comment
    budget = next(r for r in result.review if r.topic == "budget")
    assert lines[budget.line - 1] == "  total: 13_000_000" and "3 dòng" in budget.message
    document = next(r for r in result.review if r.topic == "document")
    assert lines[document.line - 1] == "  date:"
    assert [m.line for m in result.moved] == [n for n, line in enumerate(lines, 1) if "deadline:" in line]


def test_cli_prints_moves_and_review_list_with_file_and_line(tmp_path: Path) -> None:
    out = tmp_path / "2025.yaml"
    result = new(PLAN_2024, "--year", 2025, "-o", out)
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8").splitlines()
    assert "Đã dời 4 thời hạn sang năm 2025:" in result.output
    assert "Cần xem lại trước khi ban hành" in result.output
    assert "Tiến độ của kế hoạch cũ không chép sang" in result.output
    for m in re.finditer(rf"{re.escape(str(out))}:(\d+): Câu nhắc năm 2024", result.output):
        assert "2024" in text[int(m[1]) - 1]
    assert "KH505" in result.output  # the new plan was checked at once


def test_progress_is_not_carried_over(tmp_path: Path) -> None:
    assert (PLAN_2024.parent / "2024.progress.yaml").is_file()
    out = tmp_path / "2025.yaml"
    assert new(PLAN_2024, "--year", 2025, "-o", out).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025.yaml"]


def test_two_years_on_and_the_programme_that_ends(tmp_path: Path) -> None:
    checked = check_plan(PLAN_2024)
    ending = SimpleNamespace(name="Chương trình MTQG giảm nghèo bền vững", years=(2021, 2025))
    result = next_year(PLAN_2024, checked.plan, ending, 2026)
    assert "deadline: Q4/2026" in result.text and "year: 2026" in result.text
    programme = [r for r in result.review if r.topic == "programme"]
    assert len(programme) == 1 and "2025" in programme[0].message and "2026" in programme[0].message
    assert result.text.splitlines()[programme[0].line - 1].startswith("programme:")
    # one year on, the programme still runs: nothing to say
    assert not [r for r in next_year(PLAN_2024, checked.plan, ending, 2025).review if r.topic == "programme"]
    # a catalogue that declares no years says nothing either
    silent = SimpleNamespace(name="x", years=None)
    assert not [r for r in next_year(PLAN_2024, checked.plan, silent, 2026).review if r.topic == "programme"]


def test_the_real_catalogue_ends_in_2025(tmp_path: Path) -> None:
    """giam-ngheo-2021-2025 declares `years: [2021, 2025]`: a 2026 plan is told to change it."""
    checked = check_plan(PLAN_2024)
    assert catalogue_last_year(checked.catalogue) == 2025
    assert not [r for r in next_year(PLAN_2024, checked.plan, checked.catalogue, 2025).review
                if r.topic == "programme"]
    out = tmp_path / "2026.yaml"
    result = new(PLAN_2024, "--year", 2026, "-o", out)
    assert result.exit_code == 0, result.output  # a warning (KH510), not an error
    line = out.read_text(encoding="utf-8").splitlines().index("programme: giam-ngheo-2021-2025") + 1
    assert f"{out}:{line}: Danh mục `giam-ngheo-2021-2025`" in result.output
    assert "chỉ tới năm 2025, không phủ hết năm 2026" in result.output


# ---- every kind of time ---------------------------------------------------------------------


@pytest.mark.parametrize(("written", "moved"), [
    (date(2024, 12, 31), date(2025, 12, 31)),
    (date(2024, 2, 29), date(2025, 2, 28)),
    ("31/12/2024", "31/12/2025"),
    ("29/02/2024", "28/02/2025"),
    ("05/01/2024", "05/01/2025"),
    ("12/2024", "12/2025"),
    ("2/2023", "2/2024"),  # a month means its end: 28/02/2023 → 29/02/2024
    ("tháng 12/2024", "tháng 12/2025"),
    ("Q4/2024", "Q4/2025"),
    ("quý IV/2024", "quý IV/2025"),
    ("Quý II/2024", "Quý II/2025"),
    ("6 tháng đầu năm 2024", "6 tháng đầu năm 2025"),
    ("H2/2024", "H2/2025"),
    ("năm 2024", "năm 2025"),
    ("ngày 04/11/2024", "ngày 04/11/2025"),
    ("vào ngày 04/11/2024", "vào ngày 04/11/2025"),
    ("từ tháng 4 đến tháng 12/2024", "từ tháng 4 đến tháng 12/2025"),
    ("01/7/2024 - 31/7/2024", "01/7/2025 - 31/7/2025"),
    ("định kỳ hằng quý", "định kỳ hằng quý"),
    ("định kỳ 6 tháng, hằng năm", "định kỳ 6 tháng, hằng năm"),
    ("hằng tháng trước ngày 20", "hằng tháng trước ngày 20"),
    ("thường xuyên", "thường xuyên"),
])
def test_each_kind_moves_with_its_form(written, moved) -> None:
    assert shift_deadline(written, 1) == moved
    assert parse_deadline(moved).kind == parse_deadline(written).kind
    before, after = parse_deadline(written), parse_deadline(moved)
    if before.end is not None:
        assert after.end == _a_year_on(before.kind, before.end)


def test_every_kind_in_a_plan_moves_and_the_new_plan_validates(tmp_path: Path) -> None:
    kinds = ["6 tháng đầu năm 2024", "năm 2024", "ngày 04/11/2024", "từ tháng 4 đến tháng 12/2024",
             "01/7/2024 - 31/7/2024", "định kỳ hằng quý", "hằng tháng trước ngày 20", "thường xuyên"]
    items = "".join(f"          - {{id: viec-{i}, text: Việc {i}, lead: vhxh, deadline: {k}}}\n"
                    for i, k in enumerate(kinds))
    path = write(tmp_path, mini("            partners: [tckt]\n", "            partners: [tckt]\n" + items))
    old = check_plan(path)
    assert old.errors == [], old.errors
    out = tmp_path / "2025.yaml"
    result = new(path, "--year", 2025, "-o", out)
    assert result.exit_code == 0, result.output
    fresh = check_plan(out)
    assert fresh.errors == [] and fresh.plan is not None
    written = {i.id: i.deadline for i in fresh.plan.activities[0].children[1].items}
    for i, k in enumerate(kinds):
        before, after = parse_deadline(k), written[f"viec-{i}"]
        assert after.kind == before.kind and after.text == k.replace("2024", "2025")
        if before.end is not None:
            assert after.end == _a_year_on(before.kind, before.end)
        if before.start is not None:
            assert after.start == before.start.replace(year=2025)


def test_a_period_plan_moves_its_period_and_start(tmp_path: Path) -> None:
    text = mini("year: 2024\n", "period: 2021-2025\nstart: 01/01/2021   # bắt đầu từ đầu giai đoạn\n")
    path = write(tmp_path, text, "2021-2025.yaml")
    old = check_plan(path)
    assert old.errors == [] and old.plan is not None and old.plan.period is not None, old.errors
    out = tmp_path / "2026-2030.yaml"
    result = new(path, "--year", 2026, "-o", out)
    assert result.exit_code == 0, result.output
    fresh = check_plan(out)
    assert fresh.errors == [] and fresh.plan is not None
    assert (fresh.plan.first_year, fresh.plan.last_year) == (2026, 2030)
    written = out.read_text(encoding="utf-8")
    assert "period: 2026-2030\nstart: 01/01/2026   # bắt đầu từ đầu giai đoạn\n" in written
    assert written.count("deadline: Q4/2029") == 2  # five years on, in the same place of the period
    assert "kế hoạch giai đoạn 2026-2030 từ" in result.output
    assert "01/01/2021 → 01/01/2026" in result.output


def test_deadlines_everywhere_in_a_file_move_and_keep_their_quotes(tmp_path: Path) -> None:
    text = mini("        deadline: Q4/2024\n        text: [Hỗ trợ thông tin]",
                "        deadline: '30/9/2024'   # giữa năm\n        text: [Hỗ trợ thông tin]")
    text = text.replace("        deadline: Q4/2024\n        items:",
                        "        deadline: quý IV/2024\n        items:")
    text = text.replace("            partners: [tckt]",
                        "            partners: [tckt]\n            deadline: 2024-06-30")
    path = write(tmp_path, text)
    out = tmp_path / "2025.yaml"
    result = new(path, "--year", 2025, "-o", out)
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert "        deadline: '30/9/2025'   # giữa năm\n" in written
    assert "        deadline: quý IV/2025\n" in written
    assert "            deadline: 2025-06-30\n" in written
    left = [line for line in written.splitlines() if "2024" in line]  # nothing of the old year but our mark
    assert left == [f"# {REVIEW_MARK}: kinh phí chép từ kế hoạch năm 2024; xác nhận dự toán năm 2025."]
    assert check_plan(out).errors == []
    assert "30/9/2024 → 30/9/2025" in result.output and "2024-06-30 → 2025-06-30" in result.output


def test_anchors_aliases_and_flow_mappings_survive(tmp_path: Path) -> None:
    text = mini("      - project: DA6.TDA2\n        deadline: Q4/2024\n        items:\n"
                "          - id: viet-bai\n            text: Viết bài\n            lead: vhxh\n"
                "            partners: [tckt]\n",
                "      - project: DA6.TDA2\n        deadline: &cuoi-nam Q4/2024\n        items:\n"
                "          - {id: viet-bai, text: Viết bài, lead: vhxh, deadline: \"30/06/2024\"}\n"
                "          - {id: viet-bai-2, text: Viết bài 2, deadline: *cuoi-nam}\n")
    path = write(tmp_path, text)
    checked = check_plan(path)
    assert checked.errors == []
    result = next_year(path, checked.plan, checked.catalogue, 2025)
    replaced, added, removed = changed_lines(text, result.text)
    assert ("        deadline: &cuoi-nam Q4/2024", "        deadline: &cuoi-nam Q4/2025") in replaced
    assert ("          - {id: viet-bai, text: Viết bài, lead: vhxh, deadline: \"30/06/2024\"}",
            "          - {id: viet-bai, text: Viết bài, lead: vhxh, deadline: \"30/06/2025\"}") in replaced
    assert "          - {id: viet-bai-2, text: Viết bài 2, deadline: *cuoi-nam}" in result.text
    assert removed == [] and len(added) == 1
    lines = result.text.splitlines()
    assert [lines[m.line - 1].strip() for m in result.moved] == [
        "deadline: Q4/2025", "deadline: &cuoi-nam Q4/2025",
        '- {id: viet-bai, text: Viết bài, lead: vhxh, deadline: "30/06/2025"}']


def test_new_plan_passes_the_editor_schema(tmp_path: Path) -> None:
    """What yaml-language-server checks as the clerk types: the committed JSON Schema."""
    import json

    import yaml
    from jsonschema import Draft7Validator

    out = tmp_path / "2025.yaml"
    assert new(PLAN_2024, "--year", 2025, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/kehoach.schema.json"
    schema = json.loads((ROOT / "schema" / "kehoach.schema.json").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))
    assert list(Draft7Validator(schema).iter_errors(data)) == []


def test_bases_are_kept_and_marked_for_review(tmp_path: Path) -> None:
    text = mini("programme: giam-ngheo-2021-2025\n", "programme: giam-ngheo-2021-2025\n"
                "# Căn cứ pháp lý\nbases:\n  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015\n"
                "  - Căn cứ Kế hoạch số 52/KH-UBND ngày 06/3/2024 của UBND huyện\n")
    path = write(tmp_path, text)
    checked = check_plan(path)
    assert checked.errors == []
    result = next_year(path, checked.plan, checked.catalogue, 2025)
    lines = result.text.splitlines()
    at = lines.index("bases:")
    assert lines[at - 2:at] == ["# Căn cứ pháp lý",
                                f"# {REVIEW_MARK}: các căn cứ chép từ kế hoạch năm 2024; bỏ văn bản đã hết "
                                "hiệu lực, thêm văn bản mới."]
    assert lines[at + 1] == "  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015"
    bases = [r for r in result.review if r.topic == "bases"]
    assert [r.line for r in bases] == [at + 2, at + 3]
    assert "19/6/2015" in bases[0].message
    # The basis is listed; its date is the cited document's, not a year left over.
    assert not any(r.topic == "old-year" and r.line == at + 3 for r in result.review)


def test_line_endings_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "2024.yaml"
    path.write_bytes(mini().replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "2025.yaml"
    assert new(path, "--year", 2025, "-o", out).exit_code == 0
    data = out.read_bytes()
    assert b"\r\nyear: 2025\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


# ---- refusals and --force -------------------------------------------------------------------


def test_existing_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "2025.yaml"
    out.write_text("giữ nguyên\n", encoding="utf-8")
    result = new(PLAN_2024, "--year", 2025, "-o", out)
    assert result.exit_code == 2
    assert "đã có" in result.output and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "giữ nguyên\n"
    result = new(PLAN_2024, "--year", 2025, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert "year: 2025" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("target", "says"), [
    ("2024.yaml", "đầu vào"), ("./2024.yaml", "đầu vào"), ("../x/2024.yaml", "đầu vào"),
    ("2024.progress.yaml", "không phải tên tệp kế hoạch"),
    ("2025.report.yaml", "không phải tên tệp kế hoạch"),
    ("2025.docx", "không phải tên tệp kế hoạch"),
])
def test_never_writes_over_its_input_even_with_force(tmp_path: Path, target: str, says: str) -> None:
    plan = write(tmp_path / "x", mini())
    (tmp_path / "x" / "2024.progress.yaml").write_text("plan: 2024.yaml\nrecords: []\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (tmp_path / "x").iterdir()}
    result = new(plan, "--year", 2025, "-o", tmp_path / "x" / target, "--force")
    assert result.exit_code == 2
    assert says in result.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "x").iterdir()} == before


@pytest.mark.parametrize(("year", "says"), [
    ("2024", "đã là kế hoạch năm 2024"), ("năm sau", "không phải một năm"), ("25", "không phải một năm"),
    ("2101", "ngoài khoảng"), ("2023", "trước năm của kế hoạch"),
])
def test_bad_year_is_refused(tmp_path: Path, year: str, says: str) -> None:
    out = tmp_path / "x.yaml"
    result = new(PLAN_2024, "--year", year, "-o", out)
    assert result.exit_code == 2 and says in result.output
    assert not out.exists()


def test_missing_options_and_folder_target(tmp_path: Path) -> None:
    assert new(PLAN_2024, "-o", tmp_path / "x.yaml").exit_code == 2
    assert new(PLAN_2024, "--year", 2025).exit_code == 2
    result = new(PLAN_2024, "--year", 2025, "-o", tmp_path)
    assert result.exit_code == 2 and "thư mục" in result.output


def test_a_plan_with_errors_is_refused_and_nothing_written(tmp_path: Path) -> None:
    path = write(tmp_path, mini("  total: 7_000_000", "  total: 8_000_000"))
    out = tmp_path / "2025.yaml"
    result = new(path, "--year", 2025, "-o", out)
    assert result.exit_code == 1 and "KH201" in result.output
    assert not out.exists()


def test_unreadable_plan_is_exit_2(tmp_path: Path) -> None:
    result = new(tmp_path / "khong-co.yaml", "--year", 2025, "-o", tmp_path / "2025.yaml")
    assert result.exit_code == 2


def test_written_plan_with_errors_exits_1_and_is_kept(tmp_path: Path) -> None:
    """A plan's own catalogue file, relative to the plan, is not beside the new plan elsewhere:
    the new plan is written, its check fails at once, and the exit code says so."""
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "dm.catalogue.yaml").write_text(
        "id: dm\nname: Danh mục riêng\nprojects:\n  DA6:\n    number: 6\n    title: Truyền thông\n"
        "    children:\n      DA6.TDA1: {number: 1, title: Thông tin}\n"
        "      DA6.TDA2: {number: 2, title: Đa chiều}\n",
        encoding="utf-8")
    path = write(tmp_path / "old", mini("programme: giam-ngheo-2021-2025", "programme: dm.catalogue.yaml"))
    assert check_plan(path).errors == []
    out = tmp_path / "new" / "2025.yaml"
    result = new(path, "--year", 2025, "-o", out)
    assert result.exit_code == 1, result.output
    assert out.is_file() and "KH109" in result.output and "Kế hoạch mới có 1 lỗi" in result.output


# ---- the examples ---------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES or [pytest.param(None, marks=pytest.mark.skip(
    reason="plans/examples/ not on main yet"))], ids=lambda p: p.name if p else "none")
def test_every_example_gives_a_valid_next_plan(tmp_path: Path, example: Path) -> None:
    checked = check_plan(example, progress=False)
    assert checked.plan is not None and checked.errors == []
    first = getattr(checked.plan, "first_year", None) or checked.plan.year
    # a copy of the folder, so a catalogue file beside the example is found beside the new plan too
    folder = tmp_path / "examples"
    shutil.copytree(example.parent, folder)
    out = folder / f"{example.stem}.next.yaml"
    result = new(folder / example.name, "--year", first + 1, "-o", out)
    assert result.exit_code == 0, result.output
    fresh = check_plan(out, progress=False)
    assert fresh.errors == [], fresh.errors
    old, text = example.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    _, added, removed = changed_lines(old, text)
    assert removed == [] and all(line.startswith(f"# {REVIEW_MARK}:") for line in added)
    old_comments = [line for line in old.splitlines() if line.lstrip().startswith("#")]
    assert all(line in text.splitlines() for line in old_comments)


def test_only_kehoach_new_imports_ruamel() -> None:
    code = (
        "import sys\n"
        "from kehoach.cli import app\n"
        "from typer.testing import CliRunner\n"
        f"CliRunner().invoke(app, ['validate', {str(PLAN_2024)!r}])\n"
        "print('ruamel.yaml' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          check=True)
    assert done.stdout.split() == ["False"]


def test_a_left_over_progress_file_beside_the_new_plan_is_pointed_out(tmp_path: Path) -> None:
    (tmp_path / "2025.progress.yaml").write_text("plan: 2025.yaml\nrecords: []\n", encoding="utf-8")
    result = new(PLAN_2024, "--year", 2025, "-o", tmp_path / "2025.yaml")
    assert result.exit_code == 0
    assert f"Lưu ý: đã có {tmp_path / '2025.progress.yaml'}" in result.output
    assert (tmp_path / "2025.progress.yaml").read_text(encoding="utf-8") == "plan: 2025.yaml\nrecords: []\n"


def test_generic_sections_and_budget_shapes_round_trip(tmp_path: Path) -> None:
    """Deadlines in generic sections move; sources, by_source and "7,5" triệu đồng stay as typed."""
    text = mini("recipients: [Các thôn]\n", """sections:
  - title: Mục tiêu
    children:
      - title: Mục tiêu chung
        text: [Giảm nghèo bền vững trong năm 2024.]
  - use: purpose
  - use: activities
  - use: budget
  - use: organization
  - title: Chế độ báo cáo
    items:
      - {id: bao-cao-6-thang, text: Báo cáo 6 tháng, lead: vhxh, deadline: định kỳ 6 tháng}
      - id: bao-cao-nam
        text: Báo cáo năm
        lead: vhxh
        deadline: 15/12/2024   # trước họp cuối năm
recipients: [Các thôn]
""")
    text = text.replace("""  total: 7_000_000
  total_in_words: Bảy triệu đồng
  lines:
    DA6.TDA1: 5_000_000
    DA6.TDA2: 2_000_000
""", """  unit: triệu đồng
  total: "7,5"
  by_source: {ngan-sach-trung-uong: "5,25", ngan-sach-dia-phuong: "2,25"}
  lines:
    DA6.TDA1: 5
    DA6.TDA2: {amount: "2,50", sources: {ngan-sach-trung-uong: '2,5'}}
""")
    path = write(tmp_path, text)
    assert check_plan(path).errors == []
    out = tmp_path / "2025.yaml"
    result = new(path, "--year", 2025, "-o", out)
    assert result.exit_code == 0, result.output
    assert check_plan(out).errors == []
    written = out.read_text(encoding="utf-8")
    replaced, added, removed = changed_lines(text, written)
    assert ("        deadline: 15/12/2024   # trước họp cuối năm",
            "        deadline: 15/12/2025   # trước họp cuối năm") in replaced
    assert len(replaced) == 5 and removed == [] and len(added) == 1  # date, year, 3 deadlines
    assert "deadline: định kỳ 6 tháng}" in written
    lines = written.splitlines()
    mention = [r for r in result.output.splitlines() if "Câu nhắc năm 2024" in r]
    assert len(mention) == 1 and "Giảm nghèo bền vững trong năm 2024." in mention[0]
    assert "trong năm 2024" in lines[int(mention[0].split(":")[1]) - 1]


def test_a_file_of_mixed_indentation_is_kept_as_written(tmp_path: Path) -> None:
    """ruamel writes one indentation style; where the file uses another and nothing changes, the
    file's own lines are kept (a three-way merge), so no line is rewritten."""
    text = mini("recipients: [Các thôn]\narchive: [VT, VHXH]\n",
                "recipients:\n- Các thôn\n- Phòng LĐTBXH   # b/c\narchive: [VT,   VHXH]\nnote_free: 1\n")
    text = text.replace("note_free: 1\n", "")
    text = text.replace("  summary: Kế hoạch thử\n",
                        "  summary: Kế hoạch thử viết trên\n    hai dòng, không dùng khối\n")
    text = text.replace("  number: 5\n", "  number: null\n") if "  number: 5\n" in text else text
    path = write(tmp_path, text)
    checked = check_plan(path)
    assert checked.errors == []
    result = next_year(path, checked.plan, checked.catalogue, 2025)
    assert not [r for r in result.review if r.topic == "format"]
    replaced, added, removed = changed_lines(text, result.text)
    assert len(replaced) == 4 and removed == [] and len(added) == 1  # date, year, 2 deadlines
    assert "- Phòng LĐTBXH   # b/c\narchive: [VT,   VHXH]\n" in result.text
    assert "  summary: Kế hoạch thử viết trên\n    hai dòng, không dùng khối\n" in result.text
    out = tmp_path / "2025.yaml"
    out.write_text(result.text, encoding="utf-8")
    fresh = check_plan(out)
    assert fresh.errors == [] and fresh.plan is not None
    assert fresh.plan.recipients == checked.plan.recipients and fresh.plan.archive == checked.plan.archive
    budget = next(r for r in result.review if r.topic == "budget")
    assert result.text.splitlines()[budget.line - 1] == "  total: 7_000_000"


def test_a_changed_line_ruamel_writes_its_own_way_is_named(tmp_path: Path) -> None:
    text = mini("        deadline: Q4/2024\n        text: [Hỗ trợ thông tin]",
                "        deadline: Q4/2024\n        text: [Hỗ trợ thông tin]\n"
                "        items: [{text: Ý một,   deadline: Q3/2024}]")
    path = write(tmp_path, text)
    checked = check_plan(path)
    assert checked.errors == [], checked.errors
    result = next_year(path, checked.plan, checked.catalogue, 2025)
    at = text.splitlines().index("        items: [{text: Ý một,   deadline: Q3/2024}]") + 1
    fmt = [r for r in result.review if r.topic == "format"]
    assert len(fmt) == 1 and "1 dòng của tệp cũ được viết lại" in fmt[0].message
    assert f"(dòng {at} của 2024.yaml)" in fmt[0].message
    assert "        items: [{text: Ý một, deadline: Q3/2025}]" in result.text.splitlines()
    moved = [m for m in result.moved if m.old == "Q3/2024"]
    assert result.text.splitlines()[moved[0].line - 1].endswith("deadline: Q3/2025}]")


def test_the_new_plan_renders_as_a_draft_with_blank_number_and_date(tmp_path: Path) -> None:
    """Read back with python-docx: `Số:     /KH-UBND` and the date line blank but for the year."""
    from readback import docx_paragraphs

    out = tmp_path / "2025.yaml"
    assert new(PLAN_2024, "--year", 2025, "-o", out).exit_code == 0
    rendered = runner.invoke(app, ["render", str(out), "-o", str(tmp_path / "2025.docx")])
    assert rendered.exit_code == 0, rendered.output
    paragraphs = docx_paragraphs(tmp_path / "2025.docx")
    assert "An Dương, ngày     tháng     năm 2025" in paragraphs
    assert "Số:     /KH-UBND" in paragraphs
    assert any("Hoàn thành hết quý IV năm 2025." in p for p in paragraphs)
    assert not any("quý IV năm 2024" in p for p in paragraphs)


def test_number_and_date_are_cleared_whatever_their_form(tmp_path: Path) -> None:
    text = mini("  place: An Dương\n  date: 2024-03-29\n",
                "  number: 52   # văn thư cấp\n  place: An Dương\n  date: 29/03/2024\n")
    path = write(tmp_path, text)
    checked = check_plan(path)
    assert checked.errors == [] and checked.plan.document.number == 52
    result = next_year(path, checked.plan, checked.catalogue, 2025)
    replaced, _, _ = changed_lines(text, result.text)
    assert replaced[:2] == [("  number: 52   # văn thư cấp", "  number:      # văn thư cấp"),
                            ("  date: 29/03/2024", "  date:")]
    document = next(r for r in result.review if r.topic == "document")
    assert result.text.splitlines()[document.line - 1] == "  date:"


# ---- any valid plan -------------------------------------------------------------------------


def _deadline_ends(plan) -> list[tuple[str, str | None, date | None]]:
    from kehoach.outline import walk

    return [(node.ref, d.kind, d.end) if (d := node.node.deadline) is not None else (node.ref, None, None)
            for node in walk(plan)]


def _a_year_on(kind: str | None, day: date | None) -> date | None:
    """A year later: a period's end is the same period's end (29 February in a leap year); a day
    is the same day, 29 February becoming the 28th."""
    import calendar

    if day is None:
        return None
    if kind in ("month", "quarter", "half", "year"):
        return date(day.year + 1, day.month, calendar.monthrange(day.year + 1, day.month)[1])
    return date(day.year + 1, day.month, min(day.day, calendar.monthrange(day.year + 1, day.month)[1]))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(plans(), st.booleans())
def test_any_valid_plan_gives_a_valid_next_plan(tmp_path_factory, generated, nfd) -> None:
    """Generated plans (every deadline form, Vietnamese text with markup characters, NFC or NFD):
    the next plan validates, each deadline is a year later, nothing else changes meaning."""
    import yaml

    data, _ = generated
    folder = tmp_path_factory.mktemp("plan")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    if nfd:
        text = unicodedata.normalize("NFD", text)
    path = folder / "kehoach.yaml"
    path.write_text(text, encoding="utf-8")
    before = check_plan(path)
    assert before.errors == [] and before.plan is not None
    result = next_year(path, before.plan, before.catalogue, before.plan.year + 1)
    assert unicodedata.is_normalized("NFC", result.text)
    out = folder / "next.yaml"
    out.write_text(result.text, encoding="utf-8")
    after = check_plan(out)
    assert after.errors == [] and after.plan is not None, [(d.code, d.message) for d in after.errors]
    assert after.plan.year == before.plan.year + 1 and after.plan.document.date is None
    assert _deadline_ends(after.plan) == [(ref, kind, _a_year_on(kind, end))
                                          for ref, kind, end in _deadline_ends(before.plan)]
    same = before.plan.model_dump(exclude={"year": True, "document": {"date", "number"}})
    moved = after.plan.model_dump(exclude={"year": True, "document": {"date", "number"}})
    strip = re.compile(r"'deadline': '[^']*'|'deadline': datetime\.date\([^)]*\)")
    assert strip.sub("", repr(same)) == strip.sub("", repr(moved))
    if not any(r.topic == "format" for r in result.review):
        _, added, removed = changed_lines(unicodedata.normalize("NFC", text), result.text)
        assert removed == [] and all(line.startswith(f"# {REVIEW_MARK}:") for line in added)


def test_codes_that_carry_a_year_are_not_sentences(tmp_path: Path) -> None:
    """An id is never printed: `bao-cao-2024` is no sentence to review; its text is."""
    text = mini("          - id: viet-bai\n            text: Viết bài\n",
                "          - id: bao-cao-2024\n            text: Báo cáo kết quả năm 2024\n")
    path = write(tmp_path, text)
    checked = check_plan(path)
    assert checked.errors == []
    result = next_year(path, checked.plan, checked.catalogue, 2025)
    mentions = [r for r in result.review if r.topic == "old-year"]
    assert len(mentions) == 1 and "Báo cáo kết quả năm 2024" in mentions[0].message
    assert result.text.splitlines()[mentions[0].line - 1] == "            text: Báo cáo kết quả năm 2024"


def test_the_installed_command(tmp_path: Path) -> None:
    """The console script in a fresh process, as a clerk runs it: written, listed, exit 0; again
    without --force: refused, exit 2, the file untouched."""
    script = Path(sys.executable).parent / "kehoach"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kehoach"]
    out = tmp_path / "2025.yaml"
    args = [*command, "new", str(PLAN_2024), "--year", "2025", "-o", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert "Cần xem lại trước khi ban hành (10 mục):" in done.stdout
    written = out.read_bytes()
    again = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 2 and "--force" in again.stderr and "Traceback" not in again.stderr
    assert out.read_bytes() == written


def test_a_sentence_naming_the_year_after_the_old_plan_is_listed(tmp_path: Path) -> None:
    """In the 2023 monitoring plan, “Chương trình năm 2024” means next year: the 2024 plan must
    not keep it unnoticed. A programme's span (“giai đoạn 2021-2025”) is no such sentence."""
    example = Path(__file__).parent.parent / "plans" / "examples" / "quangnam-2023-giam-sat.yaml"
    checked = check_plan(example)
    result = next_year(example, checked.plan, checked.catalogue, 2024)
    lines = result.text.splitlines()
    after = [r for r in result.review if "năm sau của kế hoạch cũ" in r.message]
    assert [lines[r.line - 1].strip() for r in after] == [
        "text: Đề xuất giải pháp thực hiện Chương trình năm 2024."]
    assert not any("2021-2025" in lines[r.line - 1] and "2025" in r.message for r in result.review
                   if r.line and r.topic == "old-year")


# ---- issue 28, class 4: a valid plan with 29 February in any form gives a valid new plan -------

@pytest.mark.parametrize("written", ["29/02/2024", "2024-02-29", '"2024-02-29"', "2024-2-29",
                                     '"ngày 29 tháng 2 năm 2024"', '"vào ngày 29/2/2024"',
                                     '"từ 29/02 đến 31/12/2024"', '"29/2 - 30/6/2024"',
                                     '"từ ngày 29 tháng 2 năm 2024 đến quý IV/2024"'])
def test_29_february_in_every_form_gives_a_plan_without_errors(tmp_path, written):
    text = PLAN_2024.read_text(encoding="utf-8").replace("date: 2024-03-29", "date: 2024-02-01")
    text = text.replace("deadline: Q4/2024", f"deadline: {written}", 1)
    old = write(tmp_path, text)
    assert not check_plan(old).errors
    result = new(old, "--year", "2025", "-o", tmp_path / "2025.yaml")
    assert result.exit_code == 0, result.output
    checked = check_plan(tmp_path / "2025.yaml")
    assert not checked.errors, [d.message for d in checked.errors]
    moved = parse_deadline(checked.plan.activities[0].children[0].deadline)
    assert date(2025, 2, 28) in (moved.start, moved.end)
