"""A mistyped command line is answered in Vietnamese with exit 2, never click's English."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kehoach.cli import app


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["valdate", "x"], "không có lệnh `valdate` (có phải `validate`?)"),
        (["validate"], "thiếu tham số `TỆP_HOẶC_THƯ_MỤC`"),  # as its help page names it
        (["validate", "--fromat", "json", "x"], "không có tùy chọn `--fromat` (có phải `--format`?)"),
        (["validate", "-f", "xml", "x"], "`xml` không phải một trong `human`, `parsable`, `json`, `github`"),
        (["render", "plans/2024.yaml", "-f", "doc"], "giá trị không hợp lệ cho `--format/-f`"),
        (["words", "1", "2"], "thừa tham số: 2"),
    ],
)
def test_usage_errors_in_vietnamese(args, expected):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Error:" not in result.output and "Usage:" not in result.output
    assert f"Xem hướng dẫn: kehoach{' ' + args[0] if args[0] != 'valdate' else ''} --help" in result.output


def test_an_option_without_its_value_is_said_in_vietnamese():
    result = CliRunner().invoke(app, ["render", "plans/2024.yaml", "-o"])
    assert result.exit_code == 2
    assert "tùy chọn `-o` cần một giá trị." in result.output and "requires" not in result.output


@pytest.mark.parametrize(
    ("args", "expected", "where"),
    [  # before the command name: parsed by the group itself, outside any command
        (["--bogus"], "không có tùy chọn `--bogus`", "kehoach"),
        (["--color", "purple", "validate", "plans/2024.yaml"],
         "`purple` không phải một trong `auto`, `always`, `never`", "kehoach"),
        (["--color"], "tùy chọn `--color` cần một giá trị", "kehoach"),
        (["--color=always"], "thiếu tên lệnh. Các lệnh: validate", "kehoach"),
        (["tasks", "--unit"], "tùy chọn `--unit` cần một giá trị", "kehoach tasks"),
    ],
)
def test_usage_errors_before_and_around_the_command_in_vietnamese(args, expected, where):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.output and f"Xem hướng dẫn: {where} --help" in result.output
    assert not any(word in result.output for word in ("Error", "Usage", "Try ", "Missing", "requires"))
