"""`kehoach render` through the command line: formats, outputs, refusal, drafts, templates,
escaping, and one real subprocess run of the installed command."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.dom import minidom

import docx
import pytest
from typer.testing import CliRunner

from conftest import mutate
from kehoach.cli import app
from render_plans import MINIMAL, SEED_PLAN, write_plan

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["render", *args])


def test_default_output_is_build_stem_docx(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(str(SEED_PLAN))
    assert result.exit_code == 0, result.output
    out = tmp_path / "build" / "2024.docx"
    assert out.is_file()
    assert "build/2024.docx" in result.output
    docx.Document(str(out))  # opens
    assert [p.name for p in (tmp_path / "build").iterdir()] == ["2024.docx"]  # no temp files left


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_default_output_suffix_follows_the_format(tmp_path, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(str(SEED_PLAN), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / f"2024.{fmt}").is_file()


def test_all_writes_every_format_into_the_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # no LibreOffice: PDF is skipped
    out = tmp_path / "out"
    result = invoke(str(SEED_PLAN), "-f", "all", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["2024.docx", "2024.html", "2024.md"]
    assert "bỏ qua PDF" in result.output


def test_pdf_without_libreoffice_says_how_to_install(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    result = invoke(str(SEED_PLAN), "-f", "pdf", "-o", str(tmp_path / "k.pdf"))
    assert result.exit_code == 2
    assert "LibreOffice" in result.output
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert not (tmp_path / "k.pdf").exists()


def test_plan_with_errors_is_refused(tmp_path) -> None:
    plan = mutate(tmp_path, "total: 13_000_000", "total: 14_000_000")
    out = tmp_path / "k.docx"
    result = invoke(str(plan), "-o", str(out))
    assert result.exit_code == 1
    assert "lỗi[" in result.output  # the same report as `kehoach validate`
    assert "--draft" in result.output
    assert not out.exists()


def test_draft_renders_a_plan_with_errors(tmp_path) -> None:
    plan = mutate(tmp_path, "total: 13_000_000", "total: 14_000_000")
    out = tmp_path / "k.docx"
    result = invoke(str(plan), "-o", str(out), "--draft")
    assert result.exit_code == 0, result.output
    assert "DỰ THẢO" in result.output
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "DỰ THẢO"
    md = tmp_path / "k.md"
    assert invoke(str(plan), "-f", "md", "-o", str(md), "--draft").exit_code == 0
    assert "**DỰ THẢO**" in md.read_text(encoding="utf-8")


def test_draft_cannot_render_a_plan_that_did_not_load(tmp_path) -> None:
    plan = mutate(tmp_path, "signer:\n  authority: TM", "signer:\n  authority: XX")
    result = invoke(str(plan), "-o", str(tmp_path / "k.docx"), "--draft")
    assert result.exit_code == 1
    assert not (tmp_path / "k.docx").exists()


def test_missing_plan_is_exit_2(tmp_path) -> None:
    result = invoke(str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "k.docx"))
    assert result.exit_code == 2


def test_the_plan_is_never_overwritten(tmp_path) -> None:
    plan = write_plan(tmp_path)
    before = plan.read_bytes()
    result = invoke(str(plan), "-f", "md", "-o", str(plan))
    assert result.exit_code == 2
    assert plan.read_bytes() == before


def test_all_with_a_file_as_output_folder_is_refused(tmp_path) -> None:
    taken = tmp_path / "file"
    taken.write_text("x")
    result = invoke(str(SEED_PLAN), "-f", "all", "-o", str(taken))
    assert result.exit_code == 2


SPECIAL = "Ý có & và <b>không đậm</b> và {{ x }} và {% if %} và ]]>"


def test_plan_text_is_escaped_in_every_format(tmp_path) -> None:
    plan = write_plan(tmp_path, purpose={"goals": [SPECIAL], "requirements": ["R & D <1>"]},
                      document__summary="thử & <mẫu> {{ y }}")
    for fmt in ("docx", "html", "md"):
        assert invoke(str(plan), "-f", fmt, "-o", str(tmp_path / f"k.{fmt}")).exit_code == 0
    with zipfile.ZipFile(tmp_path / "k.docx") as archive:
        for name in archive.namelist():
            minidom.parseString(archive.read(name))
    texts = [p.text for p in docx.Document(str(tmp_path / "k.docx")).paragraphs]
    assert f"- {SPECIAL}" in texts
    assert "Thử & <mẫu> {{ y }}" in texts
    html = (tmp_path / "k.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;không đậm&lt;/b&gt;" in html and "<b>" not in html
    assert "{{ x }}" in html and "R &amp; D &lt;1&gt;" in html
    md = (tmp_path / "k.md").read_text(encoding="utf-8")
    assert f"- {SPECIAL}" in md


def test_html_is_self_contained_and_print_ready(tmp_path) -> None:
    out = tmp_path / "k.html"
    assert invoke(str(SEED_PLAN), "-f", "html", "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in html
    assert "size: A4" in html and "margin: 20mm 15mm 20mm 30mm" in html
    assert "Times New Roman" in html
    assert "<link" not in html and "<script" not in html and "src=" not in html
    assert ">I. MỤC ĐÍCH, YÊU CẦU<" in html and ">IV. TỔ CHỨC THỰC HIỆN<" in html
    assert ">An Dương, ngày 29 tháng 3 năm 2024<" in html
    assert_balanced(html)


VOID = {"meta", "col", "br", "hr", "img", "link"}


def assert_balanced(html: str) -> None:
    """Every element the template opens is closed, in order."""
    from html.parser import HTMLParser

    stack: list[str] = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in VOID:
                stack.append(tag)

        def handle_endtag(self, tag):
            assert stack and stack.pop() == tag, f"unexpected </{tag}>"

    Checker().feed(html)
    assert stack == []


def test_markdown_has_the_same_numbering(tmp_path) -> None:
    out = tmp_path / "k.md"
    assert invoke(str(SEED_PLAN), "-f", "md", "-o", str(out)).exit_code == 0
    md = out.read_text(encoding="utf-8")
    assert "## I. MỤC ĐÍCH, YÊU CẦU" in md
    assert "#### 1.2. Tiểu dự án 2 thuộc Dự án 6: Truyền thông về giảm nghèo đa chiều" in md
    assert "##### 2.1.1. Chi hoạt động giám sát, đánh giá" in md
    assert "b) Thời gian thực hiện: Hoàn thành hết quý IV năm 2024." in md
    assert "## IV. TỔ CHỨC THỰC HIỆN" in md
    assert "\n\n\n" not in md


def test_user_templates_are_searched_first(tmp_path) -> None:
    user = tmp_path / "mau"
    (user / "md").mkdir(parents=True)
    (user / "md" / "kehoach.md").write_text("Riêng: {{ doc.header.date_line }}\n", encoding="utf-8")
    out = tmp_path / "k.md"
    assert invoke(str(SEED_PLAN), "-f", "md", "-o", str(out), "--templates", str(user)).exit_code == 0
    assert out.read_text(encoding="utf-8") == "Riêng: An Dương, ngày 29 tháng 3 năm 2024\n"
    # Parts the user did not override come from the packaged templates.
    docx_out = tmp_path / "k.docx"
    assert invoke(str(SEED_PLAN), "-o", str(docx_out), "--templates", str(user)).exit_code == 0
    docx.Document(str(docx_out))


def test_user_template_errors_are_messages(tmp_path) -> None:
    user = tmp_path / "mau"
    (user / "md").mkdir(parents=True)
    (user / "md" / "kehoach.md").write_text("{{ doc.khong_co }}\n", encoding="utf-8")
    result = invoke(str(SEED_PLAN), "-f", "md", "-o", str(tmp_path / "k.md"), "--templates", str(user))
    assert result.exit_code == 2
    assert "khong_co" in result.output
    (user / "md" / "kehoach.md").write_text("{% if %}\n", encoding="utf-8")
    result = invoke(str(SEED_PLAN), "-f", "md", "-o", str(tmp_path / "k.md"), "--templates", str(user))
    assert result.exit_code == 2
    assert "sai cú pháp" in result.output
    missing = invoke(str(SEED_PLAN), "-o", str(tmp_path / "k.docx"), "--templates", str(tmp_path / "x"))
    assert missing.exit_code == 2


def test_help_lists_the_options() -> None:
    result = runner.invoke(app, ["render", "--help"])
    assert result.exit_code == 0
    for option in ("--format", "--output", "--templates", "--draft"):
        assert option in result.output


def test_the_installed_command(tmp_path) -> None:
    """One real run of the console script: exit code and file, as a clerk would run it."""
    script = Path(sys.executable).parent / "kehoach"
    if not script.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    plan = write_plan(tmp_path, MINIMAL)
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([str(script), "render", str(plan), "-o", str(tmp_path / "k.docx")],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "k.docx").is_file()


def test_output_folder_for_one_format(tmp_path) -> None:
    result = invoke(str(SEED_PLAN), "-f", "md", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2024.md").is_file()


def test_draft_without_the_catalogue_prints_codes(tmp_path) -> None:
    plan = mutate(tmp_path, "programme: giam-ngheo-2021-2025", "programme: khong-co")
    out = tmp_path / "k.md"
    assert invoke(str(plan), "-f", "md", "-o", str(out)).exit_code == 1
    result = invoke(str(plan), "-f", "md", "-o", str(out), "--draft")
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert "### 1. DA6" in md and "#### 1.1. DA6.TDA1" in md
    assert "DA6.TDA1 với số tiền: 5.000.000 đồng;" in md


def test_validate_imports_neither_renderer_nor_rich() -> None:
    # `kehoach validate` must not pay for the renderer's imports, nor for rich's tables.
    code = (
        "import sys\n"
        "from kehoach.cli import app\n"
        "from typer.testing import CliRunner\n"
        f"CliRunner().invoke(app, ['validate', {str(SEED_PLAN)!r}])\n"
        "print('jinja2' in sys.modules, 'kehoach.render.views' in sys.modules, 'rich' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split() == ["False", "False", "False"]


def test_progress_file_errors_do_not_block_render_but_block_validate(tmp_path: Path) -> None:
    """The document comes from the plan alone; `validate` still reports the progress file."""
    plan = tmp_path / "2024.yaml"
    plan.write_bytes(SEED_PLAN.read_bytes())
    (tmp_path / "2024.progress.yaml").write_text(
        "plan: 2024.yaml\nrecords:\n  - date: 2024-06-30\n    task: khong-co\n    status: done\n",
        encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(app, ["validate", "-f", "parsable", str(plan)])
    assert checked.exit_code == 1 and "KH601" in checked.output
    rendered = runner.invoke(app, ["render", str(plan), "-o", str(tmp_path / "out.docx")])
    assert rendered.exit_code == 0, rendered.output
    assert (tmp_path / "out.docx").is_file()


def test_render_without_getuid_uses_the_platform_cache(tmp_path, monkeypatch):
    """Windows has no os.getuid: the template cache goes to %LOCALAPPDATA% and render works."""
    from kehoach.render import env as render_env

    monkeypatch.delattr(render_env.os, "getuid")
    monkeypatch.delenv("KEHOACH_NO_CACHE", raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert render_env.user_cache() == tmp_path / "local"
    result = CliRunner().invoke(app, ["render", str(SEED_PLAN), "-f", "md", "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 0, result.output
    assert any((tmp_path / "local" / "kehoach").rglob("*")), "no compiled template cached"
