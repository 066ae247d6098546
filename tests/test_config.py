"""Rule settings (issue 26 item 1): which kehoach.toml applies to a file, what it may change, and
how a broken one is said (kehoach.config: the library a web page calls too)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kehoach import config
from kehoach.codes import all_codes, silencing
from kehoach.config import ConfigError, for_file, glob_regex, parse
from kehoach.diagnostics import Severity

W, E = Severity.WARNING, Severity.ERROR


@pytest.fixture(autouse=True)
def _fresh():
    config.forget()
    yield
    config.forget()


def write(folder: Path, text: str, name: str = "kehoach.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- finding -----------------------------------------------------------------------------------


def test_the_closest_config_walking_up_wins_alone(tmp_path):
    write(tmp_path, '[rules]\nKH505 = "off"\nKH512 = "error"\n')
    write(tmp_path / "xa" / "2024", '[rules]\nKH303 = "off"\n')
    top = for_file(tmp_path / "plans" / "2024.yaml")
    assert top.path is not None and top.path.name == "kehoach.toml"
    assert top.level("KH505", tmp_path / "plans" / "2024.yaml", W) is None
    deep = for_file(tmp_path / "xa" / "2024" / "ke-hoach.yaml")
    assert deep.level("KH303", tmp_path / "xa" / "2024" / "ke-hoach.yaml", W) is None
    assert deep.level("KH505", tmp_path / "xa" / "2024" / "ke-hoach.yaml", W) is W  # not merged (as ruff)


def test_pyproject_tool_table_is_read_and_kehoach_toml_comes_first(tmp_path):
    write(tmp_path, '[project]\nname = "x"\n\n[tool.kehoach.rules]\nKH505 = "tắt"\n', "pyproject.toml")
    assert for_file(tmp_path / "a.yaml").level("KH505", tmp_path / "a.yaml", W) is None
    write(tmp_path / "sub", '[project]\nname = "y"\n', "pyproject.toml")  # no [tool.kehoach]: look further up
    assert for_file(tmp_path / "sub" / "a.yaml").path.name == "pyproject.toml"
    write(tmp_path, '[rules]\nKH505 = "error"\n')
    config.forget()
    settings = for_file(tmp_path / "a.yaml")
    assert settings.path.name == "kehoach.toml" and settings.level("KH505", tmp_path / "a.yaml", W) is E


def test_no_config_changes_nothing(tmp_path):
    assert for_file(tmp_path / "a.yaml").level("KH505", tmp_path / "a.yaml", W) is W


def test_an_edited_config_is_read_again(tmp_path):
    path = write(tmp_path, '[rules]\nKH505 = "off"\n')
    assert for_file(tmp_path / "a.yaml").level("KH505", "a.yaml", W) is None
    path.write_text('[rules]\nKH505 = "error"\n# longer, so the size differs too\n', encoding="utf-8")
    assert for_file(tmp_path / "a.yaml").level("KH505", "a.yaml", W) is E


# ---- levels and globs --------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "level"), [
    ("off", None), ("tắt", None), ("Tắt", None), ("tat", None), ("warning", W), ("cảnh báo", W),
    ("canh bao", W), ("error", E), ("lỗi", E), ("LOI", E),
])
def test_levels_in_english_or_vietnamese(tmp_path, word, level):
    settings = parse(f'[rules]\nKH512 = "{word}"\n', tmp_path / "kehoach.toml")
    assert settings.rules == {"KH512": level}


def test_a_rule_by_its_name(tmp_path):
    assert parse('[rules]\ndocument-undated = "off"\n', tmp_path / "kehoach.toml").rules == {"KH505": None}


@pytest.mark.parametrize(("pattern", "matches", "misses"), [
    ("*.progress.yaml", ["2024.progress.yaml", "plans/xa/2024.progress.yaml"], ["2024.yaml"]),
    ("plans/*.yaml", ["plans/2024.yaml"], ["plans/xa/2024.yaml", "khac/plans/2024.yaml"]),
    ("plans/**", ["plans/2024.yaml", "plans/xa/2024.yaml"], ["2024.yaml"]),
    ("nhap/", ["nhap/a.yaml", "nhap/b/c.yaml"], ["a/nhap.yaml"]),
    ("**/nhap/*.yaml", ["nhap/a.yaml", "xa/nhap/a.yaml"], ["xa/nhap/b/a.yaml"]),
    ("20[0-9][0-9].yaml", ["2024.yaml", "plans/2025.yaml"], ["2024.progress.yaml"]),
])
def test_globs_read_like_gitignore(pattern, matches, misses):
    regex = glob_regex(pattern)
    assert all(regex.fullmatch(m) for m in matches), pattern
    assert not any(regex.fullmatch(m) for m in misses), pattern


def test_files_tables_override_rules_in_order(tmp_path):
    settings = parse('[rules]\nKH505 = "off"\n[files."nhap/**"]\nKH505 = "warning"\n'
                     '[files."nhap/cu/*.yaml"]\nKH505 = "off"\nKH512 = "error"\n', tmp_path / "kehoach.toml")
    assert settings.level("KH505", tmp_path / "2024.yaml", W) is None
    assert settings.level("KH505", tmp_path / "nhap" / "2024.yaml", W) is W
    assert settings.level("KH505", tmp_path / "nhap" / "cu" / "2024.yaml", W) is None
    assert settings.level("KH512", tmp_path / "nhap" / "cu" / "2024.yaml", W) is E
    assert settings.level("KH512", tmp_path / "nhap" / "2024.yaml", W) is W
    assert settings.level("KH505", tmp_path.parent / "ngoai.yaml", W) is None  # outside: [rules] only


# ---- what may be silenced -----------------------------------------------------------------------


def test_every_code_has_a_silencing_class():
    kinds = {c.code: silencing(c.code).kind for c in all_codes()}
    assert all(k in ("free", "allow-errors", "never") for k in kinds.values())
    assert {code for code, k in kinds.items() if k == "free"} == {c.code for c in all_codes()
                                                                 if c.severity is Severity.WARNING}
    for code in ("KH201", "KH202", "KH203", "KH207", "KH301", "KH302", "KH604", "KH612"):  # sums, words…
        assert kinds[code] == "allow-errors", code
    for code in ("KH001", "KH003", "KH102", "KH105", "KH106", "KH401", "KH701"):
        assert kinds[code] == "never", code


def test_an_error_needs_allow_errors(tmp_path):
    with pytest.raises(ConfigError) as caught:
        parse('[rules]\nKH201 = "warning"\n', tmp_path / "kehoach.toml")
    assert "allow-errors" in caught.value.hint and "KH201" in caught.value.message
    assert ":2" in caught.value.message  # the line of the setting
    settings = parse('allow-errors = ["KH201"]\n[rules]\nKH201 = "off"\n', tmp_path / "kehoach.toml")
    assert settings.level("KH201", "x.yaml", E) is None and settings.allow_errors == {"KH201"}


def test_raising_a_warning_or_an_error_to_error_needs_nothing(tmp_path):
    assert parse('[rules]\nKH512 = "error"\nKH201 = "error"\n', tmp_path / "kehoach.toml").rules == {
        "KH512": E, "KH201": E}


@pytest.mark.parametrize("text", [
    '[rules]\nKH102 = "off"\n',
    'allow-errors = ["KH102"]\n[rules]\nKH102 = "off"\n',
    'allow-errors = ["KH401"]\n',
    '[files."*.yaml"]\nKH106 = "warning"\n',
])
def test_never_silenced_even_when_allowed(tmp_path, text):
    with pytest.raises(ConfigError) as caught:
        parse(text, tmp_path / "kehoach.toml")
    assert "không bao giờ" in caught.value.message


@pytest.mark.parametrize(("text", "says"), [
    ('[rules]\nKH550 = "off"\n', "không có quy tắc `KH550`"),
    ('[rules]\ndocument-undate = "off"\n', "không có quy tắc"),
    ('[rules]\nKH505 = "im lặng"\n', "mức `im lặng` không có"),
    ('[rule]\nKH505 = "off"\n', "khóa `rule` không có"),
    ('allow-errors = "KH201"\n', "allow-errors là danh sách"),
    ('[rules\nKH505 = "off"\n', "cú pháp TOML sai"),
    ('[rules]\nKH505 = 0\n', "mức `0` không có"),
])
def test_a_broken_config_says_where_and_what(tmp_path, text, says):
    write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        for_file(tmp_path / "2024.yaml")
    assert says in caught.value.message, caught.value.message
    assert "kehoach.toml:" in caught.value.message  # file:line
    assert caught.value.exit_code == 2


def test_unknown_code_suggests_the_nearest(tmp_path):
    with pytest.raises(ConfigError) as caught:
        parse('[rules]\nKH550 = "off"\n', tmp_path / "kehoach.toml")
    assert "KH505" in caught.value.hint or "KH510" in caught.value.hint


def test_config_error_crosses_processes():
    import pickle

    error = pickle.loads(pickle.dumps(ConfigError("kehoach.toml:2: x", "y")))
    assert (error.message, error.hint) == ("kehoach.toml:2: x", "y")


def test_message_names_the_config_from_the_working_folder(tmp_path, monkeypatch):
    write(tmp_path, '[rules]\nKH550 = "off"\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        for_file(Path("plans") / "2024.yaml")
    assert caught.value.message.startswith("kehoach.toml:2:")
    assert os.sep + "kehoach.toml" not in caught.value.message


def test_the_readme_table_of_what_can_be_silenced_is_right():
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("**Mã nào bỏ qua được**"):]
    rows = [line for line in table.splitlines()[3:8] if line.startswith("| ")]
    said = {}
    for row, kind in zip(rows, ("free", "allow-errors", "never"), strict=True):
        codes = set()
        for first, last in re.findall(r"KH(\d{3})(?:–KH(\d{3}))?", row.split("|")[2]):
            codes |= {f"KH{n:03d}" for n in range(int(first), int(last or first) + 1)}
        said[kind] = codes
    known = {c.code for c in all_codes()}
    actual = {kind: {c for c in known if silencing(c).kind == kind} for kind in said}
    assert {k: v & known for k, v in said.items()} == actual
