"""kehoach.cli: one module per command, each imported only when its command runs (issues 20, 21)."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.cli.commands import COMMANDS, LazyCommands, load

CLI = Path(importlib.import_module("kehoach.cli").__file__).parent
NOT_COMMANDS = {"__init__", "root", "boundary", "commands", "options", "shared", "completion"}


def test_every_command_module_is_in_the_table_and_back():
    modules = {p.stem for p in CLI.glob("*.py")} - NOT_COMMANDS
    assert {entry.module.rsplit(".", 1)[1] for entry in COMMANDS.values()} == modules


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_table_lists_the_first_paragraph_of_each_docstring(name):
    command = load(COMMANDS[name])
    first = inspect.cleandoc(command.help).split("\n\n", 1)[0]
    assert " ".join(first.split()) == COMMANDS[name].help
    # The listing of `kehoach --help` shortens it as click would the command's own help.
    from kehoach.cli.commands import _Listed

    listed = _Listed(name, COMMANDS[name].help)
    for limit in (20, 45, 66, 74, 200):
        assert listed.get_short_help_str(limit) == command.get_short_help_str(limit)


def test_help_lists_every_command_in_the_table_order():
    page = CliRunner().invoke(app, ["--help"], terminal_width=200).output
    listed = [line.split()[0] for line in page.split("Lệnh:", 1)[1].splitlines() if line.strip()]
    assert listed == list(COMMANDS)


def test_the_group_knows_every_name_without_building_a_command():
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert isinstance(commands, LazyCommands)
    assert list(commands) == list(COMMANDS) and "validate" in commands and len(commands) == len(COMMANDS)
    assert commands.built == {}


def _modules_after(*args: str) -> set[str]:
    code = ("import sys\nfrom kehoach.cli import app\nfrom typer.testing import CliRunner\n"
            f"CliRunner().invoke(app, {list(args)!r})\n"
            "print(' '.join(m for m in sys.modules if m.startswith('kehoach.cli.')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          check=True)
    return {m.removeprefix("kehoach.cli.") for m in done.stdout.split()}


def test_help_imports_no_command_module():
    assert _modules_after("--help") <= NOT_COMMANDS


def test_a_command_imports_its_own_module_alone():
    assert _modules_after("words", "5") - NOT_COMMANDS == {"words"}
    assert _modules_after("validate", "--help") - NOT_COMMANDS == {"validate"}
