"""The `validate`, `words` and `rules` commands, through CliRunner and (once) as installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PLAN_2024, PLAN_TEXT, line_of, mutate, mutated_text, write_text
from kehoach.cli import app

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    # never a traceback, whatever the input
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


@pytest.fixture
def broken(tmp_path) -> Path:
    return mutate(tmp_path, "    DA7.TDA2: 6_000_000", "    DA7.TDA2: 5_500_000", "broken.yaml")


@pytest.fixture
def warned(tmp_path) -> Path:
    return mutate(tmp_path, "  date: 2024-03-29", "  date: 2022-03-29", "warned.yaml")


# ---- validate: exit codes -----------------------------------------------------------------------


def test_real_plan_is_clean():
    result = invoke("validate", PLAN_2024)
    assert result.exit_code == 0
    assert result.stdout.strip() == "Không có lỗi (1 tệp)."


def test_quiet_prints_nothing_when_clean():
    result = invoke("validate", "--quiet", PLAN_2024)
    assert result.exit_code == 0 and result.stdout == ""


def test_errors_exit_1(broken):
    result = invoke("validate", broken)
    assert result.exit_code == 1
    assert f"lỗi[KH201]: {broken}:{line_of(PLAN_TEXT, '  total:')}:10" in result.stdout
    assert "thiếu 500.000 đồng" in result.stdout
    assert result.stdout.rstrip().endswith("1 lỗi, 0 cảnh báo (1 tệp).")


def test_warnings_only_exit_0_unless_strict(warned):
    result = invoke("validate", warned)
    assert result.exit_code == 0
    assert "cảnh báo[KH502]" in result.stdout
    assert invoke("validate", "--strict", warned).exit_code == 1


def test_missing_file_exit_2(tmp_path):
    result = invoke("validate", tmp_path / "khong-co.yaml")
    assert result.exit_code == 2
    assert "KH001" in result.stdout


def test_non_utf8_file_exit_2(tmp_path):
    path = write_text(tmp_path, "kehoach: 1\nissuer: Kế hoạch\n".encode("utf-16"))
    result = invoke("validate", path)
    assert result.exit_code == 2
    assert "UTF-16" in result.stdout


def test_legacy_text_exit_2(tmp_path):
    path = mutate(tmp_path, "  place: An Dương", "  place: Xaõ An Döông, huyeän Tieân Löõ")
    assert invoke("validate", path).exit_code == 2


def test_syntax_error_exit_1(tmp_path):
    path = write_text(tmp_path, "kehoach: 1\ndocument:\n\tissuer: x\n")
    result = invoke("validate", path)
    assert result.exit_code == 1 and "KH003" in result.stdout


def test_empty_folder_is_a_usage_error(tmp_path):
    result = invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert "Không tìm thấy tệp kế hoạch" in result.stderr


def test_unknown_format_is_a_usage_error():
    assert invoke("validate", "--format", "xml", PLAN_2024).exit_code == 2


# ---- validate: several files ---------------------------------------------------------------------


def test_several_files_all_reported(broken, warned, tmp_path):
    result = invoke("validate", "-f", "parsable", broken, PLAN_2024, warned)
    assert result.exit_code == 1
    lines = result.stdout.strip().split("\n")
    assert [line.split(": ", 1)[0].rsplit(":", 2)[0] for line in lines] == [str(broken), str(warned)]
    assert "error[KH201]" in lines[0] and "warning[KH502]" in lines[1]


def test_unreadable_file_among_others_exit_2_and_others_still_checked(broken, tmp_path):
    bad = write_text(tmp_path, b"kehoach: 1\nplace: Kh\xf4ng\n", "cp1258.yaml")
    result = invoke("validate", "-f", "parsable", bad, broken)
    assert result.exit_code == 2
    assert "KH001" in result.stdout and "KH201" in result.stdout


def test_folder(tmp_path):
    folder = tmp_path / "plans"
    mutate(folder, "    DA7.TDA2: 6_000_000", "    DA7.TDA2: 5_500_000", "a.yaml")
    mutate(folder, "  date: 2024-03-29", "  date: 2022-03-29", "sub/b.yml")
    write_text(folder, PLAN_TEXT, "c.yaml")
    write_text(folder, "plan: c.yaml\nrecords: []\n", "c.progress.yaml")  # not a plan
    write_text(folder, "not yaml", "notes.txt")
    result = invoke("validate", "-f", "json", folder)
    data = json.loads(result.stdout)
    assert data["files"] == [str(folder / "a.yaml"), str(folder / "c.yaml"), str(folder / "sub/b.yml")]
    assert [(d["file"], d["code"]) for d in data["diagnostics"]] == [
        (str(folder / "a.yaml"), "KH201"), (str(folder / "sub/b.yml"), "KH502")]
    assert data["summary"] == {"errors": 1, "warnings": 1, "silenced": 0}
    assert result.exit_code == 1


# ---- validate: formats ---------------------------------------------------------------------------


def test_format_human(broken):
    out = invoke("validate", "--format", "human", broken).stdout
    line = line_of(PLAN_TEXT, "  total: 13_000_000")
    assert f"{line} |   total: 13_000_000" in out
    assert "^^^^^^^^^^" in out
    assert "Cách sửa:" in out
    assert "\x1b[" not in out  # no colour when not a terminal


def test_format_parsable(broken):
    out = invoke("validate", "-f", "parsable", broken).stdout
    line = line_of(PLAN_TEXT, "  total: 13_000_000")
    assert out.startswith(f"{broken}:{line}:10: error[KH201] Các dòng kinh phí cộng lại")
    assert out.count("\n") == 1


def test_format_parsable_clean_prints_nothing():
    assert invoke("validate", "-f", "parsable", PLAN_2024).stdout == ""


def test_format_json(broken):
    data = json.loads(invoke("validate", "-f", "json", broken).stdout)
    assert data["summary"] == {"errors": 1, "warnings": 0, "silenced": 0}
    d = data["diagnostics"][0]
    assert (d["code"], d["line"], d["column"]) == ("KH201", line_of(PLAN_TEXT, "  total:"), 10)


def test_format_json_clean():
    data = json.loads(invoke("validate", "-f", "json", PLAN_2024).stdout)
    assert data["diagnostics"] == [] and data["files"] == [str(PLAN_2024)]


def test_format_github(broken):
    out = invoke("validate", "-f", "github", broken).stdout
    line = line_of(PLAN_TEXT, "  total:")
    assert out.startswith(f"::error file={broken},line={line},col=10,")
    assert "title=KH201::" in out and out.count("\n") == 1


# ---- words ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["13000000", "13.000.000", "13_000_000", "13.000.000 đồng"])
def test_words(amount):
    result = invoke("words", amount)
    assert result.exit_code == 0
    assert result.stdout == "Mười ba triệu đồng\n"


def test_words_other_amounts():
    assert invoke("words", "0").stdout == "Không đồng\n"
    assert invoke("words", "1005000").stdout == "Một triệu không trăm linh năm nghìn đồng\n"


@pytest.mark.parametrize(("amount", "words"), [("-5", "âm"), ("1.5", "Số tiền"), ("abc", "abc"),
                                               ("5,5", "thập phân"), ("", "trống")])
def test_words_refused(amount, words):
    result = invoke("words", amount)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("kehoach: lỗi: ")
    assert words in result.stderr


# ---- rules ---------------------------------------------------------------------------------------


def test_rules_lists_every_code():
    from kehoach.codes import all_codes

    out = invoke("rules").stdout.strip().split("\n")
    assert [line.split()[0] for line in out] == [c.code for c in all_codes()]
    kh201 = next(line for line in out if line.startswith("KH201"))
    assert "budget-sum" in kh201 and "lỗi" in kh201
    assert "cảnh báo" in next(line for line in out if line.startswith("KH303"))


def test_rules_markdown_matches_docs_page(root):
    out = invoke("rules", "--format", "md").stdout
    assert out == (root / "docs" / "rules.md").read_text(encoding="utf-8")


# ---- the installed program -----------------------------------------------------------------------


def _installed() -> str:
    found = Path(sys.executable).with_name("kehoach")
    if found.is_file():
        return str(found)
    which = shutil.which("kehoach")
    assert which, "the `kehoach` console script is not installed (pip install -e .)"
    return which


def test_installed_console_script(tmp_path):
    exe = _installed()
    env = {**os.environ, "NO_COLOR": "1"}
    ok = subprocess.run([exe, "validate", str(PLAN_2024)], capture_output=True, text=True,
                        env=env, timeout=60)
    assert (ok.returncode, ok.stdout.strip(), ok.stderr) == (0, "Không có lỗi (1 tệp).", "")
    bad = write_text(tmp_path, mutated_text("  total_in_words: Mười ba triệu đồng",
                                            "  total_in_words: Mười hai triệu đồng"))
    failed = subprocess.run([exe, "validate", "-f", "parsable", str(bad)], capture_output=True,
                            text=True, env=env, timeout=60)
    assert failed.returncode == 1
    assert failed.stdout.startswith(f"{bad}:{line_of(PLAN_TEXT, 'total_in_words')}:19: error[KH203]")
    words = subprocess.run([exe, "words", "-5"], capture_output=True, text=True, env=env, timeout=60)
    assert words.returncode == 2 and "âm" in words.stderr and "Traceback" not in words.stderr


def test_python_dash_m_help():
    result = subprocess.run([sys.executable, "-m", "kehoach", "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    for command in ("validate", "words", "rules", "schema"):
        assert command in result.stdout


def test_folder_skips_hidden_folders_and_files(tmp_path):
    write_text(tmp_path, PLAN_TEXT, "plans/2024.yaml")
    write_text(tmp_path, "not: a plan\n", ".venv/lib/site-packages/x.yaml")
    write_text(tmp_path, "- id: kehoach-validate\n", ".pre-commit-hooks.yaml")
    result = invoke("validate", "-f", "json", tmp_path)
    data = json.loads(result.stdout)
    assert data["files"] == [str(tmp_path / "plans" / "2024.yaml")]
    assert result.exit_code == 0
