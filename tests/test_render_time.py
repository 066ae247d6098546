"""Every kind of time, printed in an office's words: the example plans rendered through the CLI
and read back (python-docx for the .docx, the HTML parser for the page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from readback import docx_paragraphs, html_blocks

EXAMPLES = Path(__file__).resolve().parents[1] / "plans" / "examples"
runner = CliRunner()

PRINTED = {
    "quangnam-2023-giam-sat.yaml": [
        "Thời gian thực hiện: Thường xuyên.",                               # thường xuyên
        "Thời gian thực hiện: Từ tháng 8 đến hết tháng 11 năm 2023.",       # từ tháng 8 đến tháng 11/2023
        "Thời gian thực hiện: Từ ngày 01/8/2023 đến ngày 31/8/2023.",       # 01/8/2023 - 31/8/2023
        "Thời gian thực hiện: Vào ngày 15/9/2023.",                         # vào ngày 15/9/2023
        "Thời gian thực hiện: Hoàn thành hết quý III năm 2023.",            # Q3/2023
        "Thời gian thực hiện: Hoàn thành trong tháng 10 năm 2023.",         # tháng 10/2023
        "Thời gian thực hiện: Hoàn thành trong 6 tháng cuối năm 2023.",     # 6 tháng cuối năm 2023
        "b) Thời gian thực hiện: Hoàn thành trong năm 2023.",               # năm 2023
        "Thời gian thực hiện: Hoàn thành trước ngày 15/12/2023.",           # 15/12/2023
        "Thời gian thực hiện: Định kỳ 6 tháng, hằng năm.",                  # định kỳ 6 tháng, hằng năm
        "Thời gian thực hiện: Hằng tháng trước ngày 20.",                   # hằng tháng trước ngày 20
        "Thời gian thực hiện: Định kỳ hằng quý.",                           # định kỳ hằng quý
        "Thời gian thực hiện: Định kỳ 6 tháng.",                            # định kỳ 6 tháng
    ],
    "giai-doan-2021-2025.yaml": [
        "Thời gian thực hiện: Từ tháng 4 đến hết tháng 12 năm 2024.",
        "b) Thời gian thực hiện: Từ năm 2022 đến năm 2025.",
        "Thời gian thực hiện: Vào ngày 04/11/2025.",
        "Thời gian thực hiện: Hằng năm.",
        "Thời gian thực hiện: Hoàn thành hết quý IV năm 2025.",
        "Thời gian thực hiện: Hoàn thành trong 6 tháng đầu năm 2023.",
    ],
}


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_docx_and_html_print_each_kind(tmp_path, name):
    for fmt in ("docx", "html"):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(app, ["render", str(EXAMPLES / name), "-f", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        read = docx_paragraphs(out) if fmt == "docx" else html_blocks(out.read_text(encoding="utf-8"))
        lines = [" ".join(t.split()) for t in read]
        for phrase in PRINTED[name]:
            assert phrase in lines, (fmt, phrase)
        # An event is held on its day, never "finished before" it.
        assert not any("Hoàn thành trước ngày 15/9/2023" in t or "Hoàn thành trước ngày 04/11/2025" in t
                       for t in lines)


def test_a_parent_without_its_own_deadline_prints_no_time_line(tmp_path):
    out = tmp_path / "qn.docx"
    runner.invoke(app, ["render", str(EXAMPLES / "quangnam-2023-giam-sat.yaml"), "-o", str(out)])
    lines = docx_paragraphs(out)
    # "3. Kiểm tra việc sử dụng vốn": its two sub-sections carry the time, it prints none itself.
    start = next(i for i, t in enumerate(lines) if t.startswith("3. Kiểm tra việc sử dụng vốn"))
    assert lines[start + 1].startswith("3.1.")


def test_tasks_show_each_kind_of_time():
    plan = str(EXAMPLES / "quangnam-2023-giam-sat.yaml")
    result = runner.invoke(app, ["tasks", plan, "-f", "json"])
    assert result.exit_code == 0, result.output
    tasks = {t["task"]: t for unit in json.loads(result.stdout)["units"] for t in unit["tasks"]}
    assert (tasks["bao-cao-dinh-ky"]["deadline"], tasks["bao-cao-dinh-ky"]["deadline_date"]) \
        == ("định kỳ 6 tháng, hằng năm", None)
    assert (tasks["giam-sat-thuong-xuyen"]["deadline"], tasks["giam-sat-thuong-xuyen"]["deadline_date"]) \
        == ("thường xuyên", None)
    assert tasks["tap-huan-giam-sat"]["deadline_date"] == "2023-09-15"
    assert tasks["doan-giam-sat"]["deadline_date"] == "2023-11-30"
    table = runner.invoke(app, ["tasks", plan, "-f", "md"]).stdout
    for label in ("hằng tháng trước ngày 20", "ngày 15/9/2023", "thường xuyên",
                  "từ tháng 8 đến tháng 11/2023 (30/11/2023)", "Q3/2023 (30/09/2023)", "15/12/2023"):
        assert label in table, label
