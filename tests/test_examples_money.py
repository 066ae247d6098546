"""The money of every example plan, read back from the rendered documents: each budget shape is
printed as offices write it, and no funding-source code is ever printed raw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach import funding
from kehoach.cli import app
from kehoach.validate import check_plan
from readback import docx_paragraphs, html_blocks

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(
    p for p in (ROOT / "plans" / "examples").glob("*.yaml")
    if not p.name.endswith((".progress.yaml", ".report.yaml", ".catalogue.yaml"))
)
PLANS = [ROOT / "plans" / "2024.yaml", *EXAMPLES]
runner = CliRunner()


def render(plan: Path, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"{plan.stem}.{fmt}"
    result = runner.invoke(app, ["render", str(plan), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_no_rendered_plan_prints_a_source_code(plan: Path, tmp_path: Path) -> None:
    checked = check_plan(plan)
    assert checked.plan is not None and checked.errors == [], checked.diagnostics
    codes = set(funding.known(checked.plan))
    texts = {
        "docx": "\n".join(docx_paragraphs(render(plan, "docx", tmp_path))),
        "html": "\n".join(html_blocks(render(plan, "html", tmp_path).read_text(encoding="utf-8"))),
        "md": render(plan, "md", tmp_path).read_text(encoding="utf-8"),
    }
    for fmt, text in texts.items():
        printed = {c for c in codes if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)}
        assert printed == set(), f"{plan.name} ({fmt}) prints raw funding-source codes: {printed}"


def test_the_scan_catches_a_raw_code(tmp_path: Path) -> None:
    # the guard above can fail: a plan whose sources sentence names a code is caught
    plan = tmp_path / "x.yaml"
    text = (ROOT / "plans" / "examples" / "xa-2024-nguon-bang-loi.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("từ nguồn ngân sách xã", "từ nguồn ngan-sach-xa"), encoding="utf-8")
    md = render(plan, "md", tmp_path).read_text(encoding="utf-8")
    assert re.search(r"(?<![\w-])ngan-sach-xa(?![\w-])", md)


def body(plan: str, tmp_path: Path) -> list[str]:
    paras = docx_paragraphs(render(ROOT / "plans" / "examples" / plan, "docx", tmp_path))
    start = next(i for i, p in enumerate(paras) if p.endswith("KINH PHÍ THỰC HIỆN"))
    end = next(i for i, p in enumerate(paras) if i > start and p.endswith("TỔ CHỨC THỰC HIỆN"))
    return paras[start + 1:end]


def test_lines_by_source_in_millions(tmp_path: Path) -> None:
    paras = body("hue-2025-giam-ngheo.yaml", tmp_path)
    assert paras[1] == ("- Tổng số tiền: 7.530,5 triệu đồng (Bảy tỷ năm trăm ba mươi triệu năm trăm "
                        "nghìn đồng); trong đó:")
    assert paras[2:5] == ["+ Ngân sách trung ương: 6.250 triệu đồng;",
                          "+ Ngân sách tỉnh: 1.120,5 triệu đồng;",
                          "+ Nguồn xã hội hóa: 160 triệu đồng."]
    assert "Tiểu dự án 3: Hỗ trợ việc làm bền vững với số tiền: 1.450,5 triệu đồng (ngân sách trung " \
           "ương: 1.200 triệu đồng; ngân sách tỉnh: 250,5 triệu đồng);" in paras


def test_partial_line(tmp_path: Path) -> None:
    paras = body("huyen-2024-trong-do.yaml", tmp_path)
    assert any(p.endswith("với số tiền: 230.000.000 đồng, trong đó ngân sách trung ương 223.000.000 đồng;")
               for p in paras), paras


def test_sources_in_words_only(tmp_path: Path) -> None:
    paras = body("xa-2024-nguon-bang-loi.yaml", tmp_path)
    assert len(paras) == 1 and paras[0].startswith("- Kinh phí thực hiện Kế hoạch từ nguồn ngân sách xã")
    assert not any("đồng" in p or "Tổng số tiền" in p for p in paras)  # no figures at all


def test_split_by_source_with_the_plans_own_source(tmp_path: Path) -> None:
    assert body("xa-2024-theo-nguon.yaml", tmp_path) == [
        "- Tổng số tiền: 180.000.000 đồng (Một trăm tám mươi triệu đồng); trong đó:",
        "+ Ngân sách trung ương: 120.000.000 đồng;",
        "+ Ngân sách xã: 20.000.000 đồng;",
        "+ Quỹ Vì người nghèo xã: 25.000.000 đồng;",
        "+ Người dân đóng góp: 15.000.000 đồng.",
    ]


def test_progress_by_source_of_the_example() -> None:
    plan = ROOT / "plans" / "examples" / "hue-2025-giam-ngheo.yaml"
    result = runner.invoke(app, ["progress", str(plan), "--as-of", "2025-09-30", "-f", "json"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.stdout)
    line = data["budget"][0]
    assert line["line"] == "DA4.TDA1" and line["spent"] == 3_105_500_000
    assert [(s["source"], s["amount"], s["spent"]) for s in line["sources"]] == [
        ("ngan-sach-trung-uong", 2_800_000_000, 2_730_000_000), ("ngan-sach-tinh", 400_000_000, 375_500_000)]
