"""What `kehoach summary` writes: the format, from `--format` and the `-o` file's suffix.

Plain data in, a format name out, or a KehoachError saying what to do; the command, a web page
and the tests call the same function.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.diagnostics import KehoachError

FORMATS = ("table", "csv", "json", "xlsx")
_BY_SUFFIX = {"csv": "csv", "json": "json", "xlsx": "xlsx"}


def named_format(output: Path | None) -> str:
    """The format an -o file's suffix names; the table when there is no -o or no known suffix."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return _BY_SUFFIX.get(suffix, "table")


def default_name(given: str | None) -> str:
    """The file an -o folder gets: tong-hop.<format>, a workbook when no format is given."""
    return f"tong-hop.{given or 'xlsx'}"


def choose_format(given: str | None, output: Path | None) -> str:
    """`--format` when given, else what the -o suffix names. Refused, never guessed: a workbook
    to the screen, a summary over a YAML file (a plan, most likely), and a --format that the
    -o suffix contradicts (`-f xlsx -o x.csv`: a workbook Excel would open as garbled text)."""
    chosen = given or named_format(output)
    if chosen == "xlsx" and output is None:
        raise KehoachError("Bảng tính Excel không in ra màn hình được.",
                           "Chỉ ra tệp kết quả: -o tong-hop.xlsx.")
    if output is not None and output.suffix.lower() in (".yaml", ".yml"):
        raise KehoachError(f"Không ghi bảng tổng hợp vào tệp YAML {output}.",
                           "Ghi ra tệp .xlsx, .csv, .json hoặc .txt.")
    named = named_format(output)
    if given is not None and named != "table" and named != given:
        raise KehoachError(f"--format {given} nhưng tệp {output} có đuôi .{named}.",
                           f"Đổi đuôi tệp thành .{given}, hoặc bỏ --format để theo đuôi tệp.")
    return chosen
