"""Nothing lost, through the command line: no command writes the plan or its progress file, an
output path equal to an input is refused, an interrupted render leaves the previous output as it
was, output folders are created, and an unwritable location is a clear Vietnamese error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach import output
from kehoach.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
OLD = 1_600_000_000_000_000_000  # 2020-09-13, in ns: any write would move the mtime off it


@pytest.fixture
def plans(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """Copies of plans/2024.yaml and its progress file, with an old, known mtime; cwd = tmp_path."""
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = Path(shutil.copy2(ROOT / "plans" / "2024.yaml", folder))
    progress = Path(shutil.copy2(ROOT / "plans" / "2024.progress.yaml", folder))
    for path in (plan, progress):
        os.utime(path, ns=(OLD, OLD))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # no LibreOffice: `all` skips PDF quickly
    return plan, progress


def snapshot(*paths: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def assert_refused(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "kehoach: lỗi:" in result.output
    for word in words:
        assert word in result.output, result.output


def commands(plan: Path) -> list[list[str]]:
    p = str(plan)
    return [
        *(["validate", "-f", f, p] for f in ("human", "parsable", "json", "github")),
        ["validate", "--strict", str(plan.parent)],
        *(["render", p, "-f", f, "-o", f"out/2024.{f}"] for f in ("docx", "html", "md")),
        ["render", p, "-f", "all", "-o", "out/all"],
        ["render", p],  # the default output, build/2024.docx
        ["render", p, "--draft", "-f", "md", "-o", "out/draft.md"],
        *(["tasks", p, "-f", f] for f in ("table", "json", "md", "csv")),
        ["tasks", p, "-u", "vhxh"],
        *(["progress", p, "--as-of", "2024-12-31", "-f", f] for f in ("table", "json", "md")),
        ["progress", p, "--as-of", "2024-12-31", "-p", str(plan.with_name("2024.progress.yaml"))],
        ["words", "13000000"],
        ["schema"],
        ["schema", "-o", "out/kehoach.schema.json"],
        ["rules"],
    ]


def test_no_command_writes_the_plan_or_progress_file(plans) -> None:
    plan, progress = plans
    before = snapshot(plan, progress)
    for args in commands(plan):
        result = invoke(*args)
        assert result.exit_code in (0, 1), (args, result.output)  # `validate --strict`: warnings
        assert snapshot(plan, progress) == before, args
    assert sorted(p.name for p in plan.parent.iterdir()) == ["2024.progress.yaml", "2024.yaml"]
    assert (Path("build") / "2024.docx").is_file()
    assert sorted(p.name for p in Path("out", "all").iterdir()) == ["2024.docx", "2024.html", "2024.md"]


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
@pytest.mark.parametrize("which", ["plan", "progress", "plan-other-spelling", "progress-symlink"])
def test_output_over_an_input_is_refused(plans, tmp_path: Path, fmt: str, which: str) -> None:
    plan, progress = plans
    before = snapshot(plan, progress)
    if which == "plan":
        target = plan
    elif which == "progress":
        target = progress
    elif which == "plan-other-spelling":
        target = Path("plans", "..", "plans", ".", "2024.yaml")
    else:
        target = tmp_path / "link.md"
        target.symlink_to(progress)
    result = invoke("render", str(plan), "-f", fmt, "-o", str(target))
    assert_refused(result, "Không ghi đè tệp đầu vào", "Cách sửa:")
    assert snapshot(plan, progress) == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["2024.progress.yaml", "2024.yaml"]


def test_output_over_the_plans_own_catalogue_is_refused(plans) -> None:
    plan, progress = plans
    catalogue = plan.with_name("rieng.catalogue.yaml")
    shutil.copy2(ROOT / "src" / "kehoach" / "catalogues" / "giam-ngheo-2021-2025.yaml", catalogue)
    text = plan.read_text(encoding="utf-8").replace("programme: giam-ngheo-2021-2025",
                                                    "programme: rieng.catalogue.yaml")
    plan.write_text(text, encoding="utf-8")
    before = snapshot(plan, progress, catalogue)
    assert invoke("validate", str(plan)).exit_code == 0
    assert_refused(invoke("render", str(plan), "-f", "md", "-o", str(catalogue)), "Không ghi đè")
    assert snapshot(plan, progress, catalogue) == before


def test_interrupted_write_leaves_the_previous_output(plans, monkeypatch) -> None:
    plan, _ = plans
    out = Path("out")
    out.mkdir()
    target = out / "2024.docx"
    target.write_bytes(b"previous version")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", interrupted)
    result = runner.invoke(app, ["render", str(plan), "-o", str(target)])
    assert result.exit_code != 0
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in out.iterdir()] == ["2024.docx"]  # no temp file left behind


def test_failure_mid_render_writes_nothing(plans, monkeypatch) -> None:
    """The .docx builder fails on its fifth part: no format is written, the old files stay."""
    import kehoach.render.docx as docx_writer

    plan, _ = plans
    out = Path("out")
    out.mkdir()
    previous = {out / f"2024.{fmt}": f"previous {fmt}".encode() for fmt in ("docx", "html", "md")}
    for path, data in previous.items():
        path.write_bytes(data)
    real = docx_writer.render_template
    calls = []

    def failing(env, name, **context):
        calls.append(name)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return real(env, name, **context)

    monkeypatch.setattr(docx_writer, "render_template", failing)
    result = runner.invoke(app, ["render", str(plan), "-f", "all", "-o", str(out)])
    assert result.exit_code != 0
    assert len(calls) == 5
    assert {p: p.read_bytes() for p in out.iterdir()} == previous


@pytest.mark.parametrize("fmt", ["docx", "all"])
def test_output_folders_are_created(plans, fmt: str) -> None:
    plan, _ = plans
    target = Path("new", "deep", "folder", "x.docx" if fmt == "docx" else "all")
    result = invoke("render", str(plan), "-f", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    if fmt == "docx":
        assert target.is_file() and target.read_bytes().startswith(b"PK")
    else:
        assert sorted(p.name for p in target.iterdir()) == ["2024.docx", "2024.html", "2024.md"]


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs /sys, read-only even for root (Linux)")
@pytest.mark.parametrize("args", [["-o", "/sys/x.docx"], ["-f", "md", "-o", "/sys/kehoach/x.md"],
                                  ["-f", "all", "-o", "/sys/kehoach-out"]])
def test_read_only_location_is_a_clear_error(plans, args: list[str]) -> None:
    plan, progress = plans
    before = snapshot(plan, progress)
    result = invoke("render", str(plan), *args)
    assert_refused(result, "Cách sửa:")
    message = result.output.split("kehoach: lỗi:", 1)[1]
    assert any(ord(ch) > 127 for ch in message)  # said in Vietnamese
    assert snapshot(plan, progress) == before


def test_schema_to_a_read_only_location_is_a_clear_error(plans) -> None:
    if not Path("/sys").is_dir():
        pytest.skip("needs /sys")
    assert_refused(invoke("schema", "-o", "/sys/kehoach.schema.json"), "Cách sửa:")


def test_schema_refuses_to_write_into_a_yaml_file(tmp_path):
    plan = tmp_path / "2024.yaml"
    plan.write_text("kehoach: 1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["schema", "-o", str(plan)])
    assert result.exit_code == 2
    assert "Không ghi JSON Schema" in result.output
    assert plan.read_text(encoding="utf-8") == "kehoach: 1\n"
