"""Issue 28, class 11: `validate` lists each file's problems in file order (docs/json.md), whatever
stage found them (loader, model, rules, the progress file), in every format; a problem with no
position is `file: …` in the parsable format, never `file:0:0:`."""

from __future__ import annotations

import json
import re
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import PLAN_2024, PLAN_TEXT
from kehoach.cli import app

runner = CliRunner()

# Each mutation gives one problem from one stage, at lines spread over the file.
MUTATIONS = {
    "loader warning (hidden character), late": (
        "    - Thanh quyết toán kinh phí các dự án đúng quy định pháp luật",
        "    - Thanh quyết toán kinh phí các dự án\u200b đúng quy định pháp luật"),
    "rule error (budget sum), middle": ("  total: 13_000_000", "  total: 14_000_000"),
    "rule error (deadline after the period), early": ("        deadline: Q4/2024\n        text:",
                                                      "        deadline: Q4/2025\n        text:"),
    "loader warning (hidden character), early": ("  tckt: Công chức Tài chính - Kế toán",
                                                 "  tckt: Công chức Tài chính\u200b - Kế toán"),
    "rule warning (no number), top": ("  number:\n", "  number:\n"),
}
PROGRESS_BAD = "    status: in-progress\n    spent: 1_200_000"


def _positions(diagnostics: list[dict], files: list[str]) -> list[tuple[int, int, int]]:
    return [(files.index(d["file"]), d["line"] or 0, d["column"] or 0) for d in diagnostics]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=5, unique=True),
       progress=st.booleans())
def test_every_format_lists_problems_in_file_order(tmp_path_factory, chosen, progress):
    folder = tmp_path_factory.mktemp("order")
    text = PLAN_TEXT
    for name in chosen:
        old, new = MUTATIONS[name]
        text = text.replace(old, new, 1)
    (folder / "2024.yaml").write_text(text, encoding="utf-8")
    if progress:  # a problem in the progress file, after the plan's
        records = PLAN_2024.with_name("2024.progress.yaml").read_text(encoding="utf-8")
        (folder / "2024.progress.yaml").write_text(records.replace("status: in-progress", "status: xong", 1),
                                                   encoding="utf-8")
    plan = str(folder / "2024.yaml")
    data = json.loads(runner.invoke(app, ["validate", plan, "-f", "json"]).stdout)
    order = [plan, str(folder / "2024.progress.yaml")]
    positions = _positions(data["diagnostics"], order)
    assert positions == sorted(positions), positions
    parsable = runner.invoke(app, ["validate", plan, "-f", "parsable"]).stdout.splitlines()
    assert len(parsable) == len(data["diagnostics"])
    for line, d in zip(parsable, data["diagnostics"], strict=True):
        assert line.startswith(f"{d['file']}:{d['line']}:{d['column']}: " if d["line"] else f"{d['file']}: ")
    human = runner.invoke(app, ["validate", plan]).stdout
    heads = re.findall(r"^(?:lỗi|cảnh báo)\[(KH\d+)\]: (.*)$", human, re.M)
    assert [code for code, _ in heads] == [d["code"] for d in data["diagnostics"]]


def test_a_problem_without_position_is_never_at_0_0(tmp_path):
    shutil.copy(PLAN_2024.with_name("2024.progress.yaml"), tmp_path / "2023.progress.yaml")
    shutil.copy(PLAN_2024.with_name("2024.report.yaml"), tmp_path / "2023.report.yaml")
    missing = tmp_path / "khong-co.yaml"
    result = runner.invoke(app, ["validate", str(tmp_path), str(missing), "-f", "parsable"])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines and not any(":0:0:" in line for line in lines), lines
    assert f"{missing}: error[KH001]" in result.stdout
    data = json.loads(runner.invoke(app, ["validate", str(missing), "-f", "json"]).stdout)
    assert data["diagnostics"][0]["line"] is None
