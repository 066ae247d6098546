"""The command line: one thin module per command over the library.

How the package fits together:

- `root.py` — the `kehoach` group (`app`), its own options (--version, --color) and `main()`, the
  console entry point;
- `boundary.py` — the group's class: click's usage errors in Vietnamese, a KehoachError or a file
  error raised in any command turned into its message and exit code;
- `commands.py` — the table of commands (name → module, one-line help); a command's module is
  imported only when that command runs, so `kehoach validate` pays for nothing else;
- `options.py` — option types more than one command takes (--color, --stdin-filename, formats);
- `shared.py` — exit codes and the steps several commands share (read `-`, open a plan as
  `validate` checks it and print its errors, a date from the command line);
- one module per command: `validate.py`, `render.py`, `tasks.py`, `progress.py`, `report.py`,
  `new.py`, `summary.py`, `words.py`, `rules.py`, `schema.py`.

To add a command (say `kehoach sign`):

1. Put the work in the library (`kehoach/sign/`…): a function that takes plain data and returns
   plain data or raises KehoachError. Anything a web page or a test would also need goes there,
   never in the command.
2. Write `cli/sign.py`: `app = command_app()`, then one `@app.command("sign")` function whose
   docstring is its help page. It parses options (shared ones from `options.py`), calls the
   library, prints what comes back, and maps the outcome to an exit code (`shared.EXIT_*`).
   Import the library, and any optional extra, inside the function, not at the top: `--help`
   and the other commands must not pay for it. Every command takes `color: ColorOption = None`.
3. Add a line to COMMANDS in `commands.py`: the name, the module, and the docstring's first
   paragraph (what `kehoach --help` lists; tests/test_cli_package.py checks they agree).
4. Tests: the library function at the library level; the command through
   `CliRunner().invoke(app, ["sign", …])` (`from kehoach.cli import app`).
"""

from kehoach.cli.root import app, main

__all__ = ["app", "main"]
