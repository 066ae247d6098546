"""What `kehoach progress` writes: the format, from `--format` and the `-o` file's suffix, decided
here so that the command, a web page and the tests agree.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.diagnostics import KehoachError

FORMATS = ("table", "json", "md", "csv", "xlsx")
_BY_SUFFIX = {"json": "json", "md": "md", "csv": "csv", "xlsx": "xlsx"}


def named_format(output: Path | None) -> str | None:
    """The format an -o file's suffix names, if any."""
    return _BY_SUFFIX.get(output.suffix.lower().lstrip(".")) if output is not None else None


def choose_format(given: str | None, output: Path | None) -> str:
    """`--format` when given, else what the -o suffix names, else the table. Refused, never
    guessed: the table or a workbook with nowhere to go, and a --format the suffix contradicts
    (`-f xlsx -o x.csv` would be a workbook Excel opens as garbled text)."""
    named = named_format(output)
    chosen = given or named or "table"
    if given is not None and named is not None and named != given:
        raise KehoachError(f"--format {given} nhưng tệp {output} có đuôi .{named}.",
                           f"Đổi đuôi tệp thành .{given}, hoặc bỏ --format để theo đuôi tệp.")
    if chosen == "table" and output is not None:
        raise KehoachError("Bảng chỉ in ra màn hình.",
                           "Ghi ra tệp với --format csv, xlsx, json hoặc md (hoặc tên tệp có đuôi đó).")
    if chosen == "xlsx" and output is None:
        raise KehoachError("Bảng tính Excel không in ra màn hình được.",
                           "Chỉ ra tệp kết quả: -o tien-do.xlsx.")
    return chosen
