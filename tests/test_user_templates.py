"""Issue 11, classes 10 and 11: a user's template errors are the user's (a Vietnamese message
naming the template, exit 2, nothing written); user templates run sandboxed with bounded output;
the template cache is best effort (corrupt entries, a full disk, HOME='' or a relative path)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.render import env as render_env

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plans" / "2024.yaml"
DOCUMENT = "docx/word/document.xml"


def _render(tmp_path: Path, template: str, body: str | bytes, fmt: str = "docx"):
    folder = tmp_path / "mau"
    target = folder / template
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(body, bytes):
        target.write_bytes(body)
    else:
        target.write_text(body, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    out.write_bytes(b"previous")
    result = CliRunner().invoke(app, ["render", str(PLAN), "-f", fmt, "--templates", str(folder),
                                      "-o", str(out)])
    assert "Traceback" not in result.output
    return result, out


CASES = {
    "raises": ("{{ 1 // 0 }}", "ZeroDivisionError"),
    "recurses": ('{% include "docx/word/document.xml" %}', "gọi lại chính nó"),
    "not UTF-8": ("Kế hoạch {{ doc }}".encode("cp1258", "replace") + b"\xff\xfe", "UTF-8"),
    "malformed XML": ('<?xml version="1.0"?><w:document xmlns:w="x"><w:body>', "XML hỏng"),
    "DOCTYPE": ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>', "DOCTYPE"),
    "sandbox escape": ("{{ doc.__class__.__mro__[1].__subclasses__() }}", "không được phép"),
    "syntax": ("{% if %}", "sai cú pháp"),
    "unknown field": ("{{ doc.khong_co_truong_nay }}", "trường không có"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_broken_user_template_is_named_and_nothing_is_written(tmp_path, case):
    body, words = CASES[case]
    result, out = _render(tmp_path, DOCUMENT, body)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "document.xml" in result.output  # the message names the template
    assert "lỗi không mong đợi" not in result.output
    assert out.read_bytes() == b"previous"


def test_output_of_a_user_template_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(render_env, "MAX_USER_OUTPUT", 1024 * 1024)
    body = "{% for i in range(100000) %}{% for j in range(100000) %}0123456789{% endfor %}{% endfor %}"
    result, out = _render(tmp_path, "md/kehoach.md", body, fmt="md")
    assert result.exit_code == 2, result.output
    assert "in ra hơn" in result.output and "kehoach.md" in result.output
    assert out.read_bytes() == b"previous"


def test_a_good_user_template_still_renders(tmp_path):
    result, out = _render(tmp_path, "md/kehoach.md", "# {{ doc.summary }}\n", fmt="md")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# ")


# ---- class 11: the cache is best effort -------------------------------------------------------


def _render_plain(tmp_path: Path, env: dict[str, str] | None = None, cwd: Path | None = None):
    out = tmp_path / "out.docx"
    done = subprocess.run([sys.executable, "-c", "from kehoach.cli import main; main()", "render",
                           str(PLAN), "-o", str(out)], capture_output=True, timeout=120,
                          env={**os.environ, **(env or {})}, cwd=cwd)
    assert done.returncode == 0, done.stderr.decode()
    assert out.stat().st_size > 1000
    return done


def test_corrupt_cache_entries_are_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    _render_plain(tmp_path, {"XDG_CACHE_HOME": str(cache)})
    entries = list(cache.rglob("__jinja2_*.cache"))
    assert entries
    for i, entry in enumerate(entries):  # garbage of every kind: truncated, random, empty
        entry.write_bytes([b"", b"j2/\x00garbage", entry.read_bytes()[:40]][i % 3])
    _render_plain(tmp_path, {"XDG_CACHE_HOME": str(cache)})
    assert all(e.stat().st_size > 100 for e in cache.rglob("__jinja2_*.cache"))


def test_a_fifo_in_the_cache_does_not_block(tmp_path):
    cache = tmp_path / "cache"
    _render_plain(tmp_path, {"XDG_CACHE_HOME": str(cache)})
    entry = next(cache.rglob("__jinja2_*.cache"))
    entry.unlink()
    os.mkfifo(entry)
    _render_plain(tmp_path, {"XDG_CACHE_HOME": str(cache)})


def test_a_full_disk_never_fails_a_render(tmp_path, monkeypatch):
    from jinja2.bccache import Bucket

    def full(self, f):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Bucket, "write_bytecode", full)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "o.docx"
    result = CliRunner().invoke(app, ["render", str(PLAN), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]  # no temp left behind


def _snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*")} if folder.exists() else {}


@pytest.mark.parametrize("env", [{"HOME": "", "XDG_CACHE_HOME": ""},
                                 {"HOME": "", "XDG_CACHE_HOME": "cache"}, {"XDG_CACHE_HOME": "cache"}])
def test_no_cache_in_the_working_folder_or_root(tmp_path, env):
    work = tmp_path / "work"
    work.mkdir()
    before = _snapshot(Path("/.cache"))
    _render_plain(tmp_path, env, cwd=work)
    assert list(work.iterdir()) == []
    assert _snapshot(Path("/.cache")) == before


@pytest.mark.parametrize("env", [{"HOME": ""}, {"HOME": "relative/home"}, {"XDG_CACHE_HOME": "cache"}])
def test_cache_location_is_never_root_or_relative(monkeypatch, env):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("KEHOACH_NO_CACHE", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    cache = render_env._bytecode_cache()
    if cache is not None:  # only the real home's cache, absolute, never "/" or the working folder
        folder = Path(cache.directory)
        assert folder.is_absolute() and folder.parts[1] != ".cache"
        assert env.get("HOME") is None


HUGE_VALUES = {
    "repeat": '{{ "x" * 10**10 }}',
    "list repeat": "{{ [1] * 999999999 }}",
    "format width": '{{ "%0999999999d" % 1 }}',
    "str.format width": '{{ "{:>999999999}".format(1) }}',
    "power": "{{ 10 ** 100000000 }}",
    "doubling by ~": '{% set ns = namespace(s="x") %}{% for i in range(34) %}{% set ns.s = ns.s ~ ns.s %}'
                     "{% endfor %}{{ ns.s|length }}",
}


@pytest.mark.parametrize("case", HUGE_VALUES, ids=list(HUGE_VALUES))
def test_one_expression_cannot_build_a_huge_value(tmp_path, case):
    """The output bound counts what is printed; one expression can build gigabytes before that.
    Run in a child with 2 GB of address space: without the bound it fails or is killed."""
    folder = tmp_path / "mau" / "md"
    folder.mkdir(parents=True)
    (folder / "kehoach.md").write_text(HUGE_VALUES[case], encoding="utf-8")
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
            "from kehoach.cli import main; sys.argv[0] = 'kehoach'; main()")
    done = subprocess.run([sys.executable, "-c", code, "render", str(PLAN), "-f", "md", "--templates",
                           str(tmp_path / "mau"), "-o", str(tmp_path / "x.md")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "giá trị quá lớn" in done.stderr and "kehoach.md:1" in done.stderr
    assert not (tmp_path / "x.md").exists()


def test_ordinary_operators_still_work_in_user_templates(tmp_path):
    body = '{{ "a" ~ "b" }} {{ 3 * 4 }} {{ "%05d" % 7 }} {{ "{:>3}".format(1) }} {{ 2 ** 10 }} {{ "ab" * 2 }}'
    result, out = _render(tmp_path, "md/kehoach.md", body, fmt="md")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").strip() == "ab 12 00007   1 1024 abab"


def test_loops_that_print_nothing_are_bounded_too(tmp_path):
    """Nested loops can run for hours without printing a character: their steps are counted.
    In a child with a deadline, so a missing bound fails instead of hanging the suite."""
    folder = tmp_path / "mau" / "md"
    folder.mkdir(parents=True)
    (folder / "kehoach.md").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "from kehoach.cli import main; main()", "render", str(PLAN),
                           "-f", "md", "--templates", str(tmp_path / "mau"), "-o", str(tmp_path / "x.md")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "lặp hơn" in done.stderr and "kehoach.md:1" in done.stderr
    assert not (tmp_path / "x.md").exists()


def test_the_packaged_templates_as_user_templates_print_the_same(tmp_path):
    """Counting loop steps must not change what a loop does (loop.last, loop.index, else)."""
    import shutil

    shutil.copytree(render_env.packaged_templates(), tmp_path / "mau")
    plan = ROOT / "plans" / "examples" / "son-tinh-2025-phu-luc.yaml"
    for fmt in ("docx", "html", "md"):
        own, mine = tmp_path / f"own.{fmt}", tmp_path / f"mine.{fmt}"
        assert CliRunner().invoke(app, ["render", str(plan), "-f", fmt, "-o", str(own)]).exit_code == 0
        result = CliRunner().invoke(app, ["render", str(plan), "-f", fmt, "--templates",
                                          str(tmp_path / "mau"), "-o", str(mine)])
        assert result.exit_code == 0, result.output
        assert own.read_bytes() == mine.read_bytes(), fmt
