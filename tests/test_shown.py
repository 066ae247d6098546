"""kehoach.shown (issue 28, class 5): any file name is shown safely by every command, in every
format — valid UTF-8, no control or bidi character a terminal or a spreadsheet would act on —
and the same way everywhere (the name `validate` prints is the name every other command prints)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import PLAN_2024
from kehoach.cli import app
from kehoach.shown import shown

ODD = [b"a\xff", b"b\x1b[31mred", b"c\rd", b"e\nf", b"g\th", b"i\x7f", b"j\xc2\x9b2J", "k\u202eLMX".encode(),
       "l\u2028m".encode(), b"\xe1\xba", b"n\x01", "Kế hoạch xã".encode()]


def _unsafe(text: str) -> list[str]:
    text = text.replace("\r\n", "\n")  # csv's line ends
    return [ch for ch in text if (ord(ch) < 0x20 and ch not in "\n") or 0x7f <= ord(ch) <= 0x9f
            or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
            or 0xD800 <= ord(ch) <= 0xDFFF]


@given(st.text())
def test_shown_leaves_nothing_unsafe_and_is_stable(text):
    once = shown(text)
    assert not _unsafe(once) and shown(once) == once
    once.encode("utf-8")  # no lone surrogate left: this would raise


def test_a_byte_that_is_not_utf8_is_shown_as_itself():
    assert shown(os.fsdecode(b"a\xff.yaml")) == "a\\xff.yaml"
    assert shown("b\x1b[31m") == "b\\x1b[31m" and shown("k\u202e") == "k\\u202e"
    assert shown("Kế hoạch\nhai", line_breaks=True) == "Kế hoạch\nhai"


@pytest.mark.parametrize("stem", ODD, ids=[repr(n) for n in ODD])
def test_every_command_shows_an_odd_name_safely(tmp_path, stem):
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = Path(os.fsdecode(os.path.join(os.fsencode(folder), stem + b".yaml")))
    shutil.copyfile(PLAN_2024, plan)
    out = tmp_path / "out"
    runs = [["validate", str(plan)], ["validate", str(plan), "-f", "parsable"],
            ["validate", str(folder), "-f", "json"], ["validate", str(folder), "-f", "github"],
            ["tasks", str(plan)], ["tasks", str(plan), "-f", "json"],
            ["progress", str(plan), "--as-of", "2024-12-31"], ["progress", str(plan), "-f", "json"],
            ["progress", str(plan), "-f", "md"], ["summary", str(folder)],
            ["summary", str(folder), "-f", "csv"],
            ["summary", str(folder), "-f", "json"], ["render", str(plan), "-f", "md", "-o", f"{out}/"],
            ["new", str(plan), "--year", "2025", "-o", str(out / "2025.yaml")],
            ["validate", str(plan.with_name(plan.stem + ".khong-co.yaml"))]]
    for args in runs:
        result = CliRunner().invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        assert result.exit_code in (0, 1, 2), args
        for stream in (result.stdout_bytes, result.stderr_bytes or b""):
            text = stream.decode("utf-8")  # valid UTF-8, or this raises
            assert not _unsafe(text), (args, _unsafe(text))
        if args[0] != "new":
            assert "lỗi không mong đợi" not in result.output, (args, result.output)
        as_json = args[-2:] == ["-f", "json"]
        if args[0] == "summary" or (as_json and args[0] == "validate") or args[1].endswith("khong-co.yaml"):
            name = shown(plan.stem)  # as `validate` shows it (a table may fold the name after it)
            said = json.dumps(name, ensure_ascii=False)[1:-1] if as_json else name
            assert said in result.output, (args, result.output)
